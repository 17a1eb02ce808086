/// A KPI's status as the command line and the scheduled reports write it in plain text.
public enum KPIStatusWords {
    /// The change from the compared window as the dashboard colours it: "+2.1 pts better",
    /// "≈ -0.4 pts" between where both are heading while this window is still coming in, or
    /// "too early".
    public static func change(_ result: KPIResult, from previous: KPIResult, definition: KPIDefinition) -> String {
        let direction = result.shownDirection(from: previous, definition: definition).map { " \($0.rawValue)" } ?? ""
        switch result.change(from: previous) {
        case .asTheyStand(let change): return KPIFormatting.gap(change, unit: definition.unit) + direction
        case .betweenProjections(let change): return "≈ " + KPIFormatting.gap(change, unit: definition.unit) + direction
        case .tooEarly: return "too early"
        }
    }

    /// The status, or why it is not judged yet: "too early, coming in (37% in)", "red, heading
    /// for 3.1%, coming in (77% in)".
    public static func status(_ result: KPIResult, definition: KPIDefinition) -> String {
        func share(_ maturity: CohortMaturity) -> String { "coming in (\(KPIFormatting.percent((maturity.shareIn * 100).rounded() / 100)) in)" }
        let judgement = result.judgement(definition)
        // "green, above target": the dashboard's "Above target", for a figure beyond a band that counts as good.
        let side = judgement.sideOfTarget(result.value, target: definition.target).map { ", \($0.rawValue) target" } ?? ""
        switch judgement {
        case .asItStands(let status, let maturity):
            return status.rawValue + side + (maturity.map { ", \(share($0))" } ?? "")
        case .tooEarly(let maturity): return "too early, \(share(maturity))"
        case .heading(let status, let heading, let maturity):
            return "\(status.rawValue)\(side), heading for \(KPIFormatting.value(heading, unit: definition.unit)), \(share(maturity))"
        case .tooFewToTell(_, let interval, let counted, _):
            let range =
                interval.isBounded
                ? "\(KPIFormatting.value(interval.lower, unit: definition.unit))-\(KPIFormatting.value(interval.upper, unit: definition.unit))"
                : "no bound yet"
            return "too few to tell (\(KPIFormatting.grouped(Int64(counted.rounded()))): \(range))"
        }
    }
}
