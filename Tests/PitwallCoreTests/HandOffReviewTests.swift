import Foundation
import Testing

@testable import PitwallCore

/// When a person should take over from the AI, on conversations written by hand.
@Suite("Hand-off to a person: appointments by how soon a person took over")
struct HandOffReviewTests {
    typealias Conversation = OutreachAnalysisTests.Conversation
    static let minute = 60.0
    static let hour = 3_600.0
    static let day = 86_400.0
    /// Open 09:00-20:00 every day, on Chicago's clock.
    static let calendar = BusinessCalendar(
        store: StoreProfile(
            id: "lkt", timeZone: TimeZone(identifier: "America/Chicago")!,
            hours: WeeklyHours(days: Array(repeating: try! WeeklyHours.parseDay("09:00-20:00"), count: 7))))

    static func review(_ conversations: [Conversation], now: Timestamp) -> HandOffReview {
        OutreachAnalysis(conversations: conversations.map(\.stored), window: OutreachAnalysisTests.march, now: now) { _ in calendar }.handOff
    }

    /// First texted by a template at 09:00, answered at 09:10 while the store is open.
    static func answered(_ lead: String) -> Conversation {
        var conversation = Conversation(lead)
        conversation.send(0, template: "first", sender: .ai)
        conversation.reply(10 * minute)
        return conversation
    }

    @Test("whose wait is counted, from the first reply to a person's first text or call that did not fail; STOP, booked before answering, too recent and night replies kept apart")
    func whoAndWhich() throws {
        let reply = 10 * Self.minute
        var a = Self.answered("a")  // a person 2 minutes on; booked an hour after the reply
        a.send(reply + 2 * Self.minute, sender: .agent)
        a.appointmentAt = reply + Self.hour
        var b = Self.answered("b")  // a person 20 minutes on; booked four days on, past the horizon
        b.send(reply + 20 * Self.minute, sender: .agent)
        b.appointmentAt = reply + 4 * Self.day
        var c = Self.answered("c")  // the AI alone
        c.send(reply + 30, sender: .ai)
        var d = Conversation("d")  // answers at 22:00, closed; a person at 09:05 the next morning; booked
        d.send(0, template: "first", sender: .ai)
        d.reply(13 * Self.hour)
        d.send(Self.day + 5 * Self.minute, sender: .agent)
        d.appointmentAt = Self.day + 10 * Self.minute
        var e = Conversation("e")  // answers STOP: not a lead to hand over
        e.send(0, template: "first", sender: .ai)
        e.reply(reply, stop: true)
        e.send(reply + Self.minute, sender: .agent)
        var f = Self.answered("f")  // booked by phone before answering
        f.appointmentAt = 5 * Self.minute
        f.send(reply + Self.minute, sender: .agent)
        var g = Conversation("g")  // answered on 31 March, two days before the reading
        g.send(22 * Self.day, template: "first", sender: .ai)
        g.reply(22 * Self.day + reply)
        var h = Self.answered("h")  // a person's text that failed at 1 minute; the next, 2 hours on
        h.send(reply + Self.minute, status: .undelivered, sender: .agent)
        h.send(reply + 2 * Self.hour, sender: .agent)
        var i = Conversation("i")  // a hot lead: an agent texted before the reply, and again 6 minutes after it
        i.send(0, template: "first", sender: .ai)
        i.send(Self.minute, sender: .agent)
        i.reply(reply)
        i.send(reply + 6 * Self.minute, sender: .agent)
        i.appointmentAt = reply + Self.day
        var j = Self.answered("j")  // a person only four days on: none within the horizon
        j.send(reply + 4 * Self.day, sender: .agent)
        var k = Conversation("k")  // wrote first: not a lead of the chase
        k.reply(0)
        k.send(Self.minute, template: "first", sender: .ai)
        k.send(2 * Self.minute, sender: .agent)

        let now = OutreachAnalysisTests.mondayNine.adding(seconds: 24 * Self.day)
        let review = Self.review([a, b, c, d, e, f, g, h, i, j, k], now: now)
        typealias Tally = HandOffReview.Tally
        #expect(review.openHours(.underFiveMinutes) == Tally(leads: 1, booked: 1), "a")
        #expect(review.openHours(.fiveToFifteenMinutes) == Tally(leads: 1, booked: 1), "i: the agent's text before the reply is not the take-over")
        #expect(review.openHours(.fifteenToSixtyMinutes) == Tally(leads: 1, booked: 0), "b: booked after the horizon")
        #expect(review.openHours(.oneToFourHours) == Tally(leads: 1, booked: 0), "h: the failed text did not reach the lead")
        #expect(review.openHours(.fourHoursOrMore) == Tally())
        #expect(review.openHours(.noPerson) == Tally(leads: 2, booked: 0), "c, and j's person came after the horizon")
        #expect(review.closedTotal == Tally(leads: 1, booked: 1) && review.closedHours(.fourHoursOrMore) == Tally(leads: 1, booked: 1), "d")
        #expect(review.tooRecent == 1, "g")
        #expect(review.bookedBeforeReply == 1, "f")
        #expect(review.verdict == .tooFew && review.best == nil && review.chance == nil && review.advice.isEmpty)

        // Read with no time of reading, g's reply counts (the AI alone, not booked).
        let always = OutreachAnalysis(conversations: [g].map(\.stored), window: OutreachAnalysisTests.march) { _ in Self.calendar }.handOff
        #expect(always.tooRecent == 0 && always.openHours(.noPerson) == Tally(leads: 1, booked: 0))
    }

