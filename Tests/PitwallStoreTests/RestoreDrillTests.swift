import Foundation
import Testing

import GRDB
import PitwallCore
import PitwallSimulator
import PitwallSQLite
import PitwallTestSupport

/// The disaster rehearsed: a backup restored into a scratch file, counted again, compared.
@Suite("Restore drill")
struct RestoreDrillTests {
    /// 20 simulated days of two stores in a file, and a backup of it.
    func backedUp(in folder: TemporaryDirectory) async throws -> (database: String, backup: String, configuration: PitwallConfiguration, events: Int) {
        let settings = SimulationSettings(days: 20, seed: 41, storeCount: 2)
        let simulator = DealershipSimulator(settings: settings)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let database = folder.file("live.sqlite")
        let store = try SQLiteStore(path: database, configuration: simulator.configuration)
        _ = try await store.ingest(events, at: settings.end)
        try store.close()
        let backup = folder.file("backup.sqlite")
        _ = try SQLiteStore.backup(database: database, to: backup)
        return (database, backup, simulator.configuration, events.count)
    }

    @Test("a sound backup restores, opens and gives the same figures counted again; the scratch copy is gone after; the live file untouched")
    func passes() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (database, backup, configuration, events) = try await backedUp(in: folder)
        let scratch = folder.file("scratch")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        let liveBefore = try Data(contentsOf: URL(fileURLWithPath: database))
        let now = try Timestamp(rfc3339: "2026-12-07T10:00:00Z")
        let drill = try await SQLiteStore.drill(backup: backup, in: scratch, configuration: configuration, at: { now })
        #expect(drill.passed, "\(drill.mismatches)")
        #expect(drill.events == events)
        #expect(drill.leads > 100)
        // Every KPI of the catalog that the scorecard reports, numerator and denominator each.
        #expect(drill.figuresCompared >= 2 * 10)
        #expect(drill.backupFile == URL(fileURLWithPath: backup).standardizedFileURL.path)
        #expect(drill.at == now && drill.restoreSeconds > 0 && drill.recountSeconds > 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty, "the scratch copy and its log are removed")
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == liveBefore, "a drill never touches the live database")

        // Noted in the live file, the latest by time is the footprint's.
        let older = RestoreDrill(
            at: now.adding(seconds: -86_400), backupFile: "/b/old.sqlite", backupBytes: 1, restoreSeconds: 1, recountSeconds: 1, events: 1, leads: 1,
            figuresCompared: 2, mismatches: ["lead_to_sale_conversion: 1 / 2 as restored, 1 / 3 counted again"])
        #expect(try SQLiteStore.recordDrill(drill, in: database))
        #expect(try SQLiteStore.recordDrill(older, in: database))
        let store = try SQLiteStore(path: database, configuration: configuration)
        let noted = try await store.storageFootprint(leadsCreatedSince: now).lastDrill
        #expect(noted == drill)
        try store.close()
        let reopened = try #require(try await SQLiteStore(path: database, configuration: configuration).storageFootprint(leadsCreatedSince: now).lastDrill)
        #expect(reopened.mismatches.isEmpty)
    }

    @Test("a backup whose KPI days disagree with its leads fails, naming the figure; the scratch copy is gone all the same")
    func catchesDisagreement() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (_, backup, configuration, _) = try await backedUp(in: folder)
        // One sale too many on one day's counter: SQLite's own check cannot see it.
        let queue = try DatabaseQueue(path: backup)
        try await queue.write { db in
            try db.execute(
                sql: """
                    UPDATE rollup SET cohort_sales = cohort_sales + 1 WHERE (dimension, day, store_id, value) =
                        (SELECT dimension, day, store_id, value FROM rollup WHERE dimension = 'all' AND leads > 0 ORDER BY day, store_id LIMIT 1)
                    """)
            #expect(db.changesCount == 1)
        }
        try queue.close()
        let scratch = folder.file("scratch")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        let drill = try await SQLiteStore.drill(backup: backup, in: scratch, configuration: configuration, at: { Timestamp(millisecondsSinceEpoch: 0) })
        #expect(!drill.passed)
        #expect(drill.mismatches.count == 1)
        #expect(drill.mismatches.first?.hasPrefix("lead_to_sale_conversion: ") == true, "\(drill.mismatches)")
        #expect(drill.mismatches.first?.contains(" as restored, ") == true && drill.mismatches.first?.hasSuffix(" counted again") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
    }

    @Test("a file that is no backup is refused before anything is written")
    func refusesNonBackup() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let bogus = folder.file("notes.sqlite")
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: bogus))
        let scratch = folder.file("scratch")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        await #expect(throws: BackupError.self) {
            _ = try await SQLiteStore.drill(backup: bogus, in: scratch, configuration: PitwallConfiguration(), at: { Timestamp(millisecondsSinceEpoch: 0) })
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
    }
}

extension RestoreDrillTests {
    @Test("a configuration other than the one the backup was counted under is refused, naming the stores: opening would recount them and the drill compare a recount with itself")
    func refusesOtherRules() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (_, backup, configuration, _) = try await backedUp(in: folder)
        let scratch = folder.file("scratch")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        let stores = configuration.stores.map(\.id.rawValue).sorted()
        #expect(stores.count == 2)
        do {
            _ = try await SQLiteStore.drill(backup: backup, in: scratch, configuration: PitwallConfiguration(), at: { Timestamp(millisecondsSinceEpoch: 0) })
            Issue.record("a drill under an empty configuration was not refused")
        } catch let error as BackupError {
            #expect(error.description.hasPrefix("the KPI days of '\(stores[0])', '\(stores[1])' in "), "\(error.description)")
            #expect(error.description.contains("give --config the file the server uses"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
    }
}
