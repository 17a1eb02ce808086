/// Each agent against the rest of their own store's agents, on the shares an agent moves:
/// who needs coaching, and whose way of working is worth passing on (the SOP's staff
/// productivity, training needs and best practice). An agent is set against their own store
/// only, since stores differ in what they sell and to whom; and only past chance, with every
/// agent and KPI of the review asked at once (Holm), so that twenty agents' five figures do
/// not turn up a "clearly" by luck.
public struct TeamReview: Hashable, Sendable {
    /// The figures the review compares: the shares an agent's work moves, the agent's own
    /// speed (their pick-up of the leads handed to them, not the lead's first answer, usually
    /// the AI's) first, and last what their customers rated the store (an average of answers).
    public static let comparedKeys: [KPIKey] = [
        .agentPickupWithinSLA, .leadResponseRate, .appointmentSettingRate, .appointmentShowRate, .leadToSaleConversion, .optOutRate,
        .customerSatisfaction,
    ]

    /// The KPIs a review reads for each agent: the compared ones, and the median first
    /// response and average sale shown beside them.
    public static let keysRead: Set<KPIKey> = Set(comparedKeys + [.firstResponseTime, .averageSaleValue])

    /// Below this many leads counted (the share's denominator, or the answers an average is
    /// of) an agent's figure is not tested: the test's normal approximation needs counts, and
    /// a handful says nothing.
    public static let smallestTested = 30.0

    public struct Comparison: Hashable, Sendable {
        public var key: KPIKey
        /// The agent's own figure.
        public var result: KPIResult
        /// The same share over the store's other agents, but those found apart on it (for an
        /// average, the sum of their values and how many there are).
        public var restCounted: Double
        public var restOf: Double
        /// For an average, the sum of the other agents' values squared: its spread.
        public var restSumOfSquares: Double = 0
        /// The store's other agents found apart on this KPI, left out of `rest*`.
        public var leftOut: [String]
        /// How often chance alone would part the two this far (two-sided); nil when either
        /// side has too few to test.
        public var chance: Double?
        /// Better or worse than the others, and past chance over the whole review; nil otherwise.
        public var call: ChangeDirection?
        /// The agent's own figure in the window compared with (the month before, say), when
        /// the review sets the two side by side and the agent had leads in it.
        public var before: KPIResult?
        /// How often chance alone would move the agent's share this far between the two
        /// windows; nil when either has too few to test.
        public var changeChance: Double?
        /// Better or worse than the agent's own before, past chance over every change of the
        /// review: whether coaching took, or a good agent slipped. Nil otherwise.
        public var progress: ChangeDirection?

        public var restValue: Double? { restOf > 0 ? restCounted / restOf : nil }
    }

    public struct AgentLine: Hashable, Sendable {
        public var store: StoreID
        public var agent: String
        /// Every KPI of the agent's leads.
        public var results: [KPIResult]
        public var comparisons: [Comparison]

        /// The agent's leads of the window: those assigned to them.
        public var leads: Double { results[.leadToSaleConversion]?.denominator ?? 0 }
        public func comparison(_ key: KPIKey) -> Comparison? { comparisons.first { $0.key == key } }
    }

    /// Store by store (in the order given), the busiest agent first.
    public var agents: [AgentLine]

    /// `results`: each store's agents' KPIs (an empty agent id, the leads nobody was assigned,
    /// is left out); `stores` the order to list them in.
    ///
    /// An agent far ahead lifts the others' share, so that an ordinary colleague looks behind
    /// beside it (and one far behind flatters the rest). So the agents found apart are left
    /// out of their colleagues' comparison and everything is asked again, until the same
    /// agents are found apart twice running (or after `rounds` rounds).
    ///
    /// `before`: the same agents' KPIs in an earlier window, to set each agent against their
    /// own before as well (the SOP's training effectiveness review).
    public init(
        results: [StoreID: [String: [KPIResult]]], before: [StoreID: [String: [KPIResult]]]? = nil, stores: [StoreID], catalog: KPICatalog,
        rounds: Int = 5
    ) {
        var lines: [AgentLine] = []
        for store in stores {
            let team = (results[store] ?? [:]).filter { !$0.key.isEmpty }
            let agents = team.sorted { ($0.value[.leadToSaleConversion]?.denominator ?? 0, $1.key) > ($1.value[.leadToSaleConversion]?.denominator ?? 0, $0.key) }
            for (agent, results) in agents {
                let comparisons = Self.comparedKeys.compactMap { key -> Comparison? in
                    results[key].map {
                        Comparison(
                            key: key, result: $0, restCounted: 0, restOf: 0, leftOut: [], chance: nil, call: nil, before: before?[store]?[agent]?[key])
                    }
                }
                lines.append(AgentLine(store: store, agent: agent, results: results, comparisons: comparisons))
            }
        }
        var apart: Set<Apart> = []
        for _ in 0..<max(1, rounds) {
            Self.compare(&lines, leavingOut: apart, catalog: catalog)
            let found = Self.keepingSomeoneToCompare(lines)
            if found == apart { break }
            apart = found
        }
        Self.judgeProgress(&lines, catalog: catalog)
        agents = lines
    }

