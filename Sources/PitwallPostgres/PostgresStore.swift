import Foundation
import PitwallCore
import PostgresNIO

/// One organisation's data in the group database. Every query this type runs is filtered by
/// `organisation`, so nothing built on it can read or change another organisation's data.
public struct PostgresStore: Sendable {
    public let database: PostgresDatabase
    public let organisation: OrganisationID
    /// Store time zones, for the local days KPIs are counted on.
    let resolver: LocalDayResolver

    /// The store of `organisation`, with the KPI rollups of any store whose time zone the
    /// configuration has changed recounted. The schema must be up to date
    /// (`PostgresDatabase.migrate`), and the organisation registered unless `registering`.
    public static func open(
        _ database: PostgresDatabase, organisation: OrganisationID, configuration: PitwallConfiguration = PitwallConfiguration(),
        registeringAt registering: Timestamp? = nil
    ) async throws -> PostgresStore {
        let store = PostgresStore(database: database, organisation: organisation, resolver: LocalDayResolver(configuration: configuration))
        if let registering {
            try await database.createOrganisation(organisation, name: organisation.rawValue, at: registering)
        } else if try await !database.organisationExists(organisation) {
            throw PostgresStoreError("there is no organisation '\(organisation)' in \(database.address): create it with `pitwall org create --id \(organisation)`")
        }
        try await store.rebuildRollupsWhereZonesChanged()
        return store
    }

    /// Rows of a query, each decoded as `types`.
    func rows<each Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as types: (repeat each Column).Type, on connection: PostgresConnection? = nil
    ) async throws -> [(repeat each Column)] {
        try await database.rows(query, as: types, on: connection)
    }

    /// Values of a one-column query.
    func rows<Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as type: Column.Type, on connection: PostgresConnection? = nil
    ) async throws -> [Column] {
        try await database.rows(query, as: type, on: connection)
    }

    /// Runs `statements` in order on `connection`.
    func run(_ statements: [PostgresQuery], on connection: PostgresConnection) async throws {
        for statement in statements { try await database.query(statement, on: connection) }
    }

    var organisationID: String { organisation.rawValue }
}
