import Foundation
import GRDB
import PitwallCore

extension SQLiteStore {
    public func storageFootprint(leadsCreatedSince since: Timestamp) async throws -> StorageFootprint {
        try await pool.read { [path] db in
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let freePages = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let leads = try Int.fetchOne(db, sql: "SELECT count(*) FROM lead WHERE created_at IS NOT NULL") ?? 0
            let recent = try Int.fetchOne(db, sql: "SELECT count(*) FROM lead WHERE created_at >= ?", arguments: [since.millisecondsSinceEpoch]) ?? 0
            let backup = try Row.fetchOne(db, sql: "SELECT at, file, bytes, seconds, events, leads FROM backup_run ORDER BY at DESC LIMIT 1").map { row in
                BackupRun(
                    at: Timestamp(millisecondsSinceEpoch: row[0]), file: row[1], bytes: row[2], seconds: row[3], events: row[4], leads: row[5])
            }
            let sizes = try Row.fetchAll(
                db, sql: "SELECT day, used_bytes FROM storage_size WHERE day >= ? ORDER BY day", arguments: [StorageSize.day(of: since).daysSinceEpoch]
            ).map { StorageSize(day: CivilDate(daysSinceEpoch: $0[0]), usedBytes: $0[1]) }
            // The log holds pages not yet folded into the file; it takes disk all the same.
            let files = FileManager.default
            let log = (try? files.attributesOfItem(atPath: path + "-wal")[.size] as? Int64) ?? 0
            let volume = try? files.attributesOfFileSystem(forPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
            return StorageFootprint(
                backend: .sqlite, databaseBytes: pages * pageSize + log, reusableBytes: freePages * pageSize,
                volumeFreeBytes: (volume?[.systemFreeSize] as? NSNumber)?.int64Value, volumeTotalBytes: (volume?[.systemSize] as? NSNumber)?.int64Value,
                leads: leads, recentLeads: recent, lastBackup: backup, lastDrill: try Self.latestDrill(in: db), sizes: sizes)
        }
    }

    public func noteStorageSize(at instant: Timestamp) async throws -> Bool {
        try await pool.write { db in
            // The pages in use: free pages and the log come and go with vacuums and checkpoints.
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let freePages = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            try db.execute(
                sql: "INSERT OR IGNORE INTO storage_size (day, at, used_bytes) VALUES (?, ?, ?)",
                arguments: [StorageSize.day(of: instant).daysSinceEpoch, instant.millisecondsSinceEpoch, (pages - freePages) * pageSize])
            return db.changesCount > 0
        }
    }
}
