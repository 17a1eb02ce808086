import Foundation
import GRDB
import PitwallCore

extension SQLiteStore {
    /// Rehearses a restore: copies `backup` into a scratch file in `directory` and opens it as
    /// a server would (an older backup is migrated), reads its KPIs over its whole history as
    /// its pages would show them, counts every store's days again from its leads under
    /// `configuration`, and reads them again. The scratch file is removed afterwards, whatever
    /// happened. The live database is not touched: note the drill with `recordDrill`.
    public static func drill(backup: String, in directory: String, configuration: PitwallConfiguration, at now: () -> Timestamp) async throws -> RestoreDrill {
        let summary = try summary(ofBackup: backup)
        try checkCountedAlike(backup: backup, configuration: configuration)
        let scratch = URL(fileURLWithPath: directory).appendingPathComponent("pitwall-drill-\(UUID().uuidString.lowercased()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) } }
        let started = ContinuousClock.now
        _ = try restore(from: backup, to: scratch, replacing: false, configuration: configuration)
        let store = try SQLiteStore(path: scratch, configuration: configuration)
        defer { try? store.close() }
        let restored = ContinuousClock.now
        let created = try await store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT min(created_at), max(created_at) FROM lead WHERE created_at IS NOT NULL").flatMap { row -> (Int64, Int64)? in
                guard let first: Int64 = row[0], let last: Int64 = row[1] else { return nil }
                return (first, last)
            }
        }
        var compared = 0
        var mismatches: [String] = []
        if let (first, last) = created {
            // A day before the first lead (each store counts on its own local days) to a year
            // after the last, where appointments may be booked.
            let query = KPIQuery(
                from: StorageSize.day(of: Timestamp(millisecondsSinceEpoch: first)).adding(days: -1),
                to: StorageSize.day(of: Timestamp(millisecondsSinceEpoch: last)).adding(days: 366))
            let asRestored = try await store.scorecard(query, configuration: configuration)
            for id in try await store.storesWithLeads() { _ = try await store.recountRollups(of: id) }
            let countedAgain = try await store.scorecard(query, configuration: configuration)
            (compared, mismatches) = RestoreDrill.compare(asRestored: asRestored, countedAgain: countedAgain)
        }
        let finished = ContinuousClock.now
        return RestoreDrill(
            at: now(), backupFile: URL(fileURLWithPath: backup).standardizedFileURL.path, backupBytes: Int64(summary.bytes),
            restoreSeconds: seconds(restored - started), recountSeconds: seconds(finished - restored),
            events: summary.totals.events, leads: summary.totals.leads, figuresCompared: compared, mismatches: mismatches)
    }

    /// Opening a backup counts again, by itself, every store whose KPI days were counted under
    /// rules other than `configuration`'s: a drill would then compare a recount with a recount
    /// and pass whatever the backup held. Refused, naming the stores.
    private static func checkCountedAlike(backup: String, configuration: PitwallConfiguration) throws {
        var readOnly = Configuration()
        readOnly.readonly = true
        let resolver = LocalDayResolver(configuration: configuration)
        let queue = try DatabaseQueue(path: backup, configuration: readOnly)
        defer { try? queue.close() }
        let differing = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT store_id, zone FROM rollup_zone ORDER BY store_id").compactMap { row -> String? in
                let store = StoreID(row[0] as String)
                return resolver.countingConflict(of: store, recorded: row[1]) == nil ? nil : store.rawValue
            }
        }
        guard differing.isEmpty else {
            throw BackupError(
                description: "the KPI days of \(differing.map { "'\($0)'" }.joined(separator: ", ")) in '\(backup)' were counted under other rules than "
                    + "this configuration's (a store's time zone, hours, response rule or temperature points differ, or an older Pitwall counted them): "
                    + "give --config the file the server uses; opening would count them again and the drill would compare a recount with itself")
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Notes a drill in the database whose backup it rehearsed, for the storage outlook. Like
    /// `recordBackup`, a database whose schema predates the log is left as it is. Returns
    /// whether it was noted.
    @discardableResult
    public static func recordDrill(_ drill: RestoreDrill, in database: String) throws -> Bool {
        try note(in: database, table: "restore_drill", done: "the drill is done") { db in
            try db.execute(
                sql: """
                    INSERT INTO restore_drill (at, backup_file, backup_bytes, restore_seconds, recount_seconds, events, leads, figures_compared, mismatches)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    drill.at.millisecondsSinceEpoch, drill.backupFile, drill.backupBytes, drill.restoreSeconds, drill.recountSeconds, drill.events,
                    drill.leads, drill.figuresCompared, drill.mismatches.joined(separator: "\n"),
                ])
        }
    }

    static func latestDrill(in db: Database) throws -> RestoreDrill? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT at, backup_file, backup_bytes, restore_seconds, recount_seconds, events, leads, figures_compared, mismatches
                FROM restore_drill ORDER BY at DESC LIMIT 1
                """
        ).map { row in
            let mismatches: String = row[8]
            return RestoreDrill(
                at: Timestamp(millisecondsSinceEpoch: row[0]), backupFile: row[1], backupBytes: row[2], restoreSeconds: row[3], recountSeconds: row[4],
                events: row[5], leads: row[6], figuresCompared: row[7], mismatches: mismatches.isEmpty ? [] : mismatches.components(separatedBy: "\n"))
        }
    }
}
