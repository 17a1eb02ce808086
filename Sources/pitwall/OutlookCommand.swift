import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct OutlookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outlook",
        abstract: "Print where this month (or week) is heading for leads, texts, sales and revenue, and the week ahead.",
        discussion: "Forecast from the complete days through --as-of (yesterday unless told). Without --json prints tables and what to expect; with it, the same JSON as GET /v1/outlook.")

    @Option(name: .customLong("as-of"), help: "The last complete day to forecast from, YYYY-MM-DD (default: yesterday).")
    var asOf: String?

    @Option(help: "month or week: the period to look to the end of.")
    var period: String?

    @Option(help: "Only this store.")
    var store: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        let query: OutlookQuery
        let now = SystemClock().now()
        do {
            query = try OutlookQuery.parse(asOf: asOf, period: period, store: store, today: file.pitwall.today(store: store.map { StoreID($0) }, at: now))
        } catch {
            throw ValidationError("--\(error.name.replacingOccurrences(of: "_", with: "-")): \(error.reason)")
        }
        let text = try await storeOptions.withStore(configuration: file.pitwall) { [json, store] rollups, configuration in
            try await requireKnownStore(store, in: rollups, configuration: configuration)
            let reading = try await OutlookReading(query, rollups: rollups, configuration: configuration, now: now)
            return json ? reading.json : OutlookTables(reading: reading).text
        }
        print(text)
    }
}

/// The outlook as plain-text tables, then what to expect.
struct OutlookTables {
    let reading: OutlookReading

    var text: String {
        let outlook = reading.outlook
        let scope = reading.query.store.map { "store \($0)" } ?? "all stores"
        var lines = [
            "\(outlook.kind.name(outlook.period)), \(scope): forecast from the days through \(outlook.asOf) (\(outlook.daysDone) done, \(outlook.daysLeft) to go)", "",
        ]
        var rows = [["Figure", "So far", "Expected", "Likely (80%)", outlook.kind.name(outlook.previousPeriod), "Off in past weeks"]]
        for metric in outlook.metrics {
            let format = metric.metric.format
            rows.append([
                metric.metric.name, format(metric.toDate), metric.projected.map { format($0.expected) } ?? "–",
                metric.projected.map { "\(format($0.low))–\(format($0.high))" } ?? "–", metric.previousPeriod.map(format) ?? "–",
                metric.meanAbsolutePercentageError.map(KPIFormatting.percent) ?? "–",
            ])
        }
        lines += TextTable.lines(rows)
        if outlook.nextDays.contains(where: { !$0.figures.isEmpty }) {
            lines.append("")
            var days = [["Day", "New leads", "Likely", "Texts"]]
            for day in outlook.nextDays {
                let leads = day.figures[.leads]
                let format = ForecastMetric.leads.format
                days.append([
                    "\(LocalTimeFormatting.weekdayNames[day.date.isoWeekday - 1]) \(day.date)", leads.map { format($0.expected) } ?? "–",
                    leads.map { "\(format($0.low))–\(format($0.high))" } ?? "–", day.figures[.textsSent].map { format($0.expected) } ?? "–",
                ])
            }
            lines += TextTable.lines(days)
        }
        if outlook.nextDays.contains(where: { !$0.staffing.isEmpty }) {
            lines += ["", "Agents needed at the busiest open hour (short: hours the roster leaves short), for \(outlook.staffingTarget.words)"]
            var agents = [["Store"] + outlook.nextDays.map { "\(LocalTimeFormatting.weekdayNames[$0.date.isoWeekday - 1]) \($0.date.day)" }]
            for store in outlook.stores {
                agents.append(
                    [reading.storeNames[store.store] ?? store.store.rawValue]
                        + outlook.nextDays.map { day in
                            guard let staffing = day.staffing.first(where: { $0.store == store.store }) else { return "–" }
                            guard !staffing.hours.isEmpty else { return "closed" }
                            let short = staffing.shortSpans.map { "\($0.lowerBound.zeroPadded(2))-\($0.upperBound.zeroPadded(2))" }
                            return "\(staffing.mostNeeded)" + (short.isEmpty ? "" : " short " + short.joined(separator: ","))
                        })
            }
            lines += TextTable.lines(agents)
        }
        if !reading.advice.isEmpty {
            lines.append("")
            lines += reading.advice
        }
        return lines.joined(separator: "\n")
    }
}
