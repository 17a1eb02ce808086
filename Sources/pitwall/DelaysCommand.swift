import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct DelaysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delays",
        abstract: "Print the delays agents reported: what each step costs a week and whether its fix worked.",
        discussion: """
            Each step reported in the window (the 90 days up to --to unless --from or --window is given), the costliest open one \
            first: how many reported it, the minutes it costs a lead, what that comes to a week at the store's hand-offs, and, once \
            a report names the change that fixed it, that change's verdict. Delays are recorded on the dashboard's /delays or with \
            POST /v1/delays. With --json, the same JSON as GET /v1/delays.
            """)

    @OptionGroup var window: WindowOptions

    @Flag(help: "Print JSON instead of lines.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await LogReading.print(window: window, storeOptions: storeOptions, json: json) { days, scope, store, configuration, maturity, storeToday in
            let reading = try await DelayReading(
                days, store: scope, log: store, changes: store, rollups: PickupDueRollups(store, clock: SystemClock(), configuration: configuration),
                configuration: configuration, maturity: maturity, storeToday: storeToday)
            return (reading.json(), reading.findings)
        }
    }
}
