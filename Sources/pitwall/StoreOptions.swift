import ArgumentParser
import Foundation
import PitwallCore
import PitwallPostgres
import PitwallServer
import PitwallSQLite

/// The options every command that reads or writes the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file, or a PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
    var db: String = "pitwall.sqlite"

    @Option(name: .long, help: "PostgreSQL only: the organisation whose data to use (see `pitwall org create`).")
    var org: String = Self.soleOrganisation

    /// The organisation of a single-dealership install, and the PostgreSQL default.
    static let soleOrganisation = "default"

    var isPostgres: Bool { PostgresDatabase.isAddress(db) }

    @Option(name: .long, help: "The YAML configuration file (default: ./pitwall.yaml if present).")
    var config: String?

    func loadConfiguration() throws -> ConfigurationFile {
        do {
            return try ConfigurationFile.load(path: config)
        } catch {
            throw CommandFailure("configuration: \(error.description)")
        }
    }

    /// Opens the SQLite file with the stores' time zones from the configuration: KPI rollups
    /// are counted in local days, so every command that opens the store reads the configuration.
    func openStore(configuration: PitwallConfiguration, writerCache: WriterCacheSize = .live) throws -> SQLiteStore {
        guard org == Self.soleOrganisation else {
            throw ValidationError("--org: a SQLite file holds one organisation; organisations need a PostgreSQL database (docs/postgresql.md)")
        }
        guard !isPostgres else { throw ValidationError("--db: this command works on a SQLite file only; for PostgreSQL see docs/postgresql.md") }
        do {
            return try SQLiteStore(path: db, configuration: configuration, writerCache: writerCache)
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// Closed when the command is done, so a stopped server or a finished import leaves no
    /// write-ahead log beside the file; a failure to close is said, not fatal.
    static func close(_ store: SQLiteStore) {
        do {
            try store.close()
        } catch {
            FileHandle.standardError.write(Data("pitwall: \(store.path) was not closed cleanly (\(error)); SQLite will recover its log on the next open\n".utf8))
        }
    }

    /// Runs `body` with the store `--db` names: the SQLite file, or the `--org` organisation
    /// in the PostgreSQL database (schema brought up to date, the connection pool running
    /// until `body` returns).
    /// `configuration` is the file's; `body` gets the one in force for `--org`: in the group
    /// database, the organisation's own where it has one (`pitwall org configure`).
    func withStore<Result: Sendable>(
        configuration: PitwallConfiguration, writerCache: WriterCacheSize = .live,
        _ body: @Sendable (any PitwallStore, PitwallConfiguration) async throws -> Result
    ) async throws -> Result {
        try await withStore(configuration: configuration, servingEveryOrganisation: false, writerCache: writerCache) { store, _, book in
            try await body(store, book.configuration(for: OrganisationID(org)))
        }
    }

    /// As `withStore`; for the server, the PostgreSQL store serves every organisation, each
    /// request its token's, and `--org` is the home organisation (provider callbacks, probes).
    /// `body` gets the file's configuration with every organisation's own.
    func withStore<Result: Sendable>(
        configuration: PitwallConfiguration, servingEveryOrganisation: Bool, writerCache: WriterCacheSize = .live,
        _ body: @Sendable (any PitwallStore, OrganisationRoster, ConfigurationBook) async throws -> Result
    ) async throws -> Result {
        guard isPostgres else {
            let store = try openStore(configuration: configuration, writerCache: writerCache)
            defer { Self.close(store) }
            return try await body(store, OrganisationRoster(), ConfigurationBook(configuration))
        }
        let organisation = OrganisationID(org)
        return try await PostgresDatabase.withReady(db, option: "--db") { [org] database, _ in
            let (book, unreadable) = OrganisationConfiguration.book(
                file: configuration, stored: try await database.latestConfigurations())
            if let own = unreadable[organisation] { throw CommandFailure("configuration: \(own.description)") }
            if servingEveryOrganisation {
                for (other, error) in unreadable.sorted(by: { $0.key < $1.key }) {
                    writeError("pitwall: organisation '\(other)' runs on the server's configuration file until a readable version is saved: \(error.description)")
                }
            }
            let store: PostgresStore
            do {
                // The sole organisation of a one-organisation install is there from the start;
                // any other is created on purpose, so a mistyped --org is an error, not a new tenant.
                store = try await PostgresStore.open(
                    database, organisation: organisation, configuration: book.configuration(for: organisation),
                    registeringAt: org == Self.soleOrganisation ? SystemClock().now() : nil)
            } catch let error as PostgresStoreError {
                throw CommandFailure(error.description)
            }
            guard servingEveryOrganisation else { return try await body(store, OrganisationRoster(home: organisation), book) }
            return try await body(
                OrganisationRoutedStore(database: database, configurations: book),
                OrganisationRoster(home: organisation, list: { try await database.organisations() }), book)
        }
    }
}

/// Progress for long runs, on standard error so that standard output stays clean data.
struct ProgressLine {
    private let start = Date()
    private var lastPrinted = Date.distantPast
    private var lastCount: Int?
    let label: String

    init(label: String) {
        self.label = label
    }

    /// `bytes`: how far through a file of known size, for the time left.
    /// `force`: print now, unless this very count was the last printed.
    mutating func update(_ count: Int, bytes: (done: Int, total: Int)? = nil, force: Bool = false) {
        let now = Date()
        guard force ? count != lastCount : now.timeIntervalSince(lastPrinted) >= 1 else { return }
        lastPrinted = now
        lastCount = count
        let progress = ImportProgress(events: count, seconds: now.timeIntervalSince(start), bytes: bytes)
        FileHandle.standardError.write(Data((progress.line(label: label) + "\n").utf8))
    }
}

func writeError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
