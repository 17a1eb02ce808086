/// Each time a component was down or degraded during a window, with how much of it the uptime
/// KPI counted as down: what an engineer reads after the scorecard says uptime slipped.
public struct SystemOutageReport: Sendable {
    public struct Entry: Sendable, Hashable {
        public var outage: Outage
        /// Seconds of the window it counted against uptime: its down time, not its degraded time.
        public var downSeconds: Double
    }

    public var from: CivilDate
    public var to: CivilDate
    public var store: StoreID?
    /// The instants looked at: the window's days, up to now.
    public var span: Range<Timestamp>
    public var entries: [Entry]
    /// Seconds some component was down in the span; two down at once count once, so this
    /// can be less than the entries' sum.
    public var downtimeSeconds: Double

    /// `days` are the instants of local days `from` to `to`; the report stops at `now`.
    public init(_ timeline: SystemHealthTimeline, from: CivilDate, to: CivilDate, days: Range<Timestamp>, now: Timestamp) {
        self.from = from
        self.to = to
        store = timeline.store
        let span = days.lowerBound..<max(days.lowerBound, min(days.upperBound, now))
        self.span = span
        entries = timeline.incidents(in: span).map { Entry(outage: $0, downSeconds: timeline.downSeconds(of: $0, in: span)) }
        downtimeSeconds = timeline.downSeconds(in: span)
    }

    /// `{"from", "to", "store", "downtime_seconds", "outages": [{"component", "store", "worst",
    /// "started", "ended", "down_seconds"}]}`; `ended` is null while it lasts.
    public var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("from", from.description)
        writer.member("to", to.description)
        writer.key("store")
        if let store { writer.string(store.rawValue) } else { writer.null() }
        writer.key("downtime_seconds")
        writer.number(downtimeSeconds)
        writer.key("outages")
        writer.beginArray()
        for entry in entries {
            writer.beginObject()
            writer.member("component", entry.outage.component)
            // Null: it concerned every store; for `ended`, it has not ended.
            writer.key("store")
            if let store = entry.outage.storeID { writer.string(store.rawValue) } else { writer.null() }
            writer.member("worst", entry.outage.health.rawValue)
            writer.member("started", entry.outage.started)
            writer.key("ended")
            if let ended = entry.outage.ended { writer.string(ended.rfc3339) } else { writer.null() }
            writer.key("down_seconds")
            writer.number(entry.downSeconds)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.text
    }
}
