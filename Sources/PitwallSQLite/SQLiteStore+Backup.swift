import Foundation
import GRDB
import PitwallCore

/// Why a backup or a restore did not happen, in words for the person at the terminal.
public struct BackupError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// What a backup file holds.
public struct BackupSummary: Sendable {
    public var totals: StoreTotals
    public var schemaVersions: [String]
    public var bytes: Int
}

extension SQLiteStore {
    /// Copies the whole database at `database` into a new file with SQLite's online backup:
    /// servers and imports may keep writing meanwhile (it only reads, and never migrates), and
    /// the copy is one consistent moment. Blocks the calling thread (a command, never an event loop).
    public static func backup(database: String, to path: String) throws -> BackupSummary {
        guard FileManager.default.fileExists(atPath: database) else { throw BackupError(description: "'\(database)' does not exist") }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw BackupError(description: "'\(path)' exists; a backup never overwrites a file, so choose a new name")
        }
        do {
            var reading = Configuration()
            reading.readonly = true
            reading.busyMode = .timeout(30)
            let source = try DatabasePool(path: database, configuration: reading)
            let destination = try DatabaseQueue(path: path)
            try source.backup(to: destination)
            try destination.close()
            try source.close()
        } catch let error as DatabaseError {
            try? FileManager.default.removeItem(atPath: path)
            throw BackupError(description: "cannot write the backup to '\(path)': \(error.message ?? "\(error.resultCode)")")
        }
        return try Self.summary(ofBackup: path)
    }

    /// Notes a finished backup in the database it copied, for the storage outlook's "last
    /// backup". A database whose schema predates the log (a server not yet upgraded) is left
    /// as it is: a backup never migrates its source. Returns whether it was noted.
    @discardableResult
    public static func recordBackup(_ run: BackupRun, in database: String) throws -> Bool {
        try note(in: database, table: "backup_run", done: "the backup is made") { db in
            try db.execute(
                sql: "INSERT INTO backup_run (at, file, bytes, seconds, events, leads) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [run.at.millisecondsSinceEpoch, run.file, run.bytes, run.seconds, run.events, run.leads])
        }
    }

    /// Writes one row of a log into `database` with a connection of its own (a server may hold
    /// it open), unless the file predates `table`. `done` starts the error's words: what stands
    /// although the note failed.
    static func note(in database: String, table: String, done: String, insert: (Database) throws -> Void) throws -> Bool {
        var writing = Configuration()
        writing.busyMode = .timeout(30)
        do {
            let source = try DatabasePool(path: database, configuration: writing)
            defer { try? source.close() }
            return try source.write { db in
                guard try db.tableExists(table) else { return false }
                try insert(db)
                return true
            }
        } catch let error as DatabaseError {
            throw BackupError(description: "\(done), but noting it in '\(database)' failed: \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// What a backup file holds, after checking it is a whole Pitwall database.
    public static func summary(ofBackup path: String) throws -> BackupSummary {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError(description: "'\(path)' does not exist") }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                guard try db.tableExists("grdb_migrations"), try db.tableExists("event") else {
                    throw BackupError(description: "'\(path)' is an SQLite file but not a Pitwall database (it has no Pitwall schema)")
                }
                let versions = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let unknown = versions.filter { !schemaVersions.contains($0) }
                guard unknown.isEmpty else {
                    throw BackupError(description: "'\(path)' was written by a newer Pitwall (schema \(unknown.joined(separator: ", "))); restore it with that version")
                }
                guard try String.fetchOne(db, sql: "PRAGMA quick_check") == "ok" else {
                    throw BackupError(description: "'\(path)' is damaged (SQLite's quick_check failed); use another backup")
                }
                let totals = StoreTotals(
                    events: try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? 0,
                    leads: try Int.fetchOne(db, sql: "SELECT count(*) FROM lead WHERE created_at IS NOT NULL") ?? 0)
                let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                return BackupSummary(totals: totals, schemaVersions: versions, bytes: bytes)
            }
        } catch let error as DatabaseError {
            throw BackupError(description: "'\(path)' is not a readable SQLite database: \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// Makes `path` a copy of the backup. An existing database with events is only replaced
    /// when `replacing` says so; stop the server that uses it first. An older backup is brought
    /// up to this version's schema on the way.
    public static func restore(from backup: String, to path: String, replacing: Bool, configuration: PitwallConfiguration) throws -> BackupSummary {
        let summary = try summary(ofBackup: backup)
        if FileManager.default.fileExists(atPath: path), !replacing {
            let existing = try? Self.summary(ofBackup: path)
            if existing == nil || existing!.totals.events > 0 {
                throw BackupError(description: "'\(path)' already holds a database; stop the server using it and pass --force to replace it")
            }
        }
        do {
            var readOnly = Configuration()
            readOnly.readonly = true
            let source = try DatabaseQueue(path: backup, configuration: readOnly)
            let destination = try DatabasePool(path: path)
            try source.backup(to: destination)
            try destination.close()
            try source.close()
            // Opening migrates a backup from an older version and recounts what needs it.
            _ = try SQLiteStore(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw BackupError(description: "cannot restore into '\(path)': \(error.message ?? "\(error.resultCode)")")
        }
        return summary
    }
}
