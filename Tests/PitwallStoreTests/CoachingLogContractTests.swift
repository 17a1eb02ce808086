import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// What every backend's coaching log must do.
@Suite("Coaching log contract")
struct CoachingLogContractTests {
    let now = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)

    func session(_ id: String, store: StoreID, agent: String, day: String, focus: KPIKey = .agentPickupWithinSLA, note: String? = nil) -> CoachingSession {
        CoachingSession(id: id, store: store, agent: agent, day: CivilDate(iso: day)!, focus: focus, note: note, recordedBy: "bdc-manager", recordedAt: now)
    }

    @Test("sessions are kept whole, found by day and store, oldest first; a retry replaces; removing logs who did", arguments: StoreBackend.allCases)
    func recordsFindsRemoves(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        let ana = session("c-1", store: "north", agent: "ana", day: "2026-03-10", note: "Call before the second text — \"always\"")
        let ben = session("c-2", store: "south", agent: "ben", day: "2026-03-01", focus: .appointmentShowRate)
        let cy = session("c-3", store: "north", agent: "cy", day: "2026-04-02", focus: .optOutRate)
        for coached in [ana, ben, cy] { try await store.recordCoaching(coached) }
        #expect(try await store.coachingSessions(days: nil, store: nil) == [ben, ana, cy])
        let march = CivilDate(iso: "2026-03-01")!...CivilDate(iso: "2026-03-31")!
        #expect(try await store.coachingSessions(days: march, store: nil) == [ben, ana])
        #expect(try await store.coachingSessions(days: march, store: "north") == [ana])
        #expect(try await store.coachingSessions(days: CivilDate(iso: "2026-03-10")!...CivilDate(iso: "2026-03-10")!, store: nil) == [ana])
        // A client's retry with the same id replaces, never doubles.
        var moved = ana
        moved.day = CivilDate(iso: "2026-03-11")!
        try await store.recordCoaching(moved)
        #expect(try await store.coachingSessions(days: nil, store: "north") == [moved, cy])
        // Removing returns what was removed, then nil; the audit log names who and what.
        #expect(try await store.removeCoaching("c-2", by: "owner", at: now.adding(seconds: 60)) == ben)
        #expect(try await store.removeCoaching("c-2", by: "owner", at: now.adding(seconds: 61)) == nil)
        #expect(try await store.coachingSessions(days: nil, store: nil) == [moved, cy])
        let audit = try await store.latestAuditEntries(limit: 10)
        #expect(audit.contains { $0.action == "coaching.removed" && $0.actor == "owner" && $0.subject == "c-2" && $0.detail == "ben at south on 2026-03-01, appointment_show_rate" })
        #expect(audit.filter { $0.action == "coaching.recorded" && $0.actor == "bdc-manager" }.count == 4)
    }
}
