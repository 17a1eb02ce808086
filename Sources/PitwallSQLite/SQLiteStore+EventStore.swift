import Foundation
import GRDB
import PitwallCore

extension SQLiteStore: EventStore {
    public func ingest(_ events: [Event], at ingestedAt: Timestamp) async throws -> [IngestDisposition] {
        guard !events.isEmpty else { return [] }
        // Serialise before entering the single writer, which is the bottleneck.
        let bodies = events.map(\.canonicalJSON)
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
            try Self.fold(accepted, ingestedAt: ingestedAt, into: db)
            return dispositions
        }
    }

    /// Loads the records the accepted events touch, folds the events in, writes back what changed.
    static func fold(_ events: [Event], ingestedAt: Timestamp, into db: Database) throws {
        guard !events.isEmpty else { return }
        let keys = LedgerKeys(events: events)
        let leadLookup = try db.cachedStatement(sql: LeadState.selectByIDSQL)
        let messageLookup = try db.cachedStatement(sql: MessageRecord.selectByKeySQL)
        let appointmentLookup = try db.cachedStatement(sql: AppointmentRecord.selectByIDSQL)
        let saleLookup = try db.cachedStatement(sql: SaleRecord.selectByIDSQL)
        var ledger = LeadLedger(
            leads: try keys.leads.compactMap { id in
                try Row.fetchOne(leadLookup, arguments: [id.rawValue]).map(LeadState.init(row:))
            },
            messages: try keys.messages.compactMap { key in
                try Row.fetchOne(messageLookup, arguments: [key.messageID.rawValue, key.direction.rawValue]).map(MessageRecord.init(row:))
            },
            appointments: try keys.appointments.compactMap { id in
                try Row.fetchOne(appointmentLookup, arguments: [id.rawValue]).map(AppointmentRecord.init(row:))
            },
            sales: try keys.sales.compactMap { id in
                try Row.fetchOne(saleLookup, arguments: [id.rawValue]).map(SaleRecord.init(row:))
            })
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
    }

    public func leadRecords(_ id: LeadID) async throws -> LeadRecords? {
        try await pool.read { db in
            guard let state = try Row.fetchOne(db, sql: LeadState.selectByIDSQL, arguments: [id.rawValue]).map(LeadState.init(row:)) else {
                return nil
            }
            return LeadRecords(
                state: state,
                messages: try Row.fetchAll(db, sql: "SELECT \(MessageRecord.columns) FROM message WHERE lead_id = ? ORDER BY at, message_id", arguments: [id.rawValue])
                    .map(MessageRecord.init(row:)),
                appointments: try Row.fetchAll(
                    db, sql: "SELECT \(AppointmentRecord.columns) FROM appointment WHERE lead_id = ? ORDER BY set_at, appointment_id", arguments: [id.rawValue]
                ).map(AppointmentRecord.init(row:)),
                sales: try Row.fetchAll(db, sql: "SELECT \(SaleRecord.columns) FROM sale WHERE lead_id = ? ORDER BY closed_at, sale_id", arguments: [id.rawValue])
                    .map(SaleRecord.init(row:)))
        }
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
                sales: try Row.fetchAll(db, sql: "SELECT \(SaleRecord.columns) FROM sale").map(SaleRecord.init(row:)))
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
