import PitwallCharts
import PitwallCore

/// A one-day window drawn hour by hour: one point a day says nothing about how the day went.
extension KPIDetailPage {
    /// "09:00" for each local hour of a day.
    static let hourLabels = (0..<24).map { "\($0.zeroPadded(2)):00" }

    /// The day's 24 local hours beside the compared day's, in grey under the same hours.
    /// `values` gives the KPI in each local hour of a day (nil where nothing counts);
    /// `stillComingIn` dashes a day whose leads are still young.
    static func hourlyTrend(
        filters: ScorecardFilters, band: ChartBand, steps: AxisSteps, format: @escaping ChartValueFormat, name: String, stillComingIn: CivilDate? = nil,
        values: (CivilDate) -> [Double?]
    ) -> String {
        let day = filters.window.from
        let young = { (date: CivilDate) in stillComingIn.map { $0 <= date } == true ? 0 : nil as Int? }
        var lines = [ChartSeries(name: name, values: values(day), provisionalFrom: young(day))]
        if let compared = filters.compared?.from {
            let date = LocalTimeFormatting.longDate(compared)
            lines.append(
                ChartSeries(
                    name: "\(filters.comparison == .previous ? "The day before" : (filters.comparison ?? .previous).heading), \(date)", values: values(compared),
                    colour: ChartPalette.unknown, provisionalFrom: young(compared), pointLabels: hourLabels.map { "\(date) \($0)" }))
        }
        return LineChart(
            labels: hourLabels, series: lines, band: band, width: 720, height: 240, title: "\(name), \(filters.window.label), hour by hour", steps: steps,
            format: format
        ).svg
    }

    /// The KPI in each local hour a lead came in, from the hour-of-day rollups.
    static func hourly(_ key: KPIKey, rows: [RollupRow], series: KPISeries) -> (CivilDate) -> [Double?] {
        { day in
            let byHour = series.resultsByGroup(rows, days: day.daysSinceEpoch...day.daysSinceEpoch, keys: [key]) { $0.value }
            return hourLabels.indices.map { byHour[$0.zeroPadded(2)]?[key]?.value }
        }
    }
}
