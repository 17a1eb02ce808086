import PitwallCore

/// Uptime's page lists each outage of its window, as `GET /v1/system/outages` does.
extension KPIDetailPage {
    struct OutageRow: Sendable {
        var component: String
        var store: String
        var health: String
        var healthColour: String
        var began: String
        var ended: String
        /// How long it counted against uptime in this window: degraded time does not.
        var downInWindow: String
        var downSeconds: String
    }

    /// The report's outages on the chosen store's clock (or the home store's).
    static func outages(_ report: SystemOutageReport, configuration: PitwallConfiguration, now: Timestamp) -> [OutageRow] {
        let clock = LocalTimeFormatting(store: report.store.map(configuration.store) ?? configuration.homeStore, now: now)
        return report.entries.map { entry in
            let incident = entry.outage
            return OutageRow(
                component: SystemWords.readable(incident.component), store: incident.storeID.map { configuration.store($0).name } ?? "every store",
                health: incident.health.rawValue, healthColour: incident.health == .down ? "red" : "yellow", began: clock.time(incident.started),
                ended: incident.ended.map { clock.time($0) } ?? "still \(incident.health.rawValue)",
                downInWindow: entry.downSeconds > 0 ? KPIFormatting.duration(seconds: entry.downSeconds) : "not down",
                downSeconds: JSONWriter.format(entry.downSeconds))
        }
    }
}
