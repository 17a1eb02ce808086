import Foundation
import GRDB
import PitwallCore

extension SQLiteStore: EventStore {
    public func ingest(_ batch: PreparedBatch, at ingestedAt: Timestamp) async throws -> [IngestDisposition] {
        let events = batch.events
        let bodies = batch.bodies
        let arrivals = batch.arrivals(default: ingestedAt)
        guard !events.isEmpty else { return [] }
        let resolver = self.resolver
        let cache = self.cache
        do {
            return try await pool.write { db in
                try cache.withState { state in
                    try Self.write(events: events, bodies: bodies, arrivals: arrivals, to: db, resolver: resolver, cache: &state)
                }
            }
        } catch {
            // The transaction rolled back; what the cache learned during it is not in the file.
            cache.reset()
            throw error
        }
    }

    /// Below this many events a batch is stored on one thread: waking a second costs more than it saves.
    static let sharedWorkMinimum = 2_000

    static func write(
        events: [Event], bodies: [String], arrivals: [Timestamp], to db: Database, resolver: LocalDayResolver, cache: inout WriterCache.State
    ) throws -> [IngestDisposition] {
        try synchronise(&cache, with: db)
        cache.transactions += 1
        guard events.count >= sharedWorkMinimum else {
            let stored = try storeEvents(events, bodies: bodies, arrivals: arrivals, in: db)
            try fold(stored.accepted, into: db, resolver: resolver, cache: &cache)
            return stored.dispositions
        }
        // Storing the event rows and working out what the events change touch nothing in
        // common, so the second core works out the change (assuming every event is new)
        // while this one stores the rows. A duplicate in the batch, rare but for a retry,
        // throws the guess away and the change is worked out again from the new ones.
        let all = Array(zip(events, arrivals))
        let inputs = try foldInputs(for: all, from: db, cache: &cache.leads)
        let guess = HandOff { change(from: all, inputs: inputs, resolver: resolver) }
        let stored = Result { try storeEvents(events, bodies: bodies, arrivals: arrivals, in: db) }
        let guessed = guess.wait()
        let rows = try stored.get()
        if rows.accepted.count == all.count {
            try save(guessed, to: db, resolver: resolver, cache: &cache)
        } else {
            try fold(rows.accepted, into: db, resolver: resolver, cache: &cache)
        }
        return rows.dispositions
    }

    struct StoredEvents {
        var dispositions: [IngestDisposition]
        var accepted: [(Event, Timestamp)]
    }

    /// Inserts the event rows; an id already stored is a duplicate when its body is the same, else a conflict.
    static func storeEvents(_ events: [Event], bodies: [String], arrivals: [Timestamp], in db: Database) throws -> StoredEvents {
        let insert = try DirectStatement(
            db, sql: "INSERT INTO event (id, type, lead_id, occurred_at, ingested_at, body) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING")
        let lookup = try db.cachedStatement(sql: "SELECT body FROM event WHERE id = ?")
        var result = StoredEvents(dispositions: [], accepted: [])
        result.dispositions.reserveCapacity(events.count)
        result.accepted.reserveCapacity(events.count)
        for ((event, body), arrival) in zip(zip(events, bodies), arrivals) {
            try insert.run { row in
                row.bind(event.id.rawValue)
                row.bind(event.type.rawValue)
                row.bind(event.leadID.rawValue)
                row.bind(event.occurredAt.millisecondsSinceEpoch)
                row.bind(arrival.millisecondsSinceEpoch)
                row.bind(body)
            }
            if db.changesCount > 0 {
                result.accepted.append((event, arrival))
                result.dispositions.append(.accepted)
            } else {
                let stored = try String.fetchOne(lookup, arguments: [event.id.rawValue])
                result.dispositions.append(stored == body ? .duplicate : .conflict)
            }
        }
        return result
    }

