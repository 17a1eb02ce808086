/// Each agent's share of one KPI a week at a time: on the team page, the step in an agent's
/// pick-up where coaching took (or a slide where it did not) shows before any test calls it.
public enum TeamTrend {
    /// The weeks of `days`, oldest first, each seven days ending on `days`'s last day counted
    /// back (the oldest may be shorter).
    public static func weeks(of days: ClosedRange<CivilDate>) -> [ClosedRange<CivilDate>] {
        var weeks: [ClosedRange<CivilDate>] = []
        var end = days.upperBound
        while end >= days.lowerBound {
            weeks.append(max(end.adding(days: -6), days.lowerBound)...end)
            end = end.adding(days: -7)
        }
        return weeks.reversed()
    }

    /// Store by store and agent by agent, `key`'s value in each week of `days` (nil for a
    /// week with nothing counted), from the agent rollup rows.
    public static func weekly(_ rows: [RollupRow], days: ClosedRange<CivilDate>, key: KPIKey, catalog: KPICatalog) -> [StoreID: [String: [Double?]]] {
        let weeks = weeks(of: days)
        var totals: [StoreID: [String: [KPITotals]]] = [:]
        // Only the response time's value is read off a distribution (its median).
        let empty = KPITotals(keepsDistributions: key == .firstResponseTime)
        for row in rows where days.daysSinceEpoch.contains(row.cell.day) {
            // Weeks are counted back from the last day, so a day's week is its distance from it.
            let week = weeks.count - 1 - Int((days.upperBound.daysSinceEpoch - row.cell.day) / 7)
            totals[row.cell.store, default: [:]][row.cell.value, default: Array(repeating: empty, count: weeks.count)][week].add(row)
        }
        return totals.mapValues { agents in agents.mapValues { $0.map { catalog.evaluate($0, only: [key])[key]?.value } } }
    }
}
