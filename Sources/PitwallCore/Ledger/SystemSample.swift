/// One stored `system.sample` reading.
public struct SystemSample: Hashable, Sendable, Codable {
    public var eventID: EventID
    public var at: Timestamp
    public var reading: SystemReading

    public init(eventID: EventID, at: Timestamp, reading: SystemReading) {
        self.eventID = eventID
        self.at = at
        self.reading = reading
    }
}
