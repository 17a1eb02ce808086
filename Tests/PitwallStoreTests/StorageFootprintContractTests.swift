import Foundation
import Testing

import GRDB
import PitwallCore
import PitwallSQLite
import PitwallTestSupport

/// What each backend says of its own size, checked against what is known of the data put in
/// and, for SQLite, against the file on disk.
@Suite("Storage footprint contract")
struct StorageFootprintContractTests {
    let base = try! Timestamp(rfc3339: "2026-03-02T15:00:00Z")

    /// Leads created an hour apart, each texted twice: `count` of them from `start` on.
    func leads(_ count: Int, from start: Int) -> [Event] {
        (start..<start + count).flatMap { index -> [Event] in
            var make = EventFactory(lead: LeadID("lead-\(index)"), base: base.adding(seconds: Double(index) * 3_600))
            return [make.created(0), make.sent(30, message: "m-\(index)-1", sender: .ai), make.sent(600, message: "m-\(index)-2", sender: .ai)]
        }
    }

    @Test("leads and the recent leads counted from the instant asked about, that instant included", arguments: StoreBackend.allCases)
    func countsLeads(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        let empty = try await store.storageFootprint(leadsCreatedSince: base)
        #expect(empty.leads == 0 && empty.recentLeads == 0)
        _ = try await store.ingest(leads(10, from: 0), at: base.adding(seconds: 86_400))
        // An event of a lead whose `lead.created` has not come is no lead yet.
        var orphan = EventFactory(lead: "lead-orphan", base: base)
        _ = try await store.ingest([orphan.sent(0, message: "orphan-1", sender: .ai)], at: base.adding(seconds: 86_400))
        let footprint = try await store.storageFootprint(leadsCreatedSince: base.adding(seconds: 4 * 3_600))
        #expect(footprint.leads == 10)
        #expect(footprint.recentLeads == 6, "lead-4 (created at the instant itself) to lead-9")
        switch backend {
        case .memory:
            #expect(footprint.backend == .memory && footprint.databaseBytes == nil && footprint.volumeFreeBytes == nil)
        case .sqlite:
            #expect(footprint.backend == .sqlite)
            #expect(footprint.volumeFreeBytes != nil && footprint.volumeFreeBytes! <= footprint.volumeTotalBytes!)
        case .postgres:
            #expect(footprint.backend == .postgresql && (footprint.databaseBytes ?? 0) > 0)
            #expect(footprint.volumeFreeBytes == nil, "a PostgreSQL server's disk is not this process's to see")
        }
    }

    @Test("SQLite counts its file and its write-ahead log, and grows as leads come in")
    func sqliteBytes() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("pitwall.sqlite")
        let store = try SQLiteStore(path: path, configuration: PitwallConfiguration())
        let before = try await store.storageFootprint(leadsCreatedSince: base)
        _ = try await store.ingest(leads(2_000, from: 0), at: base)
        let after = try await store.storageFootprint(leadsCreatedSince: base)
        let onDisk = { (name: String) in (try? FileManager.default.attributesOfItem(atPath: name)[.size] as? Int64) ?? 0 }
        let files = onDisk(path) + onDisk(path + "-wal")
        #expect(after.leads == 2_000)
        #expect(after.databaseBytes! > before.databaseBytes! + 2_000 * 200, "2,000 leads with two messages each take more than 200 bytes a lead")
        // Pages written to the log and not yet folded into the file count in both, so the
        // figure may exceed the files' sum by the log's share, never fall short of the file.
        #expect(after.databaseBytes! >= onDisk(path))
        #expect(after.databaseBytes! <= files + onDisk(path + "-wal"))
        let outlook = StorageOutlook(after)
        #expect(outlook.bytesPerLead! > 200)
    }

    @Test("a backup noted in the file is the footprint's latest; a file from before the backup log is left as it is")
    func backupLog() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("pitwall.sqlite")
        let store = try SQLiteStore(path: path, configuration: PitwallConfiguration())
        #expect(try await store.storageFootprint(leadsCreatedSince: base).lastBackup == nil)
        let first = BackupRun(at: base, file: "/b/1.sqlite", bytes: 4_096, seconds: 0.25, events: 3, leads: 1)
        let second = BackupRun(at: base.adding(seconds: 86_400), file: "/b/2.sqlite", bytes: 8_192, seconds: 0.5, events: 6, leads: 2)
        // Noted while the store is open, as a backup runs beside a server.
        #expect(try SQLiteStore.recordBackup(second, in: path))
        #expect(try SQLiteStore.recordBackup(first, in: path))
        #expect(try await store.storageFootprint(leadsCreatedSince: base).lastBackup == second, "the latest by time, not the last noted")

        let older = folder.file("older.sqlite")
        _ = try SQLiteStore(path: older, configuration: PitwallConfiguration())
        let queue = try DatabaseQueue(path: older)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE backup_run")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v35:%'")
        }
        try queue.close()
        #expect(try SQLiteStore.recordBackup(first, in: older) == false)
        let versions = try await DatabaseQueue(path: older).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(!versions.contains { $0.hasPrefix("v35:") }, "a backup never migrates its source")
    }
}

extension StorageFootprintContractTests {
    @Test("one size a day, the day's first standing; the footprint gives the days from the instant's day on", arguments: StoreBackend.allCases)
    func dailySizes(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        #expect(try await store.storageFootprint(leadsCreatedSince: base).sizes.isEmpty)
        #expect(try await store.noteStorageSize(at: base))
        _ = try await store.ingest(leads(200, from: 0), at: base)
        #expect(try await store.noteStorageSize(at: base.adding(seconds: 8 * 3_600)) == false, "the same UTC day: its first size stands")
        #expect(try await store.noteStorageSize(at: base.adding(seconds: 86_400)))
        #expect(try await store.noteStorageSize(at: base.adding(seconds: 3 * 86_400)))
        let all = try await store.storageFootprint(leadsCreatedSince: base.adding(seconds: -86_400)).sizes
        #expect(all.map(\.day.description) == ["2026-03-02", "2026-03-03", "2026-03-05"])
        // From an instant late on 3 March: that day's size and the later ones.
        let later = try await store.storageFootprint(leadsCreatedSince: base.adding(seconds: 86_400 + 7 * 3_600)).sizes
        #expect(later.map(\.day.description) == ["2026-03-03", "2026-03-05"])
        switch backend {
        case .memory:
            #expect(all.map(\.usedBytes) == [0, 600, 600], "a memory store notes its events' count")
        case .sqlite:
            #expect(all[0].usedBytes > 0)
            #expect(all[1].usedBytes > all[0].usedBytes + 200 * 200, "200 leads with two messages each were stored in between")
            let footprint = try await store.storageFootprint(leadsCreatedSince: base)
            #expect(all[2].usedBytes <= footprint.databaseBytes! - footprint.reusableBytes!, "pages in use, without the log")
        case .postgres:
            #expect(all.allSatisfy { $0.usedBytes > 0 })
        }
    }
}
