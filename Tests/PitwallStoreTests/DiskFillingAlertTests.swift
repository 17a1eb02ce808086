import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// The SOP default rule on the database's disk (storage space monitoring): the days of room
/// left at the last four weeks' pace of leads.
@Suite("The database's disk filling")
struct DiskFillingAlertTests {
    static let now = try! Timestamp(rfc3339: "2026-03-31T18:00:00Z")

    /// 56 leads, one every 12 hours back from now: 28 days' worth, a pace of 2 leads a day.
    static func leads() -> [Event] {
        (0..<56).map { index in
            var make = EventFactory(lead: LeadID("lead-\(index)"), base: now.adding(seconds: -Double(index) * 43_200 - 60))
            return make.created(0)
        }
    }

    @Test("critical within 14 days of room, a warning within 60, clear beyond, each at once and with the outlook's words; nothing where no disk is seen")
    func diskFilling() async throws {
        let store = MemoryStore()
        _ = try await store.ingest(Self.leads(), at: Self.now)
        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "disk_filling" })
        let monitor = AlertMonitor(rollups: store, events: store, configuration: PitwallConfiguration(), rules: [rule])
        #expect(try await monitor.evaluate(current: [:], now: Self.now).statuses.isEmpty, "a memory store has no disk to watch")

        // 56 leads in 5.6 MB: 100 kB a lead, 200 kB a day. A 100 MB disk keeps its last 5 MB.
        let total: Int64 = 100_000_000
        func round(freeBytes: Int64, current: [String: AlertStatus]) async throws -> AlertStatus {
            await store.pretendDisk(databaseBytes: 5_600_000, freeBytes: freeBytes, totalBytes: total)
            let statuses = try await monitor.evaluate(current: current, now: Self.now).statuses
            #expect(statuses.count == 1)
            return try #require(statuses.first)
        }
        let tenDays = try await round(freeBytes: 5_000_000 + 2_000_000, current: [:])
        #expect(tenDays.segment == AlertSegment(store: nil))
        #expect(tenDays.condition == .firing && tenDays.severity == .critical)
        #expect(tenDays.measurement.map { abs(($0.value ?? 0) - 10) < 1e-9 } == true)
        #expect(tenDays.measurement?.note == "The disk fills in about 10 days at 200 kB a day (estimated from the last 28 days' new leads), with 7.0 MB of 100 MB free (7%): free space or move the database now.")

        let thirty = try await round(freeBytes: 5_000_000 + 6_000_000, current: [tenDays.id: tenDays])
        #expect(thirty.condition == .firing && thirty.severity == .warning)

        let ninety = try await round(freeBytes: 5_000_000 + 18_000_000, current: [thirty.id: thirty])
        #expect(ninety.condition == .resolved, "given room, it resolves on the same round")

        let within = try await round(freeBytes: 4_000_000, current: [ninety.id: ninety])
        #expect(within.condition == .firing && within.severity == .critical && within.measurement?.value == 0, "inside the disk's last 5 %")
        #expect(within.measurement?.note?.hasPrefix("Only 4.0 MB of the disk's 100 MB free (4%)") == true)
    }
}