    /// Each agent's share against their own before, every change of the review tested at once
    /// (Holm, as the comparisons with colleagues are, but as a family of its own: a different
    /// question of the same page). A window whose outcomes are still coming in (the last
    /// month's sales, say) is judged where it is heading, as the scorecard judges it, or not
    /// at all while too little is in: set as it stands beside an older window, every agent
    /// would read worse at selling.
    private static func judgeProgress(_ lines: inout [AgentLine], catalog: KPICatalog) {
        var tested: [(line: Int, item: Int, chance: Double)] = []
        for line in lines.indices {
            for item in lines[line].comparisons.indices {
                let comparison = lines[line].comparisons[item]
                guard let before = comparison.before, (comparison.result.denominator ?? 0) >= smallestTested, (before.denominator ?? 0) >= smallestTested,
                    let chance = comparison.result.changeChance(from: before)
                else { continue }
                lines[line].comparisons[item].changeChance = chance
                tested.append((line, item, chance))
            }
        }
        for (test, clear) in zip(tested, ChangeTest.holm(tested.map(\.chance))) where clear {
            let comparison = lines[test.line].comparisons[test.item]
            guard let before = comparison.before, let figures = comparison.result.comparedFigures(with: before), figures.now != figures.before else { continue }
            lines[test.line].comparisons[test.item].progress = (figures.now > figures.before) == !catalog[comparison.key].higherIsWorse ? .better : .worse
        }
    }

    /// The agents called this round, to leave out of their colleagues' comparison next round;
    /// but where every agent of a store is called on a KPI, only the clearest. One agent far
    /// behind makes each of a small team's others look ahead of "the rest", and leaving them
    /// all out would leave nobody to compare anyone with (and the rounds would swing between
    /// all and none).
    private static func keepingSomeoneToCompare(_ lines: [AgentLine]) -> Set<Apart> {
        var agents: [StoreKey: Int] = [:]
        var called: [StoreKey: [(apart: Apart, chance: Double)]] = [:]
        for line in lines {
            for comparison in line.comparisons {
                let group = StoreKey(store: line.store, key: comparison.key)
                agents[group, default: 0] += 1
                if comparison.call != nil {
                    called[group, default: []].append((Apart(store: line.store, agent: line.agent, key: comparison.key), comparison.chance ?? 1))
                }
            }
        }
        var found: Set<Apart> = []
        for (group, members) in called {
            guard members.count == agents[group], members.count > 1 else {
                found.formUnion(members.map(\.apart))
                continue
            }
            found.insert(members.min { ($0.chance, $0.apart.agent) < ($1.chance, $1.apart.agent) }!.apart)
        }
        return found
    }

    private struct StoreKey: Hashable {
        var store: StoreID
        var key: KPIKey
    }

    /// An agent found apart on one KPI, left out of their colleagues' comparison on it.
    private struct Apart: Hashable {
        var store: StoreID
        var agent: String
        var key: KPIKey
    }

