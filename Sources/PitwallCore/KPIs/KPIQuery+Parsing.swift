/// A scorecard parameter that could not be used, naming the parameter.
public struct KPIQueryProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var parameter: String
    public var problem: String

    public var description: String { "\(parameter): \(problem)" }
}

extension KPIQuery {
    /// Reads scorecard parameters as the API and the command line receive them.
    /// Without dates, the window is the 30 days ending `today`.
    public static func parse(
        from: String?, to: String?, store: String?, groupBy: String?, compare: String?, today: CivilDate
    ) throws(KPIQueryProblem) -> KPIQuery {
        func date(_ name: String, _ text: String?) throws(KPIQueryProblem) -> CivilDate? {
            guard let text, !text.isEmpty else { return nil }
            guard let date = CivilDate(iso: text) else {
                throw KPIQueryProblem(parameter: name, problem: "'\(text)' is not a date like 2026-03-01")
            }
            return date
        }
        let end = try date("to", to) ?? today
        let start = try date("from", from) ?? end.adding(days: -29)
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
        return KPIQuery(from: start, to: end, store: storeID, groupBy: grouping, comparison: comparison)
    }
}
