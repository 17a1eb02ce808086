import Foundation
import Testing

import PitwallCore
import PitwallSQLite
import PitwallTestSupport

/// What only the SQLite file adds to the contract: it lasts.
@Suite("SQLite file")
struct SQLiteStoreTests {
    @Test("events and state survive closing and reopening the file")
    func survivesReopen() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var make = EventFactory()
        let events = [make.created(0), make.sent(30, message: "m1"), make.received(90, message: "r1")]
        let now = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)
        do {
            let store = try SQLiteStore(path: folder.file("p.sqlite"))
            _ = try await store.ingest(events, at: now)
        }
        let reopened = try SQLiteStore(path: folder.file("p.sqlite"))
        #expect(try await reopened.totals() == StoreTotals(events: 3, leads: 1))
        #expect(try await reopened.leadRecords("lead-1")?.state.inboundCount == 1)
        #expect(try await reopened.ingest(events, at: now) == [.duplicate, .duplicate, .duplicate])
        #expect(try await reopened.appliedMigrations().count == 2)
    }

    @Test("a path that cannot hold a database gives a clear error")
    func unusablePath() {
        #expect {
            try SQLiteStore(path: "/proc/pitwall/none.sqlite")
        } throws: { error in
            "\(error)".contains("cannot open the database at /proc/pitwall/none.sqlite")
        }
    }

    @Test("moving a store to another time zone in the configuration recounts its KPI days at start-up")
    func zoneChangeRebuildsRollups() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("p.sqlite")
        // 03:30 UTC on 2026-03-10 is still the 9th in Chicago.
        let event = Event(
            id: "e1", occurredAt: try Timestamp(rfc3339: "2026-03-10T03:30:00Z"), leadID: "L",
            payload: .leadCreated(LeadCreated(storeID: "lkt", source: "website")))
        func leads(on day: String, _ store: SQLiteStore) async throws -> Double? {
            let date = CivilDate(iso: day)!
            return try await store.scorecard(KPIQuery(from: date, to: date)).result(.leadToSaleConversion)?.denominator
        }
        do {
            let utc = try SQLiteStore(path: path)
            _ = try await utc.ingest([event], at: event.occurredAt)
            #expect(try await leads(on: "2026-03-10", utc) == 1)
        }
        let chicago = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "America/Chicago")!)])
        let reopened = try SQLiteStore(path: path, configuration: chicago)
        #expect(try await leads(on: "2026-03-10", reopened) == 0)
        #expect(try await leads(on: "2026-03-09", reopened) == 1)
    }
}
