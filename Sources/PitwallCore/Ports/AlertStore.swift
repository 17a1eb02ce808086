/// Where alert statuses and their history live, so a restart neither forgets a pending
/// alert nor announces a firing one again. History is append-only.
public protocol AlertStore: Sendable {
    /// Every stored status.
    func alertStatuses() async throws -> [AlertStatus]

    /// Saves the statuses of an evaluation round, its transitions and audit lines, in one step.
    func recordAlerts(_ statuses: [AlertStatus], transitions: [AlertTransition], audit: [AuditEntry]) async throws

    /// Transitions after `sequence`, oldest first, at most `limit`; of one alert when `alertID` is given.
    func alertHistory(after sequence: Int64, limit: Int, alertID: String?) async throws -> [RecordedAlertTransition]

    /// The last `limit` transitions, newest first.
    func latestAlertHistory(limit: Int) async throws -> [RecordedAlertTransition]

    /// Acknowledges a firing alert and logs it; nil for an unknown id. An alert that is not
    /// firing is returned unchanged.
    func acknowledgeAlert(_ id: String, _ acknowledgement: AlertAcknowledgement) async throws -> AlertStatus?

    /// Silences that end after `instant`, soonest end first.
    func silences(endingAfter instant: Timestamp) async throws -> [AlertSilence]

    /// Stores a new silence and logs it.
    func addSilence(_ silence: AlertSilence) async throws

    /// Ends a silence now and logs who did; nil for an unknown id.
    func endSilence(_ id: String, by actor: String, at instant: Timestamp) async throws -> AlertSilence?
}

/// A transition as stored, with its place in the history.
public struct RecordedAlertTransition: Hashable, Sendable {
    public var sequence: Int64
    public var transition: AlertTransition

    public init(sequence: Int64, transition: AlertTransition) {
        self.sequence = sequence
        self.transition = transition
    }
}
