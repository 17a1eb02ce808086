import Foundation
import Testing

@testable import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// The response-time export finds each day's repeat leads with one statement; a lead's own
/// look-up (what the live queue does) is the second way.
@Suite("The response-time export's repeat leads")
struct ResponseTimeRepeatTests {
    @Test("on a simulated group, each exported lead's repeat_of is what the lead's own look-up finds", arguments: StoreBackend.allCases)
    func simulated(backend: StoreBackend) async throws {
        let settings = SimulatedKPITests.settings
        let group = SimulatedGroup(settings)
        let (store, cleanUp) = try await group.delivered(to: backend, seed: 47, resentAt: settings.end)
        defer { cleanUp() }
        let desk = SpeedToLeadDesk(leads: store, events: store, configuration: group.simulator.configuration)
        let utc = StoreProfile.unconfigured("utc").calendar
        let repeatColumn = try #require(ResponseTimeTable.columns.firstIndex(of: "repeat_of"))

        var exported: [LeadID: String] = [:]
        try await desk.responseTimeRows(from: utc.localDate(of: settings.start), to: utc.localDate(of: settings.end), store: nil, now: settings.end) { rows in
            for row in rows {
                guard case .text(let lead) = row[0] else { continue }
                if case .text(let earlier) = row[repeatColumn] { exported[LeadID(lead)] = earlier } else { exported[LeadID(lead)] = "" }
            }
        }
        var repeats = 0
        let states = try await store.leadStates(
            createdFrom: Timestamp(millisecondsSinceEpoch: .min), before: Timestamp(millisecondsSinceEpoch: .max), store: nil)
        for state in states where exported[state.leadID] != nil {
            let own = try await desk.earlierLead(of: state)?.rawValue ?? ""
            #expect(exported[state.leadID] == own, "\(state.leadID)")
            if !own.isEmpty { repeats += 1 }
        }
        #expect(exported.count > 500 && repeats > 20, "\(exported.count) leads exported, \(repeats) of them repeats")
    }
}
