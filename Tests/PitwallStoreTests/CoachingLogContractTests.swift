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

    @Test("an edit puts new fields under the recorded id, recorder and time, and logs who edited it and what it was", arguments: StoreBackend.allCases)
    func edits(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        try await store.recordCoaching(session("c-1", store: "north", agent: "ana", day: "2026-03-10", note: "first try"))
        var fields = session("c-1", store: "south", agent: "ben", day: "2026-03-08", focus: .appointmentShowRate)
        fields.recordedBy = "someone else"
        fields.recordedAt = now.adding(seconds: 999)
        let edited = try #require(try await store.editCoaching(fields, by: "owner", at: now.adding(seconds: 120)))
        #expect(edited.recordedBy == "bdc-manager" && edited.recordedAt == now && edited.note == nil)
        #expect(edited.store == "south" && edited.agent == "ben" && edited.day == fields.day && edited.focus == .appointmentShowRate)
        #expect(try await store.coachingSessions(days: nil, store: nil) == [edited])
        #expect(try await store.coachingSessions(days: nil, store: "north").isEmpty, "found under the store it moved to")
        var unknown = fields
        unknown.id = "c-9"
        #expect(try await store.editCoaching(unknown, by: "owner", at: now.adding(seconds: 121)) == nil)
        #expect(try await store.coachingSessions(days: nil, store: nil) == [edited])
        let audit = try await store.latestAuditEntries(limit: 10)
        #expect(audit.filter { $0.action == "coaching.edited" }.count == 1)
        let line = try #require(audit.first { $0.action == "coaching.edited" })
        #expect(line.actor == "owner" && line.subject == "c-1" && line.at == now.adding(seconds: 120))
        #expect(line.detail == "ben at south on 2026-03-08, appointment_show_rate; was ana at north on 2026-03-10, agent_pickup_within_sla")
    }
}
