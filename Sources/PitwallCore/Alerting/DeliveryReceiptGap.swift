/// The messages of one store and channel sent in a rule's window, and how many of them no
/// delivery verdict has followed. Pure: the alert monitor measures it, tests build it by hand.
public struct DeliveryReceiptGap: Hashable, Sendable {
    public var sent = 0
    /// Sent, and still without a verdict (no status, or only `queued` / `sent`).
    public var unsettled = 0
    /// The latest verdict among them.
    public var lastVerdict: Timestamp?
    /// The send of the first unsettled message after the last settled one (or the first of all,
    /// when none is settled): when the receipts stopped, as near as these messages tell.
    public var stoppedAfter: Timestamp?

    public init(_ messages: some Sequence<SentMessageReceipt>) {
        var lastSettledSend: Timestamp?
        var unsettledSends: [Timestamp] = []
        for message in messages {
            sent += 1
            if message.isSettled {
                lastSettledSend = max(lastSettledSend ?? message.sentAt, message.sentAt)
                if let at = message.statusAt { lastVerdict = max(lastVerdict ?? at, at) }
            } else {
                unsettled += 1
                unsettledSends.append(message.sentAt)
            }
        }
        stoppedAfter = unsettledSends.filter { send in lastSettledSend.map { send > $0 } ?? true }.min()
    }

    /// Per store and channel, the gaps of `messages`, for the channels given.
    public static func byStoreAndChannel(_ messages: [SentMessageReceipt], channels: Set<Channel>) -> [StoreID: [Channel: DeliveryReceiptGap]] {
        let chosen = messages.filter { channels.contains($0.channel) }
        return Dictionary(grouping: chosen, by: \.storeID).mapValues { ofStore in
            Dictionary(grouping: ofStore, by: \.channel).mapValues { DeliveryReceiptGap($0) }
        }
    }

    /// "text", "40 texts", "e-mails": what a channel's messages are called in a note.
    public static func name(of channel: Channel, count: Int? = nil) -> String {
        let word = switch channel {
        case .sms: "text"
        case .email: "e-mail"
        case .call: "call"
        case .chat: "chat message"
        }
        guard let count else { return word }
        return count == 1 ? "1 \(word)" : "\(count) \(word)s"
    }
}
