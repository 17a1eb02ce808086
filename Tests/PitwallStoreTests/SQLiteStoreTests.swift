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
        #expect(try await reopened.appliedMigrations().count == 1)
    }

    @Test("a path that cannot hold a database gives a clear error")
    func unusablePath() {
        #expect {
            try SQLiteStore(path: "/proc/pitwall/none.sqlite")
        } throws: { error in
            "\(error)".contains("cannot open the database at /proc/pitwall/none.sqlite")
        }
    }
}
