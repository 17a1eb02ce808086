/// Reading leads by time and by person, for the speed-to-lead views.
public protocol LeadQueryStore: Sendable {
    /// Leads whose `lead.created` is at or after `since` (CRM receipt), of one store or all,
    /// with all their records, oldest first. With `unansweredAt`, only those no message had
    /// answered by that instant by the standard rule (AI or agent, not an auto-reply): the
    /// live queue asks for the leads unanswered now, the last minutes' view for those still
    /// unanswered when its window opened.
    func leads(createdSince since: Timestamp, store: StoreID?, unansweredAt: Timestamp?) async throws -> [LeadRecords]

    /// The earliest other lead at `store` created in `[since, before)` whose normalised phone or
    /// e-mail matches (see `ContactKey`).
    func earlierLead(
        at store: StoreID, phoneKey: String?, emailKey: String?, since: Timestamp, before: Timestamp, excluding: LeadID
    ) async throws -> LeadID?

    /// Each lead created in `[from, before)`, of one store or all, that the same person (phone
    /// or e-mail, see `ContactKey`) had already sent the same store within `window`
    /// milliseconds before it, strictly earlier, with the earliest such lead; oldest first.
    /// For counting repeat leads by source, so answered by the backend from its contact
    /// indexes, not by reading every lead's records.
    func repeatLeads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64) async throws -> [RepeatLead]

    /// The state alone (no messages) of every lead created at or after `since`, of one store
    /// or all; with no store given, also every lead whose `lead.created` has not arrived and
    /// whose latest event is at or after `since`. For the timestamp audit, ordered by lead id.
    func leadStates(since: Timestamp, store: StoreID?) async throws -> [LeadState]

    /// The state of each lead created at or after `since`, of one store or all, that waits
    /// for a person's answer (`LeadState.isWaitingForAgent`), ordered by lead id. For the
    /// agents' load, which would otherwise read a week of every lead to find a few hundred.
    func leadsAwaitingAgent(since: Timestamp, store: StoreID?) async throws -> [LeadState]

    /// The leads created at or after `since` and handed over at or after `handedOffSince` that
    /// no person has written to (at least those; a backend may give more): the hand-offs whose
    /// pick-up may not be due yet, which every reading of the pick-up figure looks for. Only
    /// what says when each falls due is read, as a few hundred full states a reading cost
    /// several milliseconds.
    func handOffsAwaitingPickup(since: Timestamp, handedOffSince: Timestamp, store: StoreID?) async throws -> [HandOffAwaitingPickup]

    /// Of the states `leadStates(since:store:)` gives, those of leads that were texted and
    /// opted out (`LeadState.wasTextedAndOptedOut`): the only ones that can have a text sent
    /// after an opt-out, which the compliance scan reads on every alert round.
    func leadsTextedAndOptedOut(since: Timestamp, store: StoreID?) async throws -> [LeadState]

    /// Leads whose `lead.created` is in `[from, before)`, of one store or all, with all their
    /// records, oldest first. For exports, a slice at a time.
    func leads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadRecords]

    /// The states alone of the leads `leads(createdFrom:before:store:)` gives, in its order.
    func leadStates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadState]

    /// What the follow-ups list ranks of those leads (`FollowUpCandidate`), in no particular
    /// order: a year of them read without building each lead's whole state.
    func followUpCandidates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [FollowUpCandidate]

    /// The states of the leads `ids` names that exist, in no particular order: the few a
    /// ranked list goes on to show.
    func leadStates(of ids: [LeadID]) async throws -> [LeadState]

    /// When those leads came in and when each outcome first followed, in the same order: for
    /// measuring how long outcomes take without reading each lead's messages.
    func leadOutcomeTimes(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadOutcomeTimes]

    /// The lead an outbound message went to, by the message's id: what a provider's delivery
    /// callback names.
    func lead(sentMessage messageID: MessageID) async throws -> LeadID?

    /// The newest lead at `store` whose normalised phone (see `ContactKey`) is `phoneKey`,
    /// created at or after `since`: whom an incoming text is from.
    func newestLead(at store: StoreID, phoneKey: String, since: Timestamp) async throws -> LeadID?

    /// When the newest lead at `store` (from `source`, when given) came in (its `lead.created`,
    /// CRM receipt), if at or after `since`: how long the store's feed, or that source's, has
    /// been silent. Read on every alert round.
    func latestLeadArrival(at store: StoreID, source: String?, since: Timestamp) async throws -> Timestamp?

    /// The outbound messages sent in `[from, before)` to created leads of every store, with
    /// their latest delivery status, in no particular order: whether receipts still arrive.
    /// Read on every alert round, so a backend answers it from an index of messages by time.
    func sentMessageReceipts(sentFrom from: Timestamp, before: Timestamp) async throws -> [SentMessageReceipt]

    /// The conversation (every message, both ways and of any time) of each created lead (of
    /// `store`, when given) that was sent a templated message in `[from, before)`, in no
    /// particular order: what the template ranking, the A/B tests and the send times are
    /// worked out from.
    func templatedConversations(sentFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadConversation]
}

