import Foundation
import Testing

@testable import PitwallCore

/// The content analysis of the template review: templates whose words do a thing against those
/// whose words do not, on counts whose answers were worked out by hand.
@Suite("What the words do: templates set against each other by their wording")
struct WordingReviewTests {
    static func template(_ id: String, _ answered: Int, of reached: Int, role: TemplatedSend.Role = .firstTouch) -> TemplatePerformance {
        var tally = ReplyTally()
        tally.sent = reached
        tally.reached = reached
        tally.answered = answered
        return TemplatePerformance(templateID: TemplateID(id), role: role, tally: tally)
    }

    /// Two that ask a question, two that do not; "b" and "d" ask for a next step, "a" and "c"
    /// name the customer or the car.
    static let texts: [TemplateID: String] = [
        "a": "Hi {first_name}, is the {vehicle} still what you want?",
        "b": "Can we book you a test drive this week?",
        "c": "Thanks for your inquiry about the {vehicle}. We will be in touch.",
        "d": "Thanks for your inquiry. Book a visit at https://example.com/book",
    ]

    static let fourTemplates = [template("a", 40, of: 100), template("b", 36, of: 100), template("c", 20, of: 100), template("d", 24, of: 100)]

    func comparison(_ trait: TemplateWording.Trait, of review: WordingReview) throws -> WordingReview.Comparison {
        try #require(review.comparisons.first { $0.trait == trait && $0.role == .firstTouch })
    }

    @Test("asking a question: 76 of 200 against 44 of 200, z = 3.49, p = 0.00048, clearly better; the other splits are even")
    func question() throws {
        let review = WordingReview(templates: Self.fourTemplates, texts: Self.texts)
        let question = try comparison(.asksQuestion, of: review)
        #expect(question.with.templates == ["a", "b"] && question.without.templates == ["c", "d"])
        #expect(question.with.tally.answered == 76 && question.without.tally.reached == 200)
        // Pooled 120 of 400 = 0.3; standard error √(0.3·0.7·(1/200 + 1/200)) = 0.045826; z = 0.16 / 0.045826.
        #expect(abs(try #require(question.chance) - 4.8034e-4) < 1e-7)
        #expect(question.verdict == .better)
        let nextStep = try comparison(.callToAction, of: review)
        #expect(nextStep.with.templates == ["b", "d"] && nextStep.chance == 1 && nextStep.verdict == .noClearDifference, "60 of 200 each side")
        #expect(try comparison(.personal, of: review).verdict == .noClearDifference)
        let oneText = try comparison(.oneText, of: review)
        #expect(oneText.verdict == .tooFewTemplates && oneText.chance == nil && oneText.without.templates.isEmpty, "all four fit in one text")
        #expect(try comparison(.emoji, of: review).verdict == .tooFewTemplates)
        #expect(review.withoutText.isEmpty)
        #expect(
            review.advice == [
                "First texts that ask a question were answered 38% of the time (2 templates, 200 leads) against 22% for those that do not "
                    + "(2 templates, 200 leads): try asking one in “c” and “d”, one element at a time as an A/B test (p < 0.001)."
            ])
    }

    @Test("a trait that does worse is called worse and advised against, naming the templates that have it")
    func worse() throws {
        let review = WordingReview(
            templates: [Self.template("a", 20, of: 100), Self.template("b", 24, of: 100), Self.template("c", 40, of: 100), Self.template("d", 36, of: 100)],
            texts: Self.texts)
        #expect(try comparison(.asksQuestion, of: review).verdict == .worse)
        #expect(review.advice.count == 1)
        #expect(review.advice[0].contains("try without it in “a” and “b”"))
    }

    @Test("Holm over every row: p = 0.0285 alone is clear, beside a second trait's equal split it is not")
    func everyComparisonAtOnce() throws {
        // 36 of 60 against 24 of 60 (the notification test's worked case): p = 0.02846.
        let split = [Self.template("a", 18, of: 30), Self.template("b", 18, of: 30), Self.template("c", 12, of: 30), Self.template("d", 12, of: 30)]
        let alone: [TemplateID: String] = ["a": "Free today?", "b": "Free tomorrow?", "c": "Thanks.", "d": "Thank you."]
        let one = WordingReview(templates: split, texts: alone)
        let question = try comparison(.asksQuestion, of: one)
        #expect(abs(try #require(question.chance) - 0.028460) < 1e-5)
        #expect(question.verdict == .better, "the only test of the review")
        // The same split again on the customer's name: two tests at 0.0285, the smaller must clear 0.025.
        let named: [TemplateID: String] = ["a": "{first_name}, free today?", "b": "{first_name}, free tomorrow?", "c": "Thanks.", "d": "Thank you."]
        let two = WordingReview(templates: split, texts: named)
        #expect(two.comparisons.filter { $0.chance != nil }.count == 2)
        #expect(two.clear.isEmpty && two.advice.isEmpty)
    }

    @Test("only templates that reached 30 leads and whose words are known take part; follow-ups apart from first texts")
    func whoTakesPart() throws {
        let templates = Self.fourTemplates + [
            Self.template("e", 20, of: 29),  // too few to judge
            Self.template("f", 30, of: 100),  // no words
            Self.template("g", 9, of: 100, role: .followUp), Self.template("h", 5, of: 100, role: .followUp),
        ]
        var texts = Self.texts
        texts["e"] = "Any questions?"
        texts["g"] = "Still interested?"
        texts["h"] = "Let us know."
        let review = WordingReview(templates: templates, texts: texts)
        #expect(review.withoutText == ["f"])
        #expect(try comparison(.asksQuestion, of: review).with.templates == ["a", "b"], "e reached 29")
        #expect(!review.comparisons.contains { $0.role == .followUp }, "two worded follow-ups cannot make two a side")
        #expect(Set(review.wordings.keys) == ["a", "b", "c", "d", "e", "g", "h"])
    }

    @Test("no words configured: nothing compared, every template listed as without words")
    func noTexts() {
        let review = WordingReview(templates: Self.fourTemplates, texts: [:])
        #expect(review.comparisons.isEmpty && review.wordings.isEmpty)
        #expect(review.withoutText == ["a", "b", "c", "d"])
    }
}
