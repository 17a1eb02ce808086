import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct CoachingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coaching",
        abstract: "Print the coaching log: each recorded coaching session and whether it took.",
        discussion: """
            Each session of the window (the 90 days up to --to unless --from is given), newest first: the agent's figure \
            the coaching worked on in the days since (up to 30) against as many days before, and the verdict. Sessions are \
            recorded on the dashboard's /coaching or with POST /v1/coaching. With --json, the same JSON as GET /v1/coaching.
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
            let reading = try await CoachingReading(
                CoachingReading.days(from: window.from == nil ? nil : query.from, to: query.to, today: configuration.today(store: query.store, at: now)),
                store: query.store, log: store, rollups: store, configuration: configuration,
                maturity: try await MaturityBasis.measured(in: store, for: query.store, configuration: configuration, now: now))
            return json ? reading.json(store: query.store) : reading.findings.joined(separator: "\n")
        }
        print(text)
    }
}
