import PitwallCore

/// Terse builders for hand-written event stories in tests: times are seconds after a base
/// instant, ids are numbered automatically.
public struct EventFactory {
    public let base: Timestamp
    public let lead: LeadID
    private var counter = 0

    public init(lead: LeadID = "lead-1", base: Timestamp = try! Timestamp(rfc3339: "2026-03-02T15:00:00Z")) {
        self.lead = lead
        self.base = base
    }

    public func at(_ seconds: Double) -> Timestamp { base.adding(seconds: seconds) }

    public mutating func make(_ seconds: Double, _ payload: EventPayload, id: String? = nil) -> Event {
        counter += 1
        return Event(id: EventID(id ?? "\(lead.rawValue)-ev\(counter)"), occurredAt: at(seconds), leadID: lead, payload: payload)
    }

    public mutating func created(
        _ seconds: Double = 0, store: StoreID = "store-a", source: String = "website", tier: LeadTier? = .hot, submittedSecondsEarlier: Double? = nil,
        cost: Money? = Money(amount: 25), campaign: CampaignID? = nil
    ) -> Event {
        make(
            seconds,
            .leadCreated(
                LeadCreated(
                    storeID: store, source: source, campaignID: campaign, tier: tier, submittedAt: submittedSecondsEarlier.map { at(seconds - $0) },
                    cost: cost, vehicle: Vehicle(condition: .new, make: "Toyota", model: "RAV4", year: 2026),
                    contact: Contact(firstName: "Ana", lastName: "Lopez", phone: "+13125550101", email: "ana@example.com"))))
    }

    public mutating func sent(
        _ seconds: Double, message: String, sender: Sender = .ai, channel: Channel = .sms, autoReply: Bool = false, agent: AgentID? = nil,
        template: String? = nil, experiment: String? = nil, variant: String? = nil
    ) -> Event {
        make(
            seconds,
            .messageSent(
                MessageSent(
                    messageID: MessageID(message), channel: channel, sender: sender, agentID: agent, templateID: template.map { TemplateID($0) },
                    experimentID: experiment, variantID: variant, autoReply: autoReply)))
    }

    public mutating func status(_ seconds: Double, message: String, _ status: DeliveryStatus, errorCode: String? = nil) -> Event {
        make(seconds, .messageStatus(MessageStatusChange(messageID: MessageID(message), status: status, errorCode: errorCode)))
    }

    public mutating func received(_ seconds: Double, message: String, body: String? = "Is it still available?") -> Event {
        make(seconds, .messageReceived(MessageReceived(messageID: MessageID(message), channel: .sms, body: body)))
    }

    public mutating func appointmentSet(_ seconds: Double, id: String, scheduledInSeconds: Double) -> Event {
        make(seconds, .appointmentSet(AppointmentSet(appointmentID: AppointmentID(id), scheduledFor: at(scheduledInSeconds))))
    }

    public mutating func sale(_ seconds: Double, id: String, amount: Double) -> Event {
        make(seconds, .saleClosed(SaleClosed(saleID: SaleID(id), amount: Money(amount: amount))))
    }

    /// A lead's whole day, the story most tests start from: submitted 30 s before the CRM got
    /// it, an e-mail auto-reply at +5 s, the AI's text at +42 s (sent, then delivered), a reply
    /// at +400 s, assigned to maria at +410 s, her answer at +700 s, an appointment set at
    /// +900 s for the next day and attended, and a sale of $38,250.50.
    public static func wonLead() -> [Event] {
        var make = EventFactory()
        return [
            make.created(0, submittedSecondsEarlier: 30),
            make.sent(5, message: "auto", channel: .email, autoReply: true),
            make.sent(42, message: "m1"),
            make.status(43, message: "m1", .sent),
            make.status(47, message: "m1", .delivered),
            make.received(400, message: "r1"),
            make.make(410, .leadAssigned(agent: "maria")),
            make.sent(700, message: "m2", sender: .agent, agent: "maria"),
            make.appointmentSet(900, id: "apt-1", scheduledInSeconds: 86_400),
            make.make(87_000, .appointmentAttended("apt-1")),
            make.sale(90_000, id: "sale-1", amount: 38_250.5),
        ]
    }
}

extension LeadLedger {
    /// The records of the lead of `events`, folded as every store folds them.
    public static func records(of events: [Event]) -> LeadRecords? {
        var ledger = LeadLedger()
        for event in events { ledger.apply(event, ingestedAt: event.occurredAt) }
        return events.first.flatMap { ledger.recordsByLead()[$0.leadID] }
    }
}