    /// One round: each agent's share against the store's other agents but those `apart`, then
    /// every test of the review at once (Holm), so the chance of any false "clearly" stays at 5 %.
    private static func compare(_ lines: inout [AgentLine], leavingOut apart: Set<Apart>, catalog: KPICatalog) {
        var totals: [StoreID: [KPIKey: Sample]] = [:]
        for line in lines {
            for comparison in line.comparisons where !apart.contains(Apart(store: line.store, agent: line.agent, key: comparison.key)) {
                totals[line.store, default: [:]][comparison.key, default: Sample()].add(Sample(comparison.result))
            }
        }
        var tested: [(line: Int, item: Int, chance: Double)] = []
        for line in lines.indices {
            for item in lines[line].comparisons.indices {
                var comparison = lines[line].comparisons[item]
                let (store, agent) = (lines[line].store, lines[line].agent)
                let own = Sample(comparison.result)
                var rest = totals[store]?[comparison.key] ?? Sample()
                // The agent's own counts are in the total unless the agent is apart.
                let isApart = apart.contains(Apart(store: store, agent: agent, key: comparison.key))
                if !isApart { rest.subtract(own) }
                (comparison.restCounted, comparison.restOf, comparison.restSumOfSquares) = (rest.counted, rest.of, rest.squares)
                comparison.leftOut = apart.filter { $0.store == store && $0.key == comparison.key && $0.agent != agent }.map(\.agent).sorted()
                comparison.chance = own.of >= smallestTested && rest.of >= smallestTested ? own.differenceChance(from: rest, key: comparison.key) : nil
                comparison.call = nil
                lines[line].comparisons[item] = comparison
                if let chance = comparison.chance { tested.append((line, item, chance)) }
            }
        }
        for (test, clear) in zip(tested, ChangeTest.holm(tested.map(\.chance))) where clear {
            let comparison = lines[test.line].comparisons[test.item]
            guard let mine = comparison.result.value, let theirs = comparison.restValue, mine != theirs else { continue }
            let higherIsBetter = !catalog[comparison.key].higherIsWorse
            lines[test.line].comparisons[test.item].call = (mine > theirs) == higherIsBetter ? .better : .worse
        }
    }

    /// The clear differences, the clearest first: `worse` for coaching, `better` for what to
    /// pass on.
    public func calls(_ direction: ChangeDirection) -> [(line: AgentLine, comparison: Comparison)] {
        agents.flatMap { line in line.comparisons.filter { $0.call == direction }.map { (line, $0) } }
            .sorted { ($0.comparison.chance ?? 1, $0.line.agent) < ($1.comparison.chance ?? 1, $1.line.agent) }
    }

    /// The clear changes from each agent's own before, the clearest first: `better` where
    /// coaching took, `worse` where an agent slipped.
    public func progress(_ direction: ChangeDirection) -> [(line: AgentLine, comparison: Comparison)] {
        agents.flatMap { line in line.comparisons.filter { $0.progress == direction }.map { (line, $0) } }
            .sorted { ($0.comparison.changeChance ?? 1, $0.line.agent) < ($1.comparison.changeChance ?? 1, $1.line.agent) }
    }

    /// How many agents had enough leads for at least one test.
    public var testedAgents: Int { agents.filter { $0.comparisons.contains { $0.chance != nil } }.count }

    /// How many agents had enough leads in both windows to test at least one change.
    public var agentsTestedForProgress: Int { agents.filter { $0.comparisons.contains { $0.changeChance != nil } }.count }
}

extension TeamReview {
    /// What one agent's figure, or their colleagues' together, stands on: a share's counted
    /// and of, or an average's sum, count and sum of squares. These add up across agents.
    struct Sample {
        var counted = 0.0
        var of = 0.0
        var squares = 0.0

        init() {}

        init(_ result: KPIResult) {
            counted = result.numerator ?? 0
            of = result.denominator ?? 0
            if case .average(let spread)? = result.spread { squares = spread.sumOfSquares }
        }

        mutating func add(_ other: Sample) {
            (counted, of, squares) = (counted + other.counted, of + other.of, squares + other.squares)
        }

        mutating func subtract(_ other: Sample) {
            (counted, of, squares) = (counted - other.counted, of - other.of, squares - other.squares)
        }

        /// How often chance alone would part this sample's figure from `other`'s this far: a
        /// share by its counts, an average by its spread.
        func differenceChance(from other: Sample, key: KPIKey) -> Double? {
            guard key.averagedAnswers != nil else {
                return ChangeTest.sharesDifferenceChance(successes: counted, of: of, successes: other.counted, of: other.of)
            }
            guard let mine = AverageSpread(count: of, sum: counted, sumOfSquares: squares),
                let theirs = AverageSpread(count: other.of, sum: other.counted, sumOfSquares: other.squares)
            else { return nil }
            return ChangeTest.averagesDifferenceChance(mine, theirs)
        }
    }
}

extension TeamReview.AgentLine {
    /// "4 min 10 s": the median time from a lead's hand-off to an agent's first message.
    public var medianPickup: String { AgentPickup.median(results[.agentPickupWithinSLA]) }
}
