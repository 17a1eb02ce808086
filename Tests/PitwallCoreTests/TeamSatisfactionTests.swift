import Testing

@testable import PitwallCore

/// What each agent's customers rated the store, set against the store's other agents as an
/// average (by the ratings' spread), where the review's other figures are shares of counts.
@Suite("Team review: customer satisfaction by agent")
struct TeamSatisfactionTests {
    let catalog = KPICatalog.standard

    /// An agent's customer satisfaction from their customers' ratings, as the rollups give it.
    func rated(_ ratings: [Int]) -> [KPIResult] {
        let values = ratings.map(Double.init)
        let sum = values.reduce(0, +)
        var result = KPIResult(
            key: .customerSatisfaction, value: values.isEmpty ? nil : sum / Double(values.count), numerator: sum, denominator: Double(values.count),
            details: [], status: .none, gap: nil)
        result.spread = AverageSpread(count: Double(values.count), sum: sum, sumOfSquares: values.map { $0 * $0 }.reduce(0, +)).map(KPISpread.average)
        return [result]
    }

    let curt = [Int](repeating: 3, count: 20) + [Int](repeating: 4, count: 20)  // 3.5
    let liked = [Int](repeating: 4, count: 20) + [Int](repeating: 5, count: 20)  // 4.5
    let fairly = [Int](repeating: 4, count: 28) + [Int](repeating: 5, count: 12)  // 4.3

    /// West: Joe's customers rate 3.5, Kim's, Lou's, Max's and Ned's 4.5, 40 answers each.
    /// East: Nia's 4.3 against Oto's 4.5, 40 each. South: Pat has 29 answers, Quin 40.
    var review: TeamReview {
        TeamReview(
            results: [
                "west": ["joe": rated(curt), "kim": rated(liked), "lou": rated(liked), "max": rated(liked), "ned": rated(liked)],
                "east": ["nia": rated(fairly), "oto": rated(liked)],
                "south": ["pat": rated(Array(liked.prefix(29))), "quin": rated(liked)],
            ], stores: ["west", "east", "south"], catalog: catalog)
    }

    func line(_ agent: String, in review: TeamReview) throws -> TeamReview.Comparison {
        try #require(review.agents.first { $0.agent == agent }?.comparison(.customerSatisfaction))
    }

    @Test("Joe's 3.5 is clearly worse than his colleagues' 4.5; beside Joe, Kim's 4.5 would be 'better' by 9 in 1,000 alone, not past the review's 7 tests; Joe then left out")
    func curtAgentFound() throws {
        let review = review
        let joe = try line("joe", in: review)
        #expect(joe.call == .worse)
        // Kim, Lou, Max and Ned: 160 answers summing 720, their squares 4 × 820.
        #expect(joe.restOf == 160 && joe.restCounted == 720 && abs(joe.restSumOfSquares - 3_280) < 1e-6)
        #expect(joe.restValue == 4.5)
        let kim = try line("kim", in: review)
        #expect(kim.call == nil && kim.leftOut == ["joe"])
        #expect(kim.restOf == 120 && kim.chance == 1)
    }

    @Test("a team of three, one far behind: Kim and Lou each look 'better' than a rest with Joe in it, but only Joe is called, and they are set against each other")
    func smallTeam() throws {
        let review = TeamReview(results: ["west": ["joe": rated(curt), "kim": rated(liked), "lou": rated(liked)]], stores: ["west"], catalog: catalog)
        #expect(try line("joe", in: review).call == .worse)
        let kim = try line("kim", in: review)
        #expect(kim.call == nil && kim.leftOut == ["joe"] && kim.restOf == 40 && kim.chance == 1)
        #expect(try line("lou", in: review).call == nil)
    }

    @Test("Nia's 4.3 against Oto's 4.5 is within chance (6.55 in 100, worked by hand); Pat's 29 answers are too few to test, or to test Quin against")
    func withinChanceAndTooFew() throws {
        let review = review
        let nia = try line("nia", in: review)
        #expect(nia.call == nil)
        let chance = try #require(nia.chance)
        #expect(abs(chance - 0.065_54) < 0.000_05)
        // Pat's 29 are too few to test, and too few a rest for Quin to be set against.
        #expect(try line("pat", in: review).chance == nil)
        #expect(try line("quin", in: review).chance == nil)
        #expect(review.testedAgents == 7)
    }

    @Test("the findings say a rating by its answers, not as a share: 'customer satisfaction 3.50 / 5 (40 answers) against 4.50 / 5 ... (160 answers)'")
    func findingsInAnswers() {
        let lines = review.findings(catalog: catalog, agentName: { $0.prefix(1).uppercased() + $0.dropFirst() }, storeName: { $0.rawValue }, showsStore: false)
        #expect(
            lines.first == "To coach, Joe: customer satisfaction 3.50 / 5 (40 answers) against 4.50 / 5 for the store's other agents (160 answers).",
            "\(lines)")
        #expect(TeamReview.figure(rated(liked)[0], unit: .rating) == "4.50 / 5 (40 answers)")
    }

    @Test("against his own before, Joe's customers rating him 4.5 where they rated 3.5 is clearly better; the coaching log tests a rating the same way")
    func progressOnARating() throws {
        let before: [StoreID: [String: [KPIResult]]] = ["west": ["joe": rated(curt), "kim": rated(liked)]]
        let now = TeamReview(
            results: ["west": ["joe": rated(liked), "kim": rated(liked)]], before: before, stores: ["west"], catalog: catalog)
        let joe = try line("joe", in: now)
        #expect(joe.progress == .better)
        #expect(try line("kim", in: now).progress == nil)
        let coached = try #require(BeforeAndSince.chance(before: rated(curt)[0], since: rated(liked)[0]))
        #expect(coached < 1e-15)
        #expect(BeforeAndSince.chance(before: rated(curt)[0], since: rated([5, 5, 4])[0]) == nil, "3 answers are too few")
    }
}
