import ArgumentParser
import Foundation
import PitwallCore
import PitwallPostgres
import PitwallServer
import PitwallSQLite

/// `pitwall backup`, `pitwall restore`, `pitwall migrate`: looking after the SQLite file.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database into a new file while the server keeps running.",
        discussion: "Uses SQLite's online backup: the copy is one consistent moment, taken without stopping ingestion. Prints what the copy holds.")

    @Option(help: "The backup file to create; an existing file is never overwritten.")
    var out: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        guard !storeOptions.isPostgres else {
            throw ValidationError("--db: back up a PostgreSQL database with pg_dump (docs/postgresql.md); `pitwall backup` copies a SQLite file")
        }
        guard FileManager.default.fileExists(atPath: storeOptions.db) else { throw CommandFailure("--db: '\(storeOptions.db)' does not exist") }
        let started = ContinuousClock.now
        let summary: BackupSummary
        do {
            summary = try SQLiteStore.backup(database: storeOptions.db, to: out)
        } catch let error as BackupError {
            throw CommandFailure("--out: \(error.description)")
        }
        let run = BackupRun(
            at: SystemClock().now(), file: URL(fileURLWithPath: out).standardizedFileURL.path, bytes: Int64(summary.bytes), seconds: (ContinuousClock.now - started).seconds, events: summary.totals.events, leads: summary.totals.leads)
        print(BackupSummaryJSON.text(summary, file: out))
        // The copy stands whether or not it could be noted; say so on stderr.
        do {
            if try !SQLiteStore.recordBackup(run, in: storeOptions.db) {
                FileHandle.standardError.write(Data("note: '\(storeOptions.db)' predates the backup log; `pitwall migrate` it to have backups shown\n".utf8))
            }
        } catch let error as BackupError {
            FileHandle.standardError.write(Data("note: \(error.description)\n".utf8))
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Make the database a copy of a backup, or rehearse doing so with --drill.",
        discussion: """
            Checks the backup first (a Pitwall database, not damaged, not from a newer version). Stop the server before replacing its database. \
            With --drill the database is left alone: the backup is restored into a scratch file, opened as a server would, its figures read, \
            every store counted again from its leads and the figures compared; the scratch file is removed, the drill noted in --db (where \
            the storage outlook shows it) and printed as JSON. Exits 1 when a figure came out differently.
            """)

    @Argument(help: "The backup file, as written by `pitwall backup`.")
    var backup: String

    @Flag(help: "Replace a database that already holds events.")
    var force = false

    @Flag(help: "Rehearse the restore in a scratch file and check the figures; --db is not replaced, only the drill noted in it.")
    var drill = false

    @Option(help: "The folder for the drill's scratch copy, which needs room for the backup (the system's temporary folder by default).")
    var scratch: String?

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if scratch != nil, !drill { throw ValidationError("--scratch: only a --drill uses a scratch folder") }
        if force, drill { throw ValidationError("--force: a --drill replaces nothing") }
    }

    func run() async throws {
        guard !storeOptions.isPostgres else {
            throw ValidationError("--db: restore a PostgreSQL database with pg_restore (docs/postgresql.md); `pitwall restore` replaces a SQLite file")
        }
        if drill {
            try await rehearse()
            return
        }
        do {
            let summary = try SQLiteStore.restore(
                from: backup, to: storeOptions.db, replacing: force, configuration: try storeOptions.loadConfiguration().pitwall)
            print(BackupSummaryJSON.text(summary, file: storeOptions.db))
        } catch let error as BackupError {
            throw CommandFailure(error.description)
        }
    }
}

extension RestoreCommand {
    func rehearse() async throws {
        let folder = scratch ?? FileManager.default.temporaryDirectory.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("--scratch: '\(folder)' is not a folder")
        }
        let result: RestoreDrill
        do {
            result = try await SQLiteStore.drill(
                backup: backup, in: folder, configuration: try storeOptions.loadConfiguration().pitwall, at: { SystemClock().now() })
        } catch let error as BackupError {
            throw CommandFailure(error.description)
        }
        var writer = JSONWriter()
        result.write(to: &writer)
        print(writer.text)
        if FileManager.default.fileExists(atPath: storeOptions.db) {
            do {
                if try !SQLiteStore.recordDrill(result, in: storeOptions.db) {
                    FileHandle.standardError.write(Data("note: '\(storeOptions.db)' predates the drill log; `pitwall migrate` it to have drills shown\n".utf8))
                }
            } catch let error as BackupError {
                FileHandle.standardError.write(Data("note: \(error.description)\n".utf8))
            }
        } else {
            FileHandle.standardError.write(Data("note: --db '\(storeOptions.db)' does not exist, so the drill is noted nowhere\n".utf8))
        }
        guard result.passed else {
            throw CommandFailure("the restored backup's figures differ from those counted again from its leads: \(result.mismatches.joined(separator: "; "))")
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Bring the database's schema up to this version and print the versions applied.",
        discussion: "Every command that opens the database does this too; run it on its own to upgrade before starting servers.")

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        if storeOptions.isPostgres {
            print(try await migratePostgres())
            return
        }
        StoreOptions.close(try storeOptions.openStore(configuration: try storeOptions.loadConfiguration().pitwall))
        do {
            let summary = try SQLiteStore.summary(ofBackup: storeOptions.db)
            print(BackupSummaryJSON.text(summary, file: storeOptions.db))
        } catch let error as BackupError {
            throw CommandFailure(error.description)
        }
    }
}

extension MigrateCommand {
    /// `{"database": ..., "applied": [versions this run applied], "schema": [all versions]}`.
    func migratePostgres() async throws -> String {
        let (address, applied, schema) = try await PostgresDatabase.withReady(storeOptions.db, option: "--db") { database, applied in
            (database.address, applied, try await database.appliedVersions())
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("database", address)
        for (name, versions) in [("applied", applied), ("schema", schema)] {
            writer.key(name)
            writer.beginArray()
            for version in versions { writer.string(version) }
            writer.endArray()
        }
        writer.endObject()
        return writer.text
    }
}

enum BackupSummaryJSON {
    static func text(_ summary: BackupSummary, file: String) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("file", file)
        writer.member("events", summary.totals.events)
        writer.member("leads", summary.totals.leads)
        writer.member("bytes", summary.bytes)
        writer.key("schema")
        writer.beginArray()
        for version in summary.schemaVersions { writer.string(version) }
        writer.endArray()
        writer.endObject()
        return writer.text
    }
}
