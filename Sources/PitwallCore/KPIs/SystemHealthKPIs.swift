/// What the system KPIs are computed from: health reports (probes and `system.status`
/// events) and readings (`system.sample` events).
public struct SystemHealthEvidence: Sendable {
    /// Every health report, whenever it was made: an outage may have begun before the window.
    public var signals: [SystemSignal]
    /// Readings taken in the window, by metric name.
    public var samples: [String: [SystemSample]]

    public init(signals: [SystemSignal], samples: [String: [SystemSample]]) {
        self.signals = signals
        self.samples = samples
    }

    /// The metrics the KPIs read.
    public static let metrics: [SystemMetric] = [.apiResponseTime, .databaseQueryTime]
}

extension KPICatalog {
    /// The system KPIs for `[from, to)` seen at `now`, for one store (reports about it and about
    /// every store) or, with no store, for what every store shares.
    public func systemResults(_ evidence: SystemHealthEvidence, from: Timestamp, to: Timestamp, now: Timestamp, store: StoreID?) -> [KPIResult] {
        systemResults(SystemHealthTimeline(evidence, store: store), from: from, to: to, now: now)
    }

    /// The system KPIs for `[from, to)` seen at `now`, from a timeline arranged beforehand.
    public func systemResults(_ timeline: SystemHealthTimeline, from: Timestamp, to: Timestamp, now: Timestamp) -> [KPIResult] {
        // The evidence may span more than the window (the window before, a day either side for time zones).
        let span = from..<max(from, to)
        var results = [
            uptime(timeline, from: from, to: min(to, now)),
            mean(.apiResponseTime, of: timeline.readings(.apiResponseTime, in: span)),
            mean(.databaseQueryTime, of: timeline.readings(.databaseQueryTime, in: span)),
        ]
        for index in results.indices {
            let bands = self[results[index].key].bands
            results[index].status = bands.status(of: results[index].value)
            results[index].gap = bands.gap(of: results[index].value)
        }
        return results
    }

    /// Each system KPI's value over each of `spans` (a chart's days or weeks, in order), seen
    /// at `now`: what `systemResults` gives for each span alone; nil where there is no data.
    public func systemSeries(_ timeline: SystemHealthTimeline, spans: [Range<Timestamp>], now: Timestamp) -> [KPIKey: [Double?]] {
        var series: [KPIKey: [Double?]] = [:]
        for span in spans {
            for result in systemResults(timeline, from: span.lowerBound, to: span.upperBound, now: now) {
                series[result.key, default: []].append(result.value)
            }
        }
        return series
    }

    /// Up time over watched time. Watching starts with the first report of any component;
    /// the system is down while any component is down (degraded is slow, not down).
    private func uptime(_ timeline: SystemHealthTimeline, from: Timestamp, to: Timestamp) -> KPIResult {
        guard let watched = timeline.watched(from: from, to: to) else {
            return KPIResult(key: .systemUptime, value: nil, numerator: nil, denominator: nil, details: [], status: .none, gap: nil)
        }
        let downSeconds = timeline.downSeconds(in: watched)
        let seconds = Double(watched.upperBound.millisecondsSinceEpoch - watched.lowerBound.millisecondsSinceEpoch) / 1000
        return KPIResult(
            key: .systemUptime, value: (seconds - downSeconds) / seconds, numerator: seconds - downSeconds, denominator: seconds,
            details: [KPIDetail("downtime", downSeconds), KPIDetail("outages", Double(timeline.outageCount(in: watched)))], status: .none, gap: nil)
    }

    /// Seconds covered by the union of the ranges: two components down at once is one outage of the system.
    static func coveredSeconds(_ ranges: [Range<Timestamp>]) -> Double {
        var total: Int64 = 0
        var reach: Timestamp?
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let start = reach.map { max($0, range.lowerBound) } ?? range.lowerBound
            if range.upperBound > start { total += range.upperBound.millisecondsSinceEpoch - start.millisecondsSinceEpoch }
            reach = max(reach ?? range.upperBound, range.upperBound)
        }
        return Double(total) / 1000
    }

    private func mean(_ key: KPIKey, of samples: ArraySlice<SystemSample>) -> KPIResult {
        let values = samples.map(\.reading.value).sorted()
        guard !values.isEmpty else {
            return KPIResult(key: key, value: nil, numerator: nil, denominator: nil, details: [KPIDetail("count", 0)], status: .none, gap: nil)
        }
        let sum = values.reduce(0, +)
        // The nearest-rank 95th percentile: exact, and readings are few enough to sort.
        let p95 = values[max(0, Int((0.95 * Double(values.count)).rounded(.up)) - 1)]
        var result = KPIResult(
            key: key, value: sum / Double(values.count), numerator: sum, denominator: Double(values.count),
            details: [KPIDetail("p95", p95), KPIDetail("max", values.last), KPIDetail("count", Double(values.count))], status: .none, gap: nil)
        // Hundreds of readings: their mean's change is told from noise as an average's is.
        result.spread = AverageSpread(count: Double(values.count), sum: sum, sumOfSquares: values.reduce(0) { $0 + $1 * $1 }).map(KPISpread.average)
        return result
    }
}

