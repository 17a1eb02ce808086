/// Looks at the live queue and records escalations, breaches and resolutions as they happen.
/// Run it on a timer (the server does, every few seconds) or call `evaluate` with any clock.
public struct EscalationWatch: Sendable {
    public let desk: SpeedToLeadDesk
    public let escalations: any EscalationStore
    /// Sends new escalations and breaches to the notification channels, when configured.
    public let transport: (any NotificationTransport)?

    public init(desk: SpeedToLeadDesk, escalations: any EscalationStore, transport: (any NotificationTransport)? = nil) {
        self.desk = desk
        self.escalations = escalations
        self.transport = transport
    }

    @discardableResult
    public func evaluate(now: Timestamp) async throws -> EscalationChanges {
        let queue = try await desk.openQueue(store: nil, now: now)
        let open = try await escalations.escalations(openOnly: true, store: nil)
        let waiting = Set(queue.map(\.leadID))
        var answered: [LeadID: Bool] = [:]
        for escalation in open where !waiting.contains(escalation.leadID) && answered[escalation.leadID] == nil {
            let records = try await desk.events.leadRecords(escalation.leadID)
            answered[escalation.leadID] = records.flatMap { desk.policy.firstResponse(in: $0.messages) } != nil
        }
        let changes = EscalationRules.evaluate(queue: queue, open: open, answered: answered, now: now, configuration: desk.configuration)
        if !changes.isEmpty { try await escalations.record(changes) }
        if let transport {
            let configuration = desk.configuration
            let batches = NotificationPlanner.batches(for: changes.raised, settings: configuration.notifications, configuration: configuration, now: now)
            var outcomes = EscalationChanges()
            outcomes.audit = await transport.deliver(batches, at: now)
            if !outcomes.audit.isEmpty { try await escalations.record(outcomes) }
        }
        return changes
    }
}
