import Foundation
import PitwallCore
import Prometheus

/// Pitwall's own health, in the Prometheus text format at `GET /metrics`: request latency
/// per route, errors, alert evaluation time, database query time, memory and CPU. One
/// registry per application (no global state), so tests can run several side by side.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public init() {}

    /// A full metric name as Prometheus shows it; the library would assemble it from parts.
    static func named(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// One answered request. `route` is the route's pattern (`/v1/leads/{id}`), never the
    /// raw path, so lead ids do not become series.
    func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        let labels = [("route", route), ("method", method)]
        registry.makeValueHistogram(
            descriptor: Self.named("pitwall_http_request_duration_seconds", help: "Time from request to response, by route."),
            labels: labels, buckets: Self.latencyBuckets
        ).record(seconds)
        registry.makeCounter(
            descriptor: Self.named("pitwall_http_requests_total", help: "Requests answered, by route and status."), labels: labels + [("status", String(status))]
        ).increment()
        if status >= 500 {
            registry.makeCounter(descriptor: Self.named("pitwall_http_server_errors_total", help: "Requests that failed on Pitwall's side."), labels: labels)
                .increment()
        }
    }

    /// How long one database read took (the health probe times one at each scrape).
    func recordDatabaseQuery(seconds: Double) {
        registry.makeValueHistogram(
            descriptor: Self.named("pitwall_database_query_duration_seconds", help: "Time of the database health query."), buckets: Self.latencyBuckets
        ).record(seconds)
    }

    /// How long one round of alert evaluation took, and whether it failed.
    func recordAlertRound(seconds: Double, failed: Bool) {
        registry.makeValueHistogram(
            descriptor: Self.named("pitwall_alert_evaluation_duration_seconds", help: "Time of one alert evaluation round."), buckets: Self.latencyBuckets
        ).record(seconds)
        if failed {
            registry.makeCounter(descriptor: Self.named("pitwall_alert_evaluation_failures_total", help: "Alert evaluation rounds that failed.")).increment()
        }
    }

    /// One health probe's result: 1 up, 0 down, and how long the check took. Labelled with
    /// the organisation that configured it too: two dealerships' probes named `crm` are two
    /// series, not one that flips between them.
    func recordProbe(name: String, organisation: OrganisationID, up: Bool, seconds: Double) {
        let labels = [("organisation", organisation.rawValue), ("probe", name)]
        registry.makeGauge(descriptor: Self.named("pitwall_probe_up", help: "1 when the probe's last check passed, else 0."), labels: labels)
            .set(up ? 1.0 : 0.0)
        registry.makeValueHistogram(
            descriptor: Self.named("pitwall_probe_duration_seconds", help: "Time of a health probe check."), labels: labels, buckets: Self.latencyBuckets
        ).record(seconds)
    }

    /// One delivery of events: each outcome counted by route, the time it took to store, and
    /// when a route last brought a new event. Labelled with the organisation: one dealership's
    /// feed going quiet must not hide behind another's.
    func recordIngest(_ tally: IngestTally, via route: IngestTally.Route, seconds: Double, at now: Timestamp) {
        let labels = [("organisation", (TenantScope.organisation ?? TenantScope.soleOrganisation).rawValue), ("via", route.rawValue)]
        for (outcome, count) in tally.outcomes {
            registry.makeCounter(
                descriptor: Self.named("pitwall_events_total", help: "Events delivered to Pitwall, by route and outcome (accepted, duplicate, or why refused)."),
                labels: labels + [("outcome", outcome)]
            ).increment(by: Int64(count))
        }
        registry.makeValueHistogram(
            descriptor: Self.named("pitwall_ingest_duration_seconds", help: "Time to check and store one delivery of events, by route."), labels: labels,
            buckets: Self.latencyBuckets
        ).record(seconds)
        if tally.accepted > 0 {
            registry.makeGauge(
                descriptor: Self.named(
                    "pitwall_last_event_accepted_timestamp_seconds", help: "When a route last brought a new event (Unix seconds), since this process started."),
                labels: labels
            ).set(Double(now.millisecondsSinceEpoch) / 1000)
        }
    }

    /// The alerts firing now in one organisation, by severity: for routing Pitwall's own alerts
    /// into the engineers' alert manager. Every severity is set, zero included.
    func recordFiringAlerts(_ statuses: [AlertStatus], organisation: OrganisationID) {
        for severity in AlertSeverity.allCases {
            registry.makeGauge(
                descriptor: Self.named("pitwall_alerts_firing", help: "Alerts firing now, by severity."),
                labels: [("organisation", organisation.rawValue), ("severity", severity.rawValue)]
            ).set(Double(statuses.count { $0.condition == .firing && $0.severity == severity }))
        }
    }

    /// Provider callbacks waiting for their lead: a growing pile, or an old one, means the
    /// CRM's `message.sent` or `lead.created` events are not arriving.
    func recordHeldCallbacks(count: Int, oldestSeconds: Double) {
        registry.makeGauge(descriptor: Self.named("pitwall_held_provider_callbacks", help: "SMS provider callbacks held until their message or lead arrives."))
            .set(Double(count))
        registry.makeGauge(descriptor: Self.named("pitwall_held_provider_callback_age_seconds", help: "Age of the oldest held SMS provider callback (0 when none)."))
            .set(oldestSeconds)
    }

    /// The database's bytes and its disk's free bytes where the backend can tell, and how fast
    /// it grows: for an alert in the engineers' own monitoring before the disk fills.
    func recordStorage(_ outlook: StorageOutlook) {
        let footprint = outlook.footprint
        let figures: [(String, String, Double?)] = [
            ("pitwall_database_bytes", "Bytes the database takes (SQLite: file and write-ahead log).", footprint.databaseBytes.map(Double.init)),
            ("pitwall_disk_free_bytes", "Free bytes of the disk holding the SQLite database.", footprint.volumeFreeBytes.map(Double.init)),
            ("pitwall_database_growth_bytes_per_day", "Bytes the database grows a day at the last 28 days' pace of leads.", outlook.growthBytesPerDay),
        ]
        for (name, help, value) in figures {
            guard let value else { continue }
            registry.makeGauge(descriptor: Self.named(name, help: help)).set(value)
        }
    }

    /// Memory and CPU of this process, read from /proc where there is one.
    func refreshProcessFigures() {
        guard let usage = ProcessUsage.current() else { return }
        registry.makeGauge(descriptor: Self.named("process_resident_memory_bytes", help: "Resident memory size in bytes.")).set(usage.residentBytes)
        registry.makeGauge(descriptor: Self.named("process_cpu_seconds_total", help: "User and system CPU time spent, in seconds.")).set(usage.cpuSeconds)
    }

    public var text: String {
        refreshProcessFigures()
        return registry.emitToString()
    }
}

/// This process's memory and CPU time, from Linux's /proc.
struct ProcessUsage {
    var residentBytes: Double
    var cpuSeconds: Double

    static func current() -> ProcessUsage? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Double($0) }),
              let afterName = stat.range(of: ") ", options: .backwards)
        else { return nil }
        // Fields after the command name start at field 3; utime and stime are fields 14 and 15.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        return ProcessUsage(residentBytes: pages * pageSize, cpuSeconds: (user + system) / ticks)
    }
}
