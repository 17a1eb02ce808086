import ArgumentParser
import PitwallPostgres

extension PostgresDatabase {
    /// The PostgreSQL database at `address`, reachable and migrated, with its pool running
    /// while `body` runs. What goes wrong getting there is said as the command's error, naming
    /// `option`; `body` gets the versions this run applied.
    static func withReady<Result: Sendable>(
        _ address: String, option: String, _ body: @Sendable (PostgresDatabase, _ applied: [String]) async throws -> Result
    ) async throws -> Result {
        let database: PostgresDatabase
        do {
            database = try PostgresDatabase(url: address)
        } catch {
            throw CommandFailure("\(option): \(error)")
        }
        return try await database.withRunning {
            let applied: [String]
            do {
                try await database.checkReachable()
                applied = try await database.migrate()
            } catch let error as PostgresStoreError {
                throw CommandFailure(error.description)
            }
            return try await body(database, applied)
        }
    }
}
