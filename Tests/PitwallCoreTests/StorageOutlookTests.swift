import Testing

import PitwallCore

@Suite("Storage outlook")
struct StorageOutlookTests {
    /// 100,000 leads in 2 GB: 20 kB a lead; 28,000 in the last 28 days: 1,000 a day, 20 MB a day.
    func sqlite(free: Int64, total: Int64, reusable: Int64 = 0, recentLeads: Int = 28_000) -> StorageOutlook {
        StorageOutlook(
            StorageFootprint(
                backend: .sqlite, databaseBytes: 2_000_000_000 + reusable, reusableBytes: reusable, volumeFreeBytes: free, volumeTotalBytes: total,
                leads: 100_000, recentLeads: recentLeads))
    }

    func days(_ outlook: StorageOutlook, _ expected: Double) -> Bool {
        outlook.daysUntilFull.map { abs($0 - expected) < 1e-6 } ?? false
    }

    @Test("the pace: bytes a lead times the last 28 days' leads a day; the room: the free disk less its last 5 %")
    func pace() {
        let outlook = sqlite(free: 30_000_000_000, total: 40_000_000_000)
        #expect(outlook.bytesPerLead == 20_000)
        #expect(outlook.leadsPerDay == 1_000)
        #expect(outlook.growthBytesPerDay == 20_000_000)
        #expect(days(outlook, 1_400), "(30 GB free - 2 GB kept) / 20 MB a day")
        #expect(outlook.freeShare == 0.75)
        #expect(outlook.status == .green)
        #expect(outlook.reason == "30 GB of the disk's 40 GB free (75%): it lasts about 3 years at 20 MB a day, the last 28 days' pace.")
    }

    @Test("free pages inside the file are no lead's, and are filled before the disk")
    func reusablePages() {
        let outlook = sqlite(free: 1_000_000_000, total: 10_000_000_000, reusable: 100_000_000)
        #expect(outlook.bytesPerLead == 20_000, "the 100 MB of free pages are left out of what a lead takes")
        #expect(days(outlook, 30), "(1 GB free + 100 MB of free pages - 500 MB kept) / 20 MB a day")
        #expect(outlook.status == .yellow)
    }

    @Test("red within two weeks, yellow within two months, whatever share is free")
    func daysLeft() {
        let soon = sqlite(free: 460_000_000, total: 4_000_000_000)
        #expect(days(soon, 13))
        #expect(soon.status == .red)
        #expect(soon.reason == "The disk fills in about 13 days at 20 MB a day, the last 28 days' pace, with 460 MB of 4.0 GB free (11.5%): free space or move the database now.")
        let later = sqlite(free: 1_200_000_000, total: 4_000_000_000)
        #expect(days(later, 50))
        #expect(later.status == .yellow)
        #expect(later.reason.hasPrefix("The disk fills in about 50 days"))
        #expect(sqlite(free: 1_420_000_000, total: 4_000_000_000).status == .green, "61 days")
    }

    @Test("a disk within its last 5 % is red, below 10 % yellow, even when the database does not grow")
    func shareFree() {
        let full = sqlite(free: 1_800_000_000, total: 40_000_000_000, recentLeads: 0)
        #expect(full.daysUntilFull == nil && full.growthBytesPerDay == 0)
        #expect(full.status == .red)
        #expect(full.reason == "Only 1.8 GB of the disk's 40 GB free (4.5%): free some, or move the database to a larger disk, before it fills.")
        #expect(sqlite(free: 3_900_000_000, total: 40_000_000_000, recentLeads: 0).status == .yellow)
        let quiet = sqlite(free: 30_000_000_000, total: 40_000_000_000, recentLeads: 0)
        #expect(quiet.status == .green)
        #expect(quiet.reason == "30 GB of the disk's 40 GB free (75%); no leads in the last 28 days, so the database is not growing.")
    }

