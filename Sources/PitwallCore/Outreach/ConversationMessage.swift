/// A lead's messages, as the template, A/B test, send-time, chase and hand-off analysis reads
/// them: whose they are (the lead, its store and source) once, then each message, and when
/// the lead's first appointment was set.
public struct LeadConversation: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID
    /// The lead's source, as its `lead.created` named it.
    public var source: String?
    /// In any order.
    public var messages: [ConversationMessage]
    /// When the lead's first appointment was set, if one was.
    public var firstAppointmentSetAt: Timestamp?

    public init(leadID: LeadID, storeID: StoreID, source: String?, messages: [ConversationMessage], firstAppointmentSetAt: Timestamp? = nil) {
        self.leadID = leadID
        self.storeID = storeID
        self.source = source
        self.messages = messages
        self.firstAppointmentSetAt = firstAppointmentSetAt
    }

    /// A created lead's stored messages (those with a time); nil for a lead without a store.
    public init?(_ records: LeadRecords) {
        guard let profile = records.state.profile, records.state.createdAt != nil else { return nil }
        self.init(
            leadID: records.state.leadID, storeID: profile.storeID, source: profile.source, messages: records.messages.compactMap(ConversationMessage.init),
            firstAppointmentSetAt: records.appointments.compactMap(\.setAt).min())
    }

    /// The messages in time order; at the same instant a send comes before a reply, which
    /// cannot answer it.
    public var messagesInTimeOrder: [ConversationMessage] {
        messages.sorted { x, y in x.at != y.at ? x.at < y.at : (x.direction == .outbound && y.direction == .inbound) }
    }

    /// Whether a templated text of this conversation was sent in `[from, before)`.
    public func hasTemplatedSend(from: Timestamp, before: Timestamp) -> Bool {
        messages.contains { $0.isTemplatedSend && $0.at >= from && $0.at < before }
    }
}

/// One message of a conversation: which way, when, from which template and test, and
/// whether it reached the lead.
public struct ConversationMessage: Hashable, Sendable {
    public var direction: MessageDirection
    public var at: Timestamp
    public var templateID: TemplateID?
    public var experimentID: String?
    public var variantID: String?
    public var autoReply: Bool
    /// Outbound only: the AI or a person.
    public var sender: Sender?
    /// Inbound only: the whole text was a stop keyword.
    public var isOptOut: Bool
    /// Outbound only: the latest delivery status.
    public var status: DeliveryStatus?

    public init(
        direction: MessageDirection, at: Timestamp, templateID: TemplateID? = nil, experimentID: String? = nil, variantID: String? = nil,
        autoReply: Bool = false, sender: Sender? = nil, isOptOut: Bool = false, status: DeliveryStatus? = nil
    ) {
        self.direction = direction
        self.at = at
        self.templateID = templateID
        self.experimentID = experimentID
        self.variantID = variantID
        self.autoReply = autoReply
        self.sender = sender
        self.isOptOut = isOptOut
        self.status = status
    }

    /// A stored message; nil for one without a time (a status that came before its send).
    public init?(_ record: MessageRecord) {
        guard let at = record.at else { return nil }
        self.init(
            direction: record.key.direction, at: at, templateID: record.templateID, experimentID: record.experimentID, variantID: record.variantID,
            autoReply: record.autoReply, sender: record.sender, isOptOut: record.isOptOut, status: record.status)
    }

    /// An outbound message a template wrote, other than an automatic acknowledgement: what the
    /// analysis ranks.
    public var isTemplatedSend: Bool { direction == .outbound && templateID != nil && !autoReply }

    /// A person's text or call that reached the lead (or may have): a hand-off taken up.
    public var isFromPerson: Bool { direction == .outbound && sender == .agent && !autoReply && !neverArrived }

    /// Known never to have reached the lead: the carrier said so.
    public var neverArrived: Bool { status == .undelivered || status == .failed }
}
