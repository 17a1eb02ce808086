import PitwallCore
import PostgresNIO

extension PostgresStore: AccessTokenStore {
    public func saveToken(_ token: AccessToken) async throws {
        try await database.query(
            """
            INSERT INTO access_token (secret_hash, organisation_id, name, scope, created_at, stores) VALUES (\(token.secretHash), \(organisationID), \
            \(token.name), \(token.scope.rawValue), \(token.createdAt.millisecondsSinceEpoch), \(token.stores.map { $0.map(\.rawValue).joined(separator: "\n") }))
            """)
    }

    /// Only this organisation's tokens.
    public func token(secretHash: String) async throws -> AccessToken? {
        try await database.token(secretHash: secretHash).flatMap { $0.organisation == organisation ? $0 : nil }
    }
}

extension PostgresDatabase {
    /// The token a secret's hash belongs to, in whichever organisation: how a request's
    /// organisation is learned before anything else is read.
    public func token(secretHash: String) async throws -> AccessToken? {
        try await rows(
            "SELECT name, scope, created_at, organisation_id, stores FROM access_token WHERE secret_hash = \(secretHash)",
            as: (String, String, Int64, String, String?).self
        ).first.flatMap { name, scope, createdAt, organisation, stores in
            AccessScope(rawValue: scope).map {
                AccessToken(
                    name: name, scope: $0, secretHash: secretHash, createdAt: Timestamp(millisecondsSinceEpoch: createdAt),
                    organisation: OrganisationID(organisation), stores: stores.map(StoreID.list(stored:)))
            }
        }
    }

    /// Every organisation's id, in id order.
    public func organisations() async throws -> [OrganisationID] {
        try await rows("SELECT organisation_id FROM organisation ORDER BY organisation_id", as: String.self).map { OrganisationID($0) }
    }
}
