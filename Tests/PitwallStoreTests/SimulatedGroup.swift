import Foundation

import PitwallCore
import PitwallSimulator

/// A simulated dealership group's events, and each store's time zone for the plain scans.
struct SimulatedGroup: Sendable {
    let simulator: DealershipSimulator
    let events: [Event]
    let zones: [StoreID: TimeZone]

    init(_ settings: SimulationSettings) {
        simulator = DealershipSimulator(settings: settings)
        var events: [Event] = []
        simulator.run { events.append($0) }
        self.events = events
        zones = Dictionary(uniqueKeysWithValues: simulator.stores.map { ($0.profile.id, $0.profile.timeZone) })
    }

    /// A fresh store of `backend` holding the events, delivered scrambled in batches, then the
    /// first 2,000 again, as a feed that sends a day's events twice: nothing may count twice.
    func delivered(to backend: StoreBackend, seed: UInt64, resentAt: Timestamp) async throws -> (store: any PitwallStore, cleanUp: @Sendable () -> Void) {
        let (store, cleanUp) = try await backend.make(configuration: simulator.configuration)
        try await SimulatedKPITests.deliverScrambled(events, to: store, seed: seed, batchSizes: 300...3_000)
        _ = try await store.ingest(Array(events.prefix(2_000)), at: resentAt)
        return (store, cleanUp)
    }
}
