import GRDB
import PitwallCore

extension LeadState {
    static let columns = """
        lead_id, store_id, source, campaign_id, region, tier, submitted_at, cost_cents,
        vehicle_condition, vehicle_make, vehicle_model, vehicle_year, vehicle_extras,
        contact_first_name, contact_last_name, contact_phone, contact_email, contact_extras,
        has_vehicle, has_contact, created_at, ingested_at, profile_event_id,
        agent_id, assigned_at, assignment_event_id,
        outbound_count, inbound_count, first_outbound_at,
        first_response_at, first_response_message_id, first_response_sender, first_response_channel, first_response_agent_id,
        first_ai_response_at, first_agent_response_at, first_inbound_at, last_event_at,
        opted_out_at, complaint_count, appointments_set, sales_count, revenue_cents, first_sale_at, first_ai_message_at,
        contact_phone_key, contact_email_key, future_dated_events, last_opt_out_at, last_opt_in_at,
        satisfaction, satisfaction_at, satisfaction_event_id, recommend, recommend_at, recommend_event_id, notified_via
        """
    static let insertSQL = "INSERT OR REPLACE INTO lead (\(columns)) VALUES (\(Array(repeating: "?", count: 57).joined(separator: ",")))"
    static let selectByIDSQL = "SELECT \(columns) FROM lead WHERE lead_id = ?"

    init(row: some ColumnSource) {
        self.init(leadID: LeadID(row.optionalString(0) ?? ""))
        if let storeID: StoreID = row.identifier(1), let source = row.optionalString(2) {
            let vehicle: Vehicle? =
                row.bool(18)
                ? Vehicle(
                    condition: row.choice(8), make: row.optionalString(9), model: row.optionalString(10), year: row.optionalInt64(11).map(Int.init),
                    extras: row.extras(12)) : nil
            let contact: Contact? =
                row.bool(19)
                ? Contact(
                    firstName: row.optionalString(13), lastName: row.optionalString(14), phone: row.optionalString(15), email: row.optionalString(16),
                    extras: row.extras(17)) : nil
            profile = LeadCreated(
                storeID: storeID, source: source, campaignID: row.identifier(3), region: row.optionalString(4), tier: row.choice(5),
                submittedAt: row.timestamp(6), cost: row.money(7), vehicle: vehicle, contact: contact)
        }
        createdAt = row.timestamp(20)
        ingestedAt = row.timestamp(21)
        profileKey = row.orderKey(time: 20, id: 22)
        agentID = row.identifier(23)
        assignedAt = row.timestamp(24)
        assignmentKey = row.orderKey(time: 24, id: 25)
        outboundCount = row.int(26)
        inboundCount = row.int(27)
        firstOutboundAt = row.timestamp(28)
        if let at = row.timestamp(29), let messageID: MessageID = row.identifier(30), let sender: Sender = row.choice(31),
           let channel: Channel = row.choice(32)
        {
            firstResponse = FirstTouch(at: at, messageID: messageID, sender: sender, channel: channel, agentID: row.identifier(33))
        }
        firstAIResponseAt = row.timestamp(34)
        firstAgentResponseAt = row.timestamp(35)
        firstInboundAt = row.timestamp(36)
        lastEventAt = row.timestamp(37)
        optedOutAt = row.timestamp(38)
        complaintCount = row.int(39)
        appointmentsSet = row.int(40)
        salesCount = row.int(41)
        revenue = Money(cents: row.optionalInt64(42) ?? 0)
        firstSaleAt = row.timestamp(43)
        firstAIMessageAt = row.timestamp(44)
        futureDatedEvents = row.int(47)
        lastOptOutAt = row.timestamp(48)
        lastOptInAt = row.timestamp(49)
        satisfactionKey = row.orderKey(time: 51, id: 52)
        satisfaction = satisfactionKey == nil ? nil : row.optionalInt64(50).map(Int.init)
        recommendKey = row.orderKey(time: 54, id: 55)
        recommend = recommendKey == nil ? nil : row.optionalInt64(53).map(Int.init)
        notifiedVia = row.optionalString(56)
    }

    func bind(to row: inout ParameterBinder) {
        let vehicle = profile?.vehicle
        let contact = profile?.contact
        row.bind(leadID.rawValue)
        row.bind(profile?.storeID.rawValue)
        row.bind(profile?.source)
        row.bind(profile?.campaignID?.rawValue)
        row.bind(profile?.region)
        row.bind(profile?.tier?.rawValue)
        row.bind(profile?.submittedAt.databaseValue)
        row.bind(profile?.cost?.cents)
        row.bind(vehicle?.condition?.rawValue)
        row.bind(vehicle?.make)
        row.bind(vehicle?.model)
        row.bind(vehicle?.year)
        row.bind(vehicle?.extras.jsonTextIfAny)
        row.bind(contact?.firstName)
        row.bind(contact?.lastName)
        row.bind(contact?.phone)
        row.bind(contact?.email)
        row.bind(contact?.extras.jsonTextIfAny)
        row.bind(vehicle != nil)
        row.bind(contact != nil)
        row.bind(createdAt.databaseValue)
        row.bind(ingestedAt.databaseValue)
        row.bind(profileKey?.eventID.rawValue)
        row.bind(agentID?.rawValue)
        row.bind(assignedAt.databaseValue)
        row.bind(assignmentKey?.eventID.rawValue)
        row.bind(outboundCount)
        row.bind(inboundCount)
        row.bind(firstOutboundAt.databaseValue)
        row.bind(firstResponse?.at.millisecondsSinceEpoch)
        row.bind(firstResponse?.messageID.rawValue)
        row.bind(firstResponse?.sender.rawValue)
        row.bind(firstResponse?.channel.rawValue)
        row.bind(firstResponse?.agentID?.rawValue)
        row.bind(firstAIResponseAt.databaseValue)
        row.bind(firstAgentResponseAt.databaseValue)
        row.bind(firstInboundAt.databaseValue)
        row.bind(lastEventAt.databaseValue)
        row.bind(optedOutAt.databaseValue)
        row.bind(complaintCount)
        row.bind(appointmentsSet)
        row.bind(salesCount)
        row.bind(revenue.cents)
        row.bind(firstSaleAt.databaseValue)
        row.bind(firstAIMessageAt.databaseValue)
        row.bind(ContactKey.phone(contact?.phone))
        row.bind(ContactKey.email(contact?.email))
        row.bind(futureDatedEvents)
        row.bind(lastOptOutAt.databaseValue)
        row.bind(lastOptInAt.databaseValue)
        row.bind(satisfaction)
        row.bind(satisfactionKey?.occurredAt.millisecondsSinceEpoch)
        row.bind(satisfactionKey?.eventID.rawValue)
        row.bind(recommend)
        row.bind(recommendKey?.occurredAt.millisecondsSinceEpoch)
        row.bind(recommendKey?.eventID.rawValue)
        row.bind(notifiedVia)
    }
}
