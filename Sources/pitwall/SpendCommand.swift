import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct SpendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spend",
        abstract: "Print what each lead source (or campaign) cost and what its leads brought in.",
        discussion: "Without --json prints a table, cheapest sale first, and what stands out; with it, the same JSON as GET /v1/spend.")

    @OptionGroup var window: WindowOptions

    @Option(help: "source (default), campaign or store.")
    var by: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        _ = try window.query(file.pitwall, now: SystemClock().now())
        let grouping: KPIGrouping
        do {
            grouping = try LeadSpendReading.grouping(by, parameter: "--by")
        } catch let error as ParameterError {
            throw ValidationError(error.description)
        }
        let text = try await storeOptions.withStore(configuration: file.pitwall) { [json, self] store, configuration in
            let now = SystemClock().now()
            let query = try window.query(configuration, now: now)
            try await requireKnownStore(window.store, in: store, configuration: configuration)
            let maturity = try await MaturityBasis.measured(in: store, for: query.store, configuration: configuration, now: now)
            let reading = try await LeadSpendReading(query.from...query.to, store: query.store, grouping: grouping, rollups: store, maturity: maturity, configuration: configuration)
            return json
                ? reading.json(query)
                : SpendTable(
                    reading: reading, query: query, name: LeadSpendReading.namer(grouping, configuration: configuration),
                    storeName: { configuration.store($0).name }
                ).text
        }
        print(text)
    }
}

/// Spend and return as a plain-text table, then the findings.
struct SpendTable {
    let reading: LeadSpendReading
    let query: KPIQuery
    let name: (String) -> String
    let storeName: (StoreID) -> String

    var text: String {
        let report = reading.report
        var lines = ["Spend and return by \(report.words), leads of \(query.from) to \(query.to), \(query.store.map { "store \($0)" } ?? "all stores")"]
        if let coming = reading.salesComingIn { lines.append("Sales still coming in (\(coming.progress)): the cost per sale will fall as they come.") }
        lines.append("")
        var rows = [[report.words.capitalized, "Leads", "Spend", "Per lead", "Replied", "Per reply", "Bought", "Per sale", "Revenue", "Revenue per $1"]]
        for line in report.lines { rows.append(Self.row(name(line.value), line.spend)) }
        rows.append(Self.row("All \(report.words)s", report.total))
        lines += TextTable.lines(rows)
        let findings = report.findings(name: name)
        if !findings.isEmpty {
            lines.append("")
            lines += findings
        }
        if let platform = reading.platform {
            lines += ["", "The AI messaging: cost and return", ""]
            lines += TextTable.lines(platform.tiles.map { [$0.label, $0.value] })
            lines.append("")
            lines += platform.findings(period: MessagingReturn.period(query.from...query.to))
            if reading.platformByStore.count > 1 {
                lines.append("")
                var rows = [["Store", "Cost", "AI's cars", "Cost a car", "Revenue per $1", "Return on cost"]]
                for line in reading.platformByStore {
                    let shown = MessagingReturnText(line.figures)
                    rows.append([storeName(line.store), shown.cost, shown.aiSales, shown.costPerAISale, shown.revenuePerDollar, shown.returnOnCost])
                }
                lines += TextTable.lines(rows)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func row(_ name: String, _ spend: LeadSpend) -> [String] {
        let shown = LeadSpendText(spend)
        return [
            name, shown.leads, shown.spend, shown.costPerLead, shown.replied, shown.costPerReply, shown.bought, shown.costPerSale, shown.revenue,
            shown.revenuePerDollar,
        ]
    }
}
