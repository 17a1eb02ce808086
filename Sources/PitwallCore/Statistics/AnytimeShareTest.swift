import Foundation

/// A test of two shares that may be looked at as often as anyone likes: an A/B test read every
/// morning and stopped the first day it looks clear would call a false winner far more often
/// than the 5 % a once-only test promises. This is the mixture sequential probability ratio
/// test (Robbins; Johari, Pekelis and Walsh's "always valid p-values"), on the normal
/// approximation of the gap between two shares.
///
/// After each look the evidence against "no gap" is the likelihood ratio Λ of the gap seen,
/// averaged over true gaps spread normally around zero with `tunedGap` as their standard
/// deviation. Under no gap Λ is a martingale, so the chance it ever reaches 1/α is at most α;
/// the p-value is 1/Λ at its highest so far, and it never rises again.
public enum AnytimeShareTest {
    /// The size of gap the test is tuned to: 5 points of response rate, the gap a new first
    /// text is worth testing for. Smaller gaps are still found, with more leads.
    public static let tunedGap = 0.05

    /// Λ for `a` of `trialsA` against `b` of `trialsB`, with the pooled share's variance
    /// (as the two-proportion z-test); nil when either has nothing counted.
    public static func likelihoodRatio(successes a: Double, of trialsA: Double, successes b: Double, of trialsB: Double, tunedGap: Double = tunedGap) -> Double? {
        guard trialsA > 0, trialsB > 0 else { return nil }
        let gap = a / trialsA - b / trialsB
        let pooled = (a + b) / (trialsA + trialsB)
        let variance = pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB)
        // Both none or both all: nothing varies, no evidence either way.
        guard variance > 0 else { return 1 }
        let spread = tunedGap * tunedGap
        return (variance / (variance + spread)).squareRoot() * Foundation.exp(gap * gap * spread / (2 * variance * (variance + spread)))
    }

    /// The counts of two variants at one look.
    public struct Look: Hashable, Sendable {
        public var successesA: Double
        public var trialsA: Double
        public var successesB: Double
        public var trialsB: Double

        public init(successesA: Double, trialsA: Double, successesB: Double, trialsB: Double) {
            self.successesA = successesA
            self.trialsA = trialsA
            self.successesB = successesB
            self.trialsB = trialsB
        }
    }

    /// The always-valid p-value after `looks`, in time order: 1/Λ at Λ's highest, at most 1;
    /// nil when no look has counts on both sides.
    public static func chance(_ looks: some Sequence<Look>, tunedGap: Double = tunedGap) -> Double? {
        var highest: Double?
        for look in looks {
            guard let ratio = likelihoodRatio(successes: look.successesA, of: look.trialsA, successes: look.successesB, of: look.trialsB, tunedGap: tunedGap)
            else { continue }
            highest = Swift.max(highest ?? ratio, ratio)
        }
        return highest.map { Swift.min(1, 1 / $0) }
    }

    /// The gap this test calls at `level` when each side has `variance` (the gap's variance at
    /// the look): Λ = 1/level solved for |gap|.
    public static func gapCalled(variance: Double, level: Double = 0.05, tunedGap: Double = tunedGap) -> Double {
        let spread = tunedGap * tunedGap
        let logRatio = Foundation.log(1 / level) + 0.5 * Foundation.log((variance + spread) / variance)
        return (2 * variance * (variance + spread) / spread * logRatio).squareRoot()
    }

    /// Reached leads each of two variants with true rates `a` and `b` needs for a look then to
    /// call the gap four times in five: the least n with |a − b| ≥ gapCalled(V) + z₀.₈ · √V, where
    /// V = (a(1−a) + b(1−b)) / n. The once-only test's n, with its z₀.₉₇₅ · √V in place of
    /// gapCalled, is about half as many: the price of looking whenever one likes. Nil when
    /// the rates are level or no count up to a billion would do.
    public static func trialsEachToTell(_ a: Double, _ b: Double, level: Double = 0.05, tunedGap: Double = tunedGap) -> Int? {
        let gap = abs(a - b), spread = a * (1 - a) + b * (1 - b)
        guard gap > 0, spread > 0 else { return nil }
        let z80 = WilsonInterval.normalQuantile(0.8)
        func enough(_ n: Int) -> Bool {
            let variance = spread / Double(n)
            return gapCalled(variance: variance, level: level, tunedGap: tunedGap) + z80 * variance.squareRoot() <= gap
        }
        var high = 1
        while !enough(high) {
            guard high < 1_000_000_000 else { return nil }
            high *= 2
        }
        var low = high / 2
        // enough(high); not enough(low) unless low is 0.
        while high - low > 1 {
            let middle = (low + high) / 2
            if enough(middle) { high = middle } else { low = middle }
        }
        return high
    }
}
