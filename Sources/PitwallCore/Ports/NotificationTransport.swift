/// Sends one notification batch to its channel, retrying as it sees fit; never throws: the
/// outcome says what happened, and goes into the audit log.
public protocol NotificationTransport: Sendable {
    func deliver(_ batch: NotificationBatch) async -> DeliveryOutcome
}

extension NotificationTransport {
    /// Sends each batch in turn and returns one audit line per delivery, with its outcome.
    public func deliver(_ batches: [NotificationBatch], at now: Timestamp) async -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for batch in batches {
            let outcome = await deliver(batch)
            let kinds = batch.notices.map(\.kind.rawValue).joined(separator: ",")
            entries.append(
                AuditEntry(
                    at: now, actor: AuditEntry.systemActor, action: outcome.delivered ? "notification.sent" : "notification.failed",
                    subject: batch.notices.map(\.alertID).joined(separator: ","),
                    detail: "\(batch.channel.name): \(kinds); \(outcome.attempts) attempt\(outcome.attempts == 1 ? "" : "s"); \(outcome.detail)"))
        }
        return entries
    }
}
