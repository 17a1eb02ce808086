import Foundation
import PitwallCore
import PitwallServer

/// What `pitwall coaching` and `pitwall changes` share: the log's days (the 90 up to --to
/// unless --from or --window is given, never past today), the store checked, the maturity
/// measured, each store's own today (a store's record is judged through no later than it, as
/// the server does), and the answer as JSON or as lines.
enum LogReading {
    static func print(
        window: WindowOptions, storeOptions: StoreOptions, json: Bool,
        read: @escaping @Sendable (
            ClosedRange<CivilDate>, StoreID?, any PitwallStore, PitwallConfiguration, MaturityBasis, _ storeToday: @escaping (StoreID) -> CivilDate
        ) async throws -> (
            json: String, lines: [String]
        )
    ) async throws {
        let file = try storeOptions.loadConfiguration()
        _ = try window.query(file.pitwall, now: SystemClock().now())
        let text = try await storeOptions.withStore(configuration: file.pitwall) { store, configuration in
            let now = SystemClock().now()
            let query = try window.query(configuration, now: now)
            try await requireKnownStore(window.store, in: store, configuration: configuration)
            let days = BeforeAndSince.logDays(from: window.from == nil && window.preset == nil ? nil : query.from, to: query.to, today: configuration.today(store: query.store, at: now))
            let answer = try await read(
                days, query.store, store, configuration, try await MaturityBasis.measured(in: store, for: query.store, configuration: configuration, now: now),
                { configuration.today(store: $0, at: now) })
            return json ? answer.json : answer.lines.joined(separator: "\n")
        }
        Swift.print(text)
    }
}
