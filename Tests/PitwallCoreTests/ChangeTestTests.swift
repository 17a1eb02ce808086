import Foundation
import PitwallCore
import PitwallSimulator
import Testing

@Suite("More than chance: the tests behind a change called better or worse")
struct ChangeTestTests {
    @Test("two shares: 45 of 100 against 30 of 100 is a change (z 2.19), 40 against 30 is not (z 1.48); a thousand leads' 2.4 points is not")
    func shares() {
        #expect(ChangeTest.sharesDiffer(successes: 45, of: 100, successes: 30, of: 100) == true)
        #expect(ChangeTest.sharesDiffer(successes: 40, of: 100, successes: 30, of: 100) == false)
        // The simulated group's week: the response rate's 33.5 % against 31.1 % (z 1.15), the
        // delivery rate's 95.3 % against 93.9 % of 3,614 messages (z 2.63).
        #expect(ChangeTest.sharesDiffer(successes: 335, of: 1000, successes: 311, of: 1000) == false)
        #expect(ChangeTest.sharesDiffer(successes: 3444, of: 3614, successes: 3393, of: 3614) == true)
        // Nothing varies: equal, or as far apart as shares go.
        #expect(ChangeTest.sharesDiffer(successes: 0, of: 10, successes: 0, of: 20) == false)
        #expect(ChangeTest.sharesDiffer(successes: 0, of: 10, successes: 10, of: 10) == true)
        #expect(ChangeTest.sharesDiffer(successes: 0, of: 0, successes: 3, of: 10) == nil)
    }

    @Test("two averages: $38,000 against $34,000 with an $8,000 spread is a change on 60 sales each (2.74 against t 2.00), not on 30 (1.94 against 2.05)")
    func averages() {
        let spread = 8_000.0 * 8_000.0
        #expect(ChangeTest.averagesDiffer(AverageSpread(count: 30, mean: 38_000, variance: spread), AverageSpread(count: 30, mean: 34_000, variance: spread)) == false)
        #expect(ChangeTest.averagesDiffer(AverageSpread(count: 60, mean: 38_000, variance: spread), AverageSpread(count: 60, mean: 34_000, variance: spread)) == true)
        #expect(ChangeTest.averagesDiffer(AverageSpread(count: 1, mean: 38_000, variance: 0), AverageSpread(count: 60, mean: 34_000, variance: spread)) == nil)
        #expect(ChangeTest.averagesDiffer(AverageSpread(count: 5, mean: 4, variance: 0), AverageSpread(count: 5, mean: 5, variance: 0)) == true)
        #expect(ChangeTest.averagesDiffer(AverageSpread(count: 5, mean: 4, variance: 0), AverageSpread(count: 5, mean: 4, variance: 0)) == false)
    }

