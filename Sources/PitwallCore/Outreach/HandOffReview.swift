import Foundation

/// The SOP's "escalation trigger points, human handoff criteria": when a lead the AI's
/// sequence texted answers, how soon should a person take over?
///
/// The leads are the chase's (first texted by a template in the window, not having written
/// first) who answered with something other than STOP. For each, the wait from that first
/// reply to the first text or call of a person (an agent's message that was not known to
/// fail), and whether an appointment was set within `horizonDays` of the reply. A lead with
/// an appointment set before it answered is left out: the question was settled already. So is
/// a reply younger than `horizonDays`, whose outcome is not known yet.
///
/// Only replies that came while the store was open are compared: then a person could have
/// taken over at once, and whether one did is the dealership's doing. Replies at night wait
/// for the morning whatever the rule, so they are counted apart and not judged.
public struct HandOffReview: Hashable, Sendable {
    /// An appointment counts when set within this many days of the reply.
    public static let horizonDays = 3
    /// A wait is judged from this many leads.
    public static let fewestToJudge = ReplyTally.fewestToJudge

    /// How long after the lead's first reply a person first wrote or called.
    public enum Wait: String, CaseIterable, Hashable, Sendable {
        case underFiveMinutes = "under_5_minutes"
        case fiveToFifteenMinutes = "5_to_15_minutes"
        case fifteenToSixtyMinutes = "15_to_60_minutes"
        case oneToFourHours = "1_to_4_hours"
        case fourHoursOrMore = "4_hours_or_more"
        /// No person within `horizonDays`: the AI alone.
        case noPerson = "no_person"

        /// Nil seconds: no person within the horizon.
        public init(seconds: Double?) {
            switch seconds {
            case nil: self = .noPerson
            case .some(..<300): self = .underFiveMinutes
            case .some(..<900): self = .fiveToFifteenMinutes
            case .some(..<3_600): self = .fifteenToSixtyMinutes
            case .some(..<14_400): self = .oneToFourHours
            case .some(let seconds) where seconds <= Double(HandOffReview.horizonDays) * 86_400: self = .fourHoursOrMore
            default: self = .noPerson
            }
        }

        /// "5–15 minutes", as a column heading.
        public var heading: String {
            switch self {
            case .underFiveMinutes: "Under 5 minutes"
            case .fiveToFifteenMinutes: "5–15 minutes"
            case .fifteenToSixtyMinutes: "15–60 minutes"
            case .oneToFourHours: "1–4 hours"
            case .fourHoursOrMore: "4 hours or more"
            case .noPerson: "No person (AI alone)"
            }
        }

        /// "within 5 minutes of the reply", in a sentence.
        public var phrase: String {
            switch self {
            case .underFiveMinutes: "within 5 minutes of the reply"
            case .fiveToFifteenMinutes: "5–15 minutes after the reply"
            case .fifteenToSixtyMinutes: "15–60 minutes after the reply"
            case .oneToFourHours: "1–4 hours after the reply"
            case .fourHoursOrMore: "4 hours or more after the reply"
            case .noPerson: "not at all within \(HandOffReview.horizonDays) days (the AI alone)"
            }
        }

        /// "heard from a person within 5 minutes of the reply", of a lead.
        public var heard: String {
            self == .noPerson ? "heard from no person within \(HandOffReview.horizonDays) days" : "heard from a person \(phrase)"
        }
    }

    /// Leads who answered, and how many of them had an appointment set within the horizon.
    public struct Tally: Hashable, Sendable {
        public var leads = 0
        public var booked = 0

        public init(leads: Int = 0, booked: Int = 0) {
            self.leads = leads
            self.booked = booked
        }

        public var bookingRate: Double? { leads > 0 ? Double(booked) / Double(leads) : nil }

        public mutating func add(_ other: Tally) {
            leads += other.leads
            booked += other.booked
        }
    }

    public enum Verdict: String, Hashable, Sendable {
        /// Appointments were set more often after some waits than after others, past chance.
        case waitsDiffer = "waits_differ"
        case noClearDifference = "no_clear_difference"
        /// Fewer than two waits with `fewestToJudge` leads.
        case tooFew = "too_few"
    }

