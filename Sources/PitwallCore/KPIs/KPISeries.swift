/// A scorecard's figures recomputed from rollup rows in memory: one window, or one value per
/// day, of the rows a filter keeps. This is how the dashboard shows a segment (one source,
/// one agent) over time without a query per day.
public struct KPISeries: Sendable {
    public var catalog: KPICatalog

    public init(catalog: KPICatalog) {
        self.catalog = catalog
    }

    /// Every KPI over the rows whose day falls in `days` and that `include` keeps; with
    /// `maturity`, each lead-cohort KPI also says how far its leads have come.
    public func results(
        _ rows: [RollupRow], days: ClosedRange<Int64>, maturity: MaturityBasis? = nil, include: (RollupCell) -> Bool = { _ in true }
    ) -> [KPIResult] {
        var totals = KPITotals()
        var kept: [RollupRow] = []
        for row in rows where days.contains(row.cell.day) && include(row.cell) {
            totals.add(row)
            if maturity != nil { kept.append(row) }
        }
        let results = catalog.evaluate(totals)
        return maturity?.annotate(results, rows: kept) ?? results
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

    /// Every KPI (or only `keys`) per group of the rows in `days`: the group is what `group`
    /// names for a row's cell (a source, an agent, a store and hour); rows it names nil are left
    /// out. With `maturity`, each group's lead-cohort KPIs also say how far its leads have come.
    public func resultsByGroup(
        _ rows: [RollupRow], days: ClosedRange<Int64>, keys: Set<KPIKey>? = nil, maturity: MaturityBasis? = nil, group: (RollupCell) -> String?
    ) -> [String: [KPIResult]] {
        var totals: [String: KPITotals] = [:]
        var kept: [String: [RollupRow]] = [:]
        // Only the response time and the pick-up read a distribution; a change log or a heatmap
        // of shares would otherwise decode every row's two sketches for nothing.
        let empty = KPITotals(keepsDistributions: keys.map { !$0.isDisjoint(with: KPITotals.distributionKeys) } ?? true)
        for row in rows where days.contains(row.cell.day) {
            guard let name = group(row.cell) else { continue }
            totals[name, default: empty].add(row)
            if maturity != nil { kept[name, default: []].append(row) }
        }
        // A heatmap's 480 cells each need one figure, not the whole catalog.
        var results: [String: [KPIResult]] = [:]
        for (name, groupTotals) in totals {
            let figures = catalog.evaluate(groupTotals, only: keys)
            results[name] = maturity?.annotate(figures, rows: kept[name] ?? []) ?? figures
        }
        return results
    }
}

extension [KPIResult] {
    /// The result of one KPI.
    public subscript(key: KPIKey) -> KPIResult? { first { $0.key == key } }
}
