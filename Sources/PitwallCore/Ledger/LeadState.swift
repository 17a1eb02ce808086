/// Everything Pitwall keeps up to date about one lead as its events arrive, so that
/// analytics read one row per lead instead of re-scanning the raw events.
///
/// Every field is decided by event time, never by arrival order: the earliest `lead.created`
/// defines the lead, the latest `lead.assigned` names the agent, "first" means the earliest
/// `occurred_at`. Applying the same set of events in any order gives the same state.
public struct LeadState: Hashable, Sendable, Codable {
    public var leadID: LeadID

    /// The lead as created; nil while only later events (a status, a reply) have arrived.
    public var profile: LeadCreated?
    /// When the CRM received the lead (`occurred_at` of `lead.created`).
    public var createdAt: Timestamp?
    /// When Pitwall stored the defining `lead.created`.
    public var ingestedAt: Timestamp?
    public var profileKey: EventOrderKey?

    public var agentID: AgentID?
    public var assignedAt: Timestamp?
    public var assignmentKey: EventOrderKey?
    /// How the agent of the latest hand-off was told of it, when the sender said.
    public var notifiedVia: String?

    public var outboundCount: Int = 0
    public var inboundCount: Int = 0
    /// First outbound message of any kind, auto-replies included.
    public var firstOutboundAt: Timestamp?
    /// First outbound message that is a real answer (not an auto-reply).
    public var firstResponse: FirstTouch?
    public var firstAIResponseAt: Timestamp?
    /// First message of any kind from the AI assistant, auto-replies included.
    public var firstAIMessageAt: Timestamp?
    /// First answer written by a human agent.
    public var firstAgentResponseAt: Timestamp?
    public var firstInboundAt: Timestamp?
    public var lastEventAt: Timestamp?
    /// Events about this lead dated more than five minutes after Pitwall received them: a
    /// sender's clock is wrong, and durations built on them cannot be trusted.
    public var futureDatedEvents: Int = 0

    /// The first opt-out ever (a stop keyword, a revocation in words, or `lead.opted_out`):
    /// what the opt-out rate counts, even if the customer later opts back in.
    public var optedOutAt: Timestamp?
    /// The latest opt-out and the latest opt-in (START, UNSTOP, YES): whichever is later
    /// says whether the lead may be texted now.
    public var lastOptOutAt: Timestamp?
    public var lastOptInAt: Timestamp?
    public var complaintCount: Int = 0
    public var appointmentsSet: Int = 0
    public var salesCount: Int = 0
    public var revenue: Money = .zero
    public var firstSaleAt: Timestamp?
    /// The customer's survey answers: satisfaction 1-5 and how likely they are to recommend
    /// the store 0-10. The latest answer to each question counts, so a customer who answers
    /// again (or a survey tool that resends a corrected answer) is read as they last said.
    public var satisfaction: Int?
    public var satisfactionKey: EventOrderKey?
    public var recommend: Int?
    public var recommendKey: EventOrderKey?

    public init(leadID: LeadID) {
        self.leadID = leadID
    }

    /// Opted out and not back in since: nobody may text the lead.
    public var isOptedOut: Bool { Self.isOptedOut(lastOptOutAt: lastOptOutAt, lastOptInAt: lastOptInAt) }

    /// Opted out, and not back in since.
    public static func isOptedOut(lastOptOutAt: Timestamp?, lastOptInAt: Timestamp?) -> Bool {
        guard let lastOptOutAt else { return false }
        return lastOptInAt.map { $0 < lastOptOutAt } ?? true
    }

    /// When the customer asked: form submission if known, else CRM receipt.
    public var startedAt: Timestamp? { profile?.submittedAt ?? createdAt }
}

/// The first real answer a lead got.
public struct FirstTouch: Hashable, Sendable, Codable {
    public var at: Timestamp
    public var messageID: MessageID
    public var sender: Sender
    public var channel: Channel
    public var agentID: AgentID?

    public init(at: Timestamp, messageID: MessageID, sender: Sender, channel: Channel, agentID: AgentID?) {
        self.at = at
        self.messageID = messageID
        self.sender = sender
        self.channel = channel
        self.agentID = agentID
    }

    /// Earlier wins; the message id settles a tie in the same millisecond.
    func precedes(_ other: FirstTouch) -> Bool {
        (at, messageID) < (other.at, other.messageID)
    }
}

extension LeadState {
    mutating func noteOptOut(at instant: Timestamp) {
        optedOutAt = min(optedOutAt, instant)
        lastOptOutAt = max(lastOptOutAt, instant)
    }
}
