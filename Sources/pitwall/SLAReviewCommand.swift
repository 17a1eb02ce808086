import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct SLAReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla-review",
        abstract: "Print the quarterly SLA review: each tier's SLA for the group and each store, how it was met, and keep, tighten or staff.",
        discussion: """
            The last 90 days unless --window or --from and --to say otherwise, beside the same number of days before. Without --json prints \
            what to do, then a table; with it, the same JSON as GET /v1/sla/review.
            """)

    @OptionGroup var window: WindowOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        _ = try window.query(file.pitwall, now: SystemClock().now())
        let text = try await storeOptions.withStore(configuration: file.pitwall) { [json, self] store, configuration in
            let query = try window.query(configuration, now: SystemClock().now())
            try await requireKnownStore(window.store, in: store, configuration: configuration)
            let days = SLAReviewReading.days(query, namesStart: window.preset != nil || window.from != nil)
            let reading = try await SLAReviewReading(days, store: query.store, rollups: store, configuration: configuration)
            return json ? reading.json : reading.text()
        }
        print(text)
    }
}
