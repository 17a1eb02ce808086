import GRDB
import PitwallCore

extension ComplaintRecord {
    static let columns = "event_id, lead_id, at, message_id"
    static let insertSQL = "INSERT OR REPLACE INTO complaint (\(columns)) VALUES (?,?,?,?)"

    init(row: Row) {
        self.init(
            eventID: EventID(row[0] as String), leadID: LeadID(row[1] as String),
            at: Timestamp(millisecondsSinceEpoch: row[2]), messageID: row.identifier(3))
    }

    func bind(to row: inout ParameterBinder) {
        row.bind(eventID.rawValue)
        row.bind(leadID.rawValue)
        row.bind(at.millisecondsSinceEpoch)
        row.bind(messageID?.rawValue)
    }
}
