import Testing

@testable import PitwallCore

/// The A/B test of how agents are told of a hand-off, on hand-made counts whose answers were
/// worked out by hand (the pooled two-proportion test, its two-sided p-value).
@Suite("Notification methods set side by side")
struct NotificationMethodReviewTests {
    /// A way's pick-up figure as the rollups give it: `picked` of `due` within the SLA.
    func pickup(_ picked: Double, of due: Double, median: Double? = nil) -> KPIResult {
        KPIResult(
            key: .agentPickupWithinSLA, value: due > 0 ? picked / due : nil, numerator: picked, denominator: due,
            details: median.map { [KPIDetail("median_seconds", $0)] } ?? [], status: .none, gap: nil)
    }

    func line(_ method: String, of review: NotificationMethodReview, at store: StoreID = "lkt") throws -> NotificationMethodReview.MethodLine {
        try #require(review.methods.first { $0.store == store && $0.method == method })
    }

    @Test("push 40 of 50 against e-mail 20 of 50: z = 4.08, chance 4.46e-5, push clearly quicker")
    func twoWays() throws {
        let review = NotificationMethodReview(
            results: ["lkt": ["push": pickup(40, of: 50, median: 170), "email": pickup(20, of: 50, median: 610), "": pickup(9, of: 12)]],
            stores: ["lkt"])
        #expect(review.methods.map(\.method) == ["email", "push"], "the unsaid ('') left out; equal hand-offs by name")
        #expect(review.pairs.count == 1, "two ways are one question")
        // Pooled share 0.6, standard error √(0.6·0.4·(1/50 + 1/50)) = 0.09798, z = 0.4 / 0.09798.
        let pair = review.pairs[0]
        #expect(abs(try #require(pair.chance) - 4.4557e-5) < 1e-8)
        #expect(pair.quicker.map { review.methods[$0].method } == "push")
        #expect(try line("push", of: review).call == .better && line("email", of: review).call == .worse)
        #expect(review.storesComparing == ["lkt"])
        #expect(
            review.findings(storeName: { _ in "Lakeside Toyota" }, showsStore: false) == [
                "Agents told by push picked up 80% of their hand-offs within the SLA (40 of 50; median 2 min 50 s) against 40% told by email (20 of 50): push is clearly quicker."
            ])
        #expect(review.findings(storeName: { _ in "Lakeside Toyota" }, showsStore: true)[0].hasPrefix("At Lakeside Toyota, agents told by push"))
        #expect(review.against(0) == ["against push: 80% (40 of 50), clearly slower"], "email, set against push")
    }

    @Test("36 of 60 against 24 of 60 (chance 0.0285) is called in one store, not beside a second store's same pair (Holm)")
    func everyPairAtOnce() throws {
        let ways = ["push": pickup(36, of: 60), "slack": pickup(24, of: 60)]
        let alone = NotificationMethodReview(results: ["lkt": ways], stores: ["lkt"])
        #expect(abs(try #require(alone.pairs.first?.chance) - 0.028460) < 1e-5)
        #expect(try line("push", of: alone).call == .better, "one test at 0.0285 clears 0.05")
        let twoStores = NotificationMethodReview(results: ["lkt": ways, "smf": ways], stores: ["lkt", "smf"])
        #expect(twoStores.methods.allSatisfy { $0.call == nil }, "two tests at 0.0285: the smaller must clear 0.025, and does not")
        #expect(
            twoStores.findings(storeName: { $0.rawValue }, showsStore: true) == [
                "No way of telling agents gets leads picked up within the SLA more often than another of the store's by more than chance."
            ])
    }

    @Test("three ways, two at a time: push and Slack both clearly quicker than e-mail, not apart from each other")
    func threeWays() throws {
        let review = NotificationMethodReview(
            results: ["lkt": ["push": pickup(80, of: 100), "slack": pickup(78, of: 100), "email": pickup(40, of: 100)]], stores: ["lkt"])
        #expect(review.pairs.count == 3)
        #expect(try line("email", of: review).call == .worse)
        #expect(try line("push", of: review).call == .better && line("slack", of: review).call == .better)
        #expect(review.clearPairs.map { review.methods[$0.quicker!].method } == ["push", "slack"], "the clearer first")
        let slack = try #require(review.methods.firstIndex { $0.method == "slack" })
        #expect(review.against(slack) == ["against email: 40% (40 of 100), clearly quicker", "against push: 80% (80 of 100), within chance"], "in the store's order: equal hand-offs, by name")
        #expect(review.findings(storeName: { $0.rawValue }, showsStore: false).count == 2)
    }

    @Test("one way at a store, too few hand-offs, or nothing said: no test, and the findings say why")
    func nothingToTell() throws {
        let oneWay = NotificationMethodReview(results: ["hph": ["slack": pickup(50, of: 80)]], stores: ["hph"])
        #expect(oneWay.methods.count == 1 && oneWay.pairs.isEmpty && oneWay.methods[0].call == nil)
        #expect(oneWay.storesComparing.isEmpty)
        #expect(oneWay.findings(storeName: { $0.rawValue }, showsStore: false) == ["The store tells its agents one way only: no two ways to set side by side."])

        let few = NotificationMethodReview(results: ["lkt": ["push": pickup(29, of: 29), "email": pickup(0, of: 40)]], stores: ["lkt"])
        #expect(few.pairs.count == 1 && few.pairs[0].chance == nil && few.methods.allSatisfy { $0.call == nil }, "29 hand-offs is one short of the 30 tested")
        #expect(few.findings(storeName: { $0.rawValue }, showsStore: false) == ["Too few hand-offs to tell the ways apart: each side needs 30 picked up or missed."])

        let unsaid = NotificationMethodReview(results: ["lkt": ["": pickup(30, of: 50)]], stores: ["lkt"])
        #expect(unsaid.methods.isEmpty)
        #expect(unsaid.findings(storeName: { $0.rawValue }, showsStore: false)[0].hasPrefix("No hand-off of these leads says how its agent was told"))
    }
}
