/// A line whose last points are not final yet (a lead cohort whose outcomes are still coming
/// in): drawn solid up to them and dashed from the last final point on, as the reader should
/// take them: likely to rise.
struct ProvisionalLine {
    /// The first index whose value is provisional; nil when every value is final.
    var provisionalFrom: Int?

    /// The polylines of one unbroken run of points: a solid part, then a dashed part joined
    /// to it, either of which may be missing.
    func polylines(_ run: [(index: Int, value: Double)], point: ((index: Int, value: Double)) -> String, stroke: String, width: Double) -> String {
        let from = provisionalFrom ?? Int.max
        let final = run.filter { $0.index < from }
        var provisional = run.filter { $0.index >= from }
        // The dashed part starts at the last final point, so the line does not break.
        if let joint = final.last, !provisional.isEmpty { provisional.insert(joint, at: 0) }
        var svg = ""
        if final.count > 1 {
            svg += "<polyline points=\"\(final.map(point).joined(separator: " "))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(SVGText.number(width))\" stroke-linejoin=\"round\"/>"
        }
        if provisional.count > 1 {
            svg += "<polyline class=\"provisional\" points=\"\(provisional.map(point).joined(separator: " "))\" fill=\"none\" stroke=\"\(stroke)\" "
                + "stroke-width=\"\(SVGText.number(width))\" stroke-dasharray=\"3 3\" stroke-opacity=\"0.7\" stroke-linejoin=\"round\"/>"
        }
        return svg
    }
}
