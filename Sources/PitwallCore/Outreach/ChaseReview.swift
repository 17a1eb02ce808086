import Foundation

/// The SOP's follow-up strategy ("optimal follow-up frequency, message spacing intervals,
/// message sequence effectiveness"): how many messages a lead who has not answered is worth,
/// and how long to wait before the next.
///
/// The leads are those whose first message from the dealership was a template sent in the
/// window (the ones the automated sequence chases) and who had not written first. Their
/// chase is every message that reached them before their first reply: templates, an agent's
/// texts and calls, the follow-ups. The first reply answers the last of them when it comes
/// within a day of it; a reply that is a stop keyword is counted as an opt-out, not an answer.
/// So for the n-th message: how many leads got it without having answered, how many answered
/// it, how many replied STOP to it. And for each follow-up template, its sends by the wait
/// since the message before them, the same words set against themselves.
public struct ChaseReview: Hashable, Sendable {
    /// Messages from this number on are one step ("the 6th or later").
    public static let lastStep = 6
    /// A wait is judged from this many follow-ups sent at it.
    public static let fewestToJudge = ReplyTally.fewestToJudge
    /// A step's STOPs are weighed against its answers from this many replies.
    public static let fewestRepliesToWeigh = 10

    /// How a set of chasing messages fared.
    public struct Tally: Hashable, Sendable {
        public var sent = 0
        /// Answered within a day, before the next message, with something other than STOP.
        public var answered = 0
        /// Replied with a stop keyword within a day, before the next message.
        public var optedOut = 0

        public init(sent: Int = 0, answered: Int = 0, optedOut: Int = 0) {
            self.sent = sent
            self.answered = answered
            self.optedOut = optedOut
        }

        public var answerRate: Double? { sent > 0 ? Double(answered) / Double(sent) : nil }
        public var optOutRate: Double? { sent > 0 ? Double(optedOut) / Double(sent) : nil }

        public mutating func add(_ other: Tally) {
            sent += other.sent
            answered += other.answered
            optedOut += other.optedOut
        }
    }

    /// The n-th message to leads who had not answered yet.
    public struct Step: Hashable, Sendable {
        /// 1 for the first message; `lastStep` stands for it and every later one.
        public var number: Int
        public var tally: Tally
        /// Leads who had answered (not STOP) by this message, as a share of the review's leads.
        public var answeredSoFar: Double?
        /// How often a fair coin would give at least this many STOPs among the step's replies
        /// (one-sided); nil below `fewestRepliesToWeigh` replies or for the first message.
        public var chanceStopsOutnumber: Double?
        /// More leads replied STOP to it than answered it, past chance over every step at once.
        public var losesMoreThanItWins: Bool

        public var isOrLater: Bool { number == ChaseReview.lastStep }
        /// "2nd", "6th or later".
        public var name: String { ChaseReview.ordinal(number) + (isOrLater ? " or later" : "") }
    }

    /// How long after the message before it a templated follow-up was sent.
    public enum Wait: String, CaseIterable, Hashable, Sendable {
        case underAnHour = "under_1_hour"
        case oneToFourHours = "1_to_4_hours"
        case fourToTwentyFourHours = "4_to_24_hours"
        case oneToThreeDays = "1_to_3_days"
        case threeDaysOrMore = "3_days_or_more"

        public init(seconds: Double) {
            switch seconds {
            case ..<3_600: self = .underAnHour
            case ..<14_400: self = .oneToFourHours
            case ..<86_400: self = .fourToTwentyFourHours
            case ..<259_200: self = .oneToThreeDays
            default: self = .threeDaysOrMore
            }
        }

        /// "1–4 hours".
        public var heading: String {
            switch self {
            case .underAnHour: "Under an hour"
            case .oneToFourHours: "1–4 hours"
            case .fourToTwentyFourHours: "4–24 hours"
            case .oneToThreeDays: "1–3 days"
            case .threeDaysOrMore: "3 days or more"
            }
        }

        /// "1–4 hours after the message before it", in a sentence.
        public var phrase: String {
            self == .underAnHour ? "within an hour of the message before it" : "\(shortPhrase) the message before it"
        }

        /// "1–4 hours after", "within an hour".
        public var shortPhrase: String {
            self == .underAnHour ? "within an hour" : "\(heading) after"
        }
    }

    public enum WaitVerdict: String, Hashable, Sendable {
        /// The template's follow-ups were answered more often at some waits than at others,
        /// past chance over every template at once.
        case waitsDiffer = "waits_differ"
        case noClearDifference = "no_clear_difference"
        /// Fewer than two waits with `fewestToJudge` follow-ups.
        case tooFew = "too_few"
    }

