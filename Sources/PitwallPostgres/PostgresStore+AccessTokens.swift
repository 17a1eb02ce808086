import PitwallCore
import PostgresNIO

extension PostgresStore: AccessTokenStore {
    public func saveToken(_ token: AccessToken) async throws {
        try await database.query(
            """
            INSERT INTO access_token (secret_hash, organisation_id, name, scope, created_at) VALUES (\(token.secretHash), \(organisationID), \
            \(token.name), \(token.scope.rawValue), \(token.createdAt.millisecondsSinceEpoch))
            """)
    }

    public func token(secretHash: String) async throws -> AccessToken? {
        try await rows(
            """
            SELECT name, scope, created_at FROM access_token WHERE secret_hash = \(secretHash) AND organisation_id = \(organisationID)
            """, as: (String, String, Int64).self
        ).first.flatMap { name, scope, createdAt in
            AccessScope(rawValue: scope).map {
                AccessToken(name: name, scope: $0, secretHash: secretHash, createdAt: Timestamp(millisecondsSinceEpoch: createdAt))
            }
        }
    }
}
