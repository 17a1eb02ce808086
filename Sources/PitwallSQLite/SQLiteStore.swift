import Foundation
import GRDB
import PitwallCore

/// The embedded store: one SQLite file in WAL mode, all writes in one transaction per batch.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    public let path: String
    /// Store time zones, for the local days KPIs are counted on.
    let resolver: LocalDayResolver
    let cache: WriterCache

    /// Opens (creating if needed) the database at `path`, brings its schema up to date, and
    /// rebuilds the KPI rollups of any store whose time zone the configuration has changed.
    /// `writerCache` is what the writer keeps between batches: `.live` for a server,
    /// `.bulkImport` for loading history.
    public init(path: String, configuration: PitwallConfiguration = PitwallConfiguration(), writerCache: WriterCacheSize = .live) throws {
        let pitwallConfiguration = configuration
        var configuration = Configuration()
        configuration.label = "pitwall"
        // Another process (an import beside the server, a backup) may hold the write lock for
        // a batch: wait for it rather than fail with "database is locked".
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // WAL (set by DatabasePool) plus FULL sync: a batch acknowledged to a client
            // survives a power cut, and a torn write never leaves half a batch behind.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // The writer reads back the leads, messages and rollup cells each batch touches,
            // spread over the whole file; SQLite's default is 2 MB.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -\(writerCache.pageCacheKiB)")
                // A batch of an import rewrites many megabytes of pages; checkpointing the log
                // every 4 MB (the default) copied and synced them at nearly every commit.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            }
        }
        self.path = path
        self.cache = WriterCache(size: writerCache)
        self.resolver = LocalDayResolver(configuration: pitwallConfiguration)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            try rebuildRollupsWhereZonesChanged()
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Closes the file with everything in it: the write-ahead log folded into the main file
    /// and removed, so a stopped server leaves one file that can be copied alone. Every later
    /// use of the store fails.
    public func close() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try pool.close()
        // SQLite removes the log when the last connection to the file closes, but not when that
        // one is read-only, and the pool closes its readers last: one more connection, ours, closes last.
        try DatabaseQueue(path: path).close()
    }

    /// Every schema version this build knows, oldest first.
    public static var schemaVersions: [String] { migrator.migrations }

    /// The schema version names applied to this database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Self.migrator.appliedMigrations(db) }
    }
}

public enum StoreError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the database at \(path): \(reason)"
        }
    }
}