    /// One follow-up template's sends, by how long after the message before them they went
    /// out. The same words at different waits: set against each other, the template's own
    /// pull is out of the comparison (a last call a week on is answered less for its words,
    /// not for its wait).
    public struct WaitRow: Hashable, Sendable {
        public var templateID: TemplateID
        /// One tally a wait, in `Wait.allCases` order.
        public var tallies: [Tally]
        /// The judged waits answered most and least often.
        public var best: Wait?
        public var worst: Wait?
        /// Pearson's χ² over the judged waits: how often chance alone would spread their
        /// shares this far. Nil with fewer than two judged waits.
        public var chance: Double?
        public var verdict: WaitVerdict

        public func tally(_ wait: Wait) -> Tally { tallies[Wait.allCases.firstIndex(of: wait)!] }
    }

    /// Leads whose chase started in the window.
    public var leads: Int
    /// Steps 1 to `lastStep`, those with a message sent.
    public var steps: [Step]
    public var waits: [WaitRow]
    /// Last messages sent less than a day before the time of reading and not answered yet:
    /// they may still be, so they are not counted anywhere yet.
    public var pending: Int

    /// The window's chases (`Chase.starting`), worked out once for this review and the
    /// hand-off's, read at `now` (nil: every answer is in).
    init(chases: [Chase], now: Timestamp?) {
        var steps = [Tally](repeating: Tally(), count: Self.lastStep)
        var answeredAt = [Int](repeating: 0, count: Self.lastStep)
        var waits: [TemplateID: (tallies: [Tally], positions: Int)] = [:]
        var pending = 0
        let leads = chases.count
        for chase in chases {
            for (index, message) in chase.messages.enumerated() {
                let step = min(index, Self.lastStep - 1)
                let isLast = index == chase.messages.count - 1
                if isLast, chase.reply == nil, let now, message.at.seconds(until: now) < TemplatedSend.replyWindowSeconds {
                    pending += 1
                    continue
                }
                // Only the last message of a chase can have been answered: the reply ended it.
                let reply = isLast ? chase.outcome : nil
                let outcome = Tally(sent: 1, answered: reply == .answered ? 1 : 0, optedOut: reply == .optedOut ? 1 : 0)
                steps[step].add(outcome)
                if reply == .answered { answeredAt[step] += 1 }
                guard index > 0, message.isTemplatedSend, let template = message.templateID else { continue }
                let wait = Wait(seconds: chase.messages[index - 1].at.seconds(until: message.at))
                var row = waits[template] ?? ([Tally](repeating: Tally(), count: Wait.allCases.count), 0)
                row.tallies[Wait.allCases.firstIndex(of: wait)!].add(outcome)
                row.positions += index
                waits[template] = row
            }
        }
        self.leads = leads
        self.pending = pending
        self.steps = Self.steps(steps, answeredAt: answeredAt, leads: leads)
        self.waits = Self.waitRows(waits)
    }

    /// The last message worth sending: the one before the first that loses more leads to STOP
    /// than it wins answers (never the first, which is not weighed). Nil when none does.
    public var stopAfter: Int? {
        steps.first(where: \.losesMoreThanItWins).map { $0.number - 1 }
    }

    private static func steps(_ tallies: [Tally], answeredAt: [Int], leads: Int) -> [Step] {
        var steps: [Step] = []
        var answeredSoFar = 0
        for (index, tally) in tallies.enumerated() where tally.sent > 0 {
            answeredSoFar += answeredAt[index]
            let replies = tally.answered + tally.optedOut
            let chance = index > 0 && replies >= fewestRepliesToWeigh ? SignTest.chanceOfAtLeast(tally.optedOut, of: replies) : nil
            steps.append(
                Step(
                    number: index + 1, tally: tally, answeredSoFar: leads > 0 ? Double(answeredSoFar) / Double(leads) : nil,
                    chanceStopsOutnumber: chance, losesMoreThanItWins: false))
        }
        let tested = steps.indices.filter { steps[$0].chanceStopsOutnumber != nil }
        for (index, clear) in zip(tested, ChangeTest.holm(tested.map { steps[$0].chanceStopsOutnumber! })) {
            steps[index].losesMoreThanItWins = clear && steps[index].tally.optedOut > steps[index].tally.answered
        }
        return steps
    }

