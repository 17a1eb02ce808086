import Foundation
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
        #expect(outlook.reason == "30 GB of the disk's 40 GB free (75%): it lasts about 3 years at 20 MB a day (estimated from the last 28 days' new leads).")
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
        #expect(soon.reason == "The disk fills in about 13 days at 20 MB a day (estimated from the last 28 days' new leads), with 460 MB of 4.0 GB free (11.5%): free space or move the database now.")
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

extension StorageOutlookTests {
    /// 29 daily sizes ending today, growing `perDay` bytes a day.
    func sizes(perDay: Int64) -> [StorageSize] {
        let first = CivilDate(year: 2026, month: 11, day: 9)!
        return (0...28).map { StorageSize(day: first.adding(days: $0), usedBytes: 1_900_000_000 + Int64($0) * perDay) }
    }

    @Test("three weeks of daily sizes replace the estimate from new leads; the reason says which it is")
    func measuredPace() throws {
        // The leads say 20 MB a day; the sizes noted say 50 MB.
        let footprint = StorageFootprint(
            backend: .sqlite, databaseBytes: 2_000_000_000, reusableBytes: 0, volumeFreeBytes: 3_000_000_000, volumeTotalBytes: 40_000_000_000,
            leads: 100_000, recentLeads: 28_000, sizes: sizes(perDay: 50_000_000))
        let outlook = StorageOutlook(footprint)
        #expect(outlook.estimatedGrowthBytesPerDay == 20_000_000)
        #expect(outlook.measuredGrowth == MeasuredGrowth(bytesPerDay: 50_000_000, days: 28, weeks: 22))
        #expect(outlook.growthBytesPerDay == 50_000_000)
        #expect(days(outlook, 20), "(3 GB free - 2 GB kept) / 50 MB a day")
        #expect(outlook.status == .yellow, "the estimate alone would have given 50 days, yellow too; the measure 20")
        #expect(outlook.reason == "The disk fills in about 20 days at 50 MB a day (measured over the last 28 days), with 3.0 GB of 40 GB free (7.5%): plan more room.")
        #expect(outlook.growthBasis == "measured over 28 days")
        #expect(outlook.growthWords == "50 MB")
        let json = try #require(outlook.json(now: try Timestamp(rfc3339: "2026-12-07T12:00:00Z")).data(using: .utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["growth_basis"] as? String == "measured")
        #expect(object["growth_bytes_per_day"] as? Double == 50_000_000)
        #expect(object["estimated_growth_bytes_per_day"] as? Double == 20_000_000)
        #expect((object["measured_growth"] as? [String: Any])?["weeks"] as? Int == 22)
        let noted = try #require(object["sizes"] as? [[String: Any]])
        #expect(noted.count == 29 && noted.first?["day"] as? String == "2026-11-09" && noted.last?["used_bytes"] as? Int == 1_900_000_000 + 28 * 50_000_000)

        // Fewer sizes than three weeks: the estimate, said to be one.
        let early = StorageOutlook(
            StorageFootprint(
                backend: .sqlite, databaseBytes: 2_000_000_000, reusableBytes: 0, volumeFreeBytes: 30_000_000_000, volumeTotalBytes: 40_000_000_000,
                leads: 100_000, recentLeads: 28_000, sizes: Array(sizes(perDay: 50_000_000).suffix(21))))
        #expect(early.measuredGrowth == nil && early.growthBytesPerDay == 20_000_000)
        #expect(early.growthBasis == "estimated from new leads")
        #expect(early.reason.hasSuffix("at 20 MB a day (estimated from the last 28 days' new leads)."))
    }

