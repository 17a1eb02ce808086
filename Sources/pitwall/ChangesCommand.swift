import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Print the changes made: each recorded change and whether it moved its figure.",
        discussion: """
            Each change of the window (the 90 days up to --to unless --from is given), newest first: the figure it was meant \
            to move, over the leads it applies to, in the days since (up to 30) against as many days before, the rest of the \
            group over the same days, and the verdict. Changes are recorded on the dashboard's /changes or with \
            POST /v1/changes. With --store, that store's changes and those of every store. With --json, the same JSON as \
            GET /v1/changes.
            """)

    @OptionGroup var window: WindowOptions

    @Flag(help: "Print JSON instead of lines.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        _ = try window.query(file.pitwall, now: SystemClock().now())
        let text = try await storeOptions.withStore(configuration: file.pitwall) { [json, window] store, configuration in
            let now = SystemClock().now()
            let query = try window.query(configuration, now: now)
            try await requireKnownStore(window.store, in: store, configuration: configuration)
            let reading = try await ChangeLogReading(
                BeforeAndSince.logDays(from: window.from == nil ? nil : query.from, to: query.to, today: configuration.today(store: query.store, at: now)),
                store: query.store, log: store, rollups: store, configuration: configuration,
                maturity: try await MaturityBasis.measured(in: store, for: query.store, configuration: configuration, now: now))
            return json ? reading.json(store: query.store) : reading.findings.joined(separator: "\n")
        }
        print(text)
    }
}
