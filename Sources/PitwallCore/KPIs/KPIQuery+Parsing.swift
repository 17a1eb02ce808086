/// A scorecard parameter that could not be used, naming the parameter.
public struct KPIQueryProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var parameter: String
    public var problem: String

    public var description: String { "\(parameter): \(problem)" }
}

extension KPIQuery {
    /// Reads scorecard parameters as the API and the command line receive them. `window` names
    /// a preset as the dashboard's links do (`7d`, `30d`, `mtd`, `last_month`, ...) and stands
    /// instead of `from` and `to`. Without either, the window is the 30 days ending `today`.
    public static func parse(
        window: String? = nil, from: String?, to: String?, store: String?, groupBy: String?, compare: String?, segments: [SegmentDimension: String] = [:],
        today: CivilDate
    ) throws(KPIQueryProblem) -> KPIQuery {
        func date(_ name: String, _ text: String?) throws(KPIQueryProblem) -> CivilDate? {
            guard let text, !text.isEmpty else { return nil }
            guard let date = CivilDate(iso: text) else {
                throw KPIQueryProblem(parameter: name, problem: "'\(text)' is not a date like 2026-03-01")
            }
            return date
        }
        var end = try date("to", to) ?? today
        var start = try date("from", from) ?? end.adding(days: -29)
        if let preset = try Self.preset(window) {
            // Both would leave one of them ignored, and the answer for a window not asked for.
            guard (from ?? "").isEmpty, (to ?? "").isEmpty else {
                throw KPIQueryProblem(parameter: "window", problem: "give either window or from and to, not both")
            }
            if let days = ReportingWindow(preset, today: today) { (start, end) = (days.from, days.to) }
        }
        guard start <= end else { throw KPIQueryProblem(parameter: "to", problem: "\(end) is before from (\(start))") }
        guard end.daysSinceEpoch - start.daysSinceEpoch < Int64(maximumDays) else {
            throw KPIQueryProblem(parameter: "from", problem: "the window may be at most \(maximumDays) days long")
        }
        var grouping: KPIGrouping?
        if let groupBy, !groupBy.isEmpty {
            guard let parsed = KPIGrouping(rawValue: groupBy) else {
                throw KPIQueryProblem(
                    parameter: "group_by", problem: "'\(groupBy)' is not one of \(KPIGrouping.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            grouping = parsed
        }
        var comparison: KPIComparison?
        if let compare, !compare.isEmpty {
            guard let chosen = KPIComparison(rawValue: compare) else {
                throw KPIQueryProblem(
                    parameter: "compare", problem: "'\(compare)' is not one of \(KPIComparison.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            comparison = chosen
        }
        let storeID = store.flatMap { $0.isEmpty ? nil : StoreID($0) }
        let segment = try Self.segment(segments, groupedBy: grouping)
        return KPIQuery(from: start, to: end, store: storeID, groupBy: grouping, comparison: comparison, segment: segment)
    }

    /// The one attribute value given, if any (`source=website`): two at once, an empty value, or
    /// a breakdown by another attribute is a problem naming the parameter.
    private static func segment(_ given: [SegmentDimension: String], groupedBy grouping: KPIGrouping?) throws(KPIQueryProblem) -> SegmentValue? {
        let single: SegmentValue?
        do { single = try SegmentValue.single(given) } catch { throw KPIQueryProblem(parameter: error.name, problem: error.reason) }
        guard let segment = single else { return nil }
        guard !segment.value.isEmpty else { throw KPIQueryProblem(parameter: segment.dimension.rawValue, problem: "give the value to narrow to") }
        if let grouping, grouping.dimension != .all, !LeadSegment.countsTogether(segment.dimension, grouping.dimension) {
            throw KPIQueryProblem(
                parameter: "group_by",
                problem: "with \(segment.dimension.rawValue)=\(segment.value), group by store, day, week or month"
                    + (segment.dimension == .source ? " (or response_bucket)" : "") + ": leads are counted by one attribute at a time")
        }
        return segment
    }

    /// The preset `window` names, nil for none or `custom` (which is `from` and `to` themselves).
    private static func preset(_ window: String?) throws(KPIQueryProblem) -> ReportingWindow.Preset? {
        guard let window, !window.isEmpty else { return nil }
        guard let preset = ReportingWindow.Preset(rawValue: window) else {
            let accepted = ReportingWindow.Preset.allCases.map(\.rawValue).joined(separator: ", ")
            throw KPIQueryProblem(parameter: "window", problem: "'\(window)' is not one of \(accepted)")
        }
        return preset == .custom ? nil : preset
    }
}
