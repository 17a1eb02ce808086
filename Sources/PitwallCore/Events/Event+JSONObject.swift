import Foundation

extension Event {
    /// Builds an event from an object `JSONSerialization` produced (CSV rows are built this way).
    public init(jsonObject object: [String: Any]) throws(EventFieldError) {
        try self.init(jsonMembers: object.mapValues(JSONValue.init(foundation:)))
    }

    /// Builds an event from the members of a JSON object, checking every field it knows.
    /// Fields it does not know are kept in `extras`.
    public init(jsonMembers object: [String: JSONValue]) throws(EventFieldError) {
        try self.init(fields: FieldReader(object))
    }

    init(members: JSONMembers.List) throws(EventFieldError) {
        try self.init(fields: FieldReader(members))
    }

    private init(fields: FieldReader) throws(EventFieldError) {
        var fields = fields
        let id: EventID = try fields.requiredIdentifier("id")
        let typeName = try fields.requiredString("type", maximumLength: 64)
        guard let type = EventType(rawValue: typeName) else {
            throw fields.failure("type", "unknown event type '\(FieldReader.clip(typeName))' (expected one of \(EventType.wireNames))")
        }
        let occurredAt = try fields.requiredTimestamp("occurred_at")
        let payload: EventPayload
        let leadID: LeadID
        if case .systemStatus = type {
            let status = try SystemStatus(fields: &fields)
            payload = .systemStatus(status)
            leadID = SystemStatus.ledgerKey(component: status.component)
        } else if case .systemSample = type {
            let reading = try SystemReading(fields: &fields)
            payload = .systemSample(reading)
            leadID = SystemReading.ledgerKey(component: reading.component)
        } else {
            leadID = try fields.requiredIdentifier("lead_id")
            payload = try EventPayload(type: type, fields: &fields)
        }
        self.init(id: id, occurredAt: occurredAt, leadID: leadID, payload: payload, extras: fields.extras())
    }
}

extension EventPayload {
    init(type: EventType, fields: inout FieldReader) throws(EventFieldError) {
        switch type {
        case .leadCreated:
            self = .leadCreated(try LeadCreated(fields: &fields))
        case .leadAssigned:
            self = .leadAssigned(agent: try fields.requiredIdentifier("agent_id", for: type), notifiedVia: try fields.optionalNotificationMethod("notified_via"))
        case .messageSent:
            self = .messageSent(
                MessageSent(
                    messageID: try fields.requiredIdentifier("message_id", for: type),
                    channel: try fields.requiredChoice("channel", as: Channel.self, for: type),
                    sender: try fields.requiredChoice("sender", as: Sender.self, for: type),
                    agentID: try fields.optionalIdentifier("agent_id"),
                    templateID: try fields.optionalIdentifier("template_id"),
                    campaignID: try fields.optionalIdentifier("campaign_id"),
                    experimentID: try fields.optionalString("experiment_id", maximumLength: FieldReader.maximumIdentifierLength),
                    variantID: try fields.optionalString("variant_id", maximumLength: FieldReader.maximumIdentifierLength),
                    autoReply: try fields.optionalBool("auto_reply") ?? false
                ))
        case .messageStatus:
            self = .messageStatus(
                MessageStatusChange(
                    messageID: try fields.requiredIdentifier("message_id", for: type),
                    status: try fields.requiredChoice("status", as: DeliveryStatus.self, for: type),
                    errorCode: try fields.optionalCode("error_code")
                ))
        case .messageReceived:
            self = .messageReceived(
                MessageReceived(
                    messageID: try fields.requiredIdentifier("message_id", for: type),
                    channel: try fields.requiredChoice("channel", as: Channel.self, for: type),
                    body: try fields.optionalString("body", maximumLength: 10_000)
                ))
        case .leadOptedOut:
            self = .leadOptedOut(
                OptOut(channel: try fields.optionalChoice("channel", as: Channel.self), keyword: try fields.optionalString("keyword", maximumLength: 64)))
        case .leadComplained:
            self = .leadComplained(Complaint(messageID: try fields.optionalIdentifier("message_id")))
        case .appointmentSet:
            self = .appointmentSet(
                AppointmentSet(
                    appointmentID: try fields.requiredIdentifier("appointment_id", for: type),
                    scheduledFor: try fields.requiredTimestamp("scheduled_for", for: type)
                ))
        case .appointmentAttended:
            self = .appointmentAttended(try fields.requiredIdentifier("appointment_id", for: type))
        case .appointmentNoShow:
            self = .appointmentNoShow(try fields.requiredIdentifier("appointment_id", for: type))
        case .appointmentCancelled:
            self = .appointmentCancelled(try fields.requiredIdentifier("appointment_id", for: type))
        case .surveyAnswered:
            let satisfaction = try fields.optionalInteger("satisfaction", in: SurveyAnswer.satisfactionScale)
            let recommend = try fields.optionalInteger("recommend", in: SurveyAnswer.recommendScale)
            guard satisfaction != nil || recommend != nil else {
                throw fields.failure("satisfaction", "survey.answered needs satisfaction (1-5) or recommend (0-10), or both")
            }
            self = .surveyAnswered(SurveyAnswer(satisfaction: satisfaction, recommend: recommend))
        case .systemStatus:
            self = .systemStatus(try SystemStatus(fields: &fields))
        case .systemSample:
            self = .systemSample(try SystemReading(fields: &fields))
        case .saleClosed:
            let saleID: SaleID = try fields.requiredIdentifier("sale_id", for: type)
            guard let amount = try fields.optionalNumber("amount") else { throw fields.failure("amount", "is required for sale.closed") }
            guard amount > 0 else { throw fields.failure("amount", "must be greater than 0, got \(FieldReader.echo(amount))") }
            guard amount <= Money.largestAmount else { throw fields.failure("amount", "must be at most 10,000,000, got \(FieldReader.echo(amount))") }
            var vehicle: Vehicle?
            if var nested = try fields.optionalObject("vehicle") {
                vehicle = try Vehicle(fields: &nested)
            }
            self = .saleClosed(SaleClosed(saleID: saleID, amount: Money(amount: amount), vehicle: vehicle))
        }
    }
}

