/// One fact about one lead, as received. Everything Pitwall knows arrives as events.
public struct Event: Hashable, Sendable {
    /// The sender's idempotency key: the same id twice is the same event.
    public var id: EventID
    public var occurredAt: Timestamp
    public var leadID: LeadID
    public var payload: EventPayload
    /// Fields Pitwall does not interpret, kept as sent.
    public var extras: [String: JSONValue]

    public init(id: EventID, occurredAt: Timestamp, leadID: LeadID, payload: EventPayload, extras: [String: JSONValue] = [:]) {
        self.id = id
        self.occurredAt = occurredAt
        self.leadID = leadID
        self.payload = payload
        self.extras = extras
    }

    public var type: EventType { payload.type }

    /// Orders events for "first" and "latest" decisions independently of arrival order:
    /// by time, then by id so that two events in the same millisecond still have a fixed order.
    public var orderKey: EventOrderKey { EventOrderKey(occurredAt: occurredAt, eventID: id) }
}

public struct EventOrderKey: Hashable, Comparable, Sendable, Codable {
    public var occurredAt: Timestamp
    public var eventID: EventID

    public init(occurredAt: Timestamp, eventID: EventID) {
        self.occurredAt = occurredAt
        self.eventID = eventID
    }

    public static func < (lhs: EventOrderKey, rhs: EventOrderKey) -> Bool {
        (lhs.occurredAt, lhs.eventID) < (rhs.occurredAt, rhs.eventID)
    }
}

/// The type-specific part of an event.
public enum EventPayload: Hashable, Sendable {
    case leadCreated(LeadCreated)
    /// `notifiedVia`: how the agent was told of the lead ("push", "sms", "slack"), in lower
    /// case, when the sender says; what the notification methods' A/B test compares.
    case leadAssigned(agent: AgentID, notifiedVia: String? = nil)
    case messageSent(MessageSent)
    case messageStatus(MessageStatusChange)
    case messageReceived(MessageReceived)
    case leadOptedOut(OptOut)
    case leadComplained(Complaint)
    case appointmentSet(AppointmentSet)
    case appointmentAttended(AppointmentID)
    case appointmentNoShow(AppointmentID)
    case appointmentCancelled(AppointmentID)
    case saleClosed(SaleClosed)
    case surveyAnswered(SurveyAnswer)
    case systemStatus(SystemStatus)
    case systemSample(SystemReading)

    public var type: EventType {
        switch self {
        case .leadCreated: .leadCreated
        case .leadAssigned: .leadAssigned
        case .messageSent: .messageSent
        case .messageStatus: .messageStatus
        case .messageReceived: .messageReceived
        case .leadOptedOut: .leadOptedOut
        case .leadComplained: .leadComplained
        case .appointmentSet: .appointmentSet
        case .appointmentAttended: .appointmentAttended
        case .appointmentNoShow: .appointmentNoShow
        case .appointmentCancelled: .appointmentCancelled
        case .saleClosed: .saleClosed
        case .surveyAnswered: .surveyAnswered
        case .systemStatus: .systemStatus
        case .systemSample: .systemSample
        }
    }
}

public struct LeadCreated: Hashable, Sendable, Codable {
    public var storeID: StoreID
    public var source: String
    public var campaignID: CampaignID?
    public var region: String?
    public var tier: LeadTier?
    /// When the customer submitted the form, if earlier than the CRM's receipt (`occurred_at`).
    public var submittedAt: Timestamp?
    /// What the lead cost to acquire.
    public var cost: Money?
    public var vehicle: Vehicle?
    public var contact: Contact?

    public init(
        storeID: StoreID, source: String, campaignID: CampaignID? = nil, region: String? = nil, tier: LeadTier? = nil,
        submittedAt: Timestamp? = nil, cost: Money? = nil, vehicle: Vehicle? = nil, contact: Contact? = nil
    ) {
        self.storeID = storeID
        self.source = source
        self.campaignID = campaignID
        self.region = region
        self.tier = tier
        self.submittedAt = submittedAt
        self.cost = cost
        self.vehicle = vehicle
        self.contact = contact
    }
}

public struct Vehicle: Hashable, Sendable, Codable {
    public var condition: VehicleCondition?
    public var make: String?
    public var model: String?
    public var year: Int?
    public var extras: [String: JSONValue]

    public init(condition: VehicleCondition? = nil, make: String? = nil, model: String? = nil, year: Int? = nil, extras: [String: JSONValue] = [:]) {
        self.condition = condition
        self.make = make
        self.model = model
        self.year = year
        self.extras = extras
    }
}

