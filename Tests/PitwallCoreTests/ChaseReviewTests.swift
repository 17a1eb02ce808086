import Foundation
import Testing

@testable import PitwallCore

/// The follow-up strategy: how many messages a lead who has not answered is worth, and how far
/// apart, on conversations written by hand.
@Suite("Chasing leads who have not answered: messages by number and by wait")
struct ChaseReviewTests {
    typealias Conversation = OutreachAnalysisTests.Conversation
    static let hour = 3_600.0
    static let day = 86_400.0

    static func review(_ conversations: [Conversation]) -> ChaseReview {
        OutreachAnalysisTests.analysis(conversations).chase
    }

    @Test("who is chased and which reply answers which message: failures, auto-replies, late replies, leads who wrote first or got an agent first")
    func whoAndWhich() throws {
        // Answers the 2nd message, a template a day after the first.
        var a = Conversation("a")
        a.send(0, template: "first")
        a.send(Self.day, template: "follow-1")
        a.reply(Self.day + 2 * Self.hour)
        // An agent's text 10 minutes after the template, answered with STOP.
        var b = Conversation("b")
        b.send(0, template: "first")
        b.send(600)
        b.reply(1_800, stop: true)
        // Three messages, never answered.
        var c = Conversation("c")
        c.send(0, template: "first")
        c.send(3 * Self.hour, template: "follow-1")
        c.send(3 * Self.day + 3 * Self.hour, template: "follow-2")
        // Answers two days after its only message: too late to be its answer.
        var d = Conversation("d")
        d.send(0, template: "first")
        d.reply(2 * Self.day)
        // Wrote first: the dealership's messages answer the lead, they do not chase it.
        var e = Conversation("e")
        e.reply(0)
        e.send(60, template: "first")
        // An agent texted first: not the automated sequence's lead.
        var f = Conversation("f")
        f.send(0)
        f.send(60, template: "first")
        // The first template never arrived; the one sent a minute later did and is answered.
        var g = Conversation("g")
        g.send(0, template: "first", status: .undelivered)
        g.send(60, template: "first")
        g.reply(300)
        // An e-mail acknowledgement, then the template, answered in ten minutes.
        var h = Conversation("h")
        h.send(0, template: "ack", autoReply: true)
        h.send(20, template: "first")
        h.reply(620)
        // First texted in February: outside the window.
        var i = Conversation("i")
        i.send(-10 * Self.day, template: "first")
        i.send(Self.day, template: "follow-1")
        i.reply(Self.day + 60)

        let review = Self.review([a, b, c, d, e, f, g, h, i])
        #expect(review.leads == 6, "a, b, c, d, g, h")
        #expect(review.steps.map(\.number) == [1, 2, 3])
        #expect(review.steps[0].tally == ChaseReview.Tally(sent: 6, answered: 2, optedOut: 0), "g and h answered the first")
        #expect(review.steps[1].tally == ChaseReview.Tally(sent: 3, answered: 1, optedOut: 1), "a answered, b replied STOP, c did not")
        #expect(review.steps[2].tally == ChaseReview.Tally(sent: 1, answered: 0, optedOut: 0))
        let answeredSoFar: [Double?] = review.steps.map(\.answeredSoFar)
        let expected: [Double?] = [2.0 / 6, 3.0 / 6, 3.0 / 6]
        #expect(answeredSoFar == expected, "a STOP is not an answer")
        #expect(review.steps.allSatisfy { $0.chanceStopsOutnumber == nil && !$0.losesMoreThanItWins }, "fewer than 10 replies are not weighed")
        #expect(review.stopAfter == nil && review.advice.isEmpty)

        // Waits count templated follow-ups only, template by template: b's agent text has none.
        #expect(review.waits.map(\.templateID) == ["follow-1", "follow-2"])
        #expect(review.waits[0].tally(.oneToThreeDays) == ChaseReview.Tally(sent: 1, answered: 1, optedOut: 0), "a day exactly is 1–3 days")
        #expect(review.waits[0].tally(.oneToFourHours) == ChaseReview.Tally(sent: 1, answered: 0, optedOut: 0))
        #expect(review.waits[0].tally(.underAnHour).sent == 0)
        #expect(review.waits[1].tally(.threeDaysOrMore).sent == 1)
        #expect(review.waits.allSatisfy { $0.verdict == .tooFew && $0.best == nil && $0.worst == nil && $0.chance == nil })
    }

    /// `count` leads: a template, then `more` templated follow-ups `wait` seconds apart, the
    /// last answered (or replied STOP to) a minute later when asked.
    static func leads(
        _ prefix: String, _ count: Int, follow more: Int, wait: Double = 86_400, answered: Bool = false, stop: Bool = false
    ) -> [Conversation] {
        (0..<count).map { index in
            var lead = Conversation("\(prefix)\(index)")
            lead.send(0, template: "first")
            for number in 0..<more { lead.send(Double(number + 1) * wait, template: "follow-\(number + 1)") }
            if answered || stop { lead.reply(Double(more) * wait + 60, stop: stop) }
            return lead
        }
    }

