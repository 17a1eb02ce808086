import Foundation
import PitwallCore
import PitwallSimulator
import PitwallTestSupport
import Testing

@testable import PitwallServer

/// The follow-ups list ranks on a few columns a lead and reads whole only the leads it lists;
/// the download reads every lead whole. On a simulated group both must give the list that
/// ranking every lead's full state gives.
@Suite("Follow-ups on simulated data, checked against the full states")
struct SimulatedFollowUpsTests {
    @Test("the listed leads, their order, temperatures and the open count equal a ranking of every state, for the group, a store and a source")
    func sameAsRankingTheStates() async throws {
        let simulator = DealershipSimulator(settings: SimulationSettings(days: 40, seed: 29, storeCount: 3, leadsPerDay: 30))
        var events: [Event] = []
        simulator.run { events.append($0) }
        let configuration = simulator.configuration
        let app = try await TestApp.make(configuration: configuration)
        _ = try await app.store.ingest(events, at: simulator.settings.end)
        let stores = simulator.stores.map(\.profile.id)
        let calendar = configuration.store(stores[0]).calendar
        let window = calendar.localDate(of: simulator.settings.start).adding(days: 5)...calendar.localDate(of: simulator.settings.end).adding(days: -3)
        let everyState = try await app.store.leadStates(since: Timestamp(millisecondsSinceEpoch: 0), store: nil)

        for (store, segment) in [(nil, nil), (stores[1], nil), (nil, (dimension: SegmentDimension.source, value: "website"))] as [(StoreID?, (dimension: SegmentDimension, value: String)?)] {
            let inWindow = everyState.filter { state in
                guard let profile = state.profile, let created = state.createdAt else { return false }
                return window.contains(configuration.store(profile.storeID).calendar.localDate(of: created)) && (store == nil || profile.storeID == store)
                    && (segment == nil || profile.source == segment?.value)
            }
            let plain = FollowUpList.rank(inWindow, weights: configuration.leadTemperature)
            let listed = try await FollowUps(window, store: store, segment: segment, first: 40, leads: app.store, configuration: configuration)
            let everyOpen = try await FollowUps(window, store: store, segment: segment, first: .max, leads: app.store, configuration: configuration)
            let label = "\(store?.rawValue ?? "every store") \(segment?.value ?? "")"
            #expect(plain.count > 100 && listed.entries.count == 40, "\(label): \(plain.count) open")
            #expect(listed.open == plain.count && everyOpen.open == plain.count, "\(label)")
            #expect(listed.entries.map(\.state) == plain.prefix(40).map(\.state), "\(label)")
            #expect(listed.entries.map(\.temperature) == plain.prefix(40).map(\.temperature), "\(label)")
            #expect(everyOpen.entries.map(\.state.leadID) == plain.map(\.state.leadID), "\(label)")
            #expect(everyOpen.entries.map(\.temperature) == plain.map(\.temperature), "\(label)")
        }
    }
}
