/// An outbound message a lead had said not to send (TCPA): who sent it, when, and after which opt-out.
public struct ComplianceViolation: Hashable, Sendable {
    public var leadID: LeadID
    public var messageID: MessageID
    public var sentAt: Timestamp
    public var sender: Sender?
    public var agentID: AgentID?
    public var optedOutAt: Timestamp
    /// The rule that read the opt-out (`keyword:STOP`, `phrase:do_not_contact`, `event:lead.opted_out`).
    public var optOutRule: String

    public var secondsAfterOptOut: Double { optedOutAt.seconds(until: sentAt) }
}

/// One lead's consent over time, read from its replies (with `ConsentClassifier`) and from
/// `lead.opted_out`, and the outbound messages that broke it. After each opt-out a single
/// confirmation ("You are unsubscribed") within `confirmationSeconds` is allowed; any other
/// message until the customer opts back in (START, UNSTOP, YES) is a violation. Pure.
public struct ConsentTimeline: Sendable {
    public struct Change: Hashable, Sendable {
        public var at: Timestamp
        public var intent: ConsentReading.Intent
        public var rule: String
    }

    public var changes: [Change]
    public static let confirmationSeconds: Double = 15 * 60

    public init(_ records: LeadRecords) {
        var changes: [Change] = []
        for message in records.messages where message.key.direction == .inbound {
            guard let at = message.at, let body = message.body, let reading = ConsentClassifier.read(body) else { continue }
            changes.append(Change(at: at, intent: reading.intent, rule: reading.rule))
        }
        if let recorded = records.state.optedOutAt, !changes.contains(where: { $0.intent == .optOut && $0.at == recorded }) {
            changes.append(Change(at: recorded, intent: .optOut, rule: "event:lead.opted_out"))
        }
        // At one instant an opt-out outranks an opt-in: the careful reading.
        self.changes = changes.sorted { ($0.at, $0.intent == .optOut ? 0 : 1) < ($1.at, $1.intent == .optOut ? 0 : 1) }
    }

    /// The outbound messages sent while the lead was opted out, beyond one confirmation per opt-out.
    public func violations(in records: LeadRecords) -> [ComplianceViolation] {
        let outbound = records.messages
            .filter { $0.key.direction == .outbound && $0.at != nil }
            .sorted { ($0.at!, $0.key.messageID.rawValue) < ($1.at!, $1.key.messageID.rawValue) }
        var found: [ComplianceViolation] = []
        for message in outbound {
            let at = message.at!
            // The consent in force when the message went out: the last change at or before it.
            guard let last = changes.last(where: { $0.at <= at }), last.intent == .optOut else { continue }
            let isFirstAfter = !outbound.contains { other in other.at! >= last.at && other.at! < at }
            if isFirstAfter, last.at.seconds(until: at) <= Self.confirmationSeconds { continue }
            found.append(
                ComplianceViolation(
                    leadID: records.state.leadID, messageID: message.key.messageID, sentAt: at, sender: message.sender, agentID: message.agentID,
                    optedOutAt: last.at, optOutRule: last.rule))
        }
        return found
    }
}
