import GRDB
import PitwallCore

extension SQLiteStore {
    /// The window's templated sends from `message_templated_by_time` alone (v26; the inner query
    /// repeats its condition word for word), then each of their leads' messages through
    /// `message_by_lead`: the message columns only, no record decoded. Rows come a lead at a
    /// time, so each lead's store and source are kept once, not on every message.
    public func templatedConversations(sentFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadConversation] {
        try await pool.read { db in
            var conversations: [LeadConversation] = []
            var positionOfLead: [String: Int] = [:]
            var lastLead: String?
            var current = 0
            try db.eachDirect(
                """
                SELECT message.lead_id, lead.store_id, lead.source, message.direction, message.at, message.template_id,
                message.experiment_id, message.variant_id, message.auto_reply, message.is_opt_out, message.status, message.sender
                FROM message JOIN lead ON lead.lead_id = message.lead_id
                WHERE message.lead_id IN (SELECT lead_id FROM message
                    WHERE direction = 'outbound' AND template_id IS NOT NULL AND auto_reply = 0 AND at >= ? AND at < ?)
                AND lead.store_id IS NOT NULL AND lead.created_at IS NOT NULL AND message.at IS NOT NULL AND (? IS NULL OR lead.store_id = ?)
                AND message.direction IN ('inbound', 'outbound')
                """,
                arguments: [from.millisecondsSinceEpoch, before.millisecondsSinceEpoch, store?.rawValue, store?.rawValue]
            ) { row in
                let lead = row.optionalString(0) ?? ""
                if lead != lastLead {
                    if let known = positionOfLead[lead] {
                        current = known
                    } else {
                        current = conversations.count
                        positionOfLead[lead] = current
                        conversations.append(
                            LeadConversation(leadID: LeadID(lead), storeID: StoreID(row.optionalString(1) ?? ""), source: row.optionalString(2), messages: []))
                    }
                    lastLead = lead
                }
                conversations[current].messages.append(
                    ConversationMessage(
                        direction: row.choice(3) ?? .inbound, at: row.timestamp(4) ?? Timestamp(millisecondsSinceEpoch: 0), templateID: row.identifier(5),
                        experimentID: row.optionalString(6), variantID: row.optionalString(7), autoReply: row.bool(8), sender: row.choice(11),
                        isOptOut: row.bool(9), status: row.choice(10)))
            }
            // The first appointment of each of those leads, for the hand-off review.
            try db.eachDirect(
                """
                SELECT lead_id, min(set_at) FROM appointment
                WHERE lead_id IN (SELECT lead_id FROM message
                    WHERE direction = 'outbound' AND template_id IS NOT NULL AND auto_reply = 0 AND at >= ? AND at < ?)
                AND set_at IS NOT NULL GROUP BY lead_id
                """,
                arguments: [from.millisecondsSinceEpoch, before.millisecondsSinceEpoch]
            ) { row in
                guard let position = positionOfLead[row.optionalString(0) ?? ""] else { return }
                conversations[position].firstAppointmentSetAt = row.timestamp(1)
            }
            return conversations
        }
    }
}