    /// The leads that stored records with these keys belong to, looked up a few hundred at a time.
    static func leadIDs(in table: String, keyColumn: String, keys: [String], from db: Database) throws -> [LeadID] {
        var leads: [LeadID] = []
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(start + 500, keys.count)])
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            leads += try String.fetchAll(db, sql: "SELECT DISTINCT lead_id FROM \(table) WHERE \(keyColumn) IN (\(placeholders))", arguments: StatementArguments(chunk))
                .map { LeadID($0) }
            start += chunk.count
        }
        return leads
    }

    /// Forgets the cache when another connection (another process) has written to the file.
    /// Returns false when it had to forget.
    @discardableResult
    static func synchronise(_ cache: inout WriterCache.State, with db: Database) throws -> Bool {
        let version = try Int64.fetchOne(db, sql: "PRAGMA data_version")
        guard version != cache.dataVersion else { return true }
        cache = WriterCache.State(size: cache.size)
        cache.dataVersion = version
        return false
    }

    /// The records of every lead the events touch, as they stand before them.
    struct FoldInputs {
        var before: [LeadID: LeadRecords]
        /// Leads that own a record the events name without being its lead (a status whose
        /// send was filed under another lead): counted before and after too.
        var owners: [LeadID]
    }

    /// What a batch changes, worked out before anything of it is written.
    struct LedgerChange {
        var ledger: LeadLedger
        var after: [LeadID: LeadRecords]
        var delta: [RollupCell: RollupMetrics]
    }

    /// Loads the records the accepted events touch, folds the events in, writes back what
    /// changed, and moves the KPI rollups by the difference the change made.
    static func fold(
        _ arrivals: [(Event, Timestamp)], into db: Database, resolver: LocalDayResolver, cache: inout WriterCache.State
    ) throws {
        guard !arrivals.isEmpty else { return }
        let inputs = try foldInputs(for: arrivals, from: db, cache: &cache.leads)
        try save(change(from: arrivals, inputs: inputs, resolver: resolver), to: db, resolver: resolver, cache: &cache)
    }

    /// `unwritten`: a batch's change not in the file yet (an import's batch still being
    /// written while this one is worked out); its records come before the cache and the file.
    static func foldInputs(
        for arrivals: [(Event, Timestamp)], from db: Database, cache: inout TwoGenerationCache<LeadID, LeadRecords>, unwritten: LedgerChange? = nil
    ) throws -> FoldInputs {
        let keys = LedgerKeys(events: arrivals.map(\.0))
        func records(of id: LeadID) throws -> LeadRecords? {
            try unwritten?.after[id] ?? cache.value(for: id) ?? loadRecords(of: id, from: db)
        }
        // Every record of every touched lead: the rollups need each lead's whole picture before and after.
        var before: [LeadID: LeadRecords] = [:]
        for id in keys.leads {
            if let records = try records(of: id) { before[id] = records }
        }
        let knownMessages = Set(before.values.flatMap { $0.messages.map(\.key) })
        let knownAppointments = Set(before.values.flatMap { $0.appointments.map(\.appointmentID) })
        let knownSales = Set(before.values.flatMap { $0.sales.map(\.saleID) })
        let unknown = RecordKeys(
            messages: keys.messages.filter { !knownMessages.contains($0) }.map(\.messageID.rawValue),
            appointments: keys.appointments.filter { !knownAppointments.contains($0) }.map(\.rawValue),
            sales: keys.sales.filter { !knownSales.contains($0) }.map(\.rawValue))
        var owners = try leadIDs(in: "message", keyColumn: "message_id", keys: unknown.messages, from: db)
        owners += try leadIDs(in: "appointment", keyColumn: "appointment_id", keys: unknown.appointments, from: db)
        owners += try leadIDs(in: "sale", keyColumn: "sale_id", keys: unknown.sales, from: db)
        if let unwritten { owners += unwritten.ledger.owners(of: unknown) }
        for owner in owners where before[owner] == nil {
            if let records = try records(of: owner) { before[owner] = records }
        }
        return FoldInputs(before: before, owners: owners)
    }

    /// The events folded into their leads' records, and what that moves in the rollups. No I/O.
    static func change(from arrivals: [(Event, Timestamp)], inputs: FoldInputs, resolver: LocalDayResolver) -> LedgerChange {
        let before = inputs.before
        var ledger = LeadLedger(
            leads: before.values.map(\.state), messages: before.values.flatMap(\.messages), appointments: before.values.flatMap(\.appointments),
            sales: before.values.flatMap(\.sales), complaints: before.values.flatMap(\.complaints))
        for (event, arrival) in arrivals {
            ledger.apply(event, ingestedAt: arrival)
        }
        let touched = ledger.leadsTouched.union(inputs.owners)
        let after = ledger.recordsByLead()
        return LedgerChange(ledger: ledger, after: after, delta: rollupDelta(leads: touched, before: before, after: after, resolver: resolver))
    }

    /// `rememberingLeads`: false when someone else keeps the leads' records (an import's lookahead).
    static func save(
        _ change: LedgerChange, to db: Database, resolver: LocalDayResolver, cache: inout WriterCache.State, rememberingLeads: Bool = true
    ) throws {
        try checkCounting(of: Set(change.delta.keys.map(\.store)), resolver: resolver, in: db)
        let ledger = change.ledger
        let saveLead = try DirectStatement(db, sql: LeadState.insertSQL)
        for id in ledger.changedLeads { try saveLead.run(ledger.leads[id]!.bind(to:)) }
        let saveMessage = try DirectStatement(db, sql: MessageRecord.insertSQL)
        for key in ledger.changedMessages { try saveMessage.run(ledger.messages[key]!.bind(to:)) }
        let saveAppointment = try DirectStatement(db, sql: AppointmentRecord.insertSQL)
        for id in ledger.changedAppointments { try saveAppointment.run(ledger.appointments[id]!.bind(to:)) }
        let saveSale = try DirectStatement(db, sql: SaleRecord.insertSQL)
        for id in ledger.changedSales { try saveSale.run(ledger.sales[id]!.bind(to:)) }
        let saveComplaint = try DirectStatement(db, sql: ComplaintRecord.insertSQL)
        for id in ledger.changedComplaints { try saveComplaint.run(ledger.complaints[id]!.bind(to:)) }
        let saveSignal = try DirectStatement(db, sql: SystemSignal.insertSQL)
        for id in ledger.changedSignals { try saveSignal.run(ledger.signals[id]!.bind(to:)) }
        let saveSample = try DirectStatement(db, sql: SystemSample.insertSQL)
        for id in ledger.changedSamples { try saveSample.run(ledger.samples[id]!.bind(to:)) }

        try applyRollupDelta(change.delta, to: db, cache: &cache)
        try recordZones(of: Set(change.delta.keys.map(\.store)), resolver: resolver, in: db)
        guard rememberingLeads else { return }
        for (id, records) in change.after { cache.leads.store(records, for: id) }
    }

    public func leadRecords(_ id: LeadID) async throws -> LeadRecords? {
        try await pool.read { db in try Self.loadRecords(of: id, from: db) }
    }

    public func leadRecords(_ ids: [LeadID]) async throws -> [LeadRecords] {
        let unique = Array(Set(ids))
        return try await pool.read { db in try Self.loadRecords(of: unique, from: db) }
    }

    public func events(of lead: LeadID) async throws -> [StoredEvent] {
        try await pool.read { db in
            try db.all("SELECT body, ingested_at FROM event WHERE lead_id = ? ORDER BY occurred_at, id", arguments: [lead.rawValue]) { row in
                    StoredEvent(event: try Event(storedJSON: row[0]), ingestedAt: Timestamp(millisecondsSinceEpoch: row[1]))
                }
        }
    }

    public func totals() async throws -> StoreTotals {
        try await pool.read { db in
            StoreTotals(
                events: try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? 0,
                leads: try Int.fetchOne(db, sql: "SELECT count(*) FROM lead WHERE created_at IS NOT NULL") ?? 0)
        }
    }

    public func systemSignals() async throws -> [SystemSignal] {
        try await pool.read { db in
            try db.all("SELECT \(SystemSignal.columns) FROM system_signal ORDER BY at, event_id", read: SystemSignal.init(row:))
        }
    }

    public func systemSamples(metric: String, from: Timestamp, to: Timestamp) async throws -> [SystemSample] {
        try await pool.read { db in
            try db.all(
                "SELECT \(SystemSample.columns) FROM system_sample WHERE metric = ? AND at >= ? AND at < ? ORDER BY at, event_id",
                arguments: [metric, from.millisecondsSinceEpoch, to.millisecondsSinceEpoch], read: SystemSample.init(row:))
        }
    }

    public func ledgerSnapshot() async throws -> LedgerSnapshot {
        try await pool.read { db in
            LedgerSnapshot(
                leads: try db.allDirect("SELECT \(LeadState.columns) FROM lead", read: { LeadState(row: $0) }),
                messages: try db.all("SELECT \(MessageRecord.columns) FROM message", read: MessageRecord.init(row:)),
                appointments: try db.all("SELECT \(AppointmentRecord.columns) FROM appointment", read: AppointmentRecord.init(row:)),
                sales: try db.all("SELECT \(SaleRecord.columns) FROM sale", read: SaleRecord.init(row:)),
                complaints: try db.all("SELECT \(ComplaintRecord.columns) FROM complaint", read: ComplaintRecord.init(row:)),
                signals: try db.all("SELECT \(SystemSignal.columns) FROM system_signal", read: SystemSignal.init(row:)),
                samples: try db.all("SELECT \(SystemSample.columns) FROM system_sample", read: SystemSample.init(row:)))
        }
    }
}
