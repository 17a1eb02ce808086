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

    /// The templated sends of `conversations` that `counts` keeps (the window's), each judged
    /// against its lead's whole conversation.
    public static func judge(_ conversations: [LeadConversation], counts: (LeadConversation, ConversationMessage) -> Bool) -> [TemplatedSend] {
        var sends: [TemplatedSend] = []
        for conversation in conversations { judge(conversation, counts: counts, into: &sends) }
        return sends
    }

    private static func judge(_ conversation: LeadConversation, counts: (LeadConversation, ConversationMessage) -> Bool, into sends: inout [TemplatedSend]) {
        let ordered = conversation.messagesInTimeOrder
        let firstTouch = ordered.firstIndex { $0.direction == .outbound && !$0.autoReply }
        for (index, message) in ordered.enumerated() {
            guard message.isTemplatedSend, counts(conversation, message), let template = message.templateID else { continue }
            var windowEnd = message.at.adding(seconds: replyWindowSeconds)
            var firstReply: Timestamp?
            var optedOut = false
            for later in ordered[(index + 1)...] {
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
                    leadID: conversation.leadID, storeID: conversation.storeID, source: conversation.source, at: message.at, templateID: template,
                    experimentID: message.experimentID, variantID: message.variantID, role: index == firstTouch ? .firstTouch : .followUp,
                    reached: reached, answered: answered, optedOut: answered && optedOut,
                    secondsToAnswer: answered ? firstReply.map { message.at.seconds(until: $0) } : nil))
        }
    }
}
