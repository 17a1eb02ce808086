import Foundation
import Testing

import PitwallCore
import PitwallSQLite
import PitwallTestSupport

/// Escalation at half the SLA, breach at all of it, acknowledgement, resolution: on every backend.
@Suite("Speed to lead: escalations and the audit log")
struct EscalationTests {
    func instant(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    @Test("escalated at exactly 50 %, breached at exactly 100 %, acknowledged once, resolved by the answer", arguments: StoreBackend.allCases)
    func lifecycle(backend: StoreBackend) async throws {
        let configuration = SpeedToLeadDeskTests.configuration
        let (store, cleanUp) = try await backend.make(configuration: configuration)
        defer { cleanUp() }
        let desk = SpeedToLeadDesk(leads: store, events: store, configuration: configuration)
        let watch = EscalationWatch(desk: desk, escalations: store)
        // A hot lead (5-minute SLA) at 10:00 EDT, assigned to maria; the store is open.
        var make = EventFactory(lead: "hot-1", base: instant("2026-05-12T14:00:00Z"))
        _ = try await store.ingest([make.created(0, store: "ny", tier: .hot), make.make(5, .leadAssigned(agent: "maria"))], at: make.at(1))

        #expect(try await watch.evaluate(now: make.at(149.999)).isEmpty)
        let half = try await watch.evaluate(now: make.at(150))
        #expect(half.raised.map(\.kind) == [.escalation])
        #expect(half.raised.first?.dueAt == make.at(150))
        #expect(half.raised.first?.agentID == "maria")
        #expect(try await watch.evaluate(now: make.at(299.999)).isEmpty)
        let full = try await watch.evaluate(now: make.at(300))
        #expect(full.raised.map(\.kind) == [.breach])

        let escalationID = Escalation.id(of: "hot-1", .escalation)
        let acknowledged = try await store.acknowledge(escalationID, by: "bdc-manager", comment: "calling now", at: make.at(320))
        #expect(acknowledged?.acknowledgedBy == "bdc-manager")
        let again = try await store.acknowledge(escalationID, by: "someone-else", comment: "me too", at: make.at(330))
        #expect(again?.acknowledgedBy == "bdc-manager")
        #expect(try await store.acknowledge("nobody/escalation", by: "x", comment: nil, at: make.at(330)) == nil)

        _ = try await store.ingest([make.sent(400, message: "m1", sender: .agent, agent: "maria")], at: make.at(401))
        let resolution = try await watch.evaluate(now: make.at(405))
        #expect(Set(resolution.resolved.map(\.kind)) == [.escalation, .breach])
        #expect(try await store.escalations(openOnly: true, store: nil).isEmpty)
        #expect(try await store.escalations(openOnly: false, store: "ny").count == 2)
        // By id, as the audit log's lines name them: an unknown id or one named twice changes nothing.
        let byID = try await store.escalations(ids: [escalationID, "nobody/escalation", escalationID, Escalation.id(of: "hot-1", .breach)])
        #expect(Set(byID.map(\.id)) == [escalationID, Escalation.id(of: "hot-1", .breach)] && byID.count == 2)
        #expect(byID.first { $0.id == escalationID }?.acknowledgedBy == "bdc-manager")
        #expect(try await store.escalations(ids: []).isEmpty)

        let log = try await store.auditLog(after: 0, limit: 100)
        #expect(log.map(\.action) == ["escalation.raised", "breach.recorded", "escalation.acknowledged", "escalation.resolved", "escalation.resolved"])
        #expect(log.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(log.map(\.at) == [make.at(150), make.at(300), make.at(320), make.at(405), make.at(405)])
        #expect(log[2].actor == "bdc-manager" && log[2].detail == "calling now")
        #expect(log[0].actor == AuditEntry.systemActor)
        #expect(
            log[0].detail == "hot lead hot-1 at \(configuration.store("ny").name), assigned to maria, unanswered since 12 May 2026 10:00 EDT; due 12 May 2026 10:02 EDT",
            "on the store's clock, as the people working the lead read it")
        #expect(log[3].detail == "the lead got its response")
        #expect(try await store.auditLog(after: 3, limit: 1).map(\.sequence) == [4])
    }

    @Test("after hours the escalation waits for the store to open", arguments: StoreBackend.allCases)
    func afterHours(backend: StoreBackend) async throws {
        let configuration = SpeedToLeadDeskTests.configuration
        let (store, cleanUp) = try await backend.make(configuration: configuration)
        defer { cleanUp() }
        let watch = EscalationWatch(desk: SpeedToLeadDesk(leads: store, events: store, configuration: configuration), escalations: store)
        // 22:00 EDT: closed until 08:00, when the clock starts; half of 5 minutes is 08:02:30.
        var make = EventFactory(lead: "night", base: instant("2026-05-13T02:00:00Z"))
        _ = try await store.ingest([make.created(0, store: "ny", tier: .hot)], at: make.at(1))
        #expect(try await watch.evaluate(now: instant("2026-05-13T12:02:29Z")).isEmpty)
        #expect(try await watch.evaluate(now: instant("2026-05-13T12:02:30Z")).raised.map(\.kind) == [.escalation])
    }

    @Test("the SQLite audit log refuses to be edited")
    func appendOnly() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try PitwallSQLiteStoreForTests.make(folder)
        var changes = EscalationChanges()
        changes.audit = [AuditEntry(at: instant("2026-05-12T14:00:00Z"), actor: "pitwall", action: "test", subject: "s", detail: "d")]
        try await store.record(changes)
        #expect(throws: (any Error).self) { try PitwallSQLiteStoreForTests.execute("UPDATE audit_log SET actor = 'me'", in: folder) }
        #expect(throws: (any Error).self) { try PitwallSQLiteStoreForTests.execute("DELETE FROM audit_log", in: folder) }
        #expect(try await store.auditLog(after: 0, limit: 10).map(\.actor) == ["pitwall"])
    }
}
