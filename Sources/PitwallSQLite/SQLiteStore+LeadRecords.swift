import GRDB
import PitwallCore

extension SQLiteStore {
    /// Everything stored about one lead, or nil when nothing is.
    static func loadRecords(of id: LeadID, from db: Database) throws -> LeadRecords? {
        let argument: StatementArguments = [id.rawValue]
        guard let state = try Row.fetchOne(db.cachedStatement(sql: LeadState.selectByIDSQL), arguments: argument).map(LeadState.init(row:)) else {
            return nil
        }
        return LeadRecords(
            state: state,
            messages: try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(MessageRecord.columns) FROM message WHERE lead_id = ? ORDER BY at, message_id"), arguments: argument
            ).map(MessageRecord.init(row:)),
            appointments: try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(AppointmentRecord.columns) FROM appointment WHERE lead_id = ? ORDER BY set_at, appointment_id"),
                arguments: argument
            ).map(AppointmentRecord.init(row:)),
            sales: try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(SaleRecord.columns) FROM sale WHERE lead_id = ? ORDER BY closed_at, sale_id"), arguments: argument
            ).map(SaleRecord.init(row:)),
            complaints: try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(ComplaintRecord.columns) FROM complaint WHERE lead_id = ? ORDER BY at, event_id"), arguments: argument
            ).map(ComplaintRecord.init(row:)))
    }

    /// Everything stored about the leads a condition on the `lead` table picks, in
    /// `created_at, lead_id` order: five range queries for the lot instead of five a lead,
    /// which is what makes a year's export quick.
    static func loadRecords(ofLeadsWhere condition: String, arguments: StatementArguments, from db: Database) throws -> [LeadRecords] {
        let states = try Row.fetchAll(db, sql: "SELECT \(LeadState.columns) FROM lead WHERE \(condition) ORDER BY created_at, lead_id", arguments: arguments)
            .map(LeadState.init(row:))
        guard !states.isEmpty else { return [] }
        let chosen = "lead_id IN (SELECT lead_id FROM lead WHERE \(condition))"
        let messages = Dictionary(
            grouping: try Row.fetchAll(db, sql: "SELECT \(MessageRecord.columns) FROM message WHERE \(chosen) ORDER BY at, message_id", arguments: arguments)
                .map(MessageRecord.init(row:)), by: \.leadID)
        let appointments = Dictionary(
            grouping: try Row.fetchAll(
                db, sql: "SELECT \(AppointmentRecord.columns) FROM appointment WHERE \(chosen) ORDER BY set_at, appointment_id", arguments: arguments
            ).map(AppointmentRecord.init(row:)), by: \.leadID)
        let sales = Dictionary(
            grouping: try Row.fetchAll(db, sql: "SELECT \(SaleRecord.columns) FROM sale WHERE \(chosen) ORDER BY closed_at, sale_id", arguments: arguments)
                .map(SaleRecord.init(row:)), by: \.leadID)
        let complaints = Dictionary(
            grouping: try Row.fetchAll(db, sql: "SELECT \(ComplaintRecord.columns) FROM complaint WHERE \(chosen) ORDER BY at, event_id", arguments: arguments)
                .map(ComplaintRecord.init(row:)), by: \.leadID)
        return states.map { state in
            LeadRecords(
                state: state, messages: messages[state.leadID] ?? [], appointments: appointments[state.leadID] ?? [], sales: sales[state.leadID] ?? [],
                complaints: complaints[state.leadID] ?? [])
        }
    }
}
