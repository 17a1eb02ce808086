import GRDB
import PitwallCore

extension SQLiteStore: AccessTokenStore {
    public func saveToken(_ token: AccessToken) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO access_token (secret_hash, name, scope, created_at, stores, revoked_at, last_used_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.secretHash, token.name, token.scope.rawValue, token.createdAt.millisecondsSinceEpoch,
                    token.stores.map { $0.map(\.rawValue).joined(separator: "\n") }, token.revokedAt?.millisecondsSinceEpoch,
                    token.lastUsedAt?.millisecondsSinceEpoch, token.expiresAt?.millisecondsSinceEpoch,
                ])
        }
    }

    public func token(secretHash: String) async throws -> AccessToken? {
        try await pool.read { db in try Self.token(secretHash: secretHash, in: db) }
    }

    /// Every access token (as stored: names, scopes and hashes of the secrets).
    public func accessTokens() async throws -> [AccessToken] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.accessTokenColumns) FROM access_token ORDER BY created_at, secret_hash")
                .compactMap(Self.accessToken(row:))
        }
    }

    public func revokeToken(secretHash: String, at instant: Timestamp) async throws -> AccessToken? {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE access_token SET revoked_at = coalesce(revoked_at, ?) WHERE secret_hash = ?",
                arguments: [instant.millisecondsSinceEpoch, secretHash])
            return try Self.token(secretHash: secretHash, in: db)
        }
    }

    public func noteTokenUse(secretHash: String, at instant: Timestamp) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE access_token SET last_used_at = ?1 WHERE secret_hash = ?2 AND (last_used_at IS NULL OR last_used_at < ?1)",
                arguments: [instant.millisecondsSinceEpoch, secretHash])
        }
    }

    private static func token(secretHash: String, in db: Database) throws -> AccessToken? {
        try Row.fetchOne(db, sql: "SELECT \(accessTokenColumns) FROM access_token WHERE secret_hash = ?", arguments: [secretHash])
            .flatMap(accessToken(row:))
    }

    static let accessTokenColumns = "name, scope, secret_hash, created_at, stores, revoked_at, last_used_at, expires_at"

    static func accessToken(row: Row) -> AccessToken? {
        guard let scope: AccessScope = row.choice(1) else { return nil }
        return AccessToken(
            name: row[0], scope: scope, secretHash: row[2], createdAt: Timestamp(millisecondsSinceEpoch: row[3]),
            stores: (row[4] as String?).map(StoreID.list(stored:)), revokedAt: (row[5] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)),
            lastUsedAt: (row[6] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)), expiresAt: (row[7] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)))
    }
}
