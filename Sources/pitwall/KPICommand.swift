import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct KPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Print the KPI scorecard: every KPI against its target.",
        discussion: """
            Without --json prints a table; with it, the same JSON as GET /v1/kpis. --source, --campaign, --agent, --region, --tier \
            or --vehicle-condition narrows it to one segment's leads, as the dashboard's scorecard does; grouped then only by store, \
            day, week or month.
            """)

    @OptionGroup var window: WindowOptions

    @Option(name: .customLong("group-by"), help: "Break down by \(KPIGrouping.allCases.map(\.rawValue).joined(separator: ", ")).")
    var groupBy: String?

    @Option(help: "Compare with the window of equal length just before ('previous'), the same days a year before ('previous_year'), a month before ('previous_month') or a week before ('previous_week').")
    var compare: String?

    @Option(help: "Only the leads of this source, as the CRM sends it (website, cars_com, ...).")
    var source: String?

    @Option(help: "Only the leads of this campaign.")
    var campaign: String?

    @Option(help: "Only the leads handed to this agent (the id their events carry).")
    var agent: String?

    @Option(help: "Only the leads of this region.")
    var region: String?

    @Option(help: "Only the leads of this tier: hot, warm or cold.")
    var tier: String?

    @Option(name: .customLong("vehicle-condition"), help: "Only the leads for a new, used or certified pre-owned car: new, used or cpo.")
    var vehicleCondition: String?

    /// The attribute the scorecard is narrowed to, as the API's `?source=` and the like.
    var segments: [SegmentDimension: String] {
        let given: [(SegmentDimension, String?)] = [
            (.source, source), (.campaign, campaign), (.agent, agent), (.region, region), (.tier, tier), (.vehicleCondition, vehicleCondition),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { dimension, value in value.map { (dimension, $0) } })
    }

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        // Checked before the database is opened; parsed again in there, because a window
        // without dates ends on today where the organisation's stores are (`--org`).
        _ = try window.query(file.pitwall, now: SystemClock().now(), groupBy: groupBy, compare: compare, segments: segments)
        let text = try await storeOptions.withStore(configuration: file.pitwall) { [json, self] store, configuration in
            let now = SystemClock().now()
            let query = try window.query(configuration, now: now, groupBy: groupBy, compare: compare, segments: segments)
            try await requireKnownStore(window.store, in: store, configuration: configuration)
            let maturity = try await MaturityBasis.measured(in: store, for: query.store, configuration: configuration, now: now)
            let rollups = PickupDueRollups(store, clock: SystemClock(), configuration: configuration)
            var report = try await rollups.scorecard(query, configuration: configuration, maturity: maturity)
            // As the API: the system KPIs belong to no segment.
            if query.segment == nil { report = try await report.withSystemHealth(from: store, configuration: configuration, now: now) }
            try await report.explainEmpty(rollups: rollups, configuration: configuration, now: now)
            let named = configuration.naming(report)
            return json ? named.json : ScorecardTable(report: named).text
        }
        print(text)
    }
}

/// The scorecard as a plain-text table: KPI, Current, Target, Gap, Status.
struct ScorecardTable {
    let report: KPIReport

    var text: String {
        let query = report.query
        var lines = [
            "Scorecard \(query.from) to \(query.to), \(query.store.map { "store \($0)" } ?? "all stores")"
                + (query.segment.map { ", only \($0.dimension.words) \($0.value)" } ?? "")
        ]
        if let comparison = query.comparison, let window = query.comparedWindow {
            lines[0] += ", compared with \(window.from) to \(window.to) (\(comparison.phrase))"
        }
        if let notice = report.notice { lines.append(notice.capitalizedFirst + ".") }
        for group in report.groups {
            lines.append("")
            if let value = group.group, let grouping = query.groupBy {
                lines.append("\(grouping.rawValue): \(value.isEmpty ? "(none)" : value)" + (report.groupNames[value].map { " (\($0))" } ?? ""))
            }
            var rows = [["KPI", "Current", "Target", "Gap", "Status"] + (group.previous == nil ? [] : [query.comparison == .previous ? "Previous" : query.comparison?.heading ?? "Previous", "Change"])]
            for (index, result) in group.results.enumerated() {
                let definition = group.catalog[result.key]
                guard !definition.reserved else { continue }
                var row = [
                    definition.name, KPIFormatting.value(result.value, unit: definition.unit),
                    KPIFormatting.target(definition.target, unit: definition.unit), KPIFormatting.gap(result.gap, unit: definition.unit),
                    KPIStatusWords.status(result, definition: definition),
                ]
                if let previous = group.previous?[index] {
                    row.append(KPIFormatting.value(previous.value, unit: definition.unit))
                    row.append(KPIStatusWords.change(result, from: previous, definition: definition))
                }
                rows.append(row)
            }
            lines += TextTable.lines(rows)
        }
        let judgements = report.groups.flatMap { group in group.results.map { $0.judgement(group.catalog[$0.key]) } }
        if judgements.contains(where: { if case .tooFewToTell = $0 { true } else { false } }) {
            lines.append("")
            lines.append(
                "\"too few to tell\": off target, but counted on fewer than \(Int(KPIJudgement.judgedSample)); the true rate, median or average could be anywhere in the range shown (95% confidence), which takes in the target.")
        }
        if report.groups.contains(where: { $0.previous != nil }) {
            lines.append("")
            lines.append("\"better\", \"worse\": by the KPI's own target, said only where the change is larger than chance alone would make it on the numbers counted (95%).")
        }
        if report.groups.contains(where: { $0.results.contains { $0.maturity?.isStillComingIn == true } }) {
            lines.append("")
            lines.append("\"coming in\": the window's leads are younger than their replies, appointments, opt-outs or sales usually take; the share is how much is in so far.")
            lines.append("\"≈\": the change from \(query.comparison?.phrase ?? "the window before"), taken between where both are heading.")
        }
        return lines.joined(separator: "\n")
    }
}