extension LeadCreated {
    init(fields: inout FieldReader) throws(EventFieldError) {
        let type = EventType.leadCreated
        storeID = try fields.requiredIdentifier("store_id", for: type)
        source = try fields.requiredString("source", for: type, maximumLength: FieldReader.maximumIdentifierLength)
        campaignID = try fields.optionalIdentifier("campaign_id")
        region = try fields.optionalString("region", maximumLength: FieldReader.maximumIdentifierLength)
        tier = try fields.optionalChoice("tier", as: LeadTier.self)
        submittedAt = try fields.optionalTimestamp("submitted_at")
        if let cost = try fields.optionalNumber("cost") {
            guard cost >= 0 else { throw fields.failure("cost", "must not be negative, got \(FieldReader.echo(cost))") }
            guard cost <= Money.largestAmount else { throw fields.failure("cost", "must be at most 10,000,000, got \(FieldReader.echo(cost))") }
            self.cost = Money(amount: cost)
        } else {
            cost = nil
        }
        if var nested = try fields.optionalObject("vehicle") {
            vehicle = try Vehicle(fields: &nested)
        } else {
            vehicle = nil
        }
        if var nested = try fields.optionalObject("contact") {
            contact = Contact(
                firstName: try nested.optionalString("first_name", maximumLength: 256),
                lastName: try nested.optionalString("last_name", maximumLength: 256),
                phone: try nested.optionalString("phone", maximumLength: 64),
                email: try nested.optionalString("email", maximumLength: 320),
                extras: nested.extras()
            )
        } else {
            contact = nil
        }
    }
}

extension Vehicle {
    init(fields: inout FieldReader) throws(EventFieldError) {
        condition = try fields.optionalChoice("condition", as: VehicleCondition.self)
        make = try fields.optionalString("make", maximumLength: 128)
        model = try fields.optionalString("model", maximumLength: 128)
        year = try fields.optionalInteger("year", in: 1900...2100)
        extras = fields.extras()
    }
}

extension SystemStatus {
    init(fields: inout FieldReader) throws(EventFieldError) {
        let type = EventType.systemStatus
        component = try fields.requiredString("component", for: type, maximumLength: 64)
        health = try fields.requiredChoice("status", as: Health.self, for: type)
        storeID = try fields.optionalIdentifier("store_id")
        detail = try fields.optionalString("detail", maximumLength: 1000)
    }
}

extension SystemReading {
    init(fields: inout FieldReader) throws(EventFieldError) {
        let type = EventType.systemSample
        component = try fields.requiredString("component", for: type, maximumLength: 64)
        metric = try fields.requiredString("metric", for: type, maximumLength: 64)
        guard let value = try fields.optionalNumber("value") else { throw fields.failure("value", "is required for system.sample") }
        if let known = SystemMetric(rawValue: metric), !known.validRange.contains(value) {
            throw fields.failure("value", "\(metric) is \(known.unitDescription), got \(value)")
        }
        self.value = value
        storeID = try fields.optionalIdentifier("store_id")
    }
}