    @Test("a wait that books more past chance is named with the p-value scipy gives, and the advice says so; a wait of fewer than 30 leads is not judged")
    func pastChance() throws {
        var conversations: [Conversation] = []
        for index in 0..<100 {  // 30 of 100 booked when a person took over within 5 minutes
            var quick = Self.answered("quick-\(index)")
            quick.send(10 * Self.minute + 3 * Self.minute, sender: .agent)
            if index < 30 { quick.appointmentAt = Self.hour }
            conversations.append(quick)
        }
        for index in 0..<100 {  // 12 of 100 when it took 2 hours
            var slow = Self.answered("slow-\(index)")
            slow.send(10 * Self.minute + 2 * Self.hour, sender: .agent)
            if index < 12 { slow.appointmentAt = 3 * Self.hour }
            conversations.append(slow)
        }
        for index in 0..<29 {  // none of 29 left to the AI: below 30, not judged
            conversations.append(Self.answered("alone-\(index)"))
        }
        let review = Self.review(conversations, now: OutreachAnalysisTests.mondayNine.adding(seconds: 30 * Self.day))
        #expect(review.openHours(.underFiveMinutes) == HandOffReview.Tally(leads: 100, booked: 30))
        #expect(review.openHours(.noPerson).leads == 29)
        // scipy.stats.chi2_contingency([[30, 70], [12, 88]], correction=False): 9.7652, p = 0.0017787.
        let chance = try #require(review.chance)
        #expect(abs(chance - 0.0017787) < 1e-6, "\(chance)")
        #expect(review.verdict == .waitsDiffer && review.best == .underFiveMinutes && review.worst == .oneToFourHours)
        #expect(
            review.advice == [
                "30% of the 100 leads who answered during opening hours and heard from a person within 5 minutes of the reply had an appointment "
                    + "set within 3 days, against 12% of the 100 who heard from a person 1–4 hours after the reply (p = 0.002). Along the waits in "
                    + "order, the sooner a person took over, the more booked (trend test, p = 0.002). Hand leads who answer "
                    + "to a person within 5 minutes of the reply, and alert the agent at once. The leads taken over sooner may differ in other ways "
                    + "too: try the rule for a month and compare."
            ], "\(review.advice)")
        // Left to the AI instead of a person 2 hours on: the advice names that.
        let alone = Self.review(
            conversations.filter { !$0.lead.rawValue.hasPrefix("alone") }.map { lead in
                guard lead.lead.rawValue.hasPrefix("slow") else { return lead }
                var left = lead
                left.messages.removeAll { $0.sender == .agent }
                return left
            }, now: OutreachAnalysisTests.mondayNine.adding(seconds: 30 * Self.day))
        #expect(alone.worst == .noPerson && alone.openHours(.noPerson) == HandOffReview.Tally(leads: 100, booked: 12))
        #expect(alone.advice.first?.contains("against 12% of the 100 who heard from no person within 3 days (p = 0.002).") == true, "\(alone.advice)")
        // The same shares a tenth as often: no longer past chance.
        let few = Self.review(
            conversations.filter { lead in
                let number = Int(lead.lead.rawValue.split(separator: "-").last!)!
                return number % 10 == 0 || number < 3
            }, now: OutreachAnalysisTests.mondayNine.adding(seconds: 30 * Self.day))
        #expect(few.verdict == .tooFew, "under 30 leads a wait")
    }

    @Test("a steady fall over five waits that χ² cannot tell from chance is found by the trend test, with the p-value worked out apart, and advised on")
    func steadyTrend() throws {
        // 40 leads a wait, booked 14, 12, 10, 8, 6: χ² over the five, p = 0.2548 (scipy's
        // chi2_contingency without correction); the trend's Z = −2.3094, p = 0.0209.
        let waits: [(seconds: Double, booked: Int)] = [(3 * Self.minute, 14), (10 * Self.minute, 12), (30 * Self.minute, 10), (2 * Self.hour, 8), (5 * Self.hour, 6)]
        var conversations: [Conversation] = []
        for (step, wait) in waits.enumerated() {
            for index in 0..<40 {
                var lead = Self.answered("w\(step)-\(index)")
                lead.send(10 * Self.minute + wait.seconds, sender: .agent)
                if index < wait.booked { lead.appointmentAt = 10 * Self.minute + wait.seconds + Self.hour }
                conversations.append(lead)
            }
        }
        let review = Self.review(conversations, now: OutreachAnalysisTests.mondayNine.adding(seconds: 30 * Self.day))
        #expect(review.openHours(.fourHoursOrMore) == HandOffReview.Tally(leads: 40, booked: 6))
        #expect(review.verdict == .noClearDifference && abs((review.chance ?? 0) - 0.2547727) < 1e-6, "\(review.chance ?? -1)")
        let trend = try #require(review.trend)
        #expect(abs(trend.z + 2.3094011) < 1e-6 && abs(trend.chance - 0.0209213) < 1e-6 && trend.soonerBooksMore && trend.isClear)
        #expect(review.trendSentence == "Along the waits in order, the sooner a person took over, the more booked (trend test, p = 0.021).")
        #expect(
            review.advice == [
                "Step by step, the sooner a person took over after a lead answered during opening hours, the more had an appointment set within 3 days: "
                    + "35% of the 40 who heard from a person within 5 minutes of the reply, 15% of the 40 who heard from a person 4 hours or more after "
                    + "the reply (trend test, p = 0.021). Hand leads who answer to a person as soon as you can, within 5 minutes where the floor allows, "
                    + "and alert the agent at once. The leads taken over sooner may differ in other ways too: try the rule for a month and compare."
            ], "\(review.advice)")

        // Flat: 10 booked at every wait; no trend, no advice, and the sentence says so.
        let flat = Self.review(
            conversations.map { lead in
                var level = lead
                let index = Int(lead.lead.rawValue.split(separator: "-").last!)!
                level.appointmentAt = index < 10 ? Self.hour * 6 : nil
                return level
            }, now: OutreachAnalysisTests.mondayNine.adding(seconds: 30 * Self.day))
        #expect(flat.trend.map { abs($0.z) < 1e-9 && !$0.isClear } == true)
        #expect(flat.advice.isEmpty)
        #expect(flat.trendSentence == "No clear trend along the waits in order (trend test, p = 1.000).", "\(flat.trendSentence ?? "")")
    }
}
