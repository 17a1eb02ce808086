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
}
