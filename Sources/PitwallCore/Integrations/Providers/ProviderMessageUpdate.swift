/// What an SMS provider's callback says about one message, whoever the provider: a delivery
/// report on a message Pitwall's side sent, or a text from a customer. The caller finds the
/// lead (by message id or by the customer's number) and turns it into an event.
public enum ProviderMessageUpdate: Hashable, Sendable, Codable {
    case delivery(DeliveryReport)
    case inbound(InboundText)

    public struct DeliveryReport: Hashable, Sendable, Codable {
        /// `twilio`, `bandwidth`, `telnyx`.
        public var provider: String
        public var messageID: String
        /// The provider's own word for the status, kept on the event.
        public var providerStatus: String
        public var status: DeliveryStatus
        public var errorCode: String?
        /// When the provider says it happened; nil: when the callback arrived.
        public var at: Timestamp?

        public init(provider: String, messageID: String, providerStatus: String, status: DeliveryStatus, errorCode: String?, at: Timestamp?) {
            self.provider = provider
            self.messageID = messageID
            self.providerStatus = providerStatus
            self.status = status
            // Providers write "no error" as 0 or an empty field.
            self.errorCode = errorCode.flatMap { $0.isEmpty || $0 == "0" ? nil : $0 }
            self.at = at
        }
    }

    public struct InboundText: Hashable, Sendable, Codable {
        public var provider: String
        public var messageID: String
        /// The customer's number as the provider wrote it.
        public var from: String
        public var body: String?
        public var at: Timestamp?

        public init(provider: String, messageID: String, from: String, body: String?, at: Timestamp?) {
            self.provider = provider
            self.messageID = messageID
            self.from = from
            self.body = body
            self.at = at
        }
    }

    /// The provider, the message and the status: a provider's retries of one callback are one event.
    public var eventID: EventID {
        switch self {
        case .delivery(let report): EventID("\(report.provider):status:\(report.messageID):\(report.providerStatus)")
        case .inbound(let text): EventID("\(text.provider):inbound:\(text.messageID)")
        }
    }

    /// When it happened by the provider's word, if it said.
    public var at: Timestamp? {
        switch self {
        case .delivery(let report): report.at
        case .inbound(let text): text.at
        }
    }

    /// The same update, with `instant` as its time when the provider gave none (a held
    /// callback keeps the time it arrived, not the time it was matched).
    public func dated(_ instant: Timestamp) -> ProviderMessageUpdate {
        switch self {
        case .delivery(var report):
            report.at = report.at ?? instant
            return .delivery(report)
        case .inbound(var text):
            text.at = text.at ?? instant
            return .inbound(text)
        }
    }

    /// The event for the lead.
    public func event(lead: LeadID, arrivedAt: Timestamp) -> Event {
        switch self {
        case .delivery(let report):
            Event(
                id: eventID, occurredAt: report.at ?? arrivedAt, leadID: lead,
                payload: .messageStatus(MessageStatusChange(messageID: MessageID(report.messageID), status: report.status, errorCode: report.errorCode)),
                extras: ["provider": .string(report.provider), "provider_status": .string(report.providerStatus)])
        case .inbound(let text):
            Event(
                id: eventID, occurredAt: text.at ?? arrivedAt, leadID: lead,
                payload: .messageReceived(MessageReceived(messageID: MessageID(text.messageID), channel: .sms, body: text.body)),
                extras: ["provider": .string(text.provider)])
        }
    }
}

/// Why a provider's callback body could not be read, naming the field.
public struct ProviderCallbackProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
