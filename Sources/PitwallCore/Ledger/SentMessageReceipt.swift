/// An outbound message as its delivery receipts left it: where and when it went, and the
/// latest status the provider reported, if any. What the "delivery receipts missing" rule reads.
public struct SentMessageReceipt: Hashable, Sendable {
    public var storeID: StoreID
    public var channel: Channel
    public var sentAt: Timestamp
    public var status: DeliveryStatus?
    public var statusAt: Timestamp?

    public init(storeID: StoreID, channel: Channel, sentAt: Timestamp, status: DeliveryStatus? = nil, statusAt: Timestamp? = nil) {
        self.storeID = storeID
        self.channel = channel
        self.sentAt = sentAt
        self.status = status
        self.statusAt = statusAt
    }

    /// The carrier's (or mail server's) verdict has come: delivered, undelivered or failed.
    /// `queued` and `sent` only say the provider took it.
    public var isSettled: Bool { status?.isFinal ?? false }

    /// The message of `records` as a receipt, for a created lead's outbound message with a send time.
    public init?(_ message: MessageRecord, of state: LeadState) {
        guard message.key.direction == .outbound, let store = state.profile?.storeID, let channel = message.channel, let sentAt = message.at else { return nil }
        self.init(storeID: store, channel: channel, sentAt: sentAt, status: message.status, statusAt: message.statusAt)
    }
}
