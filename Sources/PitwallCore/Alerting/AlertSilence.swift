/// A manager's "not now": no notifications for a rule, a store, or a rule at a store, until
/// a time. Alerts are still evaluated and listed; only the paging stops.
public struct AlertSilence: Hashable, Sendable, Codable {
    public var id: String
    /// Nil: every rule.
    public var ruleID: String?
    /// Nil: every store (and the group).
    public var store: StoreID?
    public var startsAt: Timestamp
    public var endsAt: Timestamp
    public var createdBy: String
    public var comment: String?

    public init(id: String, ruleID: String?, store: StoreID?, startsAt: Timestamp, endsAt: Timestamp, createdBy: String, comment: String?) {
        self.id = id
        self.ruleID = ruleID
        self.store = store
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    public func isActive(at instant: Timestamp) -> Bool { startsAt <= instant && instant < endsAt }

    /// "opt_out_rate at lkt until 2026-03-02T14:00:00.000Z: carrier maintenance".
    public var summary: String {
        var text = "\(ruleID ?? "every rule") at \(store?.rawValue ?? "every store") until \(endsAt.rfc3339)"
        if let comment, !comment.isEmpty { text += ": \(comment)" }
        return text
    }

    /// The audit line of creating this silence (`silence.created`) or ending it (`silence.ended`).
    public func auditEntry(_ action: String, by actor: String, at instant: Timestamp) -> AuditEntry {
        AuditEntry(at: instant, actor: actor, action: action, subject: id, detail: summary)
    }

    public func covers(_ status: AlertStatus) -> Bool {
        (ruleID == nil || ruleID == status.ruleID) && (store == nil || store == status.segment.store)
    }
}
