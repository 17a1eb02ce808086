/// A message sent from a template and what became of it: whether it reached the lead, and
/// whether the lead answered it.
///
/// A reply is credited to the latest templated message before it, if it came within a day
/// and before the next templated message: "answered within a day, before the next template
/// went out". Messages an agent types do not take the credit from the template the lead was
/// answering, and a reply two days later is the conversation's, not the template's.
public struct TemplatedSend: Hashable, Sendable {
    /// Whether the template opened the conversation or chased a lead who had not answered.
    public enum Role: String, CaseIterable, Hashable, Sendable {
        /// The lead's first message from the dealership (automatic acknowledgements aside).
        case firstTouch = "first_touch"
        /// Any later templated message.
        case followUp = "follow_up"
    }

    public var leadID: LeadID
    public var storeID: StoreID
    public var source: String?
    public var at: Timestamp
    public var templateID: TemplateID
    public var experimentID: String?
    public var variantID: String?
    public var role: Role
    /// Not known to have failed: delivered, or still without a final receipt.
    public var reached: Bool
    /// Reached, and answered within the reply window.
    public var answered: Bool
    /// Answered with a stop keyword within the reply window.
    public var optedOut: Bool
    /// Seconds from the send to the lead's first reply in the window.
    public var secondsToAnswer: Double?

    /// How long after a templated message a reply still counts as its answer.
    public static let replyWindowSeconds: Double = 86_400

    /// The templated sends among one or many leads' `messages` that `counts` keeps (the
    /// window's), each judged against its lead's whole conversation.
    public static func judge(_ messages: [ConversationMessage], counts: (ConversationMessage) -> Bool) -> [TemplatedSend] {
        // Positions, not copies: a month of a large group is a quarter of a million messages.
        // A store hands each lead's messages over together, so a lead is looked up only where
        // the lead changes; one met again later still joins its own group.
        var groups: [[Int]] = []
        var groupOfLead: [LeadID: Int] = [:]
        var lastLead: LeadID?
        var current = 0
        for index in messages.indices {
            let lead = messages[index].leadID
            if lead != lastLead {
                if let known = groupOfLead[lead] {
                    current = known
                } else {
                    current = groups.count
                    groups.append([])
                    groupOfLead[lead] = current
                }
                lastLead = lead
            }
            groups[current].append(index)
        }
        var sends: [TemplatedSend] = []
        for group in groups { judgeLead(group, of: messages, counts: counts, into: &sends) }
        return sends
    }

    private static func judgeLead(_ positions: [Int], of messages: [ConversationMessage], counts: (ConversationMessage) -> Bool, into sends: inout [TemplatedSend]) {
        // Time order; at the same instant a send comes before a reply, which cannot answer it.
        let ordered = positions.sorted { a, b in
            let (x, y) = (messages[a], messages[b])
            return x.at != y.at ? x.at < y.at : (x.direction == .outbound && y.direction == .inbound)
        }
        let firstTouch = ordered.first { messages[$0].direction == .outbound && !messages[$0].autoReply }
        for (rank, position) in ordered.enumerated() {
            let message = messages[position]
            guard message.isTemplatedSend, counts(message), let template = message.templateID else { continue }
            var windowEnd = message.at.adding(seconds: replyWindowSeconds)
            var firstReply: Timestamp?
            var optedOut = false
            for later in ordered[(rank + 1)...].lazy.map({ messages[$0] }) {
                if later.isTemplatedSend, later.at > message.at { windowEnd = min(windowEnd, later.at) }
                guard later.at <= windowEnd else { break }
                guard later.direction == .inbound, later.at > message.at else { continue }
                if firstReply == nil { firstReply = later.at }
                if later.isOptOut { optedOut = true }
            }
            let reached = !message.neverArrived
            let answered = reached && firstReply != nil
            sends.append(
                TemplatedSend(
                    leadID: message.leadID, storeID: message.storeID, source: message.source, at: message.at, templateID: template,
                    experimentID: message.experimentID, variantID: message.variantID, role: position == firstTouch ? .firstTouch : .followUp,
                    reached: reached, answered: answered, optedOut: answered && optedOut,
                    secondsToAnswer: answered ? firstReply.map { message.at.seconds(until: $0) } : nil))
        }
    }
}
