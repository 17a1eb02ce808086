/// A scorecard's figures recomputed from rollup rows in memory: one window, or one value per
/// day, of the rows a filter keeps. This is how the dashboard shows a segment (one source,
/// one agent) over time without a query per day.
public struct KPISeries: Sendable {
    public var catalog: KPICatalog

    public init(catalog: KPICatalog) {
        self.catalog = catalog
    }

    /// Every KPI over the rows whose day falls in `days` and that `include` keeps.
    public func results(_ rows: [RollupRow], days: ClosedRange<Int64>, include: (RollupCell) -> Bool = { _ in true }) -> [KPIResult] {
        var totals = KPITotals()
        for row in rows where days.contains(row.cell.day) && include(row.cell) { totals.add(row) }
        return catalog.evaluate(totals)
    }

    /// Each KPI's value on each day of `days`, in order; nil on a day without data.
    public func daily(_ rows: [RollupRow], days: ClosedRange<Int64>, include: (RollupCell) -> Bool = { _ in true }) -> [KPIKey: [Double?]] {
        var byDay = [KPITotals](repeating: KPITotals(), count: Int(days.count))
        for row in rows where days.contains(row.cell.day) && include(row.cell) {
            byDay[Int(row.cell.day - days.lowerBound)].add(row)
        }
        var series: [KPIKey: [Double?]] = [:]
        for totals in byDay {
            for result in catalog.evaluate(totals) { series[result.key, default: []].append(result.value) }
        }
        return series
    }
}
