/// Sends one notification batch to its channel, retrying as it sees fit; never throws: the
/// outcome says what happened, and goes into the audit log.
public protocol NotificationTransport: Sendable {
    func deliver(_ batch: NotificationBatch) async -> DeliveryOutcome
}
