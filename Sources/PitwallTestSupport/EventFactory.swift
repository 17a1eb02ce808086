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
        _ seconds: Double = 0, store: StoreID = "store-a", source: String = "website", tier: LeadTier? = .hot, submittedSecondsEarlier: Double? = nil
    ) -> Event {
        make(
            seconds,
            .leadCreated(
                LeadCreated(
                    storeID: store, source: source, tier: tier, submittedAt: submittedSecondsEarlier.map { at(seconds - $0) },
                    cost: Money(amount: 25), vehicle: Vehicle(condition: .new, make: "Toyota", model: "RAV4", year: 2026),
                    contact: Contact(firstName: "Ana", lastName: "Lopez", phone: "+13125550101", email: "ana@example.com"))))
    }

    public mutating func sent(
        _ seconds: Double, message: String, sender: Sender = .ai, channel: Channel = .sms, autoReply: Bool = false, agent: AgentID? = nil
    ) -> Event {
        make(seconds, .messageSent(MessageSent(messageID: MessageID(message), channel: channel, sender: sender, agentID: agent, autoReply: autoReply)))
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
}