    @Test("PostgreSQL and memory are not judged: the disk is out of sight")
    func notJudged() {
        let group = StorageOutlook(StorageFootprint(backend: .postgresql, databaseBytes: 5_000_000_000, leads: 1_000, recentLeads: 280))
        #expect(group.status == .none)
        #expect(group.bytesPerLead == nil, "a group database's bytes are every organisation's")
        #expect(group.leadsPerDay == 10)
        #expect(group.daysUntilFull == nil)
        let memory = StorageOutlook(StorageFootprint(backend: .memory, leads: 3, recentLeads: 3))
        #expect(memory.status == .none && memory.reason.contains("in memory"))
        let unseen = StorageOutlook(StorageFootprint(backend: .sqlite, databaseBytes: 10_000, leads: 3, recentLeads: 3))
        #expect(unseen.status == .none && unseen.reason == "The disk holding the database cannot be read from here.")
    }

    @Test("bytes in decimal units, one decimal below ten")
    func bytes() {
        #expect(StorageOutlook.bytes(0) == "0 bytes")
        #expect(StorageOutlook.bytes(999) == "999 bytes")
        #expect(StorageOutlook.bytes(1_000) == "1.0 kB")
        #expect(StorageOutlook.bytes(9_960) == "10 kB")
        #expect(StorageOutlook.bytes(812_400) == "812 kB")
        #expect(StorageOutlook.bytes(1_949_000_000) == "1.9 GB")
        #expect(StorageOutlook.bytes(999_600_000) == "1.0 GB")
        #expect(StorageOutlook.bytes(38_400_000_000) == "38 GB")
        #expect(StorageOutlook.bytes(2_500_000_000_000_000) == "2,500 TB")
    }

    @Test("how long, never to the day past two months")
    func days() {
        #expect(StorageOutlook.daysPhrase(0.4) == "less than a day")
        #expect(StorageOutlook.daysPhrase(1) == "about 1 day")
        #expect(StorageOutlook.daysPhrase(9.7) == "about 9 days")
        #expect(StorageOutlook.daysPhrase(120) == "about 4 months")
        #expect(StorageOutlook.daysPhrase(1_500) == "about 4 years")
        #expect(StorageOutlook.daysPhrase(5_000) == "over 10 years")
    }
}

extension StorageOutlookTests {
    @Test("the latest backup in words: how old, how big, how long; more than a day old is said; none noted is said")
    func backups() throws {
        let now = try Timestamp(rfc3339: "2026-03-31T18:00:00Z")
        let run = BackupRun(at: now.adding(seconds: -(3 * 3_600 + 5 * 60 + 40)), file: "/backups/p.sqlite", bytes: 1_949_000_000, seconds: 41.2, events: 10_660_356, leads: 633_224)
        func outlook(_ backend: StorageFootprint.Backend, _ run: BackupRun?) -> StorageOutlook {
            StorageOutlook(StorageFootprint(backend: backend, databaseBytes: 2_000_000_000, leads: 633_224, recentLeads: 0, lastBackup: run))
        }
        #expect(outlook(.sqlite, run).backupNote(now: now) == "Last backup 3 h 5 min ago: 1.9 GB in 41 s, 10,660,356 events, checked.")
        #expect(outlook(.sqlite, run).backupAge(now: run.at.adding(seconds: 59)) == "just now")
        let old = outlook(.sqlite, run).backupNote(now: run.at.adding(seconds: 86_401))
        #expect(old == "Last backup 1 d ago: 1.9 GB in 41 s, 10,660,356 events, checked. It is more than a day old: were the disk to fail now, every lead since would be lost; have pitwall backup run daily.")
        #expect(outlook(.sqlite, run).backupNote(now: run.at.adding(seconds: 86_400))?.contains("more than a day") == false)
        #expect(outlook(.sqlite, nil).backupNote(now: now)?.hasPrefix("No backup is noted in this database") == true)
        #expect(outlook(.postgresql, nil).backupNote(now: now)?.contains("pg_dump") == true)
        #expect(outlook(.memory, nil).backupNote(now: now) == nil)
    }
}