    @Test("two averages' chance: 40 ratings averaging 4.3 against 40 averaging 4.5 part this far 6.55 times in 100 (z 1.84); no spread is 1 or 0")
    func averagesChance() throws {
        // 28 fours and 12 fives (variance 8.4/39) against 20 fours and 20 fives (10/39), worked by hand.
        let chance = try #require(
            ChangeTest.averagesDifferenceChance(AverageSpread(count: 40, mean: 4.3, variance: 8.4 / 39), AverageSpread(count: 40, mean: 4.5, variance: 10.0 / 39)))
        #expect(abs(chance - 0.065_54) < 0.000_05)
        #expect(ChangeTest.averagesDifferenceChance(AverageSpread(count: 5, mean: 4, variance: 0), AverageSpread(count: 5, mean: 4, variance: 0)) == 1)
        #expect(ChangeTest.averagesDifferenceChance(AverageSpread(count: 5, mean: 4, variance: 0), AverageSpread(count: 5, mean: 5, variance: 0)) == 0)
        #expect(ChangeTest.averagesDifferenceChance(AverageSpread(count: 1, mean: 4, variance: 0), AverageSpread(count: 40, mean: 4.5, variance: 0.25)) == nil)
        // The sums an average's counters hold come back out of its mean and variance.
        let spread = try #require(AverageSpread(count: 3, sum: 12, sumOfSquares: 4 + 16 + 36))
        #expect(spread.sum == 12 && abs(spread.sumOfSquares - 56) < 1e-9)
    }

    @Test("an average's spread from its counters: 2, 4, 6 has mean 4 and variance 4; squares never kept give none")
    func spreadFromSums() throws {
        let spread = try #require(AverageSpread(count: 3, sum: 12, sumOfSquares: 4 + 16 + 36))
        #expect(spread.mean == 4 && spread.variance == 4)
        #expect(AverageSpread(count: 3, sum: 12, sumOfSquares: 0) == nil)
        #expect(AverageSpread(count: 1, sum: 7, sumOfSquares: 49)?.variance == 0)
    }

    @Test("two medians are apart only when their 95 % intervals do not overlap; an unbounded one overlaps everything above its floor")
    func medians() {
        #expect(ChangeTest.mediansDiffer(PlausibleRange(lower: 10, upper: 20), PlausibleRange(lower: 21, upper: 30)))
        #expect(!ChangeTest.mediansDiffer(PlausibleRange(lower: 10, upper: 20), PlausibleRange(lower: 20, upper: 30)))
        #expect(!ChangeTest.mediansDiffer(PlausibleRange(lower: 0, upper: .infinity), PlausibleRange(lower: 5, upper: 6)))
    }

    @Test("simulated: two windows of the same true rate are called apart about 5 times in 100; a real 30 % against 24 % on 600 leads each, about 65 times in 100")
    func sharesFalseAlarmsAndPower() {
        var random = SeededRandom(seed: 31)
        func draw(_ p: Double, _ n: Int) -> Double { Double((0..<n).filter { _ in Double.random(in: 0..<1, using: &random) < p }.count) }
        let trials = 2_000
        var falseAlarms = 0, found = 0
        for _ in 0..<trials {
            if ChangeTest.sharesDiffer(successes: draw(0.3, 600), of: 600, successes: draw(0.3, 600), of: 600) == true { falseAlarms += 1 }
            if ChangeTest.sharesDiffer(successes: draw(0.3, 600), of: 600, successes: draw(0.24, 600), of: 600) == true { found += 1 }
        }
        // 95 % promises 5 false alarms in 100 (binomial spread on 2,000: about ±1); a six-point
        // gap on 600 each is 2.34 standard errors, found about 65 times in 100 (Φ(2.34 − 1.96)).
        #expect((0.03...0.07).contains(Double(falseAlarms) / Double(trials)), "\(falseAlarms) of \(trials)")
        #expect((0.59...0.71).contains(Double(found) / Double(trials)), "\(found) of \(trials)")
    }

    @Test("simulated: two averages of the same sale amounts are called apart at most about 5 times in 100, for 10 and for 60 sales")
    func averagesFalseAlarms() {
        var random = SeededRandom(seed: 37)
        func normal() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random), v = Double.random(in: 0..<1, using: &random)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        func sample(_ n: Int) -> AverageSpread {
            let amounts = (0..<n).map { _ in 38_000 * exp(0.25 * normal()) }
            return AverageSpread(count: Double(n), sum: amounts.reduce(0, +), sumOfSquares: amounts.map { $0 * $0 }.reduce(0, +))!
        }
        for n in [10, 60] {
            let trials = 2_000
            let falseAlarms = (0..<trials).filter { _ in ChangeTest.averagesDiffer(sample(n), sample(n)) == true }.count
            // The smaller sample's t value is a little stricter than Welch's: at most about 5 %.
            #expect(Double(falseAlarms) / Double(trials) <= 0.065, "n = \(n): \(falseAlarms) of \(trials)")
        }
    }

    @Test("a median's interval ranks hold beyond a thousand values, where the exact binomial's terms vanish: about 1.96 √n / 2 either side of the middle")
    func medianRanksOfMany() throws {
        let exact = try #require(MedianInterval.ranks(count: 1000))
        let normal = try #require(MedianInterval.ranks(count: 1001))
        #expect(abs(exact.lower - normal.lower) <= 1, "\(exact) \(normal)")
        let many = try #require(MedianInterval.ranks(count: 20_000))
        #expect(many.lower == 9861 && many.upper == 20_000 - 9861 + 1, "\(many)")
    }

    @Test("Holm's step-down: the smallest p against level/m, the next against level/(m-1), stopping at the first that fails")
    func holmKnownAnswer() {
        // Sorted: 0.005 ≤ 0.0125, 0.01 ≤ 0.0167, then 0.03 > 0.025 stops; 0.04 is not reached.
        #expect(ChangeTest.holm([0.01, 0.04, 0.03, 0.005]) == [true, false, false, true])
        #expect(ChangeTest.holm([0.04]) == [true] && ChangeTest.holm([0.06]) == [false] && ChangeTest.holm([]) == [])
        // 2 of 2 against 0 of 2: z = 2.0, p = 0.0455 (erfc(2/√2)).
        #expect(abs((ChangeTest.sharesDifferenceChance(successes: 2, of: 2, successes: 0, of: 2) ?? 0) - 0.0455) < 0.0001)
        #expect(ChangeTest.sharesDifferenceChance(successes: 0, of: 5, successes: 0, of: 7) == 1 && ChangeTest.sharesDifferenceChance(successes: 1, of: 0, successes: 0, of: 3) == nil)
    }

    @Test("simulated: fourteen comparisons of one sale rate each month turn up a false 'clearly' in about half the months read one by one, and in at most about 5 in 100 read together")
    func fourteenQuestionsFalseAlarms() {
        var random = SeededRandom(seed: 41)
        func sold(_ leads: Int) -> Double { Double((0..<leads).filter { _ in Double.random(in: 0..<1, using: &random) < 0.06 }.count) }
        let months = 400
        var alone = 0, together = 0
        for _ in 0..<months {
            let chances = (0..<14).map { _ in ChangeTest.sharesDifferenceChance(successes: sold(200), of: 200, successes: sold(200), of: 200)! }
            if chances.contains(where: { $0 <= 0.05 }) { alone += 1 }
            if ChangeTest.holm(chances).contains(true) { together += 1 }
        }
        #expect(Double(alone) / Double(months) > 0.3, "one by one: \(alone) of \(months) months")
        #expect(Double(together) / Double(months) <= 0.065, "together: \(together) of \(months) months")
    }
}
