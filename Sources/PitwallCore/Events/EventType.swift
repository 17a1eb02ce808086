/// Every kind of event Pitwall accepts. The raw value is the wire name.
public enum EventType: String, CaseIterable, Hashable, Sendable, Codable {
    case leadCreated = "lead.created"
    case leadAssigned = "lead.assigned"
    case messageSent = "message.sent"
    case messageStatus = "message.status"
    case messageReceived = "message.received"
    case leadOptedOut = "lead.opted_out"
    case leadComplained = "lead.complained"
    case appointmentSet = "appointment.set"
    case appointmentAttended = "appointment.attended"
    case appointmentNoShow = "appointment.no_show"
    case appointmentCancelled = "appointment.cancelled"
    case saleClosed = "sale.closed"
    /// The customer's answers to a satisfaction survey sent after the conversation.
    case surveyAnswered = "survey.answered"
    /// The health of a part of the messaging system (the AI assistant, the SMS gateway, the CRM
    /// feed): not about a lead, so it carries no `lead_id`.
    case systemStatus = "system.status"
    /// A measurement a part of the system reports about itself (API latency, query time,
    /// CPU, memory, errors): also not about a lead.
    case systemSample = "system.sample"

    /// Events about the system rather than about one lead.
    public var isSystemEvent: Bool { self == .systemStatus || self == .systemSample }

    public static let wireNames: String = allCases.map(\.rawValue).joined(separator: ", ")
}
