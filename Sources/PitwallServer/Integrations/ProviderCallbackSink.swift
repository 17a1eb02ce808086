import PitwallCore

/// Where every SMS provider's callbacks end: the lead found by the message id (delivery
/// reports) or by the customer's number at the store (incoming texts), the event stored once
/// however often the provider retries, alerts and open dashboards told. A callback that
/// matches no lead yet is held and tried again as events arrive, for up to a week.
struct ProviderCallbackSink: Sendable {
    let store: any EventStore
    let leads: any LeadQueryStore
    let held: any HeldCallbackStore
    let clock: any WallClock
    let alertNudges: AlertNudges
    let live: LiveFeed
    var metrics: ServerMetrics?

    /// How far back an incoming text looks for the lead with the sender's number.
    static let inboundLookbackDays: Int64 = 90
    /// How long a callback without its lead is kept and tried again.
    static let holdDays: Int64 = 7

    enum Outcome: Sendable {
        case stored(Event, IngestDisposition)
        /// A delivery report for a message no `message.sent` names (yet).
        case unknownMessage(String)
        /// A text from a number no recent lead of these stores has.
        case unknownSender
    }

    /// An organisation whose account signed a callback, and the stores of those accounts.
    struct Signer: Sendable {
        var organisation: OrganisationID
        var stores: [StoreID]

        /// Each organisation, in the order given, with the stores of its accounts that `signed`
        /// picks out of its configuration; those with none are left out.
        static func among(
            _ owners: [(organisation: OrganisationID, configuration: PitwallConfiguration)], signed: (PitwallConfiguration) -> [StoreID]
        ) -> [Signer] {
            owners.compactMap { owner in
                let stores = signed(owner.configuration)
                return stores.isEmpty ? nil : Signer(organisation: owner.organisation, stores: stores)
            }
        }
    }

    /// Stores the update for its lead in the organisation whose account signed it, or holds it
    /// (dated with its arrival) until the lead is known. When the same account is configured in
    /// several (a vendor's one Telnyx key, the same Bandwidth credentials in every application),
    /// it goes to the first that knows its message or sender; when none does yet, each holds
    /// it, so that whichever sends the message or gets the lead stores it (the others' copies
    /// run out with the week).
    func apply(_ update: ProviderMessageUpdate, signedBy signers: [Signer]) async throws -> Outcome {
        guard !signers.isEmpty else { preconditionFailure("a callback nobody signed is refused before it is applied") }
        let now = clock.now()
        for signer in signers {
            let outcome: Outcome? = try await TenantScope.$organisation.withValue(signer.organisation) {
                guard let lead = try await lead(for: update, stores: signer.stores, now: now) else { return nil }
                return try await store(update, for: lead, at: now)
            }
            if let outcome { return outcome }
        }
        for signer in signers {
            try await TenantScope.$organisation.withValue(signer.organisation) { try await hold(update, stores: signer.stores, at: now) }
        }
        return Self.held(update)
    }

    private func store(_ update: ProviderMessageUpdate, for lead: LeadID, at now: Timestamp) async throws -> Outcome {
        let event = update.event(lead: lead, arrivedAt: now)
        return .stored(event, try await store(event, at: now))
    }

    private func hold(_ update: ProviderMessageUpdate, stores: [StoreID], at now: Timestamp) async throws {
        try await held.hold(HeldCallback(update: update.dated(now), stores: stores, receivedAt: now))
    }

    private static func held(_ update: ProviderMessageUpdate) -> Outcome {
        switch update {
        case .delivery(let report): .unknownMessage(report.messageID)
        case .inbound: .unknownSender
        }
    }

    func lead(for update: ProviderMessageUpdate, stores: [StoreID], now: Timestamp) async throws -> LeadID? {
        switch update {
        case .delivery(let report):
            return try await leads.lead(sentMessage: MessageID(report.messageID))
        case .inbound(let text):
            guard let phone = ContactKey.phone(text.from) else { return nil }
            let since = now.adding(milliseconds: -Self.inboundLookbackDays * Timestamp.millisecondsPerDay)
            for storeID in stores {
                if let found = try await leads.newestLead(at: storeID, phoneKey: phone, since: since) { return found }
            }
            return nil
        }
    }

    /// Tries the held callbacks that newly stored events may unlock (their message was sent,
    /// or a lead with the sender's number arrived): called after ingestion.
    func replayHeld(after events: [Event]) async throws {
        var messages = Set<String>()
        var phones = Set<String>()
        for event in events {
            switch event.payload {
            case .messageSent(let sent): messages.insert(sent.messageID.rawValue)
            case .leadCreated(let lead): if let phone = ContactKey.phone(lead.contact?.phone) { phones.insert(phone) }
            default: break
            }
        }
        guard !messages.isEmpty || !phones.isEmpty else { return }
        try await replayHeld { update in
            switch update {
            case .delivery(let report): messages.contains(report.messageID)
            case .inbound(let text): ContactKey.phone(text.from).map(phones.contains) ?? false
            }
        }
    }

    /// Tries held callbacks again (all, or those `worthTrying`): those whose lead is now
    /// known are stored, those held longer than a week are given up. Returns how many of each.
    @discardableResult
    func replayHeld(_ worthTrying: (ProviderMessageUpdate) -> Bool = { _ in true }) async throws -> (stored: Int, expired: Int) {
        let now = clock.now()
        var (stored, expired) = (0, 0)
        var done: [String] = []
        for callback in try await held.heldCallbacks(limit: 10_000) where worthTrying(callback.update) || callback.receivedAt < now.adding(milliseconds: -Self.holdDays * Timestamp.millisecondsPerDay) {
            if let lead = try await lead(for: callback.update, stores: callback.stores, now: now) {
                _ = try await store(callback.update.event(lead: lead, arrivedAt: callback.receivedAt), at: now)
                stored += 1
                done.append(callback.key)
            } else if callback.receivedAt < now.adding(milliseconds: -Self.holdDays * Timestamp.millisecondsPerDay) {
                expired += 1
                done.append(callback.key)
            }
        }
        try await held.release(done)
        return (stored, expired)
    }

    /// Stores one event; a retry of the same callback comes back as the same event.
    func store(_ event: Event, at now: Timestamp) async throws -> IngestDisposition {
        let started = ContinuousClock.now
        let disposition = try await store.ingest([event], at: now).first ?? .duplicate
        metrics?.recordIngest(IngestTally([disposition]), via: .provider, seconds: (ContinuousClock.now - started).seconds, at: now)
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
                writer.member("disposition", "held")
                writer.member("reason", "no outbound message \(id) is known yet: held for up to \(holdDays) days and stored when its message.sent arrives")
            case .unknownSender:
                writer.member("disposition", "held")
                writer.member("reason", "no lead of the last \(inboundLookbackDays) days has the sender's number: held for up to \(holdDays) days in case the lead arrives")
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
