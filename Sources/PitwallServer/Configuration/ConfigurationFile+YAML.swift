import Foundation
import PitwallCore

extension ConfigurationFile {
    /// The `stores:` section as YAML, in the same shape `load` reads.
    /// `targets`: a store's own KPI targets, written as its `kpis:` section.
    /// `sourceNames`: the `sources:` section, what the pages call each lead source.
    public static func yaml(
        for stores: [StoreProfile], roster: AgentRoster = AgentRoster(), targets: [StoreID: [KPICatalog.Override]] = [:],
        sourceNames: [String: String] = [:], campaignNames: [String: String] = [:], templateTexts: [TemplateID: String] = [:],
        goals: MonthlyGoals = MonthlyGoals(), messagingPlatform: MessagingPlatformCosts = MessagingPlatformCosts()
    ) -> String {
        var lines = ["# Stores of the dealership group: time zone, opening hours and holidays.", "stores:"]
        for store in stores {
            lines.append("  - id: \(quoted(store.id.rawValue))")
            lines.append("    name: \(quoted(store.name))")
            lines.append("    timezone: \(store.timeZone.identifier)")
            lines.append("    business_hours:")
            for (index, key) in WeeklyHours.weekdayKeys.enumerated() {
                let intervals = store.hours.days[index]
                let text = intervals.isEmpty ? "closed" : intervals.map(\.description).joined(separator: ",")
                lines.append("      \(key): \(quoted(text))")
            }
            if store.holidays.isEmpty {
                lines.append("    holidays: []")
            } else {
                lines.append("    holidays:")
                for date in store.holidays.sorted() { lines.append("      - \(date)") }
            }
            if !store.overrides.isEmpty {
                lines.append("    overrides:")
                for date in store.overrides.keys.sorted() {
                    let intervals = store.overrides[date]!
                    lines.append("      \(date): \(quoted(intervals.isEmpty ? "closed" : intervals.map(\.description).joined(separator: ",")))")
                }
            }
            if let own = targets[store.id], !own.isEmpty {
                lines.append("    kpis:")
                for change in own { lines += kpiLines(change, indent: "      ") }
            }
            if let own = goals.stores[store.id], !own.isEmpty { lines += goalLines(own, indent: "    ") }
        }
        if !goals.group.isEmpty {
            lines += ["# What the group means to reach each month: the outlook's goals."] + goalLines(goals.group, indent: "")
        }
        if !roster.agents.isEmpty {
            lines += ["# Agents and their shifts, for routing advice (GET /v1/routing/next).", "routing:", "  rule: \(roster.rule.rawValue)", "  agents:"]
            for agent in roster.agents {
                lines.append("    - id: \(quoted(agent.agentID.rawValue))")
                lines.append("      name: \(quoted(agent.name))")
                lines.append("      store: \(quoted(agent.storeID.rawValue))")
                lines.append("      shifts:")
                for (index, key) in WeeklyHours.weekdayKeys.enumerated() where !agent.shifts.days[index].isEmpty {
                    lines.append("        \(key): \(quoted(agent.shifts.days[index].map(\.description).joined(separator: ",")))")
                }
                if !agent.daysOff.isEmpty { lines.append("      days_off: [\(agent.daysOff.sorted().map(\.description).joined(separator: ", "))]") }
                if !agent.tiers.isEmpty { lines.append("      tiers: [\(agent.tiers.map(\.rawValue).sorted().joined(separator: ", "))]") }
            }
        }
        if !sourceNames.isEmpty {
            lines += ["# Lead sources by the names the pages show (the CRM's ids stay in the API and exports).", "sources:"]
            for id in sourceNames.keys.sorted() { lines.append("  \(quoted(id)): \(quoted(sourceNames[id]!))") }
        }
        if !campaignNames.isEmpty {
            lines += ["# Campaigns by the names marketing gave them.", "campaigns:"]
            for id in campaignNames.keys.sorted() { lines.append("  \(quoted(id)): \(quoted(campaignNames[id]!))") }
        }
        if !templateTexts.isEmpty {
            lines += ["# Each message template's words, for what the words do on /outreach.", "templates:"]
            for id in templateTexts.keys.sorted() { lines.append("  \(quoted(id.rawValue)): \(quoted(templateTexts[id]!))") }
        }
        if messagingPlatform.isKnown {
            lines += ["# What the AI messaging costs, in dollars, and what a car sold earns: its return on /spend.", "messaging_platform:"]
            for (key, value) in [
                ("monthly_fee_per_store", messagingPlatform.monthlyFeePerStore), ("per_text_sent", messagingPlatform.perTextSent),
                ("per_lead", messagingPlatform.perLead), ("gross_profit_per_car", messagingPlatform.grossProfitPerCar ?? 0),
            ] where value > 0 {
                lines.append("  \(key): \(JSONWriter.format(value))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A `goals:` section, as `parseGoals` reads it.
    static func goalLines(_ goals: [ForecastMetric: Double], indent: String) -> [String] {
        ["\(indent)goals:", "\(indent)  monthly:"]
            + ForecastMetric.allCases.compactMap { metric in goals[metric].map { "\(indent)    \(metric.rawValue): \(JSONWriter.format($0))" } }
    }

    /// One KPI's entry of a `kpis:` section, as `parseKPIOverrides` reads it.
    static func kpiLines(_ change: KPICatalog.Override, indent: String) -> [String] {
        let bounds: [(String, Double?)] = [
            ("target_min", change.targetMin), ("target_max", change.targetMax), ("green_min", change.greenMin), ("green_max", change.greenMax),
            ("red_below", change.redBelow), ("red_above", change.redAbove),
        ]
        return ["\(indent)\(change.key.rawValue):"]
            + bounds.compactMap { name, value in value.map { "\(indent)  \(name): \($0)" } }
            + ["\(indent)  changed_on: \(change.date)", "\(indent)  reason: \(quoted(change.reason))"]
    }

    /// Double-quoted YAML scalar with the characters YAML needs escaped.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
