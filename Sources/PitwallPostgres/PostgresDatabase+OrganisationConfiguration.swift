import PitwallCore
import PostgresNIO

/// An organisation as registered, for listing.
public struct RegisteredOrganisation: Sendable, Hashable {
    public var organisation: OrganisationID
    public var name: String
    public var createdAt: Timestamp
}

extension PostgresDatabase {
    /// Every organisation in the database, by id.
    public func registeredOrganisations() async throws -> [RegisteredOrganisation] {
        try await rows("SELECT organisation_id, name, created_at FROM organisation ORDER BY organisation_id", as: (String, String, Int64).self)
            .map { RegisteredOrganisation(organisation: OrganisationID($0.0), name: $0.1, createdAt: Timestamp(millisecondsSinceEpoch: $0.2)) }
    }

    /// Saves `document` as the organisation's newest configuration and returns its version.
    /// The organisation must exist (a foreign key says so).
    public func saveConfiguration(_ document: String, of organisation: OrganisationID, at instant: Timestamp) async throws -> Int {
        try await translatingErrors {
            try await client.withTransaction(logger: logger) { connection in
                // Two saves at once would pick the same number; one waits for the other instead.
                try await connection.query(
                    "SELECT 1 FROM organisation WHERE organisation_id = \(organisation.rawValue) FOR UPDATE", logger: logger)
                let saved = try await connection.query(
                    """
                    INSERT INTO organisation_configuration (organisation_id, version, document, saved_at) \
                    SELECT \(organisation.rawValue), coalesce(max(version), 0) + 1, \(document), \(instant.millisecondsSinceEpoch) \
                    FROM organisation_configuration WHERE organisation_id = \(organisation.rawValue) RETURNING version
                    """, logger: logger)
                for try await version in saved.decode(Int.self) { return version }
                throw PostgresStoreError("saving the configuration of \(organisation) returned no version")
            }
        }
    }

    /// The configuration in force for each organisation that has one of its own.
    public func latestConfigurations() async throws -> [StoredOrganisationConfiguration] {
        try await rows(
            """
            SELECT DISTINCT ON (organisation_id) organisation_id, version, document, saved_at FROM organisation_configuration \
            ORDER BY organisation_id, version DESC
            """, as: (String, Int, String, Int64).self
        ).map { StoredOrganisationConfiguration(organisation: OrganisationID($0.0), version: $0.1, document: $0.2, savedAt: Timestamp(millisecondsSinceEpoch: $0.3)) }
    }

    /// The organisation's configuration in force, if it has one of its own.
    public func latestConfiguration(of organisation: OrganisationID) async throws -> StoredOrganisationConfiguration? {
        try await rows(
            """
            SELECT version, document, saved_at FROM organisation_configuration WHERE organisation_id = \(organisation.rawValue) \
            ORDER BY version DESC LIMIT 1
            """, as: (Int, String, Int64).self
        ).first.map { StoredOrganisationConfiguration(organisation: organisation, version: $0.0, document: $0.1, savedAt: Timestamp(millisecondsSinceEpoch: $0.2)) }
    }
}
