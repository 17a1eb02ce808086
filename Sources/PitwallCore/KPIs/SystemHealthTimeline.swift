/// The health reports and readings that concern one scope (one store with what every store
/// shares, or only what every store shares), put in order once, so that a window and each day
/// of its chart are measured from the same arrangement without going through all of it again.
public struct SystemHealthTimeline: Sendable {
    public let store: StoreID?
    /// Watching begins with the first report: before it, nothing says the system was up.
    let firstReport: Timestamp?
    /// Times some component was not fully up (down or degraded, the worst wins): what an
    /// engineer looks through.
    public let incidents: [Outage]
    /// Times each component was down: what uptime counts.
    let downtimes: [Outage]
    /// Readings by metric name, in time order.
    let readings: [String: [SystemSample]]

    public init(_ evidence: SystemHealthEvidence, store: StoreID?) {
        let concerns = { (reported: StoreID?) in reported == nil || (store != nil && reported == store) }
        let signals = evidence.signals.filter { concerns($0.status.storeID) }
        self.store = store
        firstReport = signals.map(\.at).min()
        incidents = Outage.windows(from: signals)
        downtimes = Outage.downtimes(from: signals)
        readings = evidence.samples.mapValues { samples in samples.filter { concerns($0.reading.storeID) }.sorted { $0.at < $1.at } }
    }

    /// The part of `[from, to)` that was watched: from the first report on.
    func watched(from: Timestamp, to: Timestamp) -> Range<Timestamp>? {
        guard let firstReport, max(from, firstReport) < to else { return nil }
        return max(from, firstReport)..<to
    }

    /// Seconds of `span` when at least one component was down; two down at once count once.
    func downSeconds(in span: Range<Timestamp>) -> Double {
        Self.covered(downtimes, within: span)
    }

    /// Seconds of `span` covered by `outages`, each cut to the span; shared time counts once.
    private static func covered(_ outages: [Outage], within span: Range<Timestamp>) -> Double {
        KPICatalog.coveredSeconds(
            outages.filter { $0.overlaps(span.lowerBound, span.upperBound) }.map {
                max($0.started, span.lowerBound)..<min($0.ended ?? span.upperBound, span.upperBound)
            })
    }

    /// How many times a component went down during `span`, counting one that was already down.
    func outageCount(in span: Range<Timestamp>) -> Int {
        downtimes.count { $0.overlaps(span.lowerBound, span.upperBound) }
    }

    /// Seconds of `span` that `incident`'s component was down during the incident.
    public func downSeconds(of incident: Outage, in span: Range<Timestamp>) -> Double {
        let start = max(incident.started, span.lowerBound)
        let end = min(incident.ended ?? span.upperBound, span.upperBound)
        guard start < end else { return 0 }
        return Self.covered(downtimes.filter { $0.component == incident.component && $0.storeID == incident.storeID }, within: start..<end)
    }

    /// The incidents that touch `span`, earliest first.
    public func incidents(in span: Range<Timestamp>) -> [Outage] {
        incidents.filter { $0.overlaps(span.lowerBound, span.upperBound) }
    }

    /// The readings of `metric` taken in `span`.
    func readings(_ metric: SystemMetric, in span: Range<Timestamp>) -> ArraySlice<SystemSample> {
        let all = readings[metric.rawValue] ?? []
        return all[all.firstIndex(notBefore: span.lowerBound)..<all.firstIndex(notBefore: span.upperBound)]
    }
}

extension [SystemSample] {
    /// The index of the first reading taken at or after `time` in a list in time order.
    func firstIndex(notBefore time: Timestamp) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].at < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
