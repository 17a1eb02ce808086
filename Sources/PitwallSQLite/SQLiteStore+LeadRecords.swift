import GRDB
import PitwallCore

extension SQLiteStore {
    /// Ids bound to one `IN (...)` list: well below SQLite's limit on parameters.
    static let idsPerQuery = 500

    /// Everything stored about one lead, or nil when nothing is.
    static func loadRecords(of id: LeadID, from db: Database) throws -> LeadRecords? {
        let argument: StatementArguments = [id.rawValue]
        guard let state = try db.first(db.cachedStatement(sql: LeadState.selectByIDSQL), arguments: argument, read: LeadState.init(row:))
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
        let states = try db.all(
            "SELECT \(LeadState.columns) FROM lead WHERE \(condition) ORDER BY created_at, lead_id", arguments: arguments, read: LeadState.init(row:))
        guard !states.isEmpty else { return [] }
        let ids = states.map(\.leadID.rawValue)
        func byLead<Record>(_ select: String, order: String, _ read: (Row) -> Record, lead: KeyPath<Record, LeadID>) throws -> [LeadID: [Record]] {
            var records: [Record] = []
            for start in stride(from: 0, to: ids.count, by: idsPerQuery) {
                let chunk = ids[start..<min(start + idsPerQuery, ids.count)]
                let placeholders = repeatElement("?", count: chunk.count).joined(separator: ",")
                // Not cached: the last chunk's length varies, and each length would be a statement kept.
                records += try db.all(
                    db.makeStatement(sql: "SELECT \(select) WHERE lead_id IN (\(placeholders)) ORDER BY \(order)"), arguments: StatementArguments(chunk),
                    read: read)
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
}
