import PitwallCharts
import PitwallCore

/// The KPI page's charts over time: the trend beside the compared window, and what a
/// message KPI is made of day by day.
extension KPIDetailPage {
    /// Daily over a window of up to three months, weekly beyond, with the compared window's
    /// line in grey under the same dates (point for point; its hovers say its own dates).
    /// Points from `stillComingIn` on (the day whose leads are still young) are drawn dashed.
    /// `values` gives the KPI over each run of days, in order.
    static func trend(
        key: KPIKey, filters: ScorecardFilters, band: ChartBand, steps: AxisSteps, format: @escaping ChartValueFormat, name: String, stillComingIn: CivilDate? = nil,
        changes: [ProcessChange] = [], storeName: (StoreID) -> String = \.rawValue, values: ([ClosedRange<CivilDate>]) -> [Double?]
    ) -> String {
        let window = filters.window
        let dayLabel = { (date: CivilDate) in "\(date.day) \(LocalTimeFormatting.monthNames[date.month - 1])" }
        // Daily up to a quarter, else weekly; the compared window in the same steps, point for point.
        func points(
            _ span: ReportingWindow, labelled label: (CivilDate, CivilDate) -> String
        ) -> (labels: [String], values: [Double?], provisionalFrom: Int?, buckets: [ClosedRange<CivilDate>]) {
            var buckets: [ClosedRange<CivilDate>] = []
            var start = span.from
            while start <= span.to {
                let end = window.dayCount <= 92 ? start : min(start.adding(days: 6), span.to)
                buckets.append(start...end)
                start = end.adding(days: 1)
            }
            let provisionalFrom = stillComingIn.flatMap { young in buckets.firstIndex { young <= $0.upperBound } }
            return (buckets.map { label($0.lowerBound, $0.upperBound) }, values(buckets), provisionalFrom, buckets)
        }
        let now = points(window) { start, _ in window.dayCount <= 92 ? dayLabel(start) : start.isoWeekLabel }
        var lines = [ChartSeries(name: name, values: now.values, provisionalFrom: now.provisionalFrom)]
        if let compared = filters.compared {
            let before = points(compared) { start, end in start == end ? LocalTimeFormatting.longDate(start) : "week of \(LocalTimeFormatting.longDate(start))" }
            lines.append(
                ChartSeries(
                    name: "\(filters.comparison == .previous ? "The window before" : (filters.comparison ?? .previous).heading), \(compared.label)",
                    values: Array(before.values.prefix(now.labels.count)), colour: ChartPalette.unknown, provisionalFrom: before.provisionalFrom,
                    pointLabels: before.labels))
        }
        var chart = LineChart(labels: now.labels, series: lines, band: band, width: 720, height: 240, title: "\(name), \(window.label)", steps: steps, format: format)
        chart.markers = changes.compactMap { change in
            now.buckets.firstIndex { $0.contains(change.day) }.map { index in
                ChartMarker(index: index, label: "\(dayLabel(change.day)): \(change.title) (\(change.scopeWords(storeName: change.store.map(storeName))))")
            }
        }
        return chart.svg
    }

    /// Messages sent each day, stacked by their latest status: delivered, failed, still unknown.
    static func messageOutcomes(_ rows: [RollupRow], window: ReportingWindow) -> String {
        var delivered = [Double](repeating: 0, count: window.dayCount)
        var failed = delivered
        var pending = delivered
        for row in rows where window.days.contains(row.cell.day) {
            let index = Int(row.cell.day - window.days.lowerBound)
            let sent = Double(row.counters[RollupCounter.messagesSent.rawValue])
            let good = Double(row.counters[RollupCounter.messagesDelivered.rawValue])
            let bad = Double(row.counters[RollupCounter.messagesFailed.rawValue])
            delivered[index] += good
            failed[index] += bad
            pending[index] += max(sent - good - bad, 0)
        }
        let labels = window.days.map { day in
            let date = CivilDate(daysSinceEpoch: day)
            return "\(date.day) \(LocalTimeFormatting.monthNames[date.month - 1])"
        }
        return StackedBarChart(
            labels: labels,
            series: [
                ChartSeries(name: "Delivered", values: delivered, colour: ChartPalette.good),
                ChartSeries(name: "Failed or undelivered", values: failed, colour: ChartPalette.bad),
                ChartSeries(name: "No final status yet", values: pending, colour: ChartPalette.unknown),
            ], width: 720, height: 240, title: "Messages sent per day by latest status, \(window.label)",
            format: { KPIFormatting.grouped(Int64($0.rounded())) }
        ).svg
    }

    /// "Days from 18 Nov on are still coming in: 9 in 10 sales come within 14 d 8 h of the lead."
    static func trendNote(
        _ key: KPIKey, maturity: MaturityBasis, window: ReportingWindow, today: CivilDate, store: StoreID?,
        segment: (dimension: SegmentDimension, value: String)?
    ) -> String? {
        let delays = segment.map { maturity.delays.within($0.dimension, $0.value) } ?? maturity.delays
        guard let young = maturity.firstDayStillComingIn(key, today: today, store: store, segment: segment), young <= window.to,
            let outcome = key.laterOutcome?.outcome, let typical = delays.delay(within: 0.9, of: outcome)
        else { return nil }
        let first = max(young, window.from)
        let label = "\(first.day) \(LocalTimeFormatting.monthNames[first.month - 1])"
        let days = first == window.from ? "Every day of this window is" : "Days from \(label) on are"
        return "\(days) still coming in (dashed): \(outcome.nineInTen(within: KPIFormatting.duration(seconds: typical)))"
            + ", so their points will rise."
    }
}
