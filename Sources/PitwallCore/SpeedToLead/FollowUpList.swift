/// The leads to call back first: the SOP's daily "identify high-temperature leads, plan
/// priority follow-ups". Of the leads that have had an answer, those still open (no sale, no
/// appointment, not opted out, no complaint), warmest first. An unanswered lead is not here:
/// it is the speed-to-lead queue's.
public enum FollowUpList {
    public struct Entry: Sendable {
        public var state: LeadState
        public var temperature: LeadTemperature

        public init(state: LeadState, temperature: LeadTemperature) {
            self.state = state
            self.temperature = temperature
        }
    }

    /// Whether a lead is still one to win: answered, and neither won nor lost yet.
    public static func isOpen(_ state: LeadState) -> Bool {
        state.firstResponse != nil && state.salesCount == 0 && state.appointmentsSet == 0 && !state.isOptedOut && state.complaintCount == 0
    }

    /// The open leads among `states`, warmest first; among equals, the one that has written
    /// most, then the one heard from last, then by id, so the order is the same on every load.
    public static func rank(_ states: [LeadState], weights: LeadTemperature.Weights) -> [Entry] {
        ranking(states, weights: weights).entries
    }

    /// The order of the list: warmer first; then the lead that has written more; then the one
    /// heard from later; all equal, the smaller id. Kept apart from the lead: comparing through
    /// whole lead states copied each one, strings and all, at every step of the sort.
    struct SortKey {
        var score: Int
        var replies: Int
        var heard: Int64

        init(_ score: Int, _ candidate: FollowUpCandidate) {
            self.init(score, replies: candidate.signals.replies, heard: candidate.lastEventAt)
        }

        init(_ score: Int, replies: Int, heard: Timestamp?) {
            self.score = score
            self.replies = replies
            self.heard = heard?.millisecondsSinceEpoch ?? 0
        }

        func precedes(_ other: SortKey, _ id: @autoclosure () -> LeadID, _ otherID: @autoclosure () -> LeadID) -> Bool {
            let left = (score, replies, heard)
            let right = (other.score, other.replies, other.heard)
            return left != right ? left > right : id().rawValue < otherID().rawValue
        }
    }

    /// A lead the list names, with the temperature it was ranked by.
    public struct Listed: Sendable {
        public var candidate: FollowUpCandidate
        public var temperature: LeadTemperature
    }

    /// The `first` warmest open leads of those `states` that are `included`, and how many open
    /// ones there are in all.
    public static func ranking(
        _ states: [LeadState], weights: LeadTemperature.Weights, first limit: Int = .max,
        including included: (FollowUpCandidate) -> Bool = { _ in true }
    ) -> (open: Int, entries: [Entry]) {
        var indices: [Int] = []
        var candidates: [FollowUpCandidate] = []
        for index in states.indices {
            guard let candidate = FollowUpCandidate(state: states[index]) else { continue }
            indices.append(index)
            candidates.append(candidate)
        }
        let ranked = order(candidates, weights: weights, first: limit, including: included)
        return (ranked.open, ranked.order.map { Entry(state: states[indices[$0.index]], temperature: $0.listed.temperature) })
    }

    /// Entries of several rankings in the list's one order.
    public static func ordered(_ entries: [Entry]) -> [Entry] {
        let keys = entries.map { SortKey($0.temperature.score, replies: $0.state.inboundCount, heard: $0.state.lastEventAt) }
        return keys.indices.sorted { keys[$0].precedes(keys[$1], entries[$0].state.leadID, entries[$1].state.leadID) }.map { entries[$0] }
    }

    /// The `first` warmest open ones of the `candidates` that are `included`, and how many open
    /// ones there are in all.
    public static func ranking(
        _ candidates: [FollowUpCandidate], weights: LeadTemperature.Weights, first limit: Int = .max,
        including included: (FollowUpCandidate) -> Bool = { _ in true }
    ) -> (open: Int, listed: [Listed]) {
        let ranked = order(candidates, weights: weights, first: limit, including: included)
        return (ranked.open, ranked.order.map(\.listed))
    }

    private static func order(
        _ candidates: [FollowUpCandidate], weights: LeadTemperature.Weights, first limit: Int, including included: (FollowUpCandidate) -> Bool
    ) -> (open: Int, order: [(index: Int, listed: Listed)]) {
        // Keys are sorted, not the leads: sorting whole leads moved one at every step, and a
        // month of a large group's 47,000 open leads spent most of its 650 ms there.
        var open: [(key: SortKey, index: Int, temperature: LeadTemperature)] = []
        for index in candidates.indices {
            let candidate = candidates[index]
            guard candidate.isOpen, included(candidate) else { continue }
            let temperature = LeadTemperature(candidate.signals, weights: weights)
            open.append((SortKey(temperature.score, candidate), index, temperature))
        }
        open.sort { $0.key.precedes($1.key, candidates[$0.index].leadID, candidates[$1.index].leadID) }
        return (open.count, open.prefix(max(0, limit)).map { ($0.index, Listed(candidate: candidates[$0.index], temperature: $0.temperature)) })
    }

    /// The warmest open leads of many batches of candidates, keeping no more than about twice
    /// `limit` at a time: a year of a large group's leads ranked a day at a time, in the memory
    /// of a day.
    public struct Leaders: Sendable {
        public let limit: Int
        public let weights: LeadTemperature.Weights
        /// Open leads seen so far, listed or not.
        public private(set) var open = 0
        /// Each batch's warmest, in no order across batches.
        private var kept: [Listed] = []

        public init(first limit: Int, weights: LeadTemperature.Weights) {
            self.limit = max(0, limit)
            self.weights = weights
        }

        /// Adds a batch; a lead must not be in two batches.
        public mutating func add(_ candidates: [FollowUpCandidate], including included: (FollowUpCandidate) -> Bool = { _ in true }) {
            let batch = FollowUpList.ranking(candidates, weights: weights, first: limit, including: included)
            open += batch.open
            kept += batch.listed
            if kept.count / 2 > limit { kept = Self.ordered(kept, first: limit) }
        }

        /// The warmest so far, in order, at most `limit`.
        public var listed: [Listed] { Self.ordered(kept, first: limit) }

        static func ordered(_ listed: [Listed], first limit: Int) -> [Listed] {
            let keys = listed.map { SortKey($0.temperature.score, $0.candidate) }
            let order = keys.indices.sorted { keys[$0].precedes(keys[$1], listed[$0].candidate.leadID, listed[$1].candidate.leadID) }
            return order.prefix(limit).map { listed[$0] }
        }
    }
}
