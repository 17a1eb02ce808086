import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the SOP's daily, weekly or monthly report, as the schedule sends it.",
        discussion: """
            Without --date, the last whole period: yesterday, last Monday-to-Sunday week, or last month. \
            Without --json prints the text the e-mail carries; with it, the same JSON as GET /v1/reports/KIND.
            """)

    @Argument(help: "daily (default), weekly or monthly.")
    var kind: String?

    @Option(help: "Any day of the period to report, YYYY-MM-DD.")
    var date: String?

    @Option(help: "Only this store.")
    var store: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        let scope = store.map { StoreID($0) }
        _ = try asked(file.pitwall, scope: scope, now: SystemClock().now())
        let text = try await storeOptions.withStore(configuration: file.pitwall) { [json, store, self] database, configuration in
            let now = SystemClock().now()
            let asked = try asked(configuration, scope: scope, now: now)
            try await requireKnownStore(store, in: database, configuration: configuration)
            let report = try await PerformanceReport.read(
                asked.kind, period: asked.period, store: scope, now: now, configuration: configuration, rollups: PickupDueRollups(database, clock: SystemClock(), configuration: configuration), events: database,
                alerts: database, leads: database, coaching: database, changes: database, delays: database,
                maturity: try await MaturityBasis.measured(in: database, for: scope, configuration: configuration, now: now))
            let base = configuration.notifications.linkBase
            return json ? report.json(linkBase: base) : report.text(linkBase: base)
        }
        print(text)
    }

    func asked(_ configuration: PitwallConfiguration, scope: StoreID?, now: Timestamp) throws -> ReportRequest {
        do {
            return try ReportRequest.parse(kind: kind, date: date, today: configuration.today(store: scope, at: now))
        } catch {
            throw ValidationError(error.name == "kind" ? "KIND: \(error.reason)" : "--\(error.name): \(error.reason)")
        }
    }
}
