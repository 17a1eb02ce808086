import GRDB
import PitwallCore

extension SQLiteStore {
    /// Ids bound to one `IN (...)` list: well below SQLite's limit on parameters.
    static let idsPerQuery = 500

    /// Everything stored about one lead, or nil when nothing is.
    static func loadRecords(of id: LeadID, from db: Database) throws -> LeadRecords? {
        let argument: StatementArguments = [id.rawValue]
        guard let state = try db.first(db.cachedStatement(sql: LeadState.selectByIDSQL), arguments: argument, read: { LeadState(row: $0) })
        else { return nil }
        return LeadRecords(
            state: state,
            messages: try db.all(
                db.cachedStatement(sql: "SELECT \(MessageRecord.columns) FROM message WHERE lead_id = ? ORDER BY at, message_id"), arguments: argument,
                read: MessageRecord.init(row:)),
            appointments: try db.all(
                db.cachedStatement(sql: "SELECT \(AppointmentRecord.columns) FROM appointment WHERE lead_id = ? ORDER BY set_at, appointment_id"),
                arguments: argument, read: AppointmentRecord.init(row:)),
            sales: try db.all(
                db.cachedStatement(sql: "SELECT \(SaleRecord.columns) FROM sale WHERE lead_id = ? ORDER BY closed_at, sale_id"), arguments: argument,
                read: SaleRecord.init(row:)),
            complaints: try db.all(
                db.cachedStatement(sql: "SELECT \(ComplaintRecord.columns) FROM complaint WHERE lead_id = ? ORDER BY at, event_id"), arguments: argument,
                read: ComplaintRecord.init(row:)))
    }

    /// Everything stored about the leads a condition on the `lead` table picks, in
    /// `created_at, lead_id` order: a range query for the leads, then each other table read by
    /// the chosen leads' ids a few hundred at a time, instead of five queries a lead. (Repeating
    /// the condition as a subquery for each table cost more than the reads when it filters on
    /// a column no index covers, as the live queue's "not answered yet" does.)
    static func loadRecords(ofLeadsWhere condition: String, arguments: StatementArguments, from db: Database) throws -> [LeadRecords] {
        try records(of: states(ofLeadsWhere: condition, arguments: arguments, from: db), from: db)
    }

    /// The states alone of the leads a condition picks, in `created_at, lead_id` order.
    static func states(ofLeadsWhere condition: String, arguments: StatementArguments, from db: Database) throws -> [LeadState] {
        try db.allDirect(
            "SELECT \(LeadState.columns) FROM lead WHERE \(condition) ORDER BY created_at, lead_id", arguments: arguments, read: { LeadState(row: $0) })
    }

    /// Everything stored about these leads (those that have anything), in no set order.
    static func loadRecords(of ids: [LeadID], from db: Database) throws -> [LeadRecords] {
        try records(of: states(of: ids, from: db), from: db)
    }

    /// The states alone of these leads (those that exist), in no set order.
    static func states(of ids: [LeadID], from db: Database) throws -> [LeadState] {
        try inChunks(of: ids.map(\.rawValue), in: db, { "SELECT \(LeadState.columns) FROM lead WHERE lead_id IN (\($0))" }) {
            try db.allDirect($0, arguments: $1, read: { LeadState(row: $0) })
        }
    }

    /// The leads' messages, appointments, sales and complaints, read by their ids a few
    /// hundred at a time, filed with each state.
    private static func records(of states: [LeadState], from db: Database) throws -> [LeadRecords] {
        guard !states.isEmpty else { return [] }
        let ids = states.map(\.leadID.rawValue)
        func byLead<Record>(_ select: String, order: String, _ read: (Row) -> Record, lead: KeyPath<Record, LeadID>) throws -> [LeadID: [Record]] {
            let records = try inChunks(of: ids, in: db, { "SELECT \(select) WHERE lead_id IN (\($0)) ORDER BY \(order)" }) {
                try db.all($0, arguments: $1, read: read)
            }
            return Dictionary(grouping: records, by: { $0[keyPath: lead] })
        }
        let messages = try byLead("\(MessageRecord.columns) FROM message", order: "at, message_id", MessageRecord.init(row:), lead: \.leadID)
        let appointments = try byLead(
            "\(AppointmentRecord.columns) FROM appointment", order: "set_at, appointment_id", AppointmentRecord.init(row:), lead: \.leadID)
        let sales = try byLead("\(SaleRecord.columns) FROM sale", order: "closed_at, sale_id", SaleRecord.init(row:), lead: \.leadID)
        let complaints = try byLead("\(ComplaintRecord.columns) FROM complaint", order: "at, event_id", ComplaintRecord.init(row:), lead: \.leadID)
        return states.map { state in
            LeadRecords(
                state: state, messages: messages[state.leadID] ?? [], appointments: appointments[state.leadID] ?? [], sales: sales[state.leadID] ?? [],
                complaints: complaints[state.leadID] ?? [])
        }
    }

    /// A query run once per few hundred of `ids`, each run's `?` list (what `sql` is given)
    /// bound to its share; the rows of all runs together.
    static func inChunks<Value>(
        of ids: [String], in db: Database, _ sql: (String) -> String, read: (Statement, StatementArguments) throws -> [Value]
    ) throws -> [Value] {
        var values: [Value] = []
        for start in stride(from: 0, to: ids.count, by: idsPerQuery) {
            let chunk = ids[start..<min(start + idsPerQuery, ids.count)]
            // Not cached: the last chunk's length varies, and each length would be a statement kept.
            let statement = try db.makeStatement(sql: sql(repeatElement("?", count: chunk.count).joined(separator: ",")))
            values += try read(statement, StatementArguments(chunk))
        }
        return values
    }
}
