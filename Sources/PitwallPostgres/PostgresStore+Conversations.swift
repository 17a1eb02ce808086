import PitwallCore
import PostgresNIO

extension PostgresStore {
    /// The leads of the window's sends through `event_message_sent_by_time` (schema v11), each
    /// one's messages picked out of its stored JSON by the server, a lead's rows together;
    /// leads whose sends in the window had no template are dropped here.
    public func templatedConversations(sentFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadConversation] {
        let (start, end) = (from.millisecondsSinceEpoch, before.millisecondsSinceEpoch)
        let storeFilter = store?.rawValue
        let rows = try await rows(
            """
            SELECT lead.lead_id, lead.store_id, lead.state->'profile'->>'source', message->'key'->>'direction', (message->>'at')::bigint, \
            message->>'templateID', message->>'experimentID', message->>'variantID', coalesce((message->>'autoReply')::boolean, false), \
            coalesce((message->>'isOptOut')::boolean, false), message->>'status', message->>'sender', \
            (SELECT min((a->>'setAt')::bigint) FROM jsonb_array_elements(lead.records->'appointments') a) \
            FROM lead CROSS JOIN LATERAL jsonb_array_elements(lead.records->'messages') AS message \
            WHERE lead.organisation_id = \(organisationID) AND lead.store_id IS NOT NULL AND lead.created_at IS NOT NULL \
            AND (\(storeFilter)::text IS NULL OR lead.store_id = \(storeFilter)) \
            AND lead.lead_id IN (SELECT lead_id FROM event WHERE organisation_id = \(organisationID) AND type = 'message.sent' \
            AND occurred_at >= \(start) AND occurred_at < \(end)) AND message->>'at' IS NOT NULL \
            ORDER BY lead.lead_id
            """, as: (String, String, String?, String?, Int64, String?, String?, String?, Bool, Bool, String?, String?, Int64?).self)
        var conversations: [LeadConversation] = []
        for (lead, store, source, direction, at, template, experiment, variant, autoReply, optOut, status, sender, appointment) in rows {
            guard let direction = direction.flatMap(MessageDirection.init(rawValue:)) else { continue }
            if conversations.last?.leadID.rawValue != lead {
                conversations.append(
                    LeadConversation(
                        leadID: LeadID(lead), storeID: StoreID(store), source: source, messages: [],
                        firstAppointmentSetAt: appointment.map(Timestamp.init(millisecondsSinceEpoch:))))
            }
            conversations[conversations.count - 1].messages.append(
                ConversationMessage(
                    direction: direction, at: Timestamp(millisecondsSinceEpoch: at), templateID: template.map { TemplateID($0) }, experimentID: experiment,
                    variantID: variant, autoReply: autoReply, sender: sender.flatMap(Sender.init(rawValue:)), isOptOut: optOut,
                    status: status.flatMap(DeliveryStatus.init(rawValue:))))
        }
        return conversations.filter { $0.hasTemplatedSend(from: from, before: before) }
    }
}
