/// One message of a lead's conversation, as the template, A/B test and send-time analysis
/// reads it: who it went to or came from, when, from which template and test, and whether it
/// reached the lead.
public struct ConversationMessage: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID
    /// The lead's source, as its `lead.created` named it.
    public var source: String?
    public var direction: MessageDirection
    public var at: Timestamp
    public var templateID: TemplateID?
    public var experimentID: String?
    public var variantID: String?
    public var autoReply: Bool
    /// Inbound only: the whole text was a stop keyword.
    public var isOptOut: Bool
    /// Outbound only: the latest delivery status.
    public var status: DeliveryStatus?

    public init(
        leadID: LeadID, storeID: StoreID, source: String?, direction: MessageDirection, at: Timestamp, templateID: TemplateID? = nil,
        experimentID: String? = nil, variantID: String? = nil, autoReply: Bool = false, isOptOut: Bool = false, status: DeliveryStatus? = nil
    ) {
        self.leadID = leadID
        self.storeID = storeID
        self.source = source
        self.direction = direction
        self.at = at
        self.templateID = templateID
        self.experimentID = experimentID
        self.variantID = variantID
        self.autoReply = autoReply
        self.isOptOut = isOptOut
        self.status = status
    }

    /// A stored message of a created lead; nil for one without a time (a status that came
    /// before its send) or a lead without a store.
    public init?(_ record: MessageRecord, of state: LeadState) {
        guard let at = record.at, let store = state.profile?.storeID, state.createdAt != nil else { return nil }
        self.init(
            leadID: record.leadID, storeID: store, source: state.profile?.source, direction: record.key.direction, at: at, templateID: record.templateID,
            experimentID: record.experimentID, variantID: record.variantID, autoReply: record.autoReply, isOptOut: record.isOptOut, status: record.status)
    }

    /// An outbound message a template wrote, other than an automatic acknowledgement: what the
    /// analysis ranks.
    public var isTemplatedSend: Bool { direction == .outbound && templateID != nil && !autoReply }

    /// Known never to have reached the lead: the carrier said so.
    public var neverArrived: Bool { status == .undelivered || status == .failed }
}
