/// What to make of a figure against its target, its leads' age considered: the one rule the
/// dashboard, the command line and the tests read.
public enum KPIJudgement: Hashable, Sendable {
    /// The SOP's status as the figure stands: settled, or still coming in (`stillComingIn`)
    /// with too little in to say where it is heading and nothing to excuse.
    case asItStands(KPIStatus, stillComingIn: CohortMaturity?)
    /// Short of the target only because its leads are young.
    case tooEarly(CohortMaturity)
    /// Still coming in, judged on where it is heading.
    case heading(KPIStatus, to: Double, CohortMaturity)
}

extension KPIResult {
    public func judgement(_ definition: KPIDefinition) -> KPIJudgement {
        guard let maturity, maturity.isStillComingIn else { return .asItStands(status, stillComingIn: nil) }
        if maturity.isTooEarlyToJudge(value, definition: definition) { return .tooEarly(maturity) }
        guard let heading = maturity.projected(value), let headingStatus = maturity.projectedStatus(value, bands: definition.bands) else {
            return .asItStands(status, stillComingIn: maturity)
        }
        return .heading(headingStatus, to: heading, maturity)
    }
}
