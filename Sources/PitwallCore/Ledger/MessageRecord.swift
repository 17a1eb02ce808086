public enum MessageDirection: String, CaseIterable, Hashable, Sendable, Codable {
    /// From the dealership to the lead (`message.sent`).
    case outbound
    /// From the lead (`message.received`).
    case inbound
}

/// Messages are identified by the provider's id and their direction, so an inbound and an
/// outbound message that happen to share an id stay apart.
public struct MessageKey: Hashable, Sendable, Codable {
    public var messageID: MessageID
    public var direction: MessageDirection

    public init(_ messageID: MessageID, _ direction: MessageDirection) {
        self.messageID = messageID
        self.direction = direction
    }
}

/// One message and, for outbound ones, its latest delivery status.
public struct MessageRecord: Hashable, Sendable, Codable {
    public var key: MessageKey
    public var leadID: LeadID

    /// When it was sent or received; nil for an outbound message whose status arrived before its send.
    public var at: Timestamp?
    /// The event that defined the message (the earliest send or receipt).
    public var definingKey: EventOrderKey?
    public var channel: Channel?
    public var sender: Sender?
    public var agentID: AgentID?
    public var templateID: TemplateID?
    public var campaignID: CampaignID?
    public var experimentID: String?
    public var variantID: String?
    public var autoReply: Bool = false
    /// Inbound only: the text, and whether it was an opt-out keyword.
    public var body: String?
    public var isOptOut: Bool = false

    public var status: DeliveryStatus?
    public var statusAt: Timestamp?
    public var statusKey: StatusOrderKey?
    public var errorCode: String?

    public init(key: MessageKey, leadID: LeadID) {
        self.key = key
        self.leadID = leadID
    }
}

/// Decides the latest status: later time wins, then the later lifecycle stage (a `delivered`
/// and a `sent` in the same millisecond mean delivered), then the event id.
public struct StatusOrderKey: Hashable, Comparable, Sendable, Codable {
    public var occurredAt: Timestamp
    public var rank: Int
    public var eventID: EventID

    public init(occurredAt: Timestamp, rank: Int, eventID: EventID) {
        self.occurredAt = occurredAt
        self.rank = rank
        self.eventID = eventID
    }

    public static func < (lhs: StatusOrderKey, rhs: StatusOrderKey) -> Bool {
        (lhs.occurredAt, lhs.rank, lhs.eventID) < (rhs.occurredAt, rhs.rank, rhs.eventID)
    }
}
