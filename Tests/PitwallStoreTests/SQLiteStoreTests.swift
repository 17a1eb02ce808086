import Foundation
import GRDB
import Testing

import PitwallCore
@testable import PitwallSQLite
import PitwallSimulator
import PitwallTestSupport

/// What only the SQLite file adds to the contract: it lasts.
@Suite("SQLite file")
struct SQLiteStoreTests {
    @Test("events and state survive closing and reopening the file")
    func survivesReopen() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var make = EventFactory()
        let events = [make.created(0), make.sent(30, message: "m1"), make.received(90, message: "r1")]
        let now = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)
        do {
            let store = try SQLiteStore(path: folder.file("p.sqlite"))
            _ = try await store.ingest(events, at: now)
        }
        let reopened = try SQLiteStore(path: folder.file("p.sqlite"))
        #expect(try await reopened.totals() == StoreTotals(events: 3, leads: 1))
        #expect(try await reopened.leadRecords("lead-1")?.state.inboundCount == 1)
        #expect(try await reopened.ingest(events, at: now) == [.duplicate, .duplicate, .duplicate])
        #expect(try await reopened.appliedMigrations() == SQLiteStore.schemaVersions)
        #expect(SQLiteStore.schemaVersions.count >= 4)
    }

    @Test("the leads waiting for their agent, and those not answered yet, are read through their own indexes, not through every lead of the week")
    func awaitingAgentIndex() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        _ = try SQLiteStore(path: folder.file("p.sqlite"))
        let plan = try await DatabaseQueue(path: folder.file("p.sqlite")).read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN SELECT lead_id FROM lead WHERE created_at >= ? AND (\(SQLiteStore.awaitingAgentCondition))", arguments: [0]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX lead_awaiting_agent") }, "\(plan)")
        // The group's leads of the week not answered by an instant (the queue and the escalation
        // watch): both halves through their index. (One store's go through that store's leads.)
        let unanswered = try await DatabaseQueue(path: folder.file("p.sqlite")).read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN SELECT lead_id FROM lead WHERE \(SQLiteStore.unanswered(created: "created_at >= ?"))", arguments: [0, 0, 0]
            ).map { $0["detail"] as String }
        }
        #expect(unanswered.filter { $0.contains("USING INDEX lead_by_first_response") || $0.contains("USING COVERING INDEX lead_by_first_response") }.count == 2, "\(unanswered)")
    }

    @Test("closing folds the log into the file and removes it: the file alone, copied, has every event; the closed store refuses work")
    func closeLeavesOneFile() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var make = EventFactory()
        let events = [make.created(0), make.sent(30, message: "m1"), make.received(90, message: "r1")]
        let path = folder.file("p.sqlite")
        let store = try SQLiteStore(path: path)
        let reader = try SQLiteStore(path: path)
        _ = try await store.ingest(events, at: make.at(100))
        #expect(try await reader.totals().events == 3)  // a reader had the file open too
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try reader.close()
        try store.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        try FileManager.default.copyItem(atPath: path, toPath: folder.file("copy.sqlite"))
        #expect(try await SQLiteStore(path: folder.file("copy.sqlite")).totals() == StoreTotals(events: 3, leads: 1))
        await #expect(throws: (any Error).self) { try await store.totals() }
    }

    @Test("a path that cannot hold a database gives a clear error")
    func unusablePath() {
        #expect {
            try SQLiteStore(path: "/proc/pitwall/none.sqlite")
        } throws: { error in
            "\(error)".contains("cannot open the database at /proc/pitwall/none.sqlite")
        }
    }

    @Test(
        "moving a store to another time zone in the configuration recounts its KPI days at start-up; a command run without the configuration leaves them"
    )
    func zoneChangeRebuildsRollups() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("p.sqlite")
        // 03:30 UTC on 2026-03-10 is still the 9th in Chicago.
        let event = Event(
            id: "e1", occurredAt: try Timestamp(rfc3339: "2026-03-10T03:30:00Z"), leadID: "L",
            payload: .leadCreated(LeadCreated(storeID: "lkt", source: "website")))
        func leads(on day: String, _ store: SQLiteStore) async throws -> Double? {
            let date = CivilDate(iso: day)!
            return try await store.scorecard(KPIQuery(from: date, to: date)).result(.leadToSaleConversion)?.denominator
        }
        do {
            let utc = try SQLiteStore(path: path)
            _ = try await utc.ingest([event], at: event.occurredAt)
            #expect(try await leads(on: "2026-03-10", utc) == 1)
        }
        let chicago = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "America/Chicago")!)])
        do {
            let reopened = try SQLiteStore(path: path, configuration: chicago)
            #expect(try await leads(on: "2026-03-10", reopened) == 0)
            #expect(try await leads(on: "2026-03-09", reopened) == 1)
        }
        // `pitwall token create` without --config knows no zones: the days stay Chicago's.
        _ = try SQLiteStore(path: path)
        let again = try SQLiteStore(path: path, configuration: chicago)
        #expect(try await leads(on: "2026-03-09", again) == 1)
        #expect(try await leads(on: "2026-03-10", try SQLiteStore(path: path)) == 0)
    }

    @Test("upgrading a v9 file re-reads stored replies: an opt-out in words becomes an opt-out, START brings a lead back, the KPI is recounted")
    func consentUpgrade() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("p.sqlite")
        var make = EventFactory()
        var back = EventFactory(lead: "lead-2")
        let events = [
            make.created(0), make.sent(30, message: "m1"), make.received(90, message: "r1", body: "please stop texting me"),
            back.created(0), back.sent(30, message: "m2"), back.received(60, message: "r2", body: "STOP"), back.received(600, message: "r3", body: "start"),
        ]
        let day = CivilDate(daysSinceEpoch: make.base.millisecondsSinceEpoch / Timestamp.millisecondsPerDay)
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.ingest(events, at: make.at(700))
        }
        // Make the file what version 9 left: keyword-only opt-outs, no consent columns, rollups counted so.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                UPDATE message SET is_opt_out = 0 WHERE message_id = 'r1';
                UPDATE lead SET opted_out_at = NULL WHERE lead_id = 'lead-1';
                ALTER TABLE lead DROP COLUMN last_opt_out_at;
                ALTER TABLE lead DROP COLUMN last_opt_in_at;
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v10:%';
                DELETE FROM rollup;
                """)
        }
        try queue.close()
        let upgraded = try SQLiteStore(path: path)
        let first = try #require(try await upgraded.leadRecords("lead-1"))
        #expect(first.state.optedOutAt == make.at(90) && first.state.isOptedOut)
        #expect(first.messages.first { $0.key.messageID == "r1" }?.isOptOut == true)
        let second = try #require(try await upgraded.leadRecords("lead-2"))
        #expect(second.state.optedOutAt == back.at(60) && !second.state.isOptedOut && second.state.lastOptInAt == back.at(600))
        let optOut = try await upgraded.scorecard(KPIQuery(from: day, to: day)).result(.optOutRate)
        #expect(optOut?.numerator == 2 && optOut?.denominator == 2)
    }

    @Test("upgrading a v14 file counts the spread of its sales: four sales averaging $28,000 become too few to tell")
    func spreadUpgrade() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("p.sqlite")
        let configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "UTC")!)])
        var events: [Event] = []
        for (index, amount) in [22_000.0, 26_000, 30_000, 34_000].enumerated() {
            var make = EventFactory(lead: LeadID("S\(index)"))
            events += [make.created(0, store: "lkt"), make.sale(3_600, id: "S\(index)-sale", amount: amount)]
        }
        let day = CivilDate(daysSinceEpoch: events[0].occurredAt.millisecondsSinceEpoch / Timestamp.millisecondsPerDay)
        do {
            let store = try SQLiteStore(path: path, configuration: configuration)
            _ = try await store.ingest(events, at: events[0].occurredAt.adding(seconds: 7_200))
        }
        // Make the file what version 14 left: no squares, and the basis recorded without the counters.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                ALTER TABLE rollup DROP COLUMN conversation_messages_squared;
                ALTER TABLE rollup DROP COLUMN sale_hundreds_squared;
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v15:%';
                UPDATE rollup_zone SET zone = substr(zone, 1, instr(zone, '|counters=') - 1);
                """)
        }
        try queue.close()
        let upgraded = try SQLiteStore(path: path, configuration: configuration)
        let sales = try await upgraded.scorecard(KPIQuery(from: day, to: day)).result(.averageSaleValue)
        #expect(sales?.value == 28_000)
        let range = try #require(sales?.plausibleRange)
        #expect(abs(range.lower - 21_218) < 1 && abs(range.upper - 38_250) < 1, "\(range)")
    }

    @Test("upgrading a v20 file counts its leads' contact details, temperatures, scoring check and spend into the rollups, so the contacts page, the scorecard, the check and the spend page have them at once")
    func contactUpgrade() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("p.sqlite")
        let configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "UTC")!)])
        var first = EventFactory(lead: "C1")
        var second = EventFactory(lead: "C2")
        // The factory's phone, 555-0101, is one of the numbers kept for fiction; its e-mail is good.
        let events = [first.created(0, store: "lkt"), second.created(60, store: "lkt", source: "vendor"), first.sale(120, id: "s1", amount: 30_000)]
        let day = CivilDate(daysSinceEpoch: events[0].occurredAt.millisecondsSinceEpoch / Timestamp.millisecondsPerDay)
        do {
            let store = try SQLiteStore(path: path, configuration: configuration)
            _ = try await store.ingest(events, at: events[2].occurredAt)
        }
        // Make the file what version 20 left: no contact counters, the basis recorded with 25 counters.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            for column in RollupCounter.allCases.dropFirst(25).map(\.column) + ["pickup_times"] { try db.execute(sql: "ALTER TABLE rollup DROP COLUMN \(column)") }
            for column in ["satisfaction", "satisfaction_at", "satisfaction_event_id", "recommend", "recommend_at", "recommend_event_id", "notified_via"] {
                try db.execute(sql: "ALTER TABLE lead DROP COLUMN \(column)")
            }
            try db.execute(sql: """
                DELETE FROM grdb_migrations WHERE CAST(substr(identifier, 2, instr(identifier, ':') - 2) AS INTEGER) >= 21;
                DROP TABLE coaching_session;
                DROP TABLE process_change;
                DROP TABLE backup_run;
                DROP TABLE storage_size;
                DROP TABLE restore_drill;
                DROP TABLE reported_delay;
                UPDATE rollup_zone SET zone = substr(zone, 1, instr(zone, '|counters=') - 1) || '|counters=25';
                """)
        }
        try queue.close()
        let upgraded = try SQLiteStore(path: path, configuration: configuration)
        let quality = try await upgraded.contactQuality(createdOn: day, through: day, store: nil)
        #expect(quality.total.leads == 2 && quality.total.phoneInvalid == 2 && quality.total.problems == [.fiction: 2])
        #expect(quality.total.unreachable == 0 && quality.total.emailMissing == 0)
        #expect(quality.bySource.keys.sorted() == ["vendor", "website"])
        // Hot 30, the e-mail 10, the car named 10, not answered yet: 50; the first lead bought: 100.
        let temperature = try await upgraded.scorecard(KPIQuery(from: day, to: day)).result(.leadTemperatureScore)
        #expect(temperature?.value == 75 && temperature?.denominator == 2, "\(String(describing: temperature))")
        var totals = KPITotals()
        for row in try await upgraded.rollupRows(dimension: .all, days: day.daysSinceEpoch...day.daysSinceEpoch, store: nil, counters: .all) { totals.add(row) }
        let check = TemperatureCheck(totals, weights: .standard)
        #expect(check.bands.map(\.leads) == [0, 0, 2, 0, 0] && check.bands.map(\.sold) == [0, 0, 1, 0, 0] && check.sold == 1)
        let spend = LeadSpendReport(
            grouping: .source, rows: try await upgraded.rollupRows(dimension: .source, days: day.daysSinceEpoch...day.daysSinceEpoch, store: nil, counters: .all))
        #expect(spend.lines.map(\.value) == ["website", "vendor"], "the buyer's source first, the other paid without a sale")
        #expect(spend.total == LeadSpend(leads: 2, pricedLeads: 2, spend: Money(amount: 50), replied: 0, bought: 1, revenue: Money(amount: 30_000)))
    }

    @Test("points weighed otherwise in the configuration recount the rollups when the file opens, and the scorecard's temperature follows")
    func temperatureWeightsRecount() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("p.sqlite")
        let configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "UTC")!)])
        var make = EventFactory(lead: "W1")
        let created = make.created(0, store: "lkt", tier: .warm)
        let day = CivilDate(daysSinceEpoch: created.occurredAt.millisecondsSinceEpoch / Timestamp.millisecondsPerDay)
        do {
            let store = try SQLiteStore(path: path, configuration: configuration)
            _ = try await store.ingest([created], at: created.occurredAt)
            // Warm 20, the e-mail 10, the car 10.
            #expect(try await store.scorecard(KPIQuery(from: day, to: day)).result(.leadTemperatureScore)?.value == 40)
        }
        var weighed = configuration
        weighed.leadTemperature = LeadTemperature.Weights([.warmTier: 35])
        let reopened = try SQLiteStore(path: path, configuration: weighed)
        #expect(try await reopened.scorecard(KPIQuery(from: day, to: day)).result(.leadTemperatureScore)?.value == 55)
    }

    @Test("rollups kept in the older fixed-width form are recounted when the file opens; the medians read as before, from rows a sixth the size")
    func fixedWidthSketchesRecounted() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("v32.sqlite")
        let configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "UTC")!)])
        // Five hot leads answered by the AI at 20 s, 45 s, 2 min, 4 min and 30 min: median 2 min.
        var events: [Event] = []
        for (index, seconds) in [20.0, 45, 120, 240, 1_800].enumerated() {
            var make = EventFactory(lead: LeadID("F\(index)"))
            events += [make.created(0, store: "lkt"), make.sent(seconds, message: "F\(index)-m1")]
        }
        let day = CivilDate(daysSinceEpoch: events[0].occurredAt.millisecondsSinceEpoch / Timestamp.millisecondsPerDay)
        let median: (SQLiteStore) async throws -> Double? = { try await $0.scorecard(KPIQuery(from: day, to: day)).result(.firstResponseTime)?.value }
        do {
            let store = try SQLiteStore(path: path, configuration: configuration)
            _ = try await store.ingest(events, at: events[0].occurredAt.adding(seconds: 3_600))
            #expect(abs(try #require(try await median(store)) - 120) <= 1.2)
        }
        // Turn the file into what schema v32 wrote: each sketch as 8 bytes of zero count and
        // 12 bytes a bucket, under the basis that did not name the form.
        let pool = try DatabasePool(path: path)
        let fixedWidthBytes = try await pool.write { db in
            var fixedWidthBytes = 0
            for row in try Row.fetchAll(db, sql: "SELECT dimension, day, store_id, value, response_times FROM rollup") {
                let sketch = try #require(QuantileSketch(encoded: row[4] as Data? ?? Data()))
                var old = Data()
                withUnsafeBytes(of: sketch.zeroCount.littleEndian) { old.append(contentsOf: $0) }
                for index in sketch.buckets.keys.sorted() {
                    withUnsafeBytes(of: index.littleEndian) { old.append(contentsOf: $0) }
                    withUnsafeBytes(of: sketch.buckets[index]!.littleEndian) { old.append(contentsOf: $0) }
                }
                fixedWidthBytes += old.count
                try db.execute(
                    sql: "UPDATE rollup SET response_times = ? WHERE dimension = ? AND day = ? AND store_id = ? AND value = ?",
                    arguments: [old, row[0] as String, row[1] as Int64, row[2] as String, row[3] as String])
            }
            try db.execute(sql: "UPDATE rollup_zone SET zone = replace(zone, ';sketches=varint', '')")
            return fixedWidthBytes
        }
        try pool.close()
        #expect(fixedWidthBytes > 0)

        let reopened = try SQLiteStore(path: path, configuration: configuration)
        #expect(abs(try #require(try await median(reopened)) - 120) <= 1.2)
        let check = try DatabaseQueue(path: path)
        let storedBytes = try await check.read { db in
            let blobs = try Data.fetchAll(db, sql: "SELECT response_times FROM rollup WHERE length(response_times) > 0")
            for blob in blobs { #expect(QuantileSketch(encoded: blob) != nil) }
            return blobs.reduce(0) { $0 + $1.count }
        }
        #expect(storedBytes * 4 < fixedWidthBytes, "\(storedBytes) bytes against \(fixedWidthBytes)")
    }

    /// The same simulated stream through one store, and through two stores on the same file
    /// taking turns (as a server and an import running side by side), through a store
    /// reopened half-way, and through imports that work each batch out while the one before
    /// is written: every way gives the same ledger and the same scorecard.
    @Test("two writers on one file, a reopen half-way, a writer that remembers almost nothing between batches, or an import working a batch ahead, end where one writer ends")
    func sharedFileAndReopen() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let simulator = DealershipSimulator(settings: SimulationSettings(days: 6, seed: 21, storeCount: 2))
        var events: [Event] = []
        simulator.run { events.append($0) }
        let batches = stride(from: 0, to: events.count, by: 600).map { Array(events[$0..<min($0 + 600, events.count)]) }
        let now = simulator.settings.end
        let configuration = simulator.configuration

        let single = try SQLiteStore(path: folder.file("single.sqlite"), configuration: configuration)
        for batch in batches { _ = try await single.ingest(batch, at: now) }

        let first = try SQLiteStore(path: folder.file("shared.sqlite"), configuration: configuration)
        let second = try SQLiteStore(path: folder.file("shared.sqlite"), configuration: configuration)
        for (index, batch) in batches.enumerated() { _ = try await (index % 3 == 1 ? second : first).ingest(batch, at: now) }

        do {
            let before = try SQLiteStore(path: folder.file("reopened.sqlite"), configuration: configuration)
            for batch in batches.prefix(batches.count / 2) { _ = try await before.ingest(batch, at: now) }
        }
        let after = try SQLiteStore(path: folder.file("reopened.sqlite"), configuration: configuration)
        for batch in batches.dropFirst(batches.count / 2) { _ = try await after.ingest(batch, at: now) }

        // A server's writer keeps a few thousand leads and cells; with four of each, nearly
        // every batch reads its leads and cells back from the file.
        let forgetful = try SQLiteStore(
            path: folder.file("forgetful.sqlite"), configuration: configuration, writerCache: WriterCacheSize(leads: 4, rollupCells: 4, pageCacheKiB: 64))
        for batch in batches { _ = try await forgetful.ingest(batch, at: now) }

        // An import working each batch out while the one before is written: with a lookahead
        // that remembers almost nothing, and beside another writer on the same file that
        // writes between its batches (each of those batches is worked out again at writing).
        let forgetfulImport = try SQLiteStore(
            path: folder.file("forgetful-import.sqlite"), configuration: configuration,
            writerCache: WriterCacheSize(leads: 4, rollupCells: 4, pageCacheKiB: 64))
        let tally = try await forgetfulImport.ingestInOrderTallying(batches, clock: ManualClock(now))
        #expect(tally == SQLiteStore.OrderedIngestTally(ordinary: 1, workedOutAhead: batches.count - 1, workedOutAgain: 0))
        let importing = try SQLiteStore(path: folder.file("import-beside.sqlite"), configuration: configuration)
        let beside = try SQLiteStore(path: folder.file("import-beside.sqlite"), configuration: configuration)
        let (ours, theirs) = (batches.enumerated().filter { $0.offset % 4 != 2 }.map(\.element), batches.enumerated().filter { $0.offset % 4 == 2 }.map(\.element))
        var theirsLeft = theirs[...]
        let besideTally = try await importing.ingestInOrderTallying(ours, clock: ManualClock(now)) { handed in
            if handed % 3 == 2, let batch = theirsLeft.popFirst() { _ = try await beside.ingest(batch, at: now) }
        }
        for batch in theirsLeft { _ = try await beside.ingest(batch, at: now) }
        let writtenBeside = theirs.count - theirsLeft.count
        #expect(writtenBeside >= 3)
        #expect(besideTally == SQLiteStore.OrderedIngestTally(ordinary: 1, workedOutAhead: ours.count - 1 - writtenBeside, workedOutAgain: writtenBeside))

        let start = CivilDate(year: 2026, month: 1, day: 5)!
        let query = KPIQuery(from: start, to: start.adding(days: 5), groupBy: .agent)
        let expected = try await single.scorecard(query).json
        let expectedLedger = try await single.ledgerSnapshot()
        for store in [first, after, forgetful, forgetfulImport, importing] {
            #expect(try await store.scorecard(query).json == expected)
            #expect(try await store.ledgerSnapshot() == expectedLedger)
        }
    }
}

/// An importer's `next` over `batches`: `beforeHanding` runs before each batch is handed over,
/// with the number of batches handed so far.
func handingOut(_ batches: [[Event]], beforeHanding: @escaping (Int) async throws -> Void = { _ in }) -> () async throws -> DecodedBatch? {
    var handed = 0
    return {
        guard handed < batches.count else { return nil }
        try await beforeHanding(handed)
        defer { handed += 1 }
        return DecodedBatch(events: batches[handed])
    }
}

extension SQLiteStore {
    /// Stores `batches` as an import does; `beforeHanding` runs before each batch is handed over.
    func ingestInOrderTallying(
        _ batches: [[Event]], clock: ManualClock, beforeHanding: @escaping (Int) async throws -> Void = { _ in }
    ) async throws -> OrderedIngestTally {
        try await ingestInOrderTallying(next: handingOut(batches, beforeHanding: beforeHanding), clock: clock, stored: { _, _ in })
    }
}