    @Test("a database that measured no growth is not growing, whatever the leads say; PostgreSQL's growth is its whole database's")
    func measuredStill() {
        let still = StorageOutlook(
            StorageFootprint(
                backend: .sqlite, databaseBytes: 2_000_000_000, reusableBytes: 0, volumeFreeBytes: 30_000_000_000, volumeTotalBytes: 40_000_000_000,
                leads: 100_000, recentLeads: 28_000, sizes: sizes(perDay: -1_000)))
        #expect(still.growthBytesPerDay == -1_000 && still.daysUntilFull == nil)
        #expect(still.growthWords == "none")
        #expect(still.status == .green)
        #expect(still.reason == "30 GB of the disk's 40 GB free (75%); the database has not grown over the last 28 days.")
        #expect(still.daysOfRoom == StorageOutlook.cappedDays)

        let group = StorageOutlook(
            StorageFootprint(backend: .postgresql, databaseBytes: 5_000_000_000, leads: 1_000, recentLeads: 280, sizes: sizes(perDay: 3_000_000)))
        #expect(group.status == .none)
        #expect(group.growthBytesPerDay == 3_000_000)
        #expect(group.reason == "PostgreSQL keeps the data on its own server: watch that server's disk there. Its database (every organisation's) grew 3.0 MB a day over the last 28 days.")
        let unseen = StorageOutlook(StorageFootprint(backend: .postgresql, databaseBytes: 5_000_000_000, leads: 1_000, recentLeads: 280))
        #expect(unseen.growthBytesPerDay == nil && unseen.growthBasis == nil)
        let json = unseen.json(now: Timestamp(millisecondsSinceEpoch: 0))
        #expect(json.contains(#""growth_basis":null"#) && json.contains(#""measured_growth":null"#) && json.contains(#""sizes":[]"#), "\(json)")
    }
}

extension StorageOutlookTests {
    @Test("the latest restore drill in words: passed, failed with the figures named, more than 35 days old, none noted")
    func drills() throws {
        let now = try Timestamp(rfc3339: "2026-12-07T18:00:00Z")
        let passed = RestoreDrill(
            at: now.adding(seconds: -12 * 86_400), backupFile: "/backups/p.sqlite", backupBytes: 1_949_000_000, restoreSeconds: 41.2, recountSeconds: 55,
            events: 10_660_356, leads: 633_224, figuresCompared: 34, mismatches: [])
        func outlook(_ backend: StorageFootprint.Backend, _ drill: RestoreDrill?) -> StorageOutlook {
            StorageOutlook(StorageFootprint(backend: backend, databaseBytes: 2_000_000_000, leads: 633_224, recentLeads: 0, lastDrill: drill))
        }
        #expect(outlook(.sqlite, passed).drillNote(now: now) == "Last restore drill 12 d ago: /backups/p.sqlite (1.9 GB) restored in 41 s and counted again in 55 s; all 34 figures matched.")
        #expect(outlook(.sqlite, passed).drillAge(now: now) == "12 d ago")
        var failed = passed
        failed.mismatches = ["lead_to_sale_conversion: 1,204 / 15,040 as restored, 1,203 / 15,040 counted again", "b", "c"]
        #expect(outlook(.sqlite, failed).drillNote(now: now) == "Last restore drill 12 d ago: /backups/p.sqlite (1.9 GB) restored in 41 s, but 3 of its 34 figures came out differently counted again from its leads (lead_to_sale_conversion: 1,204 / 15,040 as restored, 1,203 / 15,040 counted again; b): keep the older backups and investigate before relying on it.")
        #expect(outlook(.sqlite, failed).drillAge(now: now) == "12 d ago, failed")
        let old = outlook(.sqlite, passed).drillNote(now: passed.at.adding(seconds: 35 * 86_400 + 60))
        #expect(old?.hasSuffix("all 34 figures matched. It is more than 35 days old: rehearse again with a recent backup.") == true, "\(old ?? "")")
        #expect(outlook(.sqlite, passed).drillNote(now: passed.at.adding(seconds: 35 * 86_400))?.contains("more than 35 days") == false)
        #expect(outlook(.sqlite, nil).drillNote(now: now)?.hasPrefix("No restore drill is noted: pitwall restore --drill BACKUP") == true)
        #expect(outlook(.postgresql, nil).drillNote(now: now) == nil && outlook(.memory, nil).drillNote(now: now) == nil)
        let json = outlook(.sqlite, failed).json(now: now)
        #expect(json.contains(#""passed":false"#) && json.contains(#""figures_compared":34"#) && json.contains(#""restore_drill_note":"Last restore drill 12 d ago"#))
    }
}
