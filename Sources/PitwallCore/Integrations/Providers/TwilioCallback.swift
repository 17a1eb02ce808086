/// Twilio's message callbacks turned into Pitwall events. Pure: the lead is found by the
/// caller, the signature checked by the server.
public enum TwilioCallback {
    /// Every message status Twilio reports, and what it means for delivery. Inbound
    /// statuses (`receiving`, `received`) are not delivery reports: nil.
    public static let statuses: [String: DeliveryStatus?] = [
        "accepted": .queued, "scheduled": .queued, "queued": .queued,
        "sending": .sent, "sent": .sent,
        "delivered": .delivered, "read": .delivered,
        "undelivered": .undelivered, "partially_delivered": .undelivered,
        "failed": .failed, "canceled": .failed,
        "receiving": nil, "received": nil,
    ]

    /// Pitwall's delivery status for Twilio's, nil for an inbound or unknown one.
    public static func deliveryStatus(_ twilioStatus: String) -> DeliveryStatus? {
        statuses[twilioStatus.lowercased()] ?? nil
    }
}
