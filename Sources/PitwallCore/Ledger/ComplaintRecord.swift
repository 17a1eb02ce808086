/// One complaint about the lead's messages, counted on the day it was made.
public struct ComplaintRecord: Hashable, Sendable, Codable {
    public var eventID: EventID
    public var leadID: LeadID
    public var at: Timestamp
    public var messageID: MessageID?

    public init(eventID: EventID, leadID: LeadID, at: Timestamp, messageID: MessageID?) {
        self.eventID = eventID
        self.leadID = leadID
        self.at = at
        self.messageID = messageID
    }
}
