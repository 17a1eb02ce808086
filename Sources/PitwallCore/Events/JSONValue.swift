/// Any JSON value. Holds the fields of an event that Pitwall does not interpret, so they
/// are kept exactly as sent and returned with the event.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}
