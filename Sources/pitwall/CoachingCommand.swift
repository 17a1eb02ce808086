import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct CoachingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coaching",
        abstract: "Print the coaching log: each recorded coaching session and whether it took.",
        discussion: """
            Each session of the window (the 90 days up to --to unless --from or --window is given), newest first: the agent's figure \
            the coaching worked on in the days since (up to 30) against as many days before, and the verdict. Sessions are \
            recorded on the dashboard's /coaching or with POST /v1/coaching. With --json, the same JSON as GET /v1/coaching.
            """)

    @OptionGroup var window: WindowOptions

    @Flag(help: "Print JSON instead of lines.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await LogReading.print(window: window, storeOptions: storeOptions, json: json) { days, scope, store, configuration, maturity, storeToday in
            let reading = try await CoachingReading(days, store: scope, log: store, rollups: PickupDueRollups(store, clock: SystemClock(), configuration: configuration), configuration: configuration, maturity: maturity, storeToday: storeToday)
            return (reading.json(store: scope), reading.findings)
        }
    }
}
