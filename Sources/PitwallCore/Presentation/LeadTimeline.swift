/// A lead's events as its page lists them. Each delivery receipt is folded into the line of the
/// text it reports on: a carrier sends two or three receipts a text, and a conversation of ten
/// texts should read as ten lines, each saying whether it got through, not as forty.
public struct LeadTimelineLine: Hashable, Sendable {
    /// The event the line is about; its time is the line's time.
    public var event: Event
    /// The receipts for this line's text, in the order the ledger applies them (the last one wins).
    public var receipts: [Event]
    public var description: EventDescription
    /// What the carrier said about the text, in words ("delivered 4 s later"); nil when the line
    /// is not a text, or no receipt came.
    public var delivery: String?

    /// How many stored events the line stands for.
    public var eventCount: Int { 1 + receipts.count }
}

public enum LeadTimeline {
    /// `events` in the order they are to be read. A receipt for a text this lead never sent (or
    /// not yet) keeps a line of its own, so no stored event goes unshown.
    public static func lines(
        _ events: [Event], time: (Timestamp) -> String = { $0.rfc3339 }, names: DisplayNames = DisplayNames()
    ) -> [LeadTimelineLine] {
        var sentMessages: Set<MessageID> = []
        for event in events {
            if case .messageSent(let sent) = event.payload { sentMessages.insert(sent.messageID) }
        }
        var receipts: [MessageID: [Event]] = [:]
        for event in events {
            if case .messageStatus(let change) = event.payload, sentMessages.contains(change.messageID) {
                receipts[change.messageID, default: []].append(event)
            }
        }
        var lines: [LeadTimelineLine] = []
        for event in events {
            switch event.payload {
            case .messageStatus(let change) where sentMessages.contains(change.messageID):
                continue
            case .messageSent(let sent):
                let own = (receipts[sent.messageID] ?? []).sorted { orderKey($0) < orderKey($1) }
                var description = EventDescription(event, time: time, names: names)
                var delivery: String?
                if let last = own.last, case .messageStatus(let change) = last.payload {
                    delivery = words(change, at: last.occurredAt, sentAt: event.occurredAt, time: time)
                    if change.status == .undelivered || change.status == .failed { description.kind = "problem" }
                }
                lines.append(LeadTimelineLine(event: event, receipts: own, description: description, delivery: delivery))
            default:
                lines.append(LeadTimelineLine(event: event, receipts: [], description: EventDescription(event, time: time, names: names), delivery: nil))
            }
        }
        return lines
    }

    /// The ledger's rule for which receipt is the latest: later in time, then further along.
    static func orderKey(_ event: Event) -> StatusOrderKey {
        guard case .messageStatus(let change) = event.payload else { return StatusOrderKey(occurredAt: event.occurredAt, rank: 0, eventID: event.id) }
        return StatusOrderKey(occurredAt: event.occurredAt, rank: change.status.lifecycleRank, eventID: event.id)
    }

    /// "delivered 4 s later", "not delivered: failed 10 s later, carrier error 30008",
    /// "sent 2 s later, no delivery receipt yet".
    static func words(_ change: MessageStatusChange, at: Timestamp, sentAt: Timestamp, time: (Timestamp) -> String) -> String {
        let after = sentAt.seconds(until: at)
        // A receipt stamped before its text is a clock out of step somewhere: say when, not "-3 s later".
        let when =
            after < 0 ? "at \(time(at))" : after < 1 ? "within a second" : "\(KPIFormatting.duration(seconds: after.rounded())) later"
        let error = change.errorCode.map { ", carrier error \($0)" } ?? ""
        switch change.status {
        case .delivered: return "delivered \(when)"
        case .undelivered, .failed: return "not delivered: \(change.status.rawValue) \(when)\(error)"
        case .queued, .sent: return "\(change.status.rawValue) \(when), no delivery receipt yet"
        }
    }
}