    /// Replies during opening hours, one tally a wait in `Wait.allCases` order: what is judged.
    public var openHours: [Tally]
    /// Replies while the store was closed, the same way: shown, not judged.
    public var closedHours: [Tally]
    /// Replies younger than the horizon at the time of reading, not counted yet.
    public var tooRecent: Int
    /// Leads whose appointment was set before they first answered, left out.
    public var bookedBeforeReply: Int
    /// The judged waits after which appointments were set most and least often.
    public var best: Wait?
    public var worst: Wait?
    /// Pearson's χ² over the judged waits; nil with fewer than two.
    public var chance: Double?
    public var verdict: Verdict
    /// Whether bookings fall (or rise) step by step along the person's waits in order.
    public var trend: Trend?

    /// The Cochran–Armitage test over the five waits for a person, under five minutes to four
    /// hours or more, scored 0 to 4 (the AI alone is no wait and stays out), during opening
    /// hours. It asks the question the rule is about, "does sooner book more?", and finds a
    /// steady slope from fewer leads than χ² over six waits needs.
    public struct Trend: Hashable, Sendable {
        /// Positive when bookings rise as the wait grows, negative when they fall.
        public var z: Double
        public var chance: Double

        public var soonerBooksMore: Bool { z < 0 }
        /// Past chance at the 5 % level the rest of the review uses.
        public var isClear: Bool { chance < 0.05 }
    }

    /// The waits for a person, in order, the trend is read along.
    public static let orderedWaits: [Wait] = [.underFiveMinutes, .fiveToFifteenMinutes, .fifteenToSixtyMinutes, .oneToFourHours, .fourHoursOrMore]

    /// `chases` are the window's (`Chase.starting`), worked out once for this review and the
    /// chase's; `isOpen` tells whether a store was open at an instant, `now` is the time of
    /// reading (nil: every reply is old enough).
    init(chases: [Chase], now: Timestamp?, isOpen: (StoreID, Timestamp) -> Bool) {
        var open = [Tally](repeating: Tally(), count: Wait.allCases.count)
        var closed = open
        var tooRecent = 0
        var bookedBeforeReply = 0
        let horizon = Double(Self.horizonDays) * 86_400
        for chase in chases {
            let conversation = chase.conversation
            guard let reply = chase.reply, !reply.isOptOut else { continue }
            if let booked = conversation.firstAppointmentSetAt, booked <= reply.at {
                bookedBeforeReply += 1
                continue
            }
            if let now, reply.at.seconds(until: now) < horizon {
                tooRecent += 1
                continue
            }
            let person = conversation.messages.lazy.filter { $0.isFromPerson && $0.at >= reply.at }.map(\.at).min()
            let wait = Wait(seconds: person.map { reply.at.seconds(until: $0) })
            let booked = conversation.firstAppointmentSetAt.map { reply.at.seconds(until: $0) <= horizon } ?? false
            let index = Wait.allCases.firstIndex(of: wait)!
            let outcome = Tally(leads: 1, booked: booked ? 1 : 0)
            if isOpen(conversation.storeID, reply.at) { open[index].add(outcome) } else { closed[index].add(outcome) }
        }
        openHours = open
        closedHours = closed
        self.tooRecent = tooRecent
        self.bookedBeforeReply = bookedBeforeReply
        verdict = .tooFew
        // Two waits of a person with enough leads each, as for χ²; every such wait's leads count.
        let ordered = Self.orderedWaits.map { open[Wait.allCases.firstIndex(of: $0)!] }
        if ordered.filter({ $0.leads >= Self.fewestToJudge }).count >= 2,
            let test = TrendTest.cochranArmitage(ordered.map { ($0.booked, $0.leads) }, scores: ordered.indices.map(Double.init))
        {
            trend = Trend(z: test.z, chance: test.chance)
        }
        // A tie names the shorter wait.
        guard let compared = ChiSquare.compare(open.map { ($0.booked, $0.leads) }, fewest: Self.fewestToJudge) else { return }
        best = Wait.allCases[compared.best]
        worst = Wait.allCases[compared.worst]
        chance = compared.chance
        verdict = compared.chance < 0.05 && compared.best != compared.worst ? .waitsDiffer : .noClearDifference
    }

