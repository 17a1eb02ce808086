import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// What every backend's log of reported delays must do.
@Suite("Delay log contract")
struct DelayLogContractTests {
    let now = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)

    func delay(
        _ id: String, store: StoreID, agent: String?, day: String, step: String = "Re-typing the lead into the DMS", minutes: Double = 4, share: Double = 1,
        change: String? = nil, note: String? = nil
    ) -> ReportedDelay {
        ReportedDelay(
            id: id, store: store, agent: agent, day: CivilDate(iso: day)!, step: step, minutes: minutes, share: share, change: change, note: note,
            recordedBy: "bdc-manager", recordedAt: now)
    }

    @Test("reports are kept whole (no agent, fractions, a change, quotes), found by day and store, oldest first; a retry replaces; edits and removals are logged", arguments: StoreBackend.allCases)
    func keeps(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        let ana = delay("d-1", store: "north", agent: "ana", day: "2026-03-10", minutes: 2.5, share: 0.25, note: "Twice — \"every\" lead")
        let team = delay("d-2", store: "south", agent: nil, day: "2026-03-01", step: "Waiting for a trade-in figure", change: "change-7")
        let cy = delay("d-3", store: "north", agent: "cy", day: "2026-04-02", minutes: 240)
        for reported in [ana, team, cy] { try await store.recordDelay(reported) }
        #expect(try await store.reportedDelays(days: nil, store: nil) == [team, ana, cy])
        let march = CivilDate(iso: "2026-03-01")!...CivilDate(iso: "2026-03-31")!
        #expect(try await store.reportedDelays(days: march, store: nil) == [team, ana])
        #expect(try await store.reportedDelays(days: march, store: "north") == [ana])
        var moved = ana
        moved.day = CivilDate(iso: "2026-03-11")!
        try await store.recordDelay(moved)
        #expect(try await store.reportedDelays(days: nil, store: "north") == [moved, cy])

        var fields = delay("d-3", store: "south", agent: nil, day: "2026-04-01", minutes: 1, change: "change-7")
        fields.recordedBy = "someone else"
        let edited = try #require(try await store.editDelay(fields, by: "owner", at: now.adding(seconds: 120)))
        #expect(edited.recordedBy == "bdc-manager" && edited.store == "south" && edited.agent == nil && edited.change == "change-7" && edited.minutes == 1)
        #expect(try await store.reportedDelays(days: nil, store: "south") == [team, edited])
        var unknown = fields
        unknown.id = "d-9"
        #expect(try await store.editDelay(unknown, by: "owner", at: now) == nil)

        #expect(try await store.removeDelay("d-2", by: "owner", at: now.adding(seconds: 60)) == team)
        #expect(try await store.removeDelay("d-2", by: "owner", at: now.adding(seconds: 61)) == nil)
        #expect(try await store.reportedDelays(days: nil, store: nil) == [moved, edited])
        let audit = try await store.latestAuditEntries(limit: 20)
        #expect(audit.contains { $0.action == "delay.removed" && $0.actor == "owner" && $0.subject == "d-2" && $0.detail == "Waiting for a trade-in figure (south, the team on 2026-03-01, 4 min on 100% of leads)" })
        #expect(audit.first { $0.action == "delay.edited" }?.detail == "Re-typing the lead into the DMS (south, the team on 2026-04-01, 1 min on 100% of leads); was Re-typing the lead into the DMS (north, cy on 2026-04-02, 240 min on 100% of leads)")
        #expect(audit.filter { $0.action == "delay.recorded" }.count == 4)
    }
}