extension KPIReport {
    /// The report with the system KPIs filled in for a whole window and for each store of a
    /// report by store. Breakdowns by lead (source, campaign, ...) and by time leave them
    /// empty: a probe does not belong to a lead source.
    public func withSystemHealth(
        _ evidence: SystemHealthEvidence, now: Timestamp, span: (StoreID?, CivilDate, CivilDate) -> Range<Timestamp>
    ) -> KPIReport {
        guard query.groupBy == nil || query.groupBy == .store else { return self }
        var report = self
        for index in report.groups.indices {
            let store = query.groupBy == .store ? report.groups[index].group.map { StoreID($0) } : query.store
            let current = span(store, query.from, query.to)
            report.groups[index].results.replace(with: catalog.systemResults(evidence, from: current.lowerBound, to: current.upperBound, now: now, store: store))
            if report.groups[index].previous != nil, let window = query.comparedWindow {
                let before = span(store, window.from, window.to)
                report.groups[index].previous!.replace(
                    with: catalog.systemResults(evidence, from: before.lowerBound, to: before.upperBound, now: now, store: store))
            }
        }
        return report
    }
}

extension [KPIResult] {
    mutating func replace(with results: [KPIResult]) {
        for result in results {
            if let index = firstIndex(where: { $0.key == result.key }) { self[index] = result }
        }
    }
}

extension EventStore {
    /// The evidence for the system KPIs of `[from, to)`.
    public func systemHealthEvidence(from: Timestamp, to: Timestamp) async throws -> SystemHealthEvidence {
        try await systemHealthEvidence(covering: [from..<to])
    }

    /// The evidence for every one of `spans`: spans that overlap or touch are read together,
    /// and the time between two that do not (a window and the same days a year before) is
    /// not read at all. The health reports are read once, whatever the spans.
    public func systemHealthEvidence(covering spans: [Range<Timestamp>]) async throws -> SystemHealthEvidence {
        var merged: [Range<Timestamp>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, span.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        var samples: [String: [SystemSample]] = [:]
        for metric in SystemHealthEvidence.metrics {
            for span in merged {
                samples[metric.rawValue, default: []] += try await systemSamples(metric: metric.rawValue, from: span.lowerBound, to: span.upperBound)
            }
        }
        return SystemHealthEvidence(signals: try await systemSignals(), samples: samples)
    }
}

extension SystemHealthEvidence {
    /// What to read for local days `from` to `to` in any store's time zone: the UTC days with
    /// a day either side.
    public static func span(covering from: CivilDate, _ to: CivilDate) -> Range<Timestamp> {
        (from...to).instantsInAnyZone
    }
}

extension PitwallConfiguration {
    /// The instants of local days `from` to `to` for the system KPIs: the store's own days, or,
    /// for what every store shares, the group's: the first store's, whose clock the dashboard
    /// shows and whose "today" it means. (UTC days would end at 18:00 in Chicago, leaving an
    /// evening's outage out of "today" while the system is down.)
    public func systemHealthDays(store: StoreID?, from: CivilDate, to: CivilDate) -> Range<Timestamp> {
        let calendar = calendar(of: store)
        return calendar.startOfDay(from)..<calendar.startOfDay(to.adding(days: 1))
    }

    /// The 24 local hours of a day on the same clock. The hour a spring change skips is
    /// empty; the hour an autumn change repeats holds both.
    public func systemHealthHours(store: StoreID?, on day: CivilDate) -> [Range<Timestamp>] {
        let calendar = calendar(of: store)
        let starts = (0..<24).map { calendar.instant(of: day, minute: $0 * 60) } + [calendar.startOfDay(day.adding(days: 1))]
        return (0..<24).map { starts[$0]..<max(starts[$0], starts[$0 + 1]) }
    }

}

extension KPIQuery {
    /// What the system KPIs of this query read: its window and the compared one.
    public var systemHealthSpans: [Range<Timestamp>] {
        [SystemHealthEvidence.span(covering: from, to)] + (comparedWindow.map { [SystemHealthEvidence.span(covering: $0.from, $0.to)] } ?? [])
    }
}

extension KPIReport {
    /// The report with the system KPIs read from `events`: each store's window in its own
    /// local days, a report over every store in the group's (the first store's) days.
    public func withSystemHealth(from events: any EventStore, configuration: PitwallConfiguration, now: Timestamp) async throws -> KPIReport {
        guard query.groupBy == nil || query.groupBy == .store else { return self }
        let evidence = try await events.systemHealthEvidence(covering: query.systemHealthSpans)
        return withSystemHealth(evidence, now: now, span: configuration.systemHealthDays)
    }
}
