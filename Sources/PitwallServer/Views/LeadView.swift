import PitwallCore

/// The JSON form of one lead for `GET /v1/leads/{id}`: its profile, what happened, and its
/// messages, appointments and sales.
struct LeadView {
    let records: LeadRecords
    let sla: LeadResponseAssessment?
    let now: Timestamp
    let temperatureWeights: LeadTemperature.Weights

    init(_ records: LeadRecords, sla: LeadResponseAssessment?, now: Timestamp, temperatureWeights: LeadTemperature.Weights) {
        self.records = records
        self.sla = sla
        self.now = now
        self.temperatureWeights = temperatureWeights
    }

    var json: String {
        let state = records.state
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("lead_id", state.leadID)
        if let profile = state.profile {
            writer.member("store_id", profile.storeID)
            writer.member("source", profile.source)
            writer.member("campaign_id", profile.campaignID)
            writer.member("region", profile.region)
            writer.member("tier", profile.tier?.rawValue)
            writer.member("cost", profile.cost)
        }
        writer.member("submitted_at", state.profile?.submittedAt)
        writer.member("created_at", state.createdAt)
        writer.member("ingested_at", state.ingestedAt)
        writer.member("agent_id", state.agentID)
        writer.member("assigned_at", state.assignedAt)
        writer.member("notified_via", state.notifiedVia)
        writer.optionalNumber("first_response_seconds", state.startedAt.flatMap { start in state.firstResponse.map { start.seconds(until: $0.at) } })
        if let first = state.firstResponse {
            writer.key("first_response")
            writer.beginObject()
            writer.member("at", first.at)
            writer.member("message_id", first.messageID)
            writer.member("sender", first.sender.rawValue)
            writer.member("channel", first.channel.rawValue)
            writer.member("agent_id", first.agentID)
            writer.endObject()
        }
        writer.member("first_outbound_at", state.firstOutboundAt)
        writer.member("first_ai_response_at", state.firstAIResponseAt)
        writer.member("first_agent_response_at", state.firstAgentResponseAt)
        writer.member("first_inbound_at", state.firstInboundAt)
        writer.member("last_event_at", state.lastEventAt)
        writer.member("opted_out_at", state.optedOutAt)
        writer.member("opted_back_in_at", state.optedOutAt != nil && !state.isOptedOut ? state.lastOptInAt : nil)
        writer.key("opted_out_now")
        writer.bool(state.isOptedOut)
        writer.member("outbound_count", state.outboundCount)
        writer.member("inbound_count", state.inboundCount)
        writer.member("complaint_count", state.complaintCount)
        writer.member("appointments_set", state.appointmentsSet)
        writer.member("sales_count", state.salesCount)
        writer.member("revenue", state.revenue)
        writer.member("first_sale_at", state.firstSaleAt)
        // The customer's latest survey answers, left out as other unknown facts are.
        if let satisfaction = state.satisfaction { writer.member("satisfaction", satisfaction) }
        if let recommend = state.recommend { writer.member("recommend", recommend) }
        writer.key("sla")
        if let sla { sla.write(to: &writer, now: now) } else { writer.null() }
        writer.key("temperature")
        if let temperature = LeadTemperature(state, weights: temperatureWeights) { temperature.write(to: &writer) } else { writer.null() }

        writer.key("messages")
        writer.beginArray()
        for message in records.messages {
            writer.beginObject()
            writer.member("message_id", message.key.messageID)
            writer.member("direction", message.key.direction.rawValue)
            writer.member("at", message.at)
            writer.member("channel", message.channel?.rawValue)
            writer.member("sender", message.sender?.rawValue)
            writer.member("agent_id", message.agentID)
            writer.member("template_id", message.templateID)
            if message.autoReply {
                writer.key("auto_reply")
                writer.bool(true)
            }
            writer.member("body", message.body)
            writer.member("status", message.status?.rawValue)
            writer.member("status_at", message.statusAt)
            writer.member("error_code", message.errorCode)
            writer.endObject()
        }
        writer.endArray()

        writer.key("appointments")
        writer.beginArray()
        for appointment in records.appointments {
            writer.beginObject()
            writer.member("appointment_id", appointment.appointmentID)
            writer.member("set_at", appointment.setAt)
            writer.member("scheduled_for", appointment.scheduledFor)
            writer.member("outcome", appointment.outcome.rawValue)
            writer.member("outcome_at", appointment.outcomeAt)
            writer.endObject()
        }
        writer.endArray()

        writer.key("sales")
        writer.beginArray()
        for sale in records.sales {
            writer.beginObject()
            writer.member("sale_id", sale.saleID)
            writer.member("closed_at", sale.closedAt)
            writer.member("amount", sale.amount)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.text
    }
}
