import Foundation
import PitwallPostgres

/// The PostgreSQL database tests share, named by `PITWALL_TEST_POSTGRES`
/// (`postgres://pitwall@127.0.0.1:55432/pitwall_test`). Opened and migrated once per test
/// process; each test takes an organisation of its own in it.
public enum TestPostgres {
    public static var address: String? {
        ProcessInfo.processInfo.environment["PITWALL_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Set by `.ci/run`: a missing or unreachable database is then a failure, not a skip.
    public static var isRequired: Bool {
        ProcessInfo.processInfo.environment["PITWALL_REQUIRE_POSTGRES"] == "1"
    }

    private static let opened: Task<PostgresDatabase, any Error>? = address.map { address in
        Task {
            let database = try PostgresDatabase(url: address, maximumConnections: 8)
            // Runs for the life of the test process: the pool serves every test.
            Task.detached { await database.run() }
            try await database.migrate()
            return database
        }
    }

    public static func database() async throws -> PostgresDatabase {
        guard let opened else { throw TestPostgresMissing() }
        return try await opened.value
    }
}

public struct TestPostgresMissing: Error, CustomStringConvertible {
    public var description: String { "PITWALL_TEST_POSTGRES is not set: no PostgreSQL database to test against" }
}
