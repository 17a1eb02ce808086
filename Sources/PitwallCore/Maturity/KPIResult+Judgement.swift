/// What to make of a figure against its target, its leads' age and its sample considered:
/// the one rule the dashboard, the command line and the tests read.
public enum KPIJudgement: Hashable, Sendable {
    /// The SOP's status as the figure stands: settled, or still coming in (`stillComingIn`)
    /// with too little in to say where it is heading and nothing to excuse.
    case asItStands(KPIStatus, stillComingIn: CohortMaturity?)
    /// Short of the target only because its leads are young.
    case tooEarly(CohortMaturity)
    /// Still coming in, judged on where it is heading.
    case heading(KPIStatus, to: Double, CohortMaturity)
    /// Off target (`status`, as it stands or where it is heading), but on so few that the true
    /// figure may well be on target: 0 sales of an agent's 20 leads is not yet a problem, nor
    /// a median answer of 7 minutes over 9 leads.
    case tooFewToTell(KPIStatus, plausible: PlausibleRange, counted: Double, stillComingIn: CohortMaturity?)

    /// Below this many counted (leads, messages, ...), a share off its target is judged only
    /// when its 95 % interval leaves the target band; from it on, as it stands. The figure an
    /// alert needs before it may fire, and where a share's interval narrows to a few points.
    public static let judgedSample = 30.0
}

extension KPIResult {
    public func judgement(_ definition: KPIDefinition) -> KPIJudgement {
        switch ageJudgement(definition) {
        case .asItStands(let status, let maturity):
            if let interval = plausibleOnTarget(status, shareIn: 1, bands: definition.bands) {
                return .tooFewToTell(status, plausible: interval, counted: counted, stillComingIn: maturity)
            }
            return .asItStands(status, stillComingIn: maturity)
        case .heading(let status, let heading, let maturity):
            if let interval = plausibleOnTarget(status, shareIn: maturity.shareIn, bands: definition.bands) {
                return .tooFewToTell(status, plausible: interval, counted: counted, stillComingIn: maturity)
            }
            return .heading(status, to: heading, maturity)
        case let other:
            return other
        }
    }

    /// The judgement by the leads' age alone.
    private func ageJudgement(_ definition: KPIDefinition) -> KPIJudgement {
        guard let maturity, maturity.isStillComingIn else { return .asItStands(status, stillComingIn: nil) }
        if maturity.isTooEarlyToJudge(value, definition: definition) { return .tooEarly(maturity) }
        guard let heading = maturity.projected(value), let headingStatus = maturity.projectedStatus(value, bands: definition.bands) else {
            return .asItStands(status, stillComingIn: maturity)
        }
        return .heading(headingStatus, to: heading, maturity)
    }

    /// What the figure stands on: the denominator of a share, the answered leads of a median.
    public var counted: Double { denominator ?? detail("count") ?? 0 }

    /// Where the true figure may lie when it is off target and measured on fewer than
    /// `judgedSample`, if that still reaches the target band; else nil. A share's is its 95 %
    /// Wilson interval (its outcomes so far scaled up by `shareIn`, as an alert reads a young
    /// rate); a median's or an average's was worked out with it (`plausibleRange`).
    private func plausibleOnTarget(_ status: KPIStatus, shareIn: Double, bands: StatusBands) -> PlausibleRange? {
        guard status == .red || status == .yellow, counted < KPIJudgement.judgedSample else { return nil }
        let range: PlausibleRange
        if let given = plausibleRange {
            range = given
        } else if key.isShareOfCounts, let numerator, let denominator, shareIn > 0,
            let interval = WilsonInterval(successes: min(denominator, numerator / shareIn), trials: denominator)
        {
            range = PlausibleRange(interval)
        } else {
            return nil
        }
        let reachesTarget = bands.greenMin.map { range.upper >= $0 } ?? true
        let staysUnder = bands.greenMax.map { range.lower <= $0 } ?? true
        return reachesTarget && staysUnder ? range : nil
    }
}

extension KPIJudgement {
    /// Which side of its band a green figure lies on (conversion at 19% against 8% – 12% is
    /// "above target"): the figure as it stands, or where it is heading while its leads are
    /// young. Nil inside the band, and for any figure not judged green.
    public func sideOfTarget(_ value: Double?, target: KPITarget) -> TargetSide? {
        switch self {
        case .asItStands(.green, _): value.flatMap(target.side(of:))
        case .heading(.green, let heading, _): target.side(of: heading)
        default: nil
        }
    }
}