    /// Each template's row, in the order the templates come in the chase (their mean
    /// position), and the rows whose waits differ past chance over every row (Holm).
    private static func waitRows(_ rows: [TemplateID: (tallies: [Tally], positions: Int)]) -> [WaitRow] {
        let order = rows.sorted { x, y in
            let sentX = x.value.tallies.reduce(0) { $0 + $1.sent }, sentY = y.value.tallies.reduce(0) { $0 + $1.sent }
            let meanX = Double(x.value.positions) / Double(sentX), meanY = Double(y.value.positions) / Double(sentY)
            return meanX != meanY ? meanX < meanY : x.key.rawValue < y.key.rawValue
        }
        var made: [WaitRow] = order.map { template, row in
            let tallies = row.tallies
            var made = WaitRow(templateID: template, tallies: tallies, best: nil, worst: nil, chance: nil, verdict: .tooFew)
            // A tie names the shorter wait.
            guard let compared = ChiSquare.compare(tallies.map { ($0.answered, $0.sent) }, fewest: fewestToJudge) else { return made }
            made.best = Wait.allCases[compared.best]
            made.worst = Wait.allCases[compared.worst]
            made.chance = compared.chance
            made.verdict = .noClearDifference
            return made
        }
        let tested = made.indices.filter { made[$0].chance != nil }
        for (index, clear) in zip(tested, ChangeTest.holm(tested.map { made[$0].chance! })) where clear && made[index].best != made[index].worst {
            made[index].verdict = .waitsDiffer
        }
        return made
    }

    /// What to change: where to stop chasing, and how long to wait, when the figures say so
    /// past chance.
    public var advice: [String] {
        var lines: [String] = []
        if let last = stopAfter, let step = steps.first(where: \.losesMoreThanItWins) {
            let count = { (number: Int) in KPIFormatting.grouped(Int64(number)) }
            lines.append(
                "Stop chasing after the \(Self.ordinal(last)) message: of the \(count(step.tally.sent)) \(step.isOrLater ? "messages sent as the \(Self.ordinal(step.number)) or later" : "leads sent a \(Self.ordinal(step.number)) without having answered"), "
                    + "\(count(step.tally.optedOut)) replied STOP within a day and \(count(step.tally.answered)) answered (\(OutreachAnalysis.pPhrase(step.chanceStopsOutnumber!))).")
        }
        for row in waits where row.verdict == .waitsDiffer {
            guard let best = row.best, let worst = row.worst, let chance = row.chance else { continue }
            let rate = { (wait: Wait) in row.tally(wait).answerRate.map(KPIFormatting.percent) ?? "–" }
            lines.append(
                "Send “\(row.templateID)” \(best.phrase): \(rate(best)) of those sent so were answered within a day, against \(rate(worst)) "
                    + "of those sent \(worst.shortPhrase) (\(OutreachAnalysis.pPhrase(chance))). The leads chased sooner or later "
                    + "may differ in other ways too: try the spacing as an A/B test before making it the rule.")
        }
        return lines
    }

    /// "1st", "2nd", "3rd", "4th", "11th", "22nd".
    public static func ordinal(_ number: Int) -> String {
        let suffix =
            switch (number % 10, number % 100) {
            case (_, 11...13): "th"
            case (1, _): "st"
            case (2, _): "nd"
            case (3, _): "rd"
            default: "th"
            }
        return "\(number)\(suffix)"
    }
}

/// One lead's chase: the messages that reached it before its first reply, and how that reply
/// (if any) answered the last of them.
struct Chase {
    enum Outcome { case answered, optedOut }

    var conversation: LeadConversation
    var messages: [ConversationMessage]
    /// The lead's first reply, however late.
    var reply: ConversationMessage?
    var outcome: Outcome?

    /// Nil for a lead that wrote first, or whose first message was not a template.
    init?(_ conversation: LeadConversation) {
        self.conversation = conversation
        let ordered = conversation.messagesInTimeOrder
        let reply = ordered.first { $0.direction == .inbound }
        self.reply = reply
        messages = ordered.filter { message in
            message.direction == .outbound && !message.autoReply && !message.neverArrived && (reply.map { message.at < $0.at } ?? true)
        }
        guard let first = messages.first, first.isTemplatedSend else { return nil }
        if let reply, let last = messages.last, last.at.seconds(until: reply.at) <= TemplatedSend.replyWindowSeconds {
            outcome = reply.isOptOut ? .optedOut : .answered
        }
    }

    /// The chases whose first message `inWindow` accepts.
    static func starting(_ conversations: [LeadConversation], inWindow: (LeadConversation, ConversationMessage) -> Bool) -> [Chase] {
        conversations.compactMap { conversation in
            Chase(conversation).flatMap { inWindow(conversation, $0.messages[0]) ? $0 : nil }
        }
    }
}
