import Foundation
import Testing

@testable import PitwallCore
import PitwallTestSupport

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

    /// Three that ask a question ("a", "b", "e"), three that do not; "b", "e" and "d" ask for a
    /// next step, "a", "e" and "c" name the customer or the car.
    static let texts = WordedTemplates.texts

    static let sixTemplates = [
        template("a", 80, of: 200), template("b", 76, of: 200), template("e", 72, of: 200), template("c", 40, of: 200), template("d", 44, of: 200),
        template("f", 48, of: 200),
    ]

    func comparison(_ trait: TemplateWording.Trait, of review: WordingReview) throws -> WordingReview.Comparison {
        try #require(review.comparisons.first { $0.trait == trait && $0.role == .firstTouch })
    }

    @Test("asking a question: 228 of 600 against 132 of 600, templates alike within each side, t = 6.05 on 4 degrees of freedom, p = 0.00377, clearly better")
    func question() throws {
        let review = WordingReview(templates: Self.sixTemplates, texts: Self.texts)
        let question = try comparison(.asksQuestion, of: review)
        #expect(question.with.templates == ["a", "b", "e"] && question.without.templates == ["c", "d", "f"])
        #expect(question.with.tally.answered == 228 && question.without.tally.reached == 600)
        // Each side's templates against its share (0.38, 0.22): Pearson's χ² = 1.6115 on 6 − 2
        // = 4 degrees of freedom, below 1 a degree, so no widening. Pooled 0.3: standard error
        // √(0.3·0.7·(2/600)) = 0.026458, t = 0.16 / 0.026458 = 6.0474; scipy's
        // 2·t.sf(6.0474, 4) = 0.0037720.
        #expect(question.dispersion == 1)
        #expect(abs(try #require(question.chance) - 0.003_772_0) < 1e-7)
        #expect(question.verdict == .better)
        // Asking for a next step: b, e, d (192 of 600) against a, c, f (168): the templates of
        // each side differ far more than chance (χ² = 36.19, dispersion 9.048), t = 0.5026,
        // p = 0.6417.
        let nextStep = try comparison(.callToAction, of: review)
        #expect(nextStep.with.templates == ["b", "e", "d"])
        #expect(abs(try #require(nextStep.dispersion) - 9.048_203) < 1e-5)
        #expect(abs(try #require(nextStep.chance) - 0.641_650) < 1e-5 && nextStep.verdict == .noClearDifference)
        #expect(try comparison(.personal, of: review).verdict == .noClearDifference)
        let oneText = try comparison(.oneText, of: review)
        #expect(oneText.verdict == .tooFewTemplates && oneText.chance == nil && oneText.without.templates.isEmpty, "all six fit in one text")
        #expect(try comparison(.emoji, of: review).verdict == .tooFewTemplates)
        #expect(review.withoutText.isEmpty)
        #expect(
            review.advice == [
                "First texts that ask a question were answered 38% of the time (3 templates, 600 leads) against 22% for those that do not "
                    + "(3 templates, 600 leads): try asking one in “c”, “d” and “f”, one element at a time as an A/B test (p = 0.004)."
            ])
    }

    @Test("a 1-point gap on 50,000 leads is past chance lead by lead (p = 0.015) but not once the templates' own differences count")
    func templatesNotLeads() throws {
        let review = WordingReview(
            templates: [
                Self.template("a", 3_600, of: 10_000), Self.template("b", 3_100, of: 10_000), Self.template("e", 2_000, of: 10_000),
                Self.template("c", 3_300, of: 10_000), Self.template("d", 2_300, of: 10_000),
            ],
            texts: ["a": "Free today?", "b": "Free tomorrow?", "e": "Free at the weekend?", "c": "Thanks.", "d": "Thank you."])
        let question = try comparison(.asksQuestion, of: review)
        // 8,700 of 30,000 against 5,600 of 20,000: z = 2.424 and p = 0.0153 lead by lead; the
        // templates spread from 20 % to 36 % (χ² = 898.8 on 3 degrees of freedom, dispersion
        // 299.6), so t = 0.140 and p = 0.897.
        #expect(abs(try #require(question.dispersion) - 299.605_7) < 1e-3)
        #expect(abs(try #require(question.chance) - 0.897_49) < 1e-4)
        #expect(question.verdict == .noClearDifference && review.advice.isEmpty)
    }

    @Test("a trait that does worse is called worse and advised against, naming the templates that have it")
    func worse() throws {
        let review = WordingReview(
            templates: [
                Self.template("a", 40, of: 200), Self.template("b", 44, of: 200), Self.template("e", 48, of: 200), Self.template("c", 80, of: 200),
                Self.template("d", 76, of: 200), Self.template("f", 72, of: 200),
            ],
            texts: Self.texts)
        #expect(try comparison(.asksQuestion, of: review).verdict == .worse)
        #expect(review.advice.count == 1)
        #expect(review.advice[0].contains("try without it in “a”, “b” and “e”"), "\(review.advice)")
    }

    @Test("Holm over every row: p = 0.0361 alone is clear, beside a second trait's equal split it is not")
    func everyComparisonAtOnce() throws {
        // 40 of 100 in each of three templates against 28 of 100 in each of three: no spread
        // within a side, t = 3.1025 on 4 degrees of freedom, scipy's p = 0.036133.
        let split = ["a", "b", "e"].map { Self.template($0, 40, of: 100) } + ["c", "d", "f"].map { Self.template($0, 28, of: 100) }
        let alone: [TemplateID: String] = [
            "a": "Free today?", "b": "Free tomorrow?", "e": "Free Friday?", "c": "Thanks.", "d": "Thank you.", "f": "Thanks again.",
        ]
        let one = WordingReview(templates: split, texts: alone)
        let question = try comparison(.asksQuestion, of: one)
        #expect(abs(try #require(question.chance) - 0.036_133) < 1e-5)
        #expect(question.verdict == .better, "the only test of the review")
        // The same split again on the customer's name: two tests at 0.0361, the smaller must clear 0.025.
        var named = alone
        for id in ["a", "b", "e"] { named[TemplateID(id)] = "{first_name}, " + alone[TemplateID(id)]! }
        let two = WordingReview(templates: split, texts: named)
        #expect(two.comparisons.filter { $0.chance != nil }.count == 2)
        #expect(two.clear.isEmpty && two.advice.isEmpty)
    }

    @Test("only templates that reached 30 leads and whose words are known take part; follow-ups apart from first texts")
    func whoTakesPart() throws {
        let templates = Self.sixTemplates.filter { $0.templateID != "e" && $0.templateID != "f" } + [
            Self.template("e", 20, of: 29),  // too few to judge
            Self.template("f", 30, of: 100),  // no words
            Self.template("g", 9, of: 100, role: .followUp), Self.template("h", 5, of: 100, role: .followUp),
        ]
        var texts = Self.texts
        texts["f"] = nil
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
        let review = WordingReview(templates: Self.sixTemplates, texts: [:])
        #expect(review.comparisons.isEmpty && review.wordings.isEmpty)
        #expect(review.withoutText == ["a", "b", "c", "d", "e", "f"])
    }
}
