/// A lead as the follow-ups list weighs it: where and when it came in, what the list may be
/// narrowed by (agent, source, tier), whether it is still open, and what its temperature and
/// its place among equals come from. A backend reads these off its lead table without the
/// lead's records, so a year of leads is ranked in the memory of a few fields each.
public struct FollowUpCandidate: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID
    public var createdAt: Timestamp
    public var source: String
    public var agentID: AgentID?
    /// Some message answered it (an auto-reply does not).
    public var answered: Bool
    public var lastEventAt: Timestamp?
    public var signals: LeadTemperature.Signals

    public init(
        leadID: LeadID, storeID: StoreID, createdAt: Timestamp, source: String, agentID: AgentID?, answered: Bool, lastEventAt: Timestamp?,
        signals: LeadTemperature.Signals
    ) {
        self.leadID = leadID
        self.storeID = storeID
        self.createdAt = createdAt
        self.source = source
        self.agentID = agentID
        self.answered = answered
        self.lastEventAt = lastEventAt
        self.signals = signals
    }

    /// The candidate of a created lead; nil for one whose `lead.created` has not arrived.
    public init?(state: LeadState) {
        guard let profile = state.profile, let created = state.createdAt, let signals = LeadTemperature.Signals(state) else { return nil }
        self.init(
            leadID: state.leadID, storeID: profile.storeID, createdAt: created, source: profile.source, agentID: state.agentID,
            answered: state.firstResponse != nil, lastEventAt: state.lastEventAt, signals: signals)
    }

    /// Answered, and neither won (a sale or an appointment) nor lost (opted out, complained) yet:
    /// `FollowUpList.isOpen` of its state.
    public var isOpen: Bool { answered && signals.appointmentsSet == 0 && signals.verdict == nil }
}
