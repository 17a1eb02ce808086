import PitwallCore
import PostgresNIO

/// Dashboard sessions, one table for the whole database: every server of the group knows
/// every signed-in browser, so no load balancer needs to send a browser back to the same one.
extension PostgresDatabase: DashboardSessionStore {
    public func saveSession(_ session: StoredSession) async throws {
        try await query(
            """
            INSERT INTO dashboard_session (id_hash, token_hash, expires_at) VALUES (\(session.idHash), \(session.tokenHash), \
            \(session.expiresAt.millisecondsSinceEpoch))
            ON CONFLICT (id_hash) DO UPDATE SET expires_at = excluded.expires_at
            """)
    }

    public func renewSession(idHash: String, expiresAt: Timestamp) async throws -> Bool {
        try await !rows(
            "UPDATE dashboard_session SET expires_at = \(expiresAt.millisecondsSinceEpoch) WHERE id_hash = \(idHash) RETURNING 1", as: Int32.self
        ).isEmpty
    }

    public func session(idHash: String) async throws -> StoredSession? {
        try await rows("SELECT token_hash, expires_at FROM dashboard_session WHERE id_hash = \(idHash)", as: (String, Int64).self).first.map {
            StoredSession(idHash: idHash, tokenHash: $0, expiresAt: Timestamp(millisecondsSinceEpoch: $1))
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await query("DELETE FROM dashboard_session WHERE id_hash = \(idHash)")
    }

    @discardableResult
    public func deleteSessions(of tokenHash: String, expiredBefore instant: Timestamp) async throws -> Int {
        try await rows(
            "DELETE FROM dashboard_session WHERE token_hash = \(tokenHash) AND expires_at < \(instant.millisecondsSinceEpoch) RETURNING 1", as: Int32.self
        ).count
    }
}

/// A store over the group database: its sessions and idempotency keys are the database's,
/// whatever the organisation.
protocol SharedTablesInGroupDatabase: DashboardSessionStore, IdempotencyRecordStore {
    var database: PostgresDatabase { get }
}

extension SharedTablesInGroupDatabase {
    public func saveSession(_ session: StoredSession) async throws { try await database.saveSession(session) }
    public func renewSession(idHash: String, expiresAt: Timestamp) async throws -> Bool {
        try await database.renewSession(idHash: idHash, expiresAt: expiresAt)
    }
    public func session(idHash: String) async throws -> StoredSession? { try await database.session(idHash: idHash) }
    public func deleteSession(idHash: String) async throws { try await database.deleteSession(idHash: idHash) }
    @discardableResult
    public func deleteSessions(of tokenHash: String, expiredBefore instant: Timestamp) async throws -> Int {
        try await database.deleteSessions(of: tokenHash, expiredBefore: instant)
    }
}

extension PostgresStore: SharedTablesInGroupDatabase {}
extension OrganisationRoutedStore: SharedTablesInGroupDatabase {}
