import Foundation
import PitwallCore

extension ConfigurationFile {
    /// The `stores:` section as YAML, in the same shape `load` reads.
    public static func yaml(for stores: [StoreProfile], roster: AgentRoster = AgentRoster()) -> String {
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
        return lines.joined(separator: "\n") + "\n"
    }

    /// Double-quoted YAML scalar with the characters YAML needs escaped.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