    @Test("a 2nd message with 30 STOPs against 10 answers loses more than it wins (sign test p = 0.00111): stop after the first")
    func stopsOutnumberAnswers() throws {
        let conversations =
            Self.leads("s", 30, follow: 1, stop: true) + Self.leads("a", 10, follow: 1, answered: true) + Self.leads("q", 160, follow: 1)
            + Self.leads("t", 12, follow: 2, answered: true) + Self.leads("u", 8, follow: 2, stop: true)
        let review = Self.review(conversations)
        #expect(review.leads == 220)
        let second = review.steps[1]
        #expect(second.tally == ChaseReview.Tally(sent: 220, answered: 10, optedOut: 30))
        // scipy: binom.sf(29, 40, 0.5) = 0.0011107; the 3rd (8 STOPs of 20 replies) is tested
        // too, so Holm asks 0.025 of the smaller.
        #expect(abs(try #require(second.chanceStopsOutnumber) - 0.001_110_7) < 1e-7)
        #expect(second.losesMoreThanItWins)
        let third = review.steps[2]
        #expect(third.tally == ChaseReview.Tally(sent: 20, answered: 12, optedOut: 8))
        #expect(abs(try #require(third.chanceStopsOutnumber) - 0.868_412) < 1e-6 && !third.losesMoreThanItWins)
        #expect(review.stopAfter == 1)
        #expect(
            review.advice == [
                "Stop chasing after the 1st message: of the 220 leads sent a 2nd without having answered, 30 replied STOP within a day and 10 answered (p = 0.001)."
            ])
    }

    @Test("more STOPs than answers by chance alone is not called: 12 against 8, p = 0.25")
    func fewStopsNotCalled() throws {
        let review = Self.review(Self.leads("s", 12, follow: 1, stop: true) + Self.leads("a", 8, follow: 1, answered: true))
        #expect(abs(try #require(review.steps[1].chanceStopsOutnumber) - 0.251_722) < 1e-6)
        #expect(!review.steps[1].losesMoreThanItWins && review.stopAfter == nil)
    }

    @Test("a follow-up sent 3 hours after the first: 30 of 100 answered, against 12 of 100 a day after; χ² = 9.765, p = 0.00178: the waits differ")
    func bestWait() throws {
        let conversations =
            Self.leads("e", 30, follow: 1, wait: 3 * Self.hour, answered: true) + Self.leads("f", 70, follow: 1, wait: 3 * Self.hour)
            + Self.leads("n", 12, follow: 1, wait: 30 * Self.hour, answered: true) + Self.leads("m", 88, follow: 1, wait: 30 * Self.hour)
            // Too few to judge: 20 within an hour, all answered.
            + Self.leads("z", 20, follow: 1, wait: 600, answered: true)
        let row = try #require(review(conversations).waits.first)
        #expect(row.templateID == "follow-1")
        #expect(row.tally(.oneToFourHours) == ChaseReview.Tally(sent: 100, answered: 30, optedOut: 0))
        #expect(row.tally(.oneToThreeDays).sent == 100 && row.tally(.underAnHour).sent == 20)
        #expect(row.best == .oneToFourHours && row.worst == .oneToThreeDays, "the hour's 100 % of 20 is too few to judge")
        // Pooled 42/200 = 0.21, expected 21 and 79 answered and not on each side: χ² = 2·(9²/21
        // + 9²/79) = 9.7649 on 1 degree of freedom; scipy's chi2_contingency p = 0.0017787.
        #expect(abs(try #require(row.chance) - 0.001_778_7) < 1e-7)
        #expect(row.verdict == .waitsDiffer)
        #expect(
            review(conversations).advice == [
                "Send “follow-1” 1–4 hours after the message before it: 30% of those sent so were answered within a day, against 12% of those sent 1–3 days after (p = 0.002). "
                    + "The leads chased sooner or later may differ in other ways too: try the spacing as an A/B test before making it the rule."
            ])
    }

    func review(_ conversations: [Conversation]) -> ChaseReview { Self.review(conversations) }

    @Test("the 6th message and later are one step; a row of waits for each follow-up template, in the order they come; ordinals")
    func orLater() throws {
        let review = Self.review(Self.leads("l", 3, follow: 7, answered: true))
        #expect(review.steps.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(review.steps[5].tally == ChaseReview.Tally(sent: 9, answered: 3, optedOut: 0), "the 6th, 7th and 8th of three leads")
        #expect(review.steps[5].isOrLater && review.steps[5].answeredSoFar == 1)
        #expect(review.waits.map(\.templateID.rawValue) == (1...7).map { "follow-\($0)" })
        #expect(review.waits.allSatisfy { $0.tally(.oneToThreeDays).sent == 3 })
        let numbers: [Int] = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101]
        let ordinals: [String] = numbers.map(ChaseReview.ordinal)
        #expect(ordinals == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st"])
    }

    @Test("a window without templated texts chases no one")
    func empty() {
        let review = Self.review([])
        #expect(review.leads == 0 && review.steps.isEmpty && review.waits.isEmpty && review.advice.isEmpty)
    }
}

