import PitwallCore

/// Where every SMS provider's callbacks end: the lead found by the message id (delivery
/// reports) or by the customer's number at the store (incoming texts), the event stored once
/// however often the provider retries, alerts and open dashboards told.
struct ProviderCallbackSink: Sendable {
    let store: any EventStore
    let leads: any LeadQueryStore
    let clock: any WallClock
    let alertNudges: AlertNudges
    let live: LiveFeed

    /// How far back an incoming text looks for the lead with the sender's number.
    static let inboundLookbackDays: Int64 = 90

    enum Outcome: Sendable {
        case stored(Event, IngestDisposition)
        /// A delivery report for a message no `message.sent` names (yet).
        case unknownMessage(String)
        /// A text from a number no recent lead of these stores has.
        case unknownSender
    }

    func apply(_ update: ProviderMessageUpdate, stores: [StoreID]) async throws -> Outcome {
        let now = clock.now()
        let lead: LeadID?
        switch update {
        case .delivery(let report):
            lead = try await leads.lead(sentMessage: MessageID(report.messageID))
            if lead == nil { return .unknownMessage(report.messageID) }
        case .inbound(let text):
            var found: LeadID?
            if let phone = ContactKey.phone(text.from) {
                let since = now.adding(milliseconds: -Self.inboundLookbackDays * Timestamp.millisecondsPerDay)
                for storeID in stores where found == nil {
                    found = try await leads.newestLead(at: storeID, phoneKey: phone, since: since)
                }
            }
            lead = found
            if lead == nil { return .unknownSender }
        }
        let event = update.event(lead: lead!, arrivedAt: now)
        return .stored(event, try await store(event, at: now))
    }

    /// Stores one event; a retry of the same callback comes back as the same event.
    func store(_ event: Event, at now: Timestamp) async throws -> IngestDisposition {
        let disposition = try await store.ingest([event], at: now).first ?? .duplicate
        if disposition == .accepted {
            alertNudges.touch(EventTouch(events: [event]))
            live.changed()
        }
        // A retry differs at most in its arrival time: the first one stands.
        return disposition == .accepted ? .accepted : .duplicate
    }

    /// What to answer about each update, for the provider's logs and for people testing a setup.
    static func summary(_ outcomes: [Outcome], skipped: [String]) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("results")
        writer.beginArray()
        for outcome in outcomes {
            writer.beginObject()
            switch outcome {
            case .stored(let event, let disposition):
                writer.member("event_id", event.id)
                writer.member("lead_id", event.leadID)
                writer.member("disposition", disposition == .accepted ? "accepted" : "duplicate")
            case .unknownMessage(let id):
                writer.member("disposition", "not_stored")
                writer.member("reason", "no outbound message \(id) is known yet: send its message.sent first")
            case .unknownSender:
                writer.member("disposition", "not_stored")
                writer.member("reason", "no lead of the last \(inboundLookbackDays) days has the sender's number")
            }
            writer.endObject()
        }
        writer.endArray()
        writer.key("skipped")
        writer.beginArray()
        for type in skipped { writer.string(type) }
        writer.endArray()
        writer.endObject()
        return writer.text
    }
}
