import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Print the changes made: each recorded change and whether it moved its figure.",
        discussion: """
            Each change of the window (the 90 days up to --to unless --from or --window is given), newest first: the figure it was meant \
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
        try await LogReading.print(window: window, storeOptions: storeOptions, json: json) { days, scope, store, configuration, maturity, storeToday in
            let reading = try await ChangeLogReading(days, store: scope, log: store, rollups: PickupDueRollups(store, clock: SystemClock(), configuration: configuration), configuration: configuration, maturity: maturity, storeToday: storeToday)
            return (reading.json(store: scope), reading.findings)
        }
    }
}