extension LeadQueryStore {
    /// Right on any backend, and what a faster one (an index's last entry) must match.
    public func latestLeadArrival(at store: StoreID, source: String?, since: Timestamp) async throws -> Timestamp? {
        try await leadStates(since: since, store: store).filter { source == nil || $0.profile?.source == source }.compactMap(\.createdAt).max()
    }

    /// Every lead read: right on any backend, and what a faster one must match.
    public func sentMessageReceipts(sentFrom from: Timestamp, before: Timestamp) async throws -> [SentMessageReceipt] {
        let everyLead = try await leads(createdFrom: Timestamp(millisecondsSinceEpoch: .min), before: Timestamp(millisecondsSinceEpoch: .max), store: nil)
        return everyLead.flatMap { records in
            records.messages.compactMap { SentMessageReceipt($0, of: records.state) }.filter { $0.sentAt >= from && $0.sentAt < before }
        }
    }

    /// Every lead read: right on any backend, and what a faster one must match.
    public func templatedConversations(sentFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadConversation] {
        let everyLead = try await leads(createdFrom: Timestamp(millisecondsSinceEpoch: .min), before: Timestamp(millisecondsSinceEpoch: .max), store: store)
        return everyLead.compactMap(LeadConversation.init).filter { $0.hasTemplatedSend(from: from, before: before) }
    }

    public func latestLeadArrival(at store: StoreID, since: Timestamp) async throws -> Timestamp? {
        try await latestLeadArrival(at: store, source: nil, since: since)
    }

    /// The rule applied to every state: right on any backend, and what a faster one must match.
    public func leadsAwaitingAgent(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await leadStates(since: since, store: store).filter(\.isWaitingForAgent)
    }

    public func handOffsAwaitingPickup(since: Timestamp, handedOffSince: Timestamp, store: StoreID?) async throws -> [HandOffAwaitingPickup] {
        try await leadsAwaitingAgent(since: since, store: store).compactMap { state in
            guard let profile = state.profile, let handedOffAt = state.assignedAt, handedOffAt >= handedOffSince else { return nil }
            return HandOffAwaitingPickup(leadID: state.leadID, storeID: profile.storeID, tier: profile.tier, source: profile.source, handedOffAt: handedOffAt)
        }
    }

    public func leadStates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await leads(createdFrom: from, before: before, store: store).map(\.state)
    }

    public func leadsTextedAndOptedOut(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await leadStates(since: since, store: store).filter(\.wasTextedAndOptedOut)
    }

    /// From the states: right on any backend, and what a faster one must match.
    public func followUpCandidates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [FollowUpCandidate] {
        try await leadStates(createdFrom: from, before: before, store: store).compactMap(FollowUpCandidate.init(state:))
    }

    public func leadOutcomeTimes(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadOutcomeTimes] {
        try await leads(createdFrom: from, before: before, store: store).compactMap(LeadOutcomeTimes.init(records:))
    }
}

/// A lead as its contact data is judged: its store, source and arrival, and the phone and
/// e-mail it came with.
public struct LeadContactCard: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID
    public var source: String
    public var createdAt: Timestamp
    public var contact: Contact?

    public init(leadID: LeadID, storeID: StoreID, source: String, createdAt: Timestamp, contact: Contact?) {
        self.leadID = leadID
        self.storeID = storeID
        self.source = source
        self.createdAt = createdAt
        self.contact = contact
    }

    /// The card of a created lead; nil for one whose `lead.created` has not arrived.
    public init?(state: LeadState) {
        guard let profile = state.profile, let created = state.createdAt else { return nil }
        self.init(leadID: state.leadID, storeID: profile.storeID, source: profile.source, createdAt: created, contact: profile.contact)
    }
}
