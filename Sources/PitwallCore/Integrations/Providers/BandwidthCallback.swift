import Foundation

/// Bandwidth's messaging callbacks (API v2): a JSON array of events, each with `type`, `time`,
/// an `errorCode` on failures, and the `message` with its `id`, `direction`, `from`, `text`.
public enum BandwidthCallback {
    /// Bandwidth's event types and the delivery status each reports; `message-received` is
    /// an incoming text.
    public static let statuses: [String: DeliveryStatus] = [
        "message-sending": .sent, "message-delivered": .delivered, "message-read": .delivered, "message-failed": .failed,
    ]

    /// The updates in one callback, and the event types Pitwall does not use (kept for the answer).
    public static func parse(_ body: Data) throws(ProviderCallbackProblem) -> (updates: [ProviderMessageUpdate], skipped: [String]) {
        let decoded: JSONValue
        do {
            decoded = try JSONTextReader.read(body)
        } catch {
            throw ProviderCallbackProblem("the body is not JSON (\(error.description)): Bandwidth sends a JSON array of message events")
        }
        guard let events = decoded.arrayElements ?? (decoded.objectValue != nil ? [decoded] : nil) else {
            throw ProviderCallbackProblem("the body is not a JSON array of message events")
        }
        var updates: [ProviderMessageUpdate] = []
        var skipped: [String] = []
        for (index, event) in events.enumerated() {
            guard let type = event["type"]?.textValue else {
                throw ProviderCallbackProblem("[\(index)].type: missing; every Bandwidth event names its type")
            }
            guard let message = event["message"], let id = message["id"]?.textValue, !id.isEmpty else {
                throw ProviderCallbackProblem("[\(index)].message.id: missing")
            }
            let at = event["time"]?.textValue.flatMap { try? Timestamp(rfc3339: $0) }.flatMap { EventDateRange.contains($0) ? $0 : nil }
            if type == "message-received" {
                guard let from = message["from"]?.textValue else { throw ProviderCallbackProblem("[\(index)].message.from: missing on an incoming text") }
                updates.append(.inbound(.init(provider: "bandwidth", messageID: id, from: from, body: message["text"]?.textValue, at: at)))
            } else if let status = statuses[type] {
                let code = event["errorCode"]?.codeText
                updates.append(.delivery(.init(provider: "bandwidth", messageID: id, providerStatus: type, status: status, errorCode: code, at: at)))
            } else {
                skipped.append(type)
            }
        }
        return (updates, skipped)
    }
}

/// Telnyx's messaging webhooks (API v2): `{"data": {"event_type", "occurred_at", "payload":
/// {"id", "from": {"phone_number"}, "to": [{"status"}], "text", "errors": [{"code"}]}}}`.
public enum TelnyxCallback {
    /// Telnyx's per-recipient statuses and what they mean for delivery.
    public static let statuses: [String: DeliveryStatus] = [
        "queued": .queued, "sending": .queued, "sent": .sent, "delivery_unconfirmed": .sent, "delivered": .delivered,
        "sending_failed": .failed, "delivery_failed": .undelivered, "expired": .undelivered,
    ]

    /// The update in one webhook, or nil for an event type Pitwall does not use (its name in `skipped`).
    public static func parse(_ body: Data) throws(ProviderCallbackProblem) -> (update: ProviderMessageUpdate?, skipped: String?) {
        let root: JSONValue
        do {
            root = try JSONTextReader.read(body)
        } catch {
            throw ProviderCallbackProblem("the body is not JSON (\(error.description)): Telnyx sends {\"data\": {...}}")
        }
        guard root.objectValue != nil else { throw ProviderCallbackProblem("the body is not a JSON object: Telnyx sends {\"data\": {...}}") }
        guard let data = root["data"], let type = data["event_type"]?.textValue else {
            throw ProviderCallbackProblem("data.event_type: missing")
        }
        guard type.hasPrefix("message.") else { return (nil, type) }
        guard let payload = data["payload"], let id = payload["id"]?.textValue, !id.isEmpty else {
            throw ProviderCallbackProblem("data.payload.id: missing")
        }
        let at = data["occurred_at"]?.textValue.flatMap { try? Timestamp(rfc3339: $0) }.flatMap { EventDateRange.contains($0) ? $0 : nil }
        switch type {
        case "message.received":
            guard let from = payload["from"]?["phone_number"]?.textValue else {
                throw ProviderCallbackProblem("data.payload.from.phone_number: missing on an incoming text")
            }
            return (.inbound(.init(provider: "telnyx", messageID: id, from: from, body: payload["text"]?.textValue, at: at)), nil)
        case "message.sent", "message.finalized":
            guard let raw = payload["to"]?.arrayElements?.first?["status"]?.textValue?.lowercased() else {
                throw ProviderCallbackProblem("data.payload.to[0].status: missing on a delivery report")
            }
            guard let status = statuses[raw] else {
                throw ProviderCallbackProblem("data.payload.to[0].status: '\(raw)' is not one of Telnyx's (\(statuses.keys.sorted().joined(separator: ", ")))")
            }
            let code = payload["errors"]?.arrayElements?.first?["code"]?.codeText
            return (.delivery(.init(provider: "telnyx", messageID: id, providerStatus: raw, status: status, errorCode: code, at: at)), nil)
        default:
            return (nil, type)
        }
    }
}
