import GRDB
import PitwallCore

extension SQLiteStore: DashboardSessionStore {
    public func saveSession(_ session: StoredSession) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO dashboard_session (id_hash, token_hash, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT(id_hash) DO UPDATE SET expires_at = excluded.expires_at
                    """,
                arguments: [session.idHash, session.tokenHash, session.expiresAt.millisecondsSinceEpoch])
        }
    }

    public func renewSession(idHash: String, expiresAt: Timestamp) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE dashboard_session SET expires_at = ? WHERE id_hash = ?", arguments: [expiresAt.millisecondsSinceEpoch, idHash])
            return db.changesCount > 0
        }
    }

    public func session(idHash: String) async throws -> StoredSession? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT token_hash, expires_at FROM dashboard_session WHERE id_hash = ?", arguments: [idHash]).map {
                StoredSession(idHash: idHash, tokenHash: $0[0], expiresAt: Timestamp(millisecondsSinceEpoch: $0[1]))
            }
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM dashboard_session WHERE id_hash = ?", arguments: [idHash]) }
    }

    @discardableResult
    public func deleteSessions(of tokenHash: String, expiredBefore instant: Timestamp) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM dashboard_session WHERE token_hash = ? AND expires_at < ?", arguments: [tokenHash, instant.millisecondsSinceEpoch])
            return db.changesCount
        }
    }
}