    public func openHours(_ wait: Wait) -> Tally { openHours[Wait.allCases.firstIndex(of: wait)!] }
    public func closedHours(_ wait: Wait) -> Tally { closedHours[Wait.allCases.firstIndex(of: wait)!] }

    /// Every judged reply during opening hours.
    public var openTotal: Tally { openHours.reduce(into: Tally()) { $0.add($1) } }
    public var closedTotal: Tally { closedHours.reduce(into: Tally()) { $0.add($1) } }

    /// How soon to hand over, when the figures say so past chance: the waits' χ² first; a
    /// clear trend along the waits adds its word, or gives the advice where χ² saw nothing.
    public var advice: [String] {
        guard verdict == .waitsDiffer, let best, let worst, let chance else { return trendAdvice.map { [$0] } ?? [] }
        let (good, bad) = (openHours(best), openHours(worst))
        let share = { (tally: Tally) in tally.bookingRate.map(KPIFormatting.percent) ?? "–" }
        let count = { (tally: Tally) in KPIFormatting.grouped(Int64(tally.leads)) }
        let figures =
            "\(share(good)) of the \(count(good)) leads who answered during opening hours and \(best.heard) "
            + "had an appointment set within \(Self.horizonDays) days, against \(share(bad)) of the \(count(bad)) who \(worst.heard) "
            + "(\(OutreachAnalysis.pPhrase(chance)))."
        let rule =
            best == .noPerson
            ? "Leads left to the AI did best: read what the agents write before handing more of them over."
            : "Hand leads who answer to a person \(best.phrase), and alert the agent at once. The leads taken over sooner may differ in "
                + "other ways too: try the rule for a month and compare."
        let along = trend?.isClear == true ? trendSentence.map { " " + $0 } : nil
        return [figures + (along ?? "") + " " + rule]
    }

    /// The trend in a sentence: "Along the waits in order, the sooner a person took over, the
    /// more booked (trend test, p = 0.003).", or that there is no clear one; nil without a test.
    public var trendSentence: String? {
        guard let trend else { return nil }
        guard trend.isClear else { return "No clear trend along the waits in order (trend test, \(OutreachAnalysis.pPhrase(trend.chance)))." }
        return "Along the waits in order, the \(trend.soonerBooksMore ? "sooner" : "later") a person took over, the more booked "
            + "(trend test, \(OutreachAnalysis.pPhrase(trend.chance)))."
    }

    /// The advice of a clear trend when χ² over the waits found no difference: spread over
    /// five waits a steady slope can be past chance where no single pair is.
    private var trendAdvice: String? {
        guard verdict != .waitsDiffer, let trend, trend.isClear else { return nil }
        // The shortest and longest waits with enough leads to be shown, as the chart shows them.
        let judged = Self.orderedWaits.filter { openHours($0).leads >= Self.fewestToJudge }
        guard let shortest = judged.first, let longest = judged.last else { return nil }
        let (first, last) = (openHours(shortest), openHours(longest))
        let share = { (tally: Tally) in tally.bookingRate.map(KPIFormatting.percent) ?? "–" }
        let count = { (tally: Tally) in KPIFormatting.grouped(Int64(tally.leads)) }
        let figures =
            "Step by step, the \(trend.soonerBooksMore ? "sooner" : "later") a person took over after a lead answered during opening hours, "
            + "the more had an appointment set within \(Self.horizonDays) days: \(share(first)) of the \(count(first)) who \(shortest.heard), "
            + "\(share(last)) of the \(count(last)) who \(longest.heard) (trend test, \(OutreachAnalysis.pPhrase(trend.chance)))."
        let rule =
            trend.soonerBooksMore
            ? "Hand leads who answer to a person as soon as you can, within 5 minutes where the floor allows, and alert the agent at once. "
                + "The leads taken over sooner may differ in other ways too: try the rule for a month and compare."
            : "Leads taken over later booked more: read what the agents write in their first minutes before handing over faster."
        return figures + " " + rule
    }
}
