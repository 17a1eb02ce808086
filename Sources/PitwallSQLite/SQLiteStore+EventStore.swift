import Foundation
import GRDB
import PitwallCore

extension SQLiteStore: EventStore {
    public func ingest(_ events: [Event], at ingestedAt: Timestamp) async throws -> [IngestDisposition] {
        guard !events.isEmpty else { return [] }
        // Serialise before entering the single writer, which is the bottleneck.
        let bodies = events.map(\.canonicalJSON)
        let resolver = self.resolver
        return try await pool.write { db in
            let insert = try db.cachedStatement(
                sql: "INSERT INTO event (id, type, lead_id, occurred_at, ingested_at, body) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING")
            let lookup = try db.cachedStatement(sql: "SELECT body FROM event WHERE id = ?")
            var dispositions: [IngestDisposition] = []
            dispositions.reserveCapacity(events.count)
            var accepted: [Event] = []
            accepted.reserveCapacity(events.count)
            for (event, body) in zip(events, bodies) {
                try insert.execute(arguments: [
                    event.id.rawValue, event.type.rawValue, event.leadID.rawValue, event.occurredAt.millisecondsSinceEpoch,
                    ingestedAt.millisecondsSinceEpoch, body,
                ])
                if db.changesCount > 0 {
                    accepted.append(event)
                    dispositions.append(.accepted)
                } else {
                    let stored = try String.fetchOne(lookup, arguments: [event.id.rawValue])
                    dispositions.append(stored == body ? .duplicate : .conflict)
                }
            }
            try Self.fold(accepted, ingestedAt: ingestedAt, into: db, resolver: resolver)
            return dispositions
        }
    }

    /// Loads the records the accepted events touch, folds the events in, writes back what
    /// changed, and moves the KPI rollups by the difference the change made.
    static func fold(_ events: [Event], ingestedAt: Timestamp, into db: Database, resolver: LocalDayResolver) throws {
        guard !events.isEmpty else { return }
        let keys = LedgerKeys(events: events)
        // Every record of every touched lead: the rollups need each lead's whole picture before and after.
        var before: [LeadID: LeadRecords] = [:]
        for id in keys.leads {
            if let records = try loadRecords(of: id, from: db) { before[id] = records }
        }
        // A record filed under another lead (a status whose send named a different lead) is
        // loaded by its own key, and so is that lead, so both are counted before and after.
        var owners: [LeadID] = []
        let knownMessages = Set(before.values.flatMap { $0.messages.map(\.key) })
        let knownAppointments = Set(before.values.flatMap { $0.appointments.map(\.appointmentID) })
        let knownSales = Set(before.values.flatMap { $0.sales.map(\.saleID) })
        for key in keys.messages where !knownMessages.contains(key) {
            if let row = try Row.fetchOne(db.cachedStatement(sql: MessageRecord.selectByKeySQL), arguments: [key.messageID.rawValue, key.direction.rawValue]) {
                owners.append(MessageRecord(row: row).leadID)
            }
        }
        for id in keys.appointments where !knownAppointments.contains(id) {
            if let row = try Row.fetchOne(db.cachedStatement(sql: AppointmentRecord.selectByIDSQL), arguments: [id.rawValue]) {
                owners.append(AppointmentRecord(row: row).leadID)
            }
        }
        for id in keys.sales where !knownSales.contains(id) {
            if let row = try Row.fetchOne(db.cachedStatement(sql: SaleRecord.selectByIDSQL), arguments: [id.rawValue]) {
                owners.append(SaleRecord(row: row).leadID)
            }
        }
        for owner in owners where before[owner] == nil {
            if let records = try loadRecords(of: owner, from: db) { before[owner] = records }
        }
        var ledger = LeadLedger(
            leads: before.values.map(\.state), messages: before.values.flatMap(\.messages), appointments: before.values.flatMap(\.appointments),
            sales: before.values.flatMap(\.sales), complaints: before.values.flatMap(\.complaints))
        for event in events {
            ledger.apply(event, ingestedAt: ingestedAt)
        }

        let saveLead = try db.cachedStatement(sql: LeadState.insertSQL)
        for id in ledger.changedLeads { try saveLead.execute(arguments: ledger.leads[id]!.databaseArguments) }
        let saveMessage = try db.cachedStatement(sql: MessageRecord.insertSQL)
        for key in ledger.changedMessages { try saveMessage.execute(arguments: ledger.messages[key]!.databaseArguments) }
        let saveAppointment = try db.cachedStatement(sql: AppointmentRecord.insertSQL)
        for id in ledger.changedAppointments { try saveAppointment.execute(arguments: ledger.appointments[id]!.databaseArguments) }
        let saveSale = try db.cachedStatement(sql: SaleRecord.insertSQL)
        for id in ledger.changedSales { try saveSale.execute(arguments: ledger.sales[id]!.databaseArguments) }
        let saveComplaint = try db.cachedStatement(sql: ComplaintRecord.insertSQL)
        for id in ledger.changedComplaints { try saveComplaint.execute(arguments: ledger.complaints[id]!.databaseArguments) }

        let touched = ledger.leadsTouched.union(owners)
        let delta = rollupDelta(leads: touched, before: before, after: ledger.recordsByLead(), resolver: resolver)
        try applyRollupDelta(delta, to: db)
        try recordZones(of: Set(delta.keys.map(\.store)), resolver: resolver, in: db)
    }

    public func leadRecords(_ id: LeadID) async throws -> LeadRecords? {
        try await pool.read { db in try Self.loadRecords(of: id, from: db) }
    }

    public func events(of lead: LeadID) async throws -> [StoredEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT body, ingested_at FROM event WHERE lead_id = ? ORDER BY occurred_at, id", arguments: [lead.rawValue])
                .map { row in
                    StoredEvent(event: try Self.decodeStoredEvent(row[0]), ingestedAt: Timestamp(millisecondsSinceEpoch: row[1]))
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

    public func ledgerSnapshot() async throws -> LedgerSnapshot {
        try await pool.read { db in
            LedgerSnapshot(
                leads: try Row.fetchAll(db, sql: "SELECT \(LeadState.columns) FROM lead").map(LeadState.init(row:)),
                messages: try Row.fetchAll(db, sql: "SELECT \(MessageRecord.columns) FROM message").map(MessageRecord.init(row:)),
                appointments: try Row.fetchAll(db, sql: "SELECT \(AppointmentRecord.columns) FROM appointment").map(AppointmentRecord.init(row:)),
                sales: try Row.fetchAll(db, sql: "SELECT \(SaleRecord.columns) FROM sale").map(SaleRecord.init(row:)),
                complaints: try Row.fetchAll(db, sql: "SELECT \(ComplaintRecord.columns) FROM complaint").map(ComplaintRecord.init(row:)))
        }
    }

    static func decodeStoredEvent(_ body: String) throws -> Event {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw StoredEventCorrupt(body: body)
        }
        return try Event(jsonObject: object)
    }
}

/// A stored event that no longer reads back: only possible if the file was edited by hand.
struct StoredEventCorrupt: Error, CustomStringConvertible {
    var body: String
    var description: String { "a stored event cannot be read back: \(body.prefix(200))" }
}
