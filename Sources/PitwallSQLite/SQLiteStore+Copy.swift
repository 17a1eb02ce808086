import GRDB
import PitwallCore

/// Reading a file out whole, for `pitwall copy` to the group database.
extension SQLiteStore {
    /// Up to `limit` stored events after position `after`, in the order they were stored,
    /// with the time each arrived, and the position of the last one.
    public func storedEvents(after position: Int64, limit: Int) async throws -> (events: [StoredEvent], last: Int64) {
        try await pool.read { db in
            var last = position
            var events: [StoredEvent] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, body, ingested_at FROM event WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [position, limit])
            while let row = try rows.next() {
                last = row[0]
                events.append(StoredEvent(event: try Event(storedJSON: row[1]), ingestedAt: Timestamp(millisecondsSinceEpoch: row[2])))
            }
            return (events, last)
        }
    }

    /// The signed-in browsers whose sessions last beyond `instant`, so that moving to the group
    /// database signs nobody out.
    public func dashboardSessions(lastingBeyond instant: Timestamp) async throws -> [StoredSession] {
        try await pool.read { db in
            try db.all(
                "SELECT id_hash, token_hash, expires_at FROM dashboard_session WHERE expires_at > ? ORDER BY id_hash",
                arguments: [instant.millisecondsSinceEpoch]
            ) { row in StoredSession(idHash: row[0], tokenHash: row[1], expiresAt: Timestamp(millisecondsSinceEpoch: row[2])) }
        }
    }
}
