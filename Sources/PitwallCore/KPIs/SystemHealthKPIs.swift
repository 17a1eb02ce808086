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
        let relevant: (StoreID?) -> Bool = { reported in reported == nil || (store != nil && reported == store) }
        // The evidence may span more than the window (the window before, a day either side for time zones).
        let readings = { (metric: SystemMetric) in
            (evidence.samples[metric.rawValue] ?? []).filter { relevant($0.reading.storeID) && $0.at >= from && $0.at < to }
        }
        var results = [
            uptime(signals: evidence.signals.filter { relevant($0.status.storeID) }, from: from, to: min(to, now)),
            mean(.apiResponseTime, of: readings(.apiResponseTime)),
            mean(.databaseQueryTime, of: readings(.databaseQueryTime)),
        ]
        for index in results.indices {
            let bands = self[results[index].key].bands
            results[index].status = bands.status(of: results[index].value)
            results[index].gap = bands.gap(of: results[index].value)
        }
        return results
    }

    /// Up time over watched time. Watching starts with the first report of any component;
    /// the system is down while any component is down.
    private func uptime(signals: [SystemSignal], from: Timestamp, to: Timestamp) -> KPIResult {
        let empty = KPIResult(key: .systemUptime, value: nil, numerator: nil, denominator: nil, details: [], status: .none, gap: nil)
        guard let firstReport = signals.map(\.at).min() else { return empty }
        let start = max(from, firstReport)
        guard start < to else { return empty }
        let outages = Outage.windows(from: signals).filter { $0.health == .down && $0.overlaps(start, to) }
        let downRanges = outages.map { max($0.started, start)..<min($0.ended ?? to, to) }
        let downSeconds = Self.coveredSeconds(downRanges)
        let watched = Double(to.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000
        return KPIResult(
            key: .systemUptime, value: (watched - downSeconds) / watched, numerator: watched - downSeconds, denominator: watched,
            details: [KPIDetail("downtime", downSeconds), KPIDetail("outages", Double(outages.count))], status: .none, gap: nil)
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

    private func mean(_ key: KPIKey, of samples: [SystemSample]) -> KPIResult {
        let values = samples.map(\.reading.value).sorted()
        guard !values.isEmpty else {
            return KPIResult(key: key, value: nil, numerator: nil, denominator: nil, details: [KPIDetail("count", 0)], status: .none, gap: nil)
        }
        let sum = values.reduce(0, +)
        // The nearest-rank 95th percentile: exact, and readings are few enough to sort.
        let p95 = values[max(0, Int((0.95 * Double(values.count)).rounded(.up)) - 1)]
        return KPIResult(
            key: key, value: sum / Double(values.count), numerator: sum, denominator: Double(values.count),
            details: [KPIDetail("p95", p95), KPIDetail("max", values.last), KPIDetail("count", Double(values.count))], status: .none, gap: nil)
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
        var samples: [String: [SystemSample]] = [:]
        for metric in SystemHealthEvidence.metrics {
            samples[metric.rawValue] = try await systemSamples(metric: metric.rawValue, from: from, to: to)
        }
        return SystemHealthEvidence(signals: try await systemSignals(), samples: samples)
    }
}

extension KPIReport {
    /// The report with the system KPIs read from `events`: each store's window in its own
    /// local days, a report over every store in UTC days.
    public func withSystemHealth(from events: any EventStore, configuration: PitwallConfiguration, now: Timestamp) async throws -> KPIReport {
        guard query.groupBy == nil || query.groupBy == .store else { return self }
        let span: (StoreID?, CivilDate, CivilDate) -> Range<Timestamp> = { store, from, to in
            let calendar = (store.map(configuration.store) ?? .unconfigured("utc")).calendar
            return calendar.startOfDay(from)..<calendar.startOfDay(to.adding(days: 1))
        }
        // A day either side covers every time zone's version of a window.
        let utc = StoreProfile.unconfigured("utc").calendar
        let padded = { (from: CivilDate, to: CivilDate) in utc.startOfDay(from.adding(days: -1))..<utc.startOfDay(to.adding(days: 2)) }
        var spans = [padded(query.from, query.to)]
        if let window = query.comparedWindow {
            let before = padded(window.from, window.to)
            // The window before touches this one: one read. A year before: two, not the year between.
            if before.upperBound >= spans[0].lowerBound { spans = [before.lowerBound..<spans[0].upperBound] } else { spans.insert(before, at: 0) }
        }
        var evidence = try await events.systemHealthEvidence(from: spans[0].lowerBound, to: spans[0].upperBound)
        for span in spans.dropFirst() {
            let more = try await events.systemHealthEvidence(from: span.lowerBound, to: span.upperBound)
            evidence.samples.merge(more.samples) { $0 + $1 }
        }
        return withSystemHealth(evidence, now: now, span: span)
    }
}
