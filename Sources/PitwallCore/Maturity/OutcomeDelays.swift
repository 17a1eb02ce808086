/// How long after their leads outcomes come, measured on leads old enough to have had most
/// of theirs: the leads that came in 30 to 90 days before today.
public struct OutcomeDelays: Hashable, Sendable {
    private var distributions: [LeadOutcome: DelayDistribution]
    /// How many leads the delays were measured on.
    public let referenceLeads: Int
    /// Each segment's own delays, for the outcomes measured often enough in it: a walk-in buys
    /// within days where a web lead takes weeks, so a source's young window is judged by its
    /// own pace.
    private var segments: [SegmentDimension: [String: [LeadOutcome: DelayDistribution]]] = [:]
    /// After `within`: the dimension whose segment's own delays were taken, and for which outcomes.
    private var segmentDimension: SegmentDimension?
    private var segmentOutcomes: Set<LeadOutcome> = []

    /// The lead attributes whose segments have delays of their own: a hot lead buys sooner
    /// than a cold one, a walk-in sooner than a web form. The others (hour, kind of day,
    /// response bucket) describe the moment, not the lead, and are read at the scope's pace.
    public static let segmentDimensions: [SegmentDimension] = [.source, .campaign, .region, .agent, .tier, .vehicleCondition]

    /// Below this many outcomes of a kind the shape of their delays is not trusted, and no
    /// window is said to be still maturing for it.
    public static let minimumOutcomes = 30
    /// The reference leads came in from `referenceDays.lowerBound` to `referenceDays.upperBound`
    /// days before today: old enough for most outcomes, recent enough to be today's pace.
    public static let referenceDays = 30...90

    public init(_ leads: [LeadOutcomeTimes]) {
        let outcomes = LeadOutcome.allCases
        let dimensions = Self.segmentDimensions
        var scope = Array(repeating: [Double](), count: outcomes.count)
        // Per dimension: each segment's slot, and its delays at `slot * outcomes.count + outcome`.
        var slots = Array(repeating: [String: Int](), count: dimensions.count)
        var lists = Array(repeating: [[Double]](), count: dimensions.count)
        var leadSlots = Array(repeating: 0, count: dimensions.count)
        for lead in leads {
            var slotted = false
            for index in outcomes.indices {
                guard let at = lead[outcomes[index]] else { continue }
                // An outcome dated before its lead (a clock off, a lead sent late) counts as at once.
                let delay = max(0, lead.createdAt.seconds(until: at))
                scope[index].append(delay)
                guard let names = lead.segments else { continue }
                if !slotted {
                    for dimension in dimensions.indices {
                        let value = names[dimensions[dimension]] ?? ""
                        if let slot = slots[dimension][value] {
                            leadSlots[dimension] = slot
                        } else {
                            leadSlots[dimension] = lists[dimension].count / outcomes.count
                            slots[dimension][value] = leadSlots[dimension]
                            lists[dimension] += Array(repeating: [], count: outcomes.count)
                        }
                    }
                    slotted = true
                }
                for dimension in dimensions.indices { lists[dimension][leadSlots[dimension] * outcomes.count + index].append(delay) }
            }
        }
        func distributions(_ lists: ArraySlice<[Double]>, minimum: Int) -> [LeadOutcome: DelayDistribution] {
            var kept: [LeadOutcome: DelayDistribution] = [:]
            for (index, delays) in zip(outcomes.indices, lists) where delays.count >= max(1, minimum) {
                kept[outcomes[index]] = DelayDistribution(sorted: delays.sorted())
            }
            return kept
        }
        self.distributions = distributions(scope[...], minimum: 1)
        referenceLeads = leads.count
        for dimension in dimensions.indices {
            for (value, slot) in slots[dimension] {
                // Only what would be read: a segment's too-few outcomes fall back to the scope's,
                // and so does a pace no different from the rest's but by chance.
                let own = distributions(lists[dimension][(slot * outcomes.count)..<((slot + 1) * outcomes.count)], minimum: Self.minimumOutcomes)
                    .filter { outcome, delays in self.distributions[outcome].map { Self.differs(delays, from: $0) } ?? false }
                if !own.isEmpty { segments[dimensions[dimension], default: [:]][value] = own }
            }
        }
    }

    /// True when a segment's delays differ from those of the rest of its scope beyond what
    /// chance gives: the two-sample Kolmogorov–Smirnov test at 1 %. Forty or so sales of
    /// one source vary a lot by chance; reading its young windows at a pace that is only
    /// noise would make them worse than the scope's, as simulated data showed.
    static func differs(_ segment: DelayDistribution, from scope: DelayDistribution) -> Bool {
        let (n, all) = (Double(segment.count), Double(scope.count))
        let rest = all - n
        guard rest >= 1 else { return false }
        // The scope holds the segment: its curve is the segment's and the rest's mixed, so the
        // gap to the rest is the gap to the scope scaled up by the rest's share.
        let gapToRest = segment.largestGap(to: scope) * all / rest
        return gapToRest > Self.kolmogorovSmirnov1Percent * ((n + rest) / (n * rest)).squareRoot()
    }

    /// c(α) of the two-sample Kolmogorov–Smirnov test for α = 0.01: √(−ln(α/2) / 2).
    static let kolmogorovSmirnov1Percent = 1.6276

    /// The delays for the leads of one segment: its own for each outcome measured at least
    /// `minimumOutcomes` times in it, the scope's for the rest.
    public func within(_ dimension: SegmentDimension, _ value: String) -> OutcomeDelays {
        var delays = self
        delays.segments = [:]
        guard let own = segments[dimension]?[value] else { return delays }
        delays.distributions.merge(own) { _, segment in segment }
        delays.segmentDimension = dimension
        delays.segmentOutcomes = Set(own.keys)
        return delays
    }

    /// The dimension whose segment's own delays these are for `outcome`; nil for the scope's.
    public func measuredIn(_ outcome: LeadOutcome) -> SegmentDimension? {
        segmentOutcomes.contains(outcome) ? segmentDimension : nil
    }

    /// How many outcomes of this kind were measured.
    public func measured(_ outcome: LeadOutcome) -> Int { distributions[outcome]?.count ?? 0 }

    /// The share of outcomes that came within `seconds` of their lead; nil with too few measured.
    public func shareWithin(_ seconds: Double, of outcome: LeadOutcome) -> Double? {
        guard let distribution = distributions[outcome], distribution.count >= Self.minimumOutcomes else { return nil }
        return distribution.share(within: seconds)
    }

    /// The delay within which `share` of the outcomes came (nearest rank); nil with too few measured.
    public func delay(within share: Double, of outcome: LeadOutcome) -> Double? {
        guard let distribution = distributions[outcome], distribution.count >= Self.minimumOutcomes else { return nil }
        return distribution.delay(within: share)
    }
}
