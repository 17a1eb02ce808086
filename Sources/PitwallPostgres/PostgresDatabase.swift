import Foundation
import Logging
import NIOSSL
import PitwallCore
import PostgresNIO

/// One PostgreSQL database that several Pitwall servers share. Holds the connection pool;
/// each organisation's data is read and written through a `PostgresStore` scoped to it.
///
/// The pool works only while `run()` is running: the server runs it as a service beside the
/// HTTP server, and commands and tests use `withRunning`.
public final class PostgresDatabase: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let parts: PostgresAddress
    /// The address without its password, for messages.
    public let address: String

    /// Connects to `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`.
    public init(url: String, maximumConnections: Int = 20, logger: Logger = PostgresDatabase.quietLogger) throws {
        let address = try PostgresAddress(url)
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password, database: address.database,
            tls: address.clientTLS)
        configuration.options.maximumConnections = maximumConnections
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.parts = address
        self.address = address.redacted
    }

    /// The pool retries a failed connection quietly for a minute or more before giving up;
    /// what Pitwall has to say about a database it cannot reach, it says in its own error.
    public static var quietLogger: Logger {
        var logger = Logger(label: "pitwall.postgres")
        logger.logLevel = .error
        return logger
    }

    /// Connects once, outside the pool, and fails at once with the reason when the database
    /// cannot be reached (refused, unknown host, wrong password, no such database), instead of
    /// letting the pool retry.
    public func checkReachable() async throws {
        try await translatingErrors {
            let configuration = PostgresConnection.Configuration(
                host: parts.host, port: parts.port, username: parts.user, password: parts.password, database: parts.database,
                tls: try parts.connectionTLS())
            let connection = try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.next(), configuration: configuration, id: 0, logger: logger
            ).get()
            try await connection.close()
        }
    }

    /// Keeps the connection pool working until the task is cancelled.
    public func run() async {
        await client.run()
    }

    /// Runs `body` with the pool running beside it, then stops the pool. Once per database:
    /// a stopped pool does not start again.
    public func withRunning<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isAddress(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Runs `body`, giving any driver error PostgreSQL's own words.
    func translatingErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let conflict as RollupBasisConflict {
            throw conflict
        } catch let error as PostgresTransactionError where error.closureError is RollupBasisConflict {
            // Pitwall's own refusal inside a transaction, which rolled back: said as itself.
            throw error.closureError!
        } catch {
            throw PostgresStoreError(error, address: address)
        }
    }

    /// A query, with PostgreSQL's own words in the error when it fails.
    @discardableResult
    func query(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> PostgresRowSequence {
        try await translatingErrors {
            if let connection { return try await connection.query(query, logger: logger) }
            return try await client.query(query, logger: logger)
        }
    }

    /// Rows of a query, each decoded as `types`.
    func rows<each Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as types: (repeat each Column).Type, on connection: PostgresConnection? = nil
    ) async throws -> [(repeat each Column)] {
        try await translatingErrors {
            var result: [(repeat each Column)] = []
            for try await row in try await self.query(query, on: connection).decode((repeat each Column).self) { result.append(row) }
            return result
        }
    }

    /// Values of a one-column query.
    func rows<Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as type: Column.Type, on connection: PostgresConnection? = nil
    ) async throws -> [Column] {
        try await translatingErrors {
            var result: [Column] = []
            for try await value in try await self.query(query, on: connection).decode(Column.self) { result.append(value) }
            return result
        }
    }

    /// Registers an organisation; false if one with that id exists already.
    @discardableResult
    public func createOrganisation(_ organisation: OrganisationID, name: String, at instant: Timestamp) async throws -> Bool {
        try await !rows(
            """
            INSERT INTO organisation (organisation_id, name, created_at) VALUES (\(organisation.rawValue), \(name), \(instant.millisecondsSinceEpoch)) \
            ON CONFLICT (organisation_id) DO NOTHING RETURNING organisation_id
            """, as: String.self
        ).isEmpty
    }

    public func organisationExists(_ organisation: OrganisationID) async throws -> Bool {
        try await !rows("SELECT organisation_id FROM organisation WHERE organisation_id = \(organisation.rawValue)", as: String.self).isEmpty
    }

    /// Runs one SQL statement as written, for operations (creating a database, a check in a
    /// test); Pitwall's own queries bind their values.
    public func execute(_ sql: String) async throws {
        try await query(PostgresQuery(unsafeSQL: sql))
    }

    /// The plan PostgreSQL would follow for `sql`, with table scans ruled out as far as it
    /// can: a test reads it to check that a query can go through its index (on a test's few
    /// rows, reading the whole table is always cheapest, so the plan would say nothing).
    /// `setUp` runs first in the same transaction (rows that make the planner's statistics
    /// what a real group's would be, and `ANALYZE`), and everything it did is rolled back after.
    public func indexPlan(of sql: String, after setUp: [String] = []) async throws -> [String] {
        try await translatingErrors {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SAVEPOINT plan", logger: logger)
                for statement in setUp { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                try await connection.query("SET LOCAL enable_seqscan = off", logger: logger)
                let plan = try await rows(PostgresQuery(unsafeSQL: "EXPLAIN " + sql), as: String.self, on: connection)
                try await connection.query("ROLLBACK TO SAVEPOINT plan", logger: logger)
                return plan
            }
        }
    }

    /// Runs `body` in one transaction holding the organisation's write lock, so that servers
    /// sharing the database fold events into a lead's state one batch at a time, and audit
    /// and alert sequences stay gap-free per organisation.
    func writing<Result: Sendable>(
        for organisation: OrganisationID, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await translatingErrors {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(Self.writeLockClass), hashtext(\(organisation.rawValue)))", logger: logger)
                return try await body(connection)
            }
        }
    }

    /// The first key of the advisory locks Pitwall takes: one for migrations, one per organisation's writes.
    static let migrationLockClass: Int32 = 0x5057_0001
    static let writeLockClass: Int32 = 0x5057_0002
}

/// What went wrong talking to PostgreSQL, in PostgreSQL's own words (postgres-nio hides the
/// server's message from `description` so that it cannot leak into logs by accident).
public struct PostgresStoreError: Error, CustomStringConvertible {
    public let description: String

    init(_ error: any Error, address: String) {
        if let error = error as? PostgresStoreError {
            description = error.description
        } else if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let code = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                description = "PostgreSQL at \(address): \(message)\(code)"
            } else if let underlying = error.underlying {
                description = "cannot reach PostgreSQL at \(address): \(underlying)"
            } else {
                description = "PostgreSQL at \(address): \(error.code)"
            }
        } else {
            description = "PostgreSQL at \(address): \(error)"
        }
    }

    init(_ message: String) {
        description = message
    }
}

/// The parts of a `postgres://` address.
struct PostgresAddress {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var sslMode: String
    var redacted: String

    var clientTLS: PostgresClient.Configuration.TLS {
        switch sslMode {
        case "prefer": .prefer(.makeClientConfiguration())
        case "require": .require(.makeClientConfiguration())
        default: .disable
        }
    }

    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch sslMode {
        case "prefer": .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: .disable
        }
    }

    init(_ text: String) throws {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty
        else {
            throw PostgresStoreError("'\(text)' is not a PostgreSQL address: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError("the PostgreSQL address names no user: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else {
            throw PostgresStoreError("the PostgreSQL address names no database: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw PostgresStoreError("sslmode '\(sslMode)' is not supported: use disable, prefer or require")
        }
        redacted = "postgres://\(self.user)@\(host):\(port)/\(database)"
    }
}
