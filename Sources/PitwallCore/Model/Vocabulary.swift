/// How a message travelled.
public enum Channel: String, CaseIterable, Hashable, Sendable, Codable {
    case sms, email, call, chat
}

/// Who wrote an outbound message: the AI assistant or a human agent.
public enum Sender: String, CaseIterable, Hashable, Sendable, Codable {
    case ai, agent
}

/// A carrier's verdict on an outbound message. Later statuses win; `delivered`,
/// `undelivered` and `failed` are final.
public enum DeliveryStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case queued, sent, delivered, undelivered, failed

    public var isFinal: Bool {
        switch self {
        case .queued, .sent: false
        case .delivered, .undelivered, .failed: true
        }
    }

    /// Position in the usual lifecycle; breaks ties between statuses reported in the same millisecond.
    public var lifecycleRank: Int {
        switch self {
        case .queued: 0
        case .sent: 1
        case .delivered, .undelivered, .failed: 2
        }
    }
}

/// How ready to buy a lead is, which sets how fast it must be answered.
public enum LeadTier: String, CaseIterable, Hashable, Sendable, Codable {
    case hot, warm, cold
}

public enum VehicleCondition: String, CaseIterable, Hashable, Sendable, Codable {
    case new, used, cpo
}

/// What finally happened to an appointment.
public enum AppointmentOutcome: String, CaseIterable, Hashable, Sendable, Codable {
    case scheduled, attended, noShow = "no_show", cancelled
}
