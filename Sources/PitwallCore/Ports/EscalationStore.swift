/// Where escalations and the audit log live. The log is append-only: entries are added, never changed.
public protocol EscalationStore: Sendable {
    /// Escalations, newest first; only unresolved ones with `openOnly`.
    func escalations(openOnly: Bool, store: StoreID?) async throws -> [Escalation]

    /// The escalations with these ids (those that exist), in no set order: what a page of the
    /// audit log names, read without reading every escalation ever raised.
    func escalations(ids: [String]) async throws -> [Escalation]

    /// Records an evaluation's changes and its audit lines in one step.
    func record(_ changes: EscalationChanges) async throws

    /// Marks an escalation acknowledged by `actor` and logs it. Acknowledging again changes
    /// nothing and returns the first acknowledgement; nil for an unknown id.
    func acknowledge(_ id: String, by actor: String, comment: String?, at: Timestamp) async throws -> Escalation?

    /// Audit entries after `sequence`, oldest first, at most `limit`.
    func auditLog(after sequence: Int64, limit: Int) async throws -> [AuditEntry]

    /// The last `limit` audit entries, newest first.
    func latestAuditEntries(limit: Int) async throws -> [AuditEntry]
}

extension EscalationStore {
    /// One line added to the audit log, about something other than an escalation.
    public func audit(_ entry: AuditEntry) async throws {
        var changes = EscalationChanges()
        changes.audit = [entry]
        try await record(changes)
    }
}

/// Every port one backend serves (the embedded SQLite store, and the in-memory one for tests).
public typealias PitwallStore = EventStore & AccessTokenStore & KPIRollupStore & LeadQueryStore & EscalationStore & AlertStore & HeldCallbackStore
    & DashboardSessionStore & IdempotencyRecordStore & CoachingLog & ChangeLog & DelayLog