public struct Contact: Hashable, Sendable, Codable {
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var email: String?
    public var extras: [String: JSONValue]

    public init(firstName: String? = nil, lastName: String? = nil, phone: String? = nil, email: String? = nil, extras: [String: JSONValue] = [:]) {
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.extras = extras
    }
}

public struct MessageSent: Hashable, Sendable {
    public var messageID: MessageID
    public var channel: Channel
    public var sender: Sender
    public var agentID: AgentID?
    public var templateID: TemplateID?
    public var campaignID: CampaignID?
    public var experimentID: String?
    public var variantID: String?
    /// An automatic acknowledgement ("thanks, we got your request"), not a real answer.
    public var autoReply: Bool

    public init(
        messageID: MessageID, channel: Channel, sender: Sender, agentID: AgentID? = nil, templateID: TemplateID? = nil,
        campaignID: CampaignID? = nil, experimentID: String? = nil, variantID: String? = nil, autoReply: Bool = false
    ) {
        self.messageID = messageID
        self.channel = channel
        self.sender = sender
        self.agentID = agentID
        self.templateID = templateID
        self.campaignID = campaignID
        self.experimentID = experimentID
        self.variantID = variantID
        self.autoReply = autoReply
    }
}

public struct MessageStatusChange: Hashable, Sendable {
    public var messageID: MessageID
    public var status: DeliveryStatus
    public var errorCode: String?

    public init(messageID: MessageID, status: DeliveryStatus, errorCode: String? = nil) {
        self.messageID = messageID
        self.status = status
        self.errorCode = errorCode
    }
}

public struct MessageReceived: Hashable, Sendable {
    public var messageID: MessageID
    public var channel: Channel
    public var body: String?

    public init(messageID: MessageID, channel: Channel, body: String? = nil) {
        self.messageID = messageID
        self.channel = channel
        self.body = body
    }
}

public struct OptOut: Hashable, Sendable {
    public var channel: Channel?
    public var keyword: String?

    public init(channel: Channel? = nil, keyword: String? = nil) {
        self.channel = channel
        self.keyword = keyword
    }
}

public struct Complaint: Hashable, Sendable {
    public var messageID: MessageID?

    public init(messageID: MessageID? = nil) {
        self.messageID = messageID
    }
}

public struct AppointmentSet: Hashable, Sendable {
    public var appointmentID: AppointmentID
    public var scheduledFor: Timestamp

    public init(appointmentID: AppointmentID, scheduledFor: Timestamp) {
        self.appointmentID = appointmentID
        self.scheduledFor = scheduledFor
    }
}

public struct SaleClosed: Hashable, Sendable {
    public var saleID: SaleID
    public var amount: Money
    public var vehicle: Vehicle?

    public init(saleID: SaleID, amount: Money, vehicle: Vehicle? = nil) {
        self.saleID = saleID
        self.amount = amount
        self.vehicle = vehicle
    }
}

/// A customer's answers to the survey a store sends after the conversation: how satisfied
/// they were (CSAT, 1 to 5) and how likely they are to recommend the store (NPS, 0 to 10).
/// Either may be missing, not both.
public struct SurveyAnswer: Hashable, Sendable {
    public static let satisfactionScale = 1...5
    public static let recommendScale = 0...10
    /// The rating's scale as the averages and charts of it measure.
    public static let satisfactionRange = Double(satisfactionScale.lowerBound)...Double(satisfactionScale.upperBound)

    public var satisfaction: Int?
    public var recommend: Int?

    public init(satisfaction: Int? = nil, recommend: Int? = nil) {
        self.satisfaction = satisfaction
        self.recommend = recommend
    }
}

/// How a part of the messaging system is doing, as of `occurred_at`.
public struct SystemStatus: Hashable, Sendable, Codable {
    public enum Health: String, CaseIterable, Hashable, Sendable, Codable {
        case up, degraded, down
    }

    /// Which part: `ai_assistant`, `sms_gateway`, `crm_feed`, ...
    public var component: String
    public var health: Health
    /// The store affected; nil for all stores.
    public var storeID: StoreID?
    public var detail: String?

    public init(component: String, health: Health, storeID: StoreID? = nil, detail: String? = nil) {
        self.component = component
        self.health = health
        self.storeID = storeID
        self.detail = detail
    }

    /// The lead id system events are filed under, so every event has one.
    public static func ledgerKey(component: String) -> LeadID { LeadID("system:" + component) }
}
