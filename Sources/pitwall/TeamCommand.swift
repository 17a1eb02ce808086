import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct TeamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Print each agent's appointments, shows and sales against their store's other agents: who to coach, whose way to pass on.",
        discussion: """
            Without --json prints what stands out, then a table a store (▲ clearly better, ▼ clearly worse than the store's other agents; \
            with --compare, ↑ clearly better, ↓ clearly worse than the agent's own earlier window); with it, the same JSON as GET /v1/team.
            """)

    @OptionGroup var window: WindowOptions

    @Option(help: "Set each agent against their own figures of an earlier window too: previous, previous_month, previous_week or previous_year.")
    var compare: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        _ = try window.query(file.pitwall, now: SystemClock().now(), compare: compare)
        let text = try await storeOptions.withStore(configuration: file.pitwall) { [json, self] store, configuration in
            let query = try window.query(configuration, now: SystemClock().now(), compare: compare)
            try await requireKnownStore(window.store, in: store, configuration: configuration)
            // Every store, as the server's filters offer them: configured, or seen in the data.
            var stores = try await store.storesToList(configuration)
            if let only = query.store { stores = [only] }
            let maturity =
                query.comparison == nil
                ? nil : try await MaturityBasis.measured(in: store, for: query.store, configuration: configuration, now: SystemClock().now())
            let reading = try await TeamReading(
                query.from...query.to, comparedWith: query.comparedWindow.map { $0.from...$0.to }, stores: stores, store: query.store, rollups: PickupDueRollups(store, clock: SystemClock(), configuration: configuration),
                configuration: configuration, maturity: maturity)
            return json ? reading.json(query) : reading.text(query)
        }
        print(text)
    }
}
