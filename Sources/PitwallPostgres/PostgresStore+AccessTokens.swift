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

    public func token(secretHash: String) async throws -> AccessToken? {
        try await rows(
            """
            SELECT name, scope, created_at, stores FROM access_token WHERE secret_hash = \(secretHash) AND organisation_id = \(organisationID)
            """, as: (String, String, Int64, String?).self
        ).first.flatMap { name, scope, createdAt, stores in
            AccessScope(rawValue: scope).map {
                AccessToken(
                    name: name, scope: $0, secretHash: secretHash, createdAt: Timestamp(millisecondsSinceEpoch: createdAt), organisation: organisation,
                    stores: stores.map(StoreID.list(stored:)))
            }
        }
    }
}

extension PostgresDatabase {
    /// The token a secret's hash belongs to, in whichever organisation: how a request's
    /// organisation is learned before anything else is read.
    public func token(secretHash: String) async throws -> AccessToken? {
        do {
            for try await (name, scope, createdAt, organisation, stores) in try await client.query(
                "SELECT name, scope, created_at, organisation_id, stores FROM access_token WHERE secret_hash = \(secretHash)", logger: logger
            ).decode((String, String, Int64, String, String?).self) {
                guard let scope = AccessScope(rawValue: scope) else { return nil }
                return AccessToken(
                    name: name, scope: scope, secretHash: secretHash, createdAt: Timestamp(millisecondsSinceEpoch: createdAt),
                    organisation: OrganisationID(organisation), stores: stores.map(StoreID.list(stored:)))
            }
        } catch {
            throw PostgresStoreError(error, address: address)
        }
        return nil
    }

    /// Every organisation's id, in id order.
    public func organisations() async throws -> [OrganisationID] {
        var found: [OrganisationID] = []
        do {
            for try await id in try await client.query("SELECT organisation_id FROM organisation ORDER BY organisation_id", logger: logger)
                .decode(String.self)
            {
                found.append(OrganisationID(id))
            }
        } catch {
            throw PostgresStoreError(error, address: address)
        }
        return found
    }
}
