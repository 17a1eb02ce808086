import Foundation

/// Whether a figure moved by more than chance alone would move it, at about 95 %: asked before
/// a change is called better or worse, so that 33.5 % against 31.1 % of a thousand leads (a
/// coin's wobble) is not painted red beside a delivery rate that really fell.
public enum ChangeTest {
    static let z975 = 1.959_963_985

    /// Two shares of counts, by the pooled two-proportion z-test. Nil when either has nothing
    /// counted.
    public static func sharesDiffer(successes a: Double, of trialsA: Double, successes b: Double, of trialsB: Double) -> Bool? {
        sharesZ(successes: a, of: trialsA, successes: b, of: trialsB).map { $0 >= z975 }
    }

    /// The two-sided p-value of the same test: how often chance alone would part two shares
    /// this far. Nil when either has nothing counted; 1 when nothing varies.
    public static func sharesDifferenceChance(successes a: Double, of trialsA: Double, successes b: Double, of trialsB: Double) -> Double? {
        sharesZ(successes: a, of: trialsA, successes: b, of: trialsB).map { Foundation.erfc($0 / 2.0.squareRoot()) }
    }

    /// The test's |z|: the shares' distance in pooled standard errors. When nothing varies
    /// (both none or both all) the shares are equal, 0.
    private static func sharesZ(successes a: Double, of trialsA: Double, successes b: Double, of trialsB: Double) -> Double? {
        guard trialsA > 0, trialsB > 0 else { return nil }
        let shareA = Swift.min(1, Swift.max(0, a / trialsA)), shareB = Swift.min(1, Swift.max(0, b / trialsB))
        let pooled = (shareA * trialsA + shareB * trialsB) / (trialsA + trialsB)
        let variance = pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB)
        guard variance > 0 else { return shareA == shareB ? 0 : .infinity }
        return abs(shareA - shareB) / variance.squareRoot()
    }

    /// The two-sided p-value of a difference in differences of shares: how often chance alone
    /// would make one group's move (`own`: before, then since) differ this much from another's
    /// over the same days (`rest`), each share's own variance added (the four samples are apart).
    /// Nil when any side has nothing counted; 1 when nothing varies and the moves are equal.
    public static func movesDifferChance(
        own: (before: (successes: Double, trials: Double), since: (successes: Double, trials: Double)),
        rest: (before: (successes: Double, trials: Double), since: (successes: Double, trials: Double))
    ) -> Double? {
        let sides = [own.before, own.since, rest.before, rest.since]
        guard sides.allSatisfy({ $0.trials > 0 }) else { return nil }
        let shares = sides.map { Swift.min(1, Swift.max(0, $0.successes / $0.trials)) }
        let gap = (shares[1] - shares[0]) - (shares[3] - shares[2])
        let variance = zip(shares, sides).map { share, side in share * (1 - share) / side.trials }.reduce(0, +)
        guard variance > 0 else { return abs(gap) < 1e-12 ? 1 : 0 }
        return Foundation.erfc(abs(gap) / variance.squareRoot() / 2.0.squareRoot())
    }

    /// Which of several tests' p-values clear chance together at `level`, by Holm's step-down
    /// method: the smallest against level/m, the next against level/(m-1), and so on until one
    /// fails. Asking many questions of one month makes some look clear by luck; this keeps the
    /// chance of any false "clearly" at `level` for the whole set, whatever ties the tests.
    public static func holm(_ chances: [Double], level: Double = 0.05) -> [Bool] {
        var clear = [Bool](repeating: false, count: chances.count)
        let order = chances.indices.sorted { chances[$0] != chances[$1] ? chances[$0] < chances[$1] : $0 < $1 }
        for (rank, index) in order.enumerated() {
            guard chances[index] <= level / Double(chances.count - rank) else { break }
            clear[index] = true
        }
        return clear
    }

    /// Two averages, by Welch's statistic held to the t value of the smaller sample's degrees
    /// of freedom (a little stricter than Welch's own, and needing no more than the counts).
    /// Nil when either has fewer than two values, whose spread is unknown.
    public static func averagesDiffer(_ a: AverageSpread, _ b: AverageSpread) -> Bool? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        let error = (a.variance / a.count + b.variance / b.count).squareRoot()
        guard error > 0 else { return a.mean != b.mean }
        let t = MeanInterval.studentT975(degreesOfFreedom: Int(Swift.min(a.count, b.count)) - 1)
        return abs(a.mean - b.mean) / error >= t
    }

    /// The two-sided p-value of the difference of two averages: how often chance alone would
    /// part them this far, by Welch's statistic read against the normal curve. Meant for
    /// samples of 30 or more a side (as the team review tests them), where the t curve and the
    /// normal differ by little; nil when either has fewer than two values. 1 when neither
    /// varies and they are equal, 0 when neither varies and they differ.
    public static func averagesDifferenceChance(_ a: AverageSpread, _ b: AverageSpread) -> Double? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        let error = (a.variance / a.count + b.variance / b.count).squareRoot()
        guard error > 0 else { return a.mean == b.mean ? 1 : 0 }
        return Foundation.erfc(abs(a.mean - b.mean) / error / 2.0.squareRoot())
    }

    /// Two medians, by their 95 % intervals: apart only when the intervals do not overlap.
    /// Order-statistic intervals do not combine into one for the difference, so this is the
    /// stricter reading (near 99.5 % for intervals of like width): a change it calls is real.
    public static func mediansDiffer(_ a: PlausibleRange, _ b: PlausibleRange) -> Bool {
        a.upper < b.lower || b.upper < a.lower
    }
}

/// An average's sample as its counters hold it: count, mean and variance.
public struct AverageSpread: Hashable, Sendable {
    public var count: Double
    public var mean: Double
    public var variance: Double

    public init(count: Double, mean: Double, variance: Double) {
        self.count = count
        self.mean = mean
        self.variance = variance
    }

    /// The values' sum and sum of squares, as the counters held them: what adds up across
    /// groups (an agent's colleagues) where means and variances do not.
    public var sum: Double { mean * count }
    public var sumOfSquares: Double { variance * Swift.max(0, count - 1) + count * mean * mean }

    /// From a count, a sum and a sum of squares; nil without values, or when the squares were
    /// never kept (0 beside a non-zero sum: a rollup counted before they were).
    public init?(count n: Double, sum: Double, sumOfSquares: Double) {
        guard n >= 1, !(sumOfSquares == 0 && sum != 0) else { return nil }
        let mean = sum / n
        // Sums of squares added up in whole units can come out a hair below n·mean².
        self.init(count: n, mean: mean, variance: n < 2 ? 0 : Swift.max(0, (sumOfSquares - n * mean * mean) / (n - 1)))
    }
}
