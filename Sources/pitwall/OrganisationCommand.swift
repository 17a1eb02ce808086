import ArgumentParser
import PitwallCore
import PitwallPostgres
import PitwallServer

/// `pitwall org create`: a new tenant in the group database.
struct OrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "Manage organisations (tenants) in a PostgreSQL database.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Register an organisation and print its id; then give it tokens with `pitwall token create --org ID`.")

        @Option(help: "The organisation's id: letters, digits, '-' and '_' (it appears in logs and the audit log).")
        var id: String

        @Option(help: "The organisation's name, for people.")
        var name: String?

        @Option(help: "The PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
        var db: String

        func validate() throws {
            guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw ValidationError("--id: '\(id)' is not an organisation id: use 1 to 64 letters, digits, '-' or '_'")
            }
            guard PostgresDatabase.isAddress(db) else {
                throw ValidationError("--db: organisations live in a PostgreSQL database (postgres://...); a SQLite file holds one organisation")
            }
        }

        func run() async throws {
            let created = try await PostgresDatabase.withReady(db, option: "--db") { [id, name] database, _ in
                try await database.createOrganisation(OrganisationID(id), name: name ?? id, at: SystemClock().now())
            }
            guard created else { throw ValidationError("--id: an organisation '\(id)' already exists") }
            print(id)
        }
    }
}
