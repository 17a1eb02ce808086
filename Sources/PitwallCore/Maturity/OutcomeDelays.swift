/// How long after their leads outcomes come, measured on leads old enough to have had most
/// of theirs: the leads that came in 30 to 90 days before today.
public struct OutcomeDelays: Hashable, Sendable {
    private var distributions: [LeadOutcome: DelayDistribution]
    /// How many leads the delays were measured on.
    public let referenceLeads: Int

    /// Below this many outcomes of a kind the shape of their delays is not trusted, and no
    /// window is said to be still maturing for it.
    public static let minimumOutcomes = 30
    /// The reference leads came in from `referenceDays.lowerBound` to `referenceDays.upperBound`
    /// days before today: old enough for most outcomes, recent enough to be today's pace.
    public static let referenceDays = 30...90

    public init(_ leads: [LeadOutcomeTimes]) {
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