@Suite("The sign test: does one outcome outnumber the other past chance")
struct SignTestTests {
    @Test("one-sided binomial tails at one half, against scipy's binom.sf")
    func tails() {
        let cases: [(Int, Int, Double)] = [
            (60, 80, 4.290_279_933_524_806e-06), (9, 10, 0.010_742_187_5), (30, 50, 0.101_319_375_532_270_33), (5, 5, 0.031_25),
            (501, 1000, 0.487_387_490_910_819_73), (40, 60, 0.006_744_646_865_595_93),
        ]
        for (successes, trials, expected) in cases {
            let chance = SignTest.chanceOfAtLeast(successes, of: trials)
            #expect(abs(chance - expected) / expected < 1e-9, "\(successes) of \(trials): \(chance)")
        }
        #expect(SignTest.chanceOfAtLeast(0, of: 10) == 1 && SignTest.chanceOfAtLeast(3, of: 0) == 1 && SignTest.chanceOfAtLeast(11, of: 10) == 0)
    }
}

@Suite("Pearson's χ²: are several shares one share")
struct ChiSquareTests {
    @Test("upper tail against scipy's chi2.sf for 1 to 5 degrees of freedom")
    func tails() {
        let cases: [(Double, Int, Double)] = [
            (3.2, 1, 0.073_638_270_120_302_58), (7.5, 2, 0.023_517_745_856_009_114), (9.1, 3, 0.027_990_457_932_157_115),
            (12.4, 4, 0.014_611_900_581_329_286), (0.5, 3, 0.918_891_411_654_675_8), (30.0, 5, 1.474_858_103_844_307_3e-05),
        ]
        for (statistic, degrees, expected) in cases {
            let chance = ChiSquare.chanceOfAtLeast(statistic, degreesOfFreedom: degrees)
            #expect(abs(chance - expected) / expected < 1e-9, "χ² \(statistic) on \(degrees): \(chance)")
        }
        #expect(ChiSquare.chanceOfAtLeast(0, degreesOfFreedom: 2) == 1)
    }

    @Test("the statistic of three waits' shares, against scipy's chi2_contingency: 16 of 377, 110 of 1,375, 48 of 685 give 6.3208 on 2, p = 0.042409")
    func homogeneity() throws {
        let test = try #require(ChiSquare.homogeneity([(16, 377), (110, 1_375), (48, 685)]))
        #expect(abs(test.statistic - 6.320_789_874_435_606) < 1e-9 && test.degreesOfFreedom == 2)
        #expect(abs(ChiSquare.chanceOfAtLeast(test.statistic, degreesOfFreedom: 2) - 0.042_408_988_884_616_38) < 1e-12)
        #expect(ChiSquare.homogeneity([(0, 10), (0, 20)])?.statistic == 0, "nothing varies")
        #expect(ChiSquare.homogeneity([(3, 10)]) == nil && ChiSquare.homogeneity([(3, 10), (0, 0)]) == nil)
    }
}

extension ChaseReviewTests {
    @Test("a last message under a day old and not answered yet is pending, not a miss; a late reply settles it; read with no time of reading, every message counts")
    func pendingMessages() throws {
        var a = Conversation("a")  // a follow-up two hours before the reading, no reply yet
        a.send(0, template: "first")
        a.send(Self.day, template: "follow-1")
        var b = Conversation("b")  // answered 25 hours on: known not to be an answer
        b.send(0, template: "first")
        b.reply(Self.day + Self.hour)
        var c = Conversation("c")  // first texted an hour before the reading
        c.send(Self.day + Self.hour, template: "first")
        var d = Conversation("d")  // answered in ten minutes
        d.send(0, template: "first")
        d.reply(600)
        let conversations = [a, b, c, d].map(\.stored)
        let now = OutreachAnalysisTests.mondayNine.adding(seconds: Self.day + 2 * Self.hour)
        let review = OutreachAnalysis(conversations: conversations, window: OutreachAnalysisTests.march, now: now) { _ in
            OutreachAnalysisTests.chicago
        }.chase
        #expect(review.leads == 4 && review.pending == 2, "a's follow-up and c's first text")
        #expect(review.steps.map(\.tally) == [ChaseReview.Tally(sent: 3, answered: 1, optedOut: 0)], "a's first, b's and d's")
        #expect(review.waits.isEmpty, "a's follow-up is not judged yet")
        let always = OutreachAnalysis(conversations: conversations, window: OutreachAnalysisTests.march) { _ in OutreachAnalysisTests.chicago }.chase
        #expect(always.pending == 0 && always.steps.map(\.tally.sent) == [4, 1])
    }
}
