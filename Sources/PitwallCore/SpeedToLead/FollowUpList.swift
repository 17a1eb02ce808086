/// The leads to call back first: the SOP's daily "identify high-temperature leads, plan
/// priority follow-ups". Of the leads that have had an answer, those still open (no sale, no
/// appointment, not opted out, no complaint), warmest first. An unanswered lead is not here:
/// it is the speed-to-lead queue's.
public enum FollowUpList {
    public struct Entry: Sendable {
        public var state: LeadState
        public var temperature: LeadTemperature
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

        init(_ score: Int, _ state: LeadState) {
            self.score = score
            replies = state.inboundCount
            heard = state.lastEventAt?.millisecondsSinceEpoch ?? 0
        }

        func precedes(_ other: SortKey, _ id: @autoclosure () -> LeadID, _ otherID: @autoclosure () -> LeadID) -> Bool {
            let left = (score, replies, heard)
            let right = (other.score, other.replies, other.heard)
            return left != right ? left > right : id().rawValue < otherID().rawValue
        }
    }

    /// The `first` warmest open leads of those `states` that are `included`, and how many open
    /// ones there are in all.
    public static func ranking(
        _ states: [LeadState], weights: LeadTemperature.Weights, first limit: Int = .max, including included: (LeadState) -> Bool = { _ in true }
    ) -> (open: Int, entries: [Entry]) {
        // Sorting the entries themselves moved a whole lead at every step: a month of a large
        // group's 47,000 open leads spent most of the page's 650 ms there. Keys are sorted
        // instead, and only the leads listed are copied out.
        var open: [(key: SortKey, id: LeadID, index: Int, temperature: LeadTemperature)] = []
        for index in states.indices {
            let state = states[index]
            guard included(state), isOpen(state), let temperature = LeadTemperature(state, weights: weights) else { continue }
            open.append((SortKey(temperature.score, state), state.leadID, index, temperature))
        }
        open.sort { $0.key.precedes($1.key, $0.id, $1.id) }
        return (open.count, open.prefix(max(0, limit)).map { Entry(state: states[$0.index], temperature: $0.temperature) })
    }

    /// The warmest open leads of many batches of states, keeping no more than about twice
    /// `limit` at a time: a year of a large group's leads ranked a day at a time, in the memory
    /// of a day.
    public struct Leaders: Sendable {
        public let limit: Int
        public let weights: LeadTemperature.Weights
        /// Open leads seen so far, listed or not.
        public private(set) var open = 0
        /// Each batch's warmest, in no order across batches.
        private var kept: [Entry] = []

        public init(first limit: Int, weights: LeadTemperature.Weights) {
            self.limit = max(0, limit)
            self.weights = weights
        }

        /// Adds a batch; a lead must not be in two batches.
        public mutating func add(_ states: [LeadState], including included: (LeadState) -> Bool = { _ in true }) {
            let batch = FollowUpList.ranking(states, weights: weights, first: limit, including: included)
            open += batch.open
            kept += batch.entries
            if kept.count / 2 > limit { kept = Self.ordered(kept, first: limit) }
        }

        /// The warmest so far, in order, at most `limit`.
        public var entries: [Entry] { Self.ordered(kept, first: limit) }

        static func ordered(_ entries: [Entry], first limit: Int) -> [Entry] {
            let keys = entries.map { (key: SortKey($0.temperature.score, $0.state), id: $0.state.leadID) }
            let order = keys.indices.sorted { keys[$0].key.precedes(keys[$1].key, keys[$0].id, keys[$1].id) }
            return order.prefix(limit).map { entries[$0] }
        }
    }
}
