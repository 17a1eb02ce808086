/// The A/B test of how agents are told a lead is theirs (module 7: Slack against mobile push,
/// say): the ways a store tells its agents, two at a time, on the share of hand-offs picked
/// up within the SLA. Only within a store, as the team review does: stores differ in floor and
/// hours, and a group whose stores each use one way would otherwise compare stores, not ways.
/// Every pair of every store is asked at once (Holm).
public struct NotificationMethodReview: Hashable, Sendable {
    public struct MethodLine: Hashable, Sendable {
        public var store: StoreID
        /// As the hand-offs named it: "push", "email".
        public var method: String
        /// The pick-up of the leads handed over this way (`agent_pickup_within_sla`): hand-offs
        /// picked up within the SLA, of those judged, and the median pick-up.
        public var pickup: KPIResult
        /// Clearly quicker than one of the store's other ways and slower than none (`better`),
        /// or the other way round (`worse`); nil otherwise.
        public var call: ChangeDirection?

        public var handOffs: Double { pickup.denominator ?? 0 }
        public var medianSeconds: Double? { pickup.detail("median_seconds") }
    }

    /// Two ways of one store set against each other.
    public struct Pairing: Hashable, Sendable {
        public var store: StoreID
        /// Indexes into `methods`, the way more used first.
        public var first: Int
        public var second: Int
        /// How often chance alone would part the two shares this far (two-sided); nil when
        /// either has fewer than `TeamReview.smallestTested` hand-offs.
        public var chance: Double?
        /// The index of the way picked up within the SLA more often, when past chance over
        /// every pair of the review; nil otherwise.
        public var quicker: Int?
    }

    /// Store by store (in the order given), the way most used first.
    public var methods: [MethodLine]
    public var pairs: [Pairing]

    /// `results`: each store's pick-up figure by the way its agents were told (the hand-offs
    /// that did not say, "", are left out).
    public init(results: [StoreID: [String: KPIResult]], stores: [StoreID]) {
        var lines: [MethodLine] = []
        var pairs: [Pairing] = []
        for store in stores {
            let named = (results[store] ?? [:]).filter { !$0.key.isEmpty && ($0.value.denominator ?? 0) > 0 }
            let first = lines.count
            lines += named.sorted { ($0.value.denominator ?? 0, $1.key) > ($1.value.denominator ?? 0, $0.key) }.map {
                MethodLine(store: store, method: $0.key, pickup: $0.value)
            }
            for a in first..<lines.count {
                for b in (a + 1)..<lines.count {
                    let (one, other) = (lines[a], lines[b])
                    let tested = one.handOffs >= TeamReview.smallestTested && other.handOffs >= TeamReview.smallestTested
                    let chance =
                        tested
                        ? ChangeTest.sharesDifferenceChance(
                            successes: one.pickup.numerator ?? 0, of: one.handOffs, successes: other.pickup.numerator ?? 0, of: other.handOffs) : nil
                    pairs.append(Pairing(store: store, first: a, second: b, chance: chance))
                }
            }
        }
        let tested = pairs.indices.filter { pairs[$0].chance != nil }
        for (index, clear) in zip(tested, ChangeTest.holm(tested.map { pairs[$0].chance! })) where clear {
            let pair = pairs[index]
            guard let one = lines[pair.first].pickup.value, let other = lines[pair.second].pickup.value, one != other else { continue }
            pairs[index].quicker = one > other ? pair.first : pair.second
        }
        for index in lines.indices {
            let clear = pairs.filter { $0.quicker != nil && ($0.first == index || $0.second == index) }
            let quicker = clear.contains { $0.quicker == index }, slower = clear.contains { $0.quicker != index }
            lines[index].call = quicker == slower ? nil : quicker ? .better : .worse
        }
        methods = lines
        self.pairs = pairs
    }

    /// The stores that tell their agents in more than one way.
    public var storesComparing: [StoreID] {
        var seen: [StoreID] = []
        for pair in pairs where !seen.contains(pair.store) { seen.append(pair.store) }
        return seen
    }

    /// The pairs past chance, the clearest first.
    public var clearPairs: [Pairing] {
        pairs.filter { $0.quicker != nil }.sorted { ($0.chance ?? 1, $0.first, $0.second) < ($1.chance ?? 1, $1.first, $1.second) }
    }

    /// The pairs `line` (an index into `methods`) is part of.
    public func pairs(of line: Int) -> [Pairing] { pairs.filter { $0.first == line || $0.second == line } }
}
