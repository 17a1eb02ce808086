/// The latest messages of one store and channel, and how many of them no delivery verdict has
/// followed. Pure: the alert monitor measures it, tests build it by hand.
public struct DeliveryReceiptGap: Hashable, Sendable {
    public var sent = 0
    /// When the oldest and the newest of the counted were sent.
    public var firstSent: Timestamp?
    public var lastSent: Timestamp?
    /// Counted, and still without a verdict (no status, or only `queued` / `sent`).
    public var unsettled = 0
    /// The latest verdict among all the messages given.
    public var lastVerdict: Timestamp?
    /// The send of the first unsettled message after the last settled one (or the first of all,
    /// when none is settled): when the receipts stopped, as near as these messages tell.
    public var stoppedAfter: Timestamp?

    /// Counts the `latest` of `messages` (all of them by default). When the receipts stopped
    /// and the last verdict are read from all: the judged few may all postdate the last one.
    public init(_ messages: some Sequence<SentMessageReceipt>, latest: Int = .max) {
        let newestFirst = messages.sorted { $0.sentAt > $1.sentAt }
        let counted = newestFirst.prefix(latest)
        sent = counted.count
        unsettled = counted.count { !$0.isSettled }
        firstSent = counted.last?.sentAt
        lastSent = newestFirst.first?.sentAt
        let settled = newestFirst.filter(\.isSettled)
        lastVerdict = settled.compactMap(\.statusAt).max()
        let lastSettledSend = settled.first?.sentAt
        stoppedAfter = newestFirst.filter { message in !message.isSettled && lastSettledSend.map { message.sentAt > $0 } ?? true }.last?.sentAt
    }

    /// Per store and channel watched, the gap of the `latest` messages sent: a fixed number
    /// rather than a fixed time, so a small store's evening is judged on as much evidence as a
    /// large store's morning, and a large store's trouble shows within minutes.
    public static func byStoreAndChannel(_ messages: [SentMessageReceipt], channels: Set<Channel>, latest: Int) -> [StoreID: [Channel: DeliveryReceiptGap]] {
        let chosen = messages.filter { channels.contains($0.channel) }
        return Dictionary(grouping: chosen, by: \.storeID).mapValues { ofStore in
            Dictionary(grouping: ofStore, by: \.channel).mapValues { DeliveryReceiptGap($0, latest: latest) }
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