extension DiskFillingAlertTests {
    @Test("backups overdue: nothing until a first backup is noted; then a warning past 26 hours, critical past 3 days, resolved by the next backup")
    func backupOverdue() async throws {
        let store = MemoryStore()
        await store.pretendDisk(databaseBytes: 5_600_000, freeBytes: 50_000_000_000, totalBytes: 100_000_000_000)
        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "backup_overdue" })
        let monitor = AlertMonitor(rollups: store, events: store, configuration: PitwallConfiguration(), rules: [rule])
        #expect(try await monitor.evaluate(current: [:], now: Self.now).statuses.isEmpty, "no backup noted: no schedule to fall behind")

        func run(hoursAgo: Double) -> BackupRun {
            BackupRun(at: Self.now.adding(seconds: -hoursAgo * 3_600), file: "/backups/p.sqlite", bytes: 5_600_000, seconds: 0.8, events: 56, leads: 56)
        }
        func round(_ backup: BackupRun, current: [String: AlertStatus]) async throws -> AlertStatus {
            await store.pretendBackup(backup)
            return try #require(try await monitor.evaluate(current: current, now: Self.now).statuses.first)
        }
        let fresh = try await round(run(hoursAgo: 20), current: [:])
        #expect(fresh.condition == .ok && fresh.measurement?.value == 20)
        let late = try await round(run(hoursAgo: 30), current: [fresh.id: fresh])
        #expect(late.condition == .firing && late.severity == .warning)
        #expect(late.measurement?.note?.hasPrefix("Last backup 1 d 6 h ago: 5.6 MB in 800 ms, 56 events, checked. It is more than a day old") == true)
        let lost = try await round(run(hoursAgo: 80), current: [late.id: late])
        #expect(lost.condition == .firing && lost.severity == .critical)
        let again = try await round(run(hoursAgo: 0.5), current: [lost.id: lost])
        #expect(again.condition == .resolved)
    }

    @Test("restore drills: nothing until a first is noted; a month and five days old warns, seventy days critical; a failed one critical at once; a passing one resolves")
    func restoreDrillOverdue() async throws {
        let store = MemoryStore()
        await store.pretendDisk(databaseBytes: 5_600_000, freeBytes: 50_000_000_000, totalBytes: 100_000_000_000)
        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "restore_drill_overdue" })
        #expect(rule.warning == 35 && rule.critical == 70 && rule.subject.isSystemCheck)
        let monitor = AlertMonitor(rollups: store, events: store, configuration: PitwallConfiguration(), rules: [rule])
        #expect(try await monitor.evaluate(current: [:], now: Self.now).statuses.isEmpty, "no drill noted: no schedule to fall behind")

        func drill(daysAgo: Double, mismatches: [String] = []) -> RestoreDrill {
            RestoreDrill(
                at: Self.now.adding(seconds: -daysAgo * 86_400), backupFile: "/backups/p.sqlite", backupBytes: 5_600_000, restoreSeconds: 0.8,
                recountSeconds: 1.5, events: 56, leads: 56, figuresCompared: 40, mismatches: mismatches)
        }
        func round(_ drill: RestoreDrill, current: [String: AlertStatus]) async throws -> AlertStatus {
            await store.pretendDrill(drill)
            return try #require(try await monitor.evaluate(current: current, now: Self.now).statuses.first)
        }
        let fresh = try await round(drill(daysAgo: 20), current: [:])
        #expect(fresh.condition == .ok && fresh.measurement?.value == 20)
        let late = try await round(drill(daysAgo: 36), current: [fresh.id: fresh])
        #expect(late.condition == .firing && late.severity == .warning)
        #expect(late.measurement?.note?.hasSuffix("all 40 figures matched. It is more than 35 days old: rehearse again with a recent backup.") == true, "\(late.measurement?.note ?? "")")
        let lapsed = try await round(drill(daysAgo: 71), current: [late.id: late])
        #expect(lapsed.condition == .firing && lapsed.severity == .critical)
        let passed = try await round(drill(daysAgo: 0.1), current: [lapsed.id: lapsed])
        #expect(passed.condition == .resolved)
        let failed = try await round(drill(daysAgo: 0.1, mismatches: ["lead_to_sale_conversion: 5 / 56 as restored, 4 / 56 counted again"]), current: [passed.id: passed])
        #expect(failed.condition == .firing && failed.severity == .critical, "a backup that does not restore right is critical however fresh")
        #expect(failed.measurement?.value.map { abs($0 - 0.1) < 1e-9 } == true, "the value stays the drill's age")
        #expect(failed.measurement?.note?.contains("but 1 of its 40 figures came out differently") == true)
    }
}
