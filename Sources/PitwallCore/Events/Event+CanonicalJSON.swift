import Foundation

extension Event {
    /// The event as stored and returned: envelope first, then the type's fields in a fixed
    /// order, then unknown fields sorted by name; timestamps in UTC with milliseconds.
    public var canonicalJSON: String {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.text
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", id)
        writer.member("type", type.rawValue)
        writer.member("occurred_at", occurredAt)
        if !type.isSystemEvent { writer.member("lead_id", leadID) }
        payload.write(to: &writer)
        writer.extras(extras)
        writer.endObject()
    }
}

extension EventPayload {
    func write(to writer: inout JSONWriter) {
        switch self {
        case .leadCreated(let lead):
            writer.member("store_id", lead.storeID)
            writer.member("source", lead.source)
            writer.member("campaign_id", lead.campaignID)
            writer.member("region", lead.region)
            writer.member("tier", lead.tier?.rawValue)
            writer.member("submitted_at", lead.submittedAt)
            writer.member("cost", lead.cost)
            if let vehicle = lead.vehicle {
                writer.key("vehicle")
                vehicle.write(to: &writer)
            }
            if let contact = lead.contact {
                writer.key("contact")
                writer.beginObject()
                writer.member("first_name", contact.firstName)
                writer.member("last_name", contact.lastName)
                writer.member("phone", contact.phone)
                writer.member("email", contact.email)
                writer.extras(contact.extras)
                writer.endObject()
            }
        case .leadAssigned(let agent, let notifiedVia):
            writer.member("agent_id", agent)
            writer.member("notified_via", notifiedVia)
        case .messageSent(let message):
            writer.member("message_id", message.messageID)
            writer.member("channel", message.channel.rawValue)
            writer.member("sender", message.sender.rawValue)
            writer.member("agent_id", message.agentID)
            writer.member("template_id", message.templateID)
            writer.member("campaign_id", message.campaignID)
            writer.member("experiment_id", message.experimentID)
            writer.member("variant_id", message.variantID)
            if message.autoReply {
                writer.key("auto_reply")
                writer.bool(true)
            }
        case .messageStatus(let change):
            writer.member("message_id", change.messageID)
            writer.member("status", change.status.rawValue)
            writer.member("error_code", change.errorCode)
        case .messageReceived(let message):
            writer.member("message_id", message.messageID)
            writer.member("channel", message.channel.rawValue)
            writer.member("body", message.body)
        case .leadOptedOut(let optOut):
            writer.member("channel", optOut.channel?.rawValue)
            writer.member("keyword", optOut.keyword)
        case .leadComplained(let complaint):
            writer.member("message_id", complaint.messageID)
        case .appointmentSet(let appointment):
            writer.member("appointment_id", appointment.appointmentID)
            writer.member("scheduled_for", appointment.scheduledFor)
        case .appointmentAttended(let appointment), .appointmentNoShow(let appointment), .appointmentCancelled(let appointment):
            writer.member("appointment_id", appointment)
        case .surveyAnswered(let answer):
            if let satisfaction = answer.satisfaction {
                writer.key("satisfaction")
                writer.integer(Int64(satisfaction))
            }
            if let recommend = answer.recommend {
                writer.key("recommend")
                writer.integer(Int64(recommend))
            }
        case .systemStatus(let status):
            writer.member("component", status.component)
            writer.member("status", status.health.rawValue)
            writer.member("store_id", status.storeID)
            writer.member("detail", status.detail)
        case .systemSample(let reading):
            writer.member("component", reading.component)
            writer.member("metric", reading.metric)
            writer.key("value")
            writer.number(reading.value)
            writer.member("store_id", reading.storeID)
        case .saleClosed(let sale):
            writer.member("sale_id", sale.saleID)
            writer.member("amount", sale.amount)
            if let vehicle = sale.vehicle {
                writer.key("vehicle")
                vehicle.write(to: &writer)
            }
        }
    }
}

extension Vehicle {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("condition", condition?.rawValue)
        writer.member("make", make)
        writer.member("model", model)
        if let year {
            writer.key("year")
            writer.integer(Int64(year))
        }
        writer.extras(extras)
        writer.endObject()
    }
}

extension Event {
    /// Reads back an event a store kept as its `canonicalJSON`.
    public init(storedJSON body: String) throws {
        var body = body
        let read = body.withUTF8 { bytes in Result { () throws(JSONSyntaxError) in try JSONTextReader.readKeepingMembers(UnsafeRawBufferPointer(bytes)) } }
        guard case .object(let members) = try read.get() else { throw StoredEventUnreadable(body: body) }
        try self.init(members: members)
    }
}

/// A stored event that no longer reads back: only possible if the database was edited by hand.
public struct StoredEventUnreadable: Error, CustomStringConvertible {
    public var body: String
    public var description: String { "a stored event cannot be read back: \(body.prefix(200))" }
}
