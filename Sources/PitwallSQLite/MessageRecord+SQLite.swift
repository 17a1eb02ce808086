import GRDB
import PitwallCore

extension MessageRecord {
    static let columns = """
        message_id, direction, lead_id, at, defining_event_id, channel, sender, agent_id, template_id,
        campaign_id, experiment_id, variant_id, auto_reply, body, is_opt_out, status, status_at, status_event_id, error_code
        """
    static let insertSQL = "INSERT OR REPLACE INTO message (\(columns)) VALUES (\(Array(repeating: "?", count: 19).joined(separator: ",")))"
    static let selectByKeySQL = "SELECT \(columns) FROM message WHERE message_id = ? AND direction = ?"

    init(row: Row) {
        let direction: MessageDirection = row.choice(1) ?? .outbound
        self.init(key: MessageKey(MessageID(row[0] as String), direction), leadID: LeadID(row[2] as String))
        at = row.timestamp(3)
        definingKey = row.orderKey(time: 3, id: 4)
        channel = row.choice(5)
        sender = row.choice(6)
        agentID = row.identifier(7)
        templateID = row.identifier(8)
        campaignID = row.identifier(9)
        experimentID = row[10]
        variantID = row[11]
        autoReply = row[12]
        body = row[13]
        isOptOut = row[14]
        status = row.choice(15)
        statusAt = row.timestamp(16)
        if let status, let statusAt, let eventID: EventID = row.identifier(17) {
            statusKey = StatusOrderKey(occurredAt: statusAt, rank: status.lifecycleRank, eventID: eventID)
        }
        errorCode = row[18]
    }

    func bind(to row: inout ParameterBinder) {
        row.bind(key.messageID.rawValue)
        row.bind(key.direction.rawValue)
        row.bind(leadID.rawValue)
        row.bind(at.databaseValue)
        row.bind(definingKey?.eventID.rawValue)
        row.bind(channel?.rawValue)
        row.bind(sender?.rawValue)
        row.bind(agentID?.rawValue)
        row.bind(templateID?.rawValue)
        row.bind(campaignID?.rawValue)
        row.bind(experimentID)
        row.bind(variantID)
        row.bind(autoReply)
        row.bind(body)
        row.bind(isOptOut)
        row.bind(status?.rawValue)
        row.bind(statusAt.databaseValue)
        row.bind(statusKey?.eventID.rawValue)
        row.bind(errorCode)
    }
}
