import GRDB
import PitwallCore

extension SQLiteStore: AccessTokenStore {
    public func saveToken(_ token: AccessToken) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO access_token (secret_hash, name, scope, created_at, stores) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    token.secretHash, token.name, token.scope.rawValue, token.createdAt.millisecondsSinceEpoch,
                    token.stores.map { $0.map(\.rawValue).joined(separator: "\n") },
                ])
        }
    }

    public func token(secretHash: String) async throws -> AccessToken? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.accessTokenColumns) FROM access_token WHERE secret_hash = ?", arguments: [secretHash])
                .flatMap(Self.accessToken(row:))
        }
    }

    static let accessTokenColumns = "name, scope, secret_hash, created_at, stores"

    static func accessToken(row: Row) -> AccessToken? {
        guard let scope: AccessScope = row.choice(1) else { return nil }
        return AccessToken(
            name: row[0], scope: scope, secretHash: row[2], createdAt: Timestamp(millisecondsSinceEpoch: row[3]),
            stores: (row[4] as String?).map(StoreID.list(stored:)))
    }
}
