import PitwallCore
import PostgresNIO

extension PostgresStore: AccessTokenStore {
    public func saveToken(_ token: AccessToken) async throws {
        try await database.query(
            """
            INSERT INTO access_token (secret_hash, organisation_id, name, scope, created_at, stores, revoked_at, last_used_at, expires_at) VALUES (\
            \(token.secretHash), \(organisationID), \(token.name), \(token.scope.rawValue), \(token.createdAt.millisecondsSinceEpoch), \
            \(token.stores.map { $0.map(\.rawValue).joined(separator: "\n") }), \(token.revokedAt?.millisecondsSinceEpoch), \
            \(token.lastUsedAt?.millisecondsSinceEpoch), \(token.expiresAt?.millisecondsSinceEpoch))
            """)
    }

    /// Only this organisation's tokens.
    public func token(secretHash: String) async throws -> AccessToken? {
        try await database.token(secretHash: secretHash).flatMap { $0.organisation == organisation ? $0 : nil }
    }

    public func accessTokens() async throws -> [AccessToken] {
        try await database.tokens(
            "SELECT \(unescaped: PostgresDatabase.tokenColumns) FROM access_token WHERE organisation_id = \(organisationID) ORDER BY created_at, secret_hash")
    }

    /// Only this organisation's tokens.
    public func noteTokenUse(secretHash: String, at instant: Timestamp) async throws {
        try await database.noteTokenUse(secretHash: secretHash, at: instant, in: organisation)
    }

    public func revokeToken(secretHash: String, at instant: Timestamp) async throws -> AccessToken? {
        try await database.tokens(
            """
            UPDATE access_token SET revoked_at = coalesce(revoked_at, \(instant.millisecondsSinceEpoch))
            WHERE secret_hash = \(secretHash) AND organisation_id = \(organisationID)
            RETURNING \(unescaped: PostgresDatabase.tokenColumns)
            """
        ).first
    }
}

extension PostgresDatabase {
    static let tokenColumns = "secret_hash, name, scope, created_at, organisation_id, stores, revoked_at, last_used_at, expires_at"

    /// In `organisation` only, or (nil) in whichever holds it, as a request's token is found.
    public func noteTokenUse(secretHash: String, at instant: Timestamp, in organisation: OrganisationID? = nil) async throws {
        let at = instant.millisecondsSinceEpoch
        try await query(
            """
            UPDATE access_token SET last_used_at = \(at)
            WHERE secret_hash = \(secretHash) AND (last_used_at IS NULL OR last_used_at < \(at))
            AND (\(organisation?.rawValue)::text IS NULL OR organisation_id = \(organisation?.rawValue))
            """)
    }

    /// The token a secret's hash belongs to, in whichever organisation: how a request's
    /// organisation is learned before anything else is read.
    public func token(secretHash: String) async throws -> AccessToken? {
        try await tokens("SELECT \(unescaped: Self.tokenColumns) FROM access_token WHERE secret_hash = \(secretHash)").first
    }

    func tokens(_ query: PostgresQuery) async throws -> [AccessToken] {
        try await rows(query, as: (String, String, String, Int64, String, String?, Int64?, Int64?, Int64?).self).compactMap {
            secretHash, name, scope, createdAt, organisation, stores, revokedAt, lastUsedAt, expiresAt in
            AccessScope(rawValue: scope).map {
                AccessToken(
                    name: name, scope: $0, secretHash: secretHash, createdAt: Timestamp(millisecondsSinceEpoch: createdAt),
                    organisation: OrganisationID(organisation), stores: stores.map(StoreID.list(stored:)),
                    revokedAt: revokedAt.map(Timestamp.init(millisecondsSinceEpoch:)), lastUsedAt: lastUsedAt.map(Timestamp.init(millisecondsSinceEpoch:)),
                    expiresAt: expiresAt.map(Timestamp.init(millisecondsSinceEpoch:)))
            }
        }
    }

    /// Every organisation's id, in id order.
    public func organisations() async throws -> [OrganisationID] {
        try await rows("SELECT organisation_id FROM organisation ORDER BY organisation_id", as: String.self).map { OrganisationID($0) }
    }
}
