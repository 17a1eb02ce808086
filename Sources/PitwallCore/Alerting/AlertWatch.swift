/// One evaluation round end to end: read the stored statuses, measure every rule, store the
/// new statuses with their transitions, and log each firing and resolve in the audit log.
public struct AlertWatch: Sendable {
    public let monitor: AlertMonitor
    public let alerts: any AlertStore
    public let planner: NotificationPlanner?
    public let transport: (any NotificationTransport)?

    public init(monitor: AlertMonitor, alerts: any AlertStore, planner: NotificationPlanner? = nil, transport: (any NotificationTransport)? = nil) {
        self.monitor = monitor
        self.alerts = alerts
        self.planner = planner
        self.transport = transport
    }

    /// Evaluates, stores, then notifies. The statuses (with when each alert was last
    /// announced) are stored before anything is sent, so a restart never announces twice.
    /// With `only`, just those rules are measured (see `AlertMonitor.evaluate`).
    @discardableResult
    public func evaluate(now: Timestamp, only: Set<String>? = nil) async throws -> [AlertTransition] {
        let current = Dictionary(uniqueKeysWithValues: try await alerts.alertStatuses().map { ($0.id, $0) })
        var round = try await monitor.evaluate(current: current, now: now, only: only)
        var batches: [NotificationBatch] = []
        if let planner, transport != nil {
            let silences = try await alerts.silences(endingAfter: now)
            (batches, round.statuses) = planner.plan(statuses: round.statuses, transitions: round.transitions, silences: silences, now: now)
        }
        let audit = round.transitions.compactMap { transition -> AuditEntry? in
            let action: String
            switch (transition.from, transition.to) {
            case (let from, .firing) where from != .firing: action = "alert.firing"
            case (.firing, .firing): action = "alert.severity_changed"
            case (_, .resolved): action = "alert.resolved"
            default: return nil
            }
            return AuditEntry(at: now, actor: AuditEntry.systemActor, action: action, subject: transition.alertID, detail: Self.describe(transition))
        }
        // Most statuses come out of a round as they went in; only the changed ones are written.
        let changed = round.statuses.filter { status in current[status.id].map { !$0.sameApartFromEvaluation(as: status) } ?? true }
        try await alerts.recordAlerts(changed, transitions: round.transitions, audit: audit)
        if let transport, !batches.isEmpty {
            try await alerts.recordAlerts([], transitions: [], audit: await transport.deliver(batches, at: now))
        }
        return round.transitions
    }

    /// "critical; value 0.2; bound 0.1334; sample 100". Four decimals: the stored transition
    /// keeps the exact figures, and a log line read by people needs no float noise
    /// ("19.606143125000003").
    static func describe(_ transition: AlertTransition) -> String {
        var parts: [String] = []
        if let severity = transition.severity { parts.append(severity.rawValue) }
        func figure(_ value: Double) -> String { JSONWriter.format((value * 10_000).rounded() / 10_000) }
        if let measurement = transition.measurement {
            if let value = measurement.value { parts.append("value \(figure(value))") }
            if let bound = measurement.bound, figure(bound) != measurement.value.map(figure) { parts.append("bound \(figure(bound))") }
            parts.append("sample \(measurement.sample)")
            if let note = measurement.note { parts.append(note) }
        }
        return parts.joined(separator: "; ")
    }
}
