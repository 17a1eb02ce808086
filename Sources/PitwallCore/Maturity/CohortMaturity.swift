/// How far a window's lead-cohort KPI has come: while its leads are young, more of the
/// outcome it counts is still on its way, so the figure reads lower than it will be (which
/// flatters an opt-out rate and condemns a conversion rate).
public struct CohortMaturity: Hashable, Sendable {
    public var outcome: LeadOutcome
    /// The share of the window's eventual outcomes estimated to have happened by now, from
    /// its leads' ages and how long outcomes usually take (`OutcomeDelays`).
    public var shareIn: Double
    /// 9 in 10 outcomes of this kind come within this many seconds of their lead.
    public var typicalDelay: Double
    /// How many measured outcomes the estimate stands on.
    public var measuredOn: Int
    /// The local day by whose end the window's youngest leads are `typicalDelay` old.
    public var settlesOn: CivilDate
    /// When the delays are those of the window's own segment (its source, campaign, ...),
    /// that segment's dimension; nil when they are the whole scope's.
    public var measuredIn: SegmentDimension?
    /// Whether the figure grows in step with its outcome (`KPIKey.scalesWithLaterOutcome`), so
    /// that it can be projected.
    public var scales: Bool

    /// Below this share, the figure is "still coming in".
    public static let settledShare = 0.9
    /// Below this share, too little has come in to say where the figure is heading.
    public static let projectableShare = 0.25

    public init(
        outcome: LeadOutcome, shareIn: Double, typicalDelay: Double, measuredOn: Int, settlesOn: CivilDate, measuredIn: SegmentDimension? = nil,
        scales: Bool? = nil
    ) {
        self.outcome = outcome
        self.shareIn = shareIn
        self.typicalDelay = typicalDelay
        self.measuredOn = measuredOn
        self.settlesOn = settlesOn
        self.measuredIn = measuredIn
        self.scales = scales ?? outcome.scalesWithShareIn
    }

    public var isStillComingIn: Bool { shareIn < Self.settledShare }

    /// "about 37% of sales in so far", "about 71% of conversations over so far": an estimate,
    /// so a whole percent says as much as it knows.
    public var progress: String {
        "about \(KPIFormatting.percent((shareIn * 100).rounded() / 100)) of \(outcome.plural) \(outcome.soFar) so far"
    }

    /// Where a ratio is heading if the rest comes at the usual pace; nil when too little has
    /// come in, or for a figure that does not grow in step with its outcomes.
    public func projected(_ value: Double?) -> Double? {
        guard let value, isStillComingIn, shareIn >= Self.projectableShare, scales else { return nil }
        return min(1, value / shareIn)
    }

    /// The status the projected figure would have; nil without a projection.
    public func projectedStatus(_ value: Double?, bands: StatusBands) -> KPIStatus? {
        projected(value).map(bands.status(of:))
    }

    /// True when the figure is below its target's minimum only because its leads are young:
    /// holding it against the target now would cry wolf. Not when it is heading below the
    /// target even at the usual pace (that is a real problem, seen early), and never for a
    /// figure over a maximum, since what is still coming can only raise it.
    public func isTooEarlyToJudge(_ value: Double?, definition: KPIDefinition) -> Bool {
        guard isStillComingIn, let value, let minimum = definition.target.min, value < minimum else { return false }
        // A red reading that what is still to come cannot lift is a real problem however young the window.
        if !definition.key.laterOutcomeCanLiftOutOfRed { return definition.bands.status(of: value) == .yellow }
        guard let heading = projectedStatus(value, bands: definition.bands) else { return true }
        return heading == .green
    }
}
