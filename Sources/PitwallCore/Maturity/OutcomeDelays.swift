/// How long after their leads outcomes come, measured on leads old enough to have had most
/// of theirs: the leads that came in 30 to 90 days before today.
public struct OutcomeDelays: Hashable, Sendable {
    private var distributions: [LeadOutcome: DelayDistribution]
    /// How many leads the delays were measured on.
    public let referenceLeads: Int
    /// Each segment's own delays, for the outcomes measured often enough in it: a walk-in buys
    /// within days where a web lead takes weeks, so a source's young window is judged by its
    /// own pace.
    private var segments: [SegmentDimension: [String: OutcomeDelays]] = [:]
    /// After `within`: the dimension whose segment's own delays were taken, and for which outcomes.
    private var segmentDimension: SegmentDimension?
    private var segmentOutcomes: Set<LeadOutcome> = []

    /// The lead attributes whose segments have delays of their own. The others (tier, hour,
    /// kind of day, response bucket) are read at the pace of the whole scope.
    public static let segmentDimensions: [SegmentDimension] = [.source, .campaign, .region, .agent, .vehicleCondition]

    /// Below this many outcomes of a kind the shape of their delays is not trusted, and no
    /// window is said to be still maturing for it.
    public static let minimumOutcomes = 30
    /// The reference leads came in from `referenceDays.lowerBound` to `referenceDays.upperBound`
    /// days before today: old enough for most outcomes, recent enough to be today's pace.
    public static let referenceDays = 30...90

    public init(_ leads: [LeadOutcomeTimes]) {
        self.init(measuring: leads)
        for dimension in Self.segmentDimensions {
            var members: [String: [LeadOutcomeTimes]] = [:]
            for lead in leads {
                if let value = lead.segments[dimension] { members[value, default: []].append(lead) }
            }
            for (value, leads) in members {
                var own = OutcomeDelays(measuring: leads)
                // Only what would be read: a segment's too-few outcomes fall back to the scope's.
                own.distributions = own.distributions.filter { $0.value.count >= Self.minimumOutcomes }
                if !own.distributions.isEmpty { segments[dimension, default: [:]][value] = own }
            }
        }
    }

    private init(measuring leads: [LeadOutcomeTimes]) {
        var delays: [LeadOutcome: [Double]] = [:]
        for lead in leads {
            for outcome in LeadOutcome.allCases {
                guard let at = lead[outcome] else { continue }
                // An outcome dated before its lead (a clock off, a lead sent late) counts as at once.
                delays[outcome, default: []].append(max(0, lead.createdAt.seconds(until: at)))
            }
        }
        distributions = delays.mapValues { DelayDistribution(sorted: $0.sorted()) }
        referenceLeads = leads.count
    }

    /// The delays for the leads of one segment: its own for each outcome measured at least
    /// `minimumOutcomes` times in it, the scope's for the rest.
    public func within(_ dimension: SegmentDimension, _ value: String) -> OutcomeDelays {
        var delays = self
        delays.segments = [:]
        guard let own = segments[dimension]?[value] else { return delays }
        delays.distributions.merge(own.distributions) { _, segment in segment }
        delays.segmentDimension = dimension
        delays.segmentOutcomes = Set(own.distributions.keys)
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
