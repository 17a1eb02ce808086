import ArgumentParser
import Foundation
import PitwallCore
import PitwallPostgres
import PitwallServer

/// `pitwall org create`: a new tenant in the group database; `pitwall org configure`: its own
/// stores, targets, SLA, roster, notification channels, alert rules, provider accounts and probes.
struct OrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "Manage organisations (tenants) in a PostgreSQL database.",
        subcommands: [Create.self, List.self, Configure.self, ShowConfiguration.self])

    static func checkAddress(_ db: String) throws {
        guard PostgresDatabase.isAddress(db) else {
            throw ValidationError("--db: organisations live in a PostgreSQL database (postgres://...); a SQLite file holds one organisation")
        }
    }

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
            try OrganisationCommand.checkAddress(db)
        }

        func run() async throws {
            let created = try await PostgresDatabase.withReady(db, option: "--db") { [id, name] database, _ in
                try await database.createOrganisation(OrganisationID(id), name: name ?? id, at: SystemClock().now())
            }
            guard created else { throw CommandFailure("--id: an organisation '\(id)' already exists") }
            print(id)
        }
    }

    struct Configure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "configure",
            abstract: "Give an organisation its own stores, KPI targets, SLA policy, routing roster, notification channels, alert rules, SMS provider accounts, health probes, reports, goals, staffing target and messaging platform costs, from a YAML file.",
            discussion: """
                The file holds any of the sections \(OrganisationConfiguration.sections.joined(separator: ", ")), written as in \
                pitwall.yaml; the rest stays the server's. Each save is a new version, the older ones kept. \
                Running servers put it in force within 30 seconds.
                """)

        @Option(help: "The organisation's id.")
        var org: String

        @Option(help: "The organisation's configuration: a YAML file.")
        var config: String

        @Option(help: "The PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
        var db: String

        func validate() throws { try OrganisationCommand.checkAddress(db) }

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: config), let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure("--config: \(config) cannot be read as a UTF-8 text file")
            }
            let parsed: OrganisationConfiguration
            do {
                parsed = try OrganisationConfiguration.parse(text, file: config)
            } catch {
                throw CommandFailure("--config: \(error.description)")
            }
            let version = try await PostgresDatabase.withReady(db, option: "--db") { [org] database, _ in
                let organisation = OrganisationID(org)
                guard try await database.organisationExists(organisation) else {
                    throw CommandFailure("--org: there is no organisation '\(org)' (create it with `pitwall org create`)")
                }
                return try await database.saveConfiguration(text, of: organisation, at: SystemClock().now())
            }
            let stores = parsed.stores.map { "\($0.id) (\($0.timeZone.identifier))" }
            print("saved version \(version) of the configuration of '\(org)': " + (stores.isEmpty ? "no stores" : stores.joined(separator: ", ")))
            print(parsed.summary)
            print("running servers put it in force within 30 seconds")
        }
    }

    struct ShowConfiguration: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "configuration", abstract: "Print an organisation's own configuration, as it was saved, ready to edit and configure again.")

        @Option(help: "The organisation's id.")
        var org: String

        @Option(help: "The PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
        var db: String

        func validate() throws { try OrganisationCommand.checkAddress(db) }

        func run() async throws {
            let stored = try await PostgresDatabase.withReady(db, option: "--db") { [org] database, _ in
                let organisation = OrganisationID(org)
                guard try await database.organisationExists(organisation) else {
                    throw CommandFailure("--org: there is no organisation '\(org)'")
                }
                return try await database.latestConfiguration(of: organisation)
            }
            guard let stored else {
                throw CommandFailure("--org: '\(org)' has no configuration of its own; it uses the server's file (set one with `pitwall org configure`)")
            }
            print("# version \(stored.version), saved \(stored.savedAt.rfc3339)")
            print(stored.document, terminator: stored.document.hasSuffix("\n") ? "" : "\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the organisations, each with its configuration: its own (version, stores) or the server's file.")

        @Option(help: "The PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
        var db: String

        func validate() throws { try OrganisationCommand.checkAddress(db) }

        func run() async throws {
            let (registered, configurations) = try await PostgresDatabase.withReady(db, option: "--db") { database, _ in
                (try await database.registeredOrganisations(), try await database.latestConfigurations())
            }
            let own = Dictionary(uniqueKeysWithValues: configurations.map { ($0.organisation, $0) })
            var rows = [["ORGANISATION", "NAME", "CREATED", "CONFIGURATION"]]
            for entry in registered {
                var described = "the server's file"
                if let stored = own[entry.organisation] {
                    described = "version \(stored.version) of \(stored.savedAt.rfc3339.prefix(10)): "
                    do {
                        let stores = try OrganisationConfiguration.parse(stored.document, file: "version \(stored.version)").stores
                        described += stores.isEmpty ? "no stores" : stores.map { "\($0.id) (\($0.timeZone.identifier))" }.joined(separator: ", ")
                    } catch {
                        described += "cannot be read: \(error.description)"
                    }
                }
                rows.append([entry.organisation.rawValue, entry.name, String(entry.createdAt.rfc3339.prefix(10)), described])
            }
            TextTable.lines(rows).forEach { print($0) }
        }
    }
}
