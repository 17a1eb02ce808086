import Foundation

/// Pearson's χ² test of whether several shares are one share: are follow-ups sent at five
/// different waits answered equally often?
public enum ChiSquare {
    /// Pearson's statistic for `groups` of (successes, trials) against their pooled share, and
    /// its degrees of freedom (groups − 1). Nil with fewer than two groups or an empty one; 0
    /// when nothing varies (none or all succeeded everywhere).
    public static func homogeneity(_ groups: [(successes: Int, trials: Int)]) -> (statistic: Double, degreesOfFreedom: Int)? {
        guard groups.count >= 2, groups.allSatisfy({ $0.trials > 0 }) else { return nil }
        let successes = Double(groups.reduce(0) { $0 + $1.successes })
        let trials = Double(groups.reduce(0) { $0 + $1.trials })
        let pooled = successes / trials
        guard pooled > 0, pooled < 1 else { return (0, groups.count - 1) }
        var statistic = 0.0
        for group in groups {
            let expected = Double(group.trials) * pooled
            let gap = Double(group.successes) - expected
            // Both cells of the group, successes and failures, whose gaps are equal and opposite.
            statistic += gap * gap / expected + gap * gap / (Double(group.trials) - expected)
        }
        return (statistic, groups.count - 1)
    }

    /// The groups of at least `fewest` trials set against each other: the indices of the
    /// highest and lowest shares (the first of equal shares, so a tie names the earlier group)
    /// and how often chance alone would spread them this far. Nil with fewer than two such groups.
    public static func compare(_ groups: [(successes: Int, trials: Int)], fewest: Int) -> (best: Int, worst: Int, chance: Double)? {
        let judged = groups.indices.filter { groups[$0].trials >= fewest }
        guard judged.count >= 2, let test = homogeneity(judged.map { groups[$0] }) else { return nil }
        let share = { (index: Int) in Double(groups[index].successes) / Double(groups[index].trials) }
        let best = judged.reduce(judged[0]) { share($1) > share($0) ? $1 : $0 }
        let worst = judged.reduce(judged[0]) { share($1) < share($0) ? $1 : $0 }
        return (best, worst, chanceOfAtLeast(test.statistic, degreesOfFreedom: test.degreesOfFreedom))
    }

    /// The chance that χ² on `degreesOfFreedom` is `statistic` or more. Exact for whole degrees
    /// of freedom: the upper regularised gamma function of half of each, summed in closed form.
    public static func chanceOfAtLeast(_ statistic: Double, degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom >= 1)
        guard statistic > 0 else { return 1 }
        let half = statistic / 2
        var total: Double
        var term: Double
        var exponent: Double
        if degreesOfFreedom % 2 == 0 {
            // Q(m, x) = e^(−x) · Σ_{i<m} x^i / i!
            total = 0
            term = Foundation.exp(-half)
            exponent = 0
        } else {
            // Q(m + ½, x) = erfc(√x) + e^(−x) · Σ_{i<m} x^(i+½) / Γ(i + 3/2)
            total = Foundation.erfc(half.squareRoot())
            term = Foundation.exp(-half) * half.squareRoot() / (Double.pi.squareRoot() / 2)
            exponent = 0.5
        }
        let terms = degreesOfFreedom % 2 == 0 ? degreesOfFreedom / 2 : (degreesOfFreedom - 1) / 2
        for _ in 0..<terms {
            total += term
            exponent += 1
            term *= half / exponent
        }
        return min(1, max(0, total))
    }
}
