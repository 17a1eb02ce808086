import Foundation

/// The Cochran–Armitage test for a trend in shares across ordered groups: does the share
/// booked fall step by step as the wait for a person grows?
///
/// Where χ² asks whether the groups differ in any way, this asks one question, a slope along
/// the order, so a steady decline spread thinly over five waits is found from fewer leads
/// than χ² needs to notice it.
public enum TrendTest {
    /// Z, positive when the share rises with the score, and the two-sided chance of a slope at
    /// least this steep when the share is in truth the same in every group. Nil when fewer than
    /// two groups have trials, or none or all succeeded (nothing can slope).
    ///
    /// Z = Σ tᵢ(xᵢ − nᵢp̄) / √(p̄(1 − p̄)(Σ nᵢtᵢ² − (Σ nᵢtᵢ)² / N)), normal under no trend.
    public static func cochranArmitage(_ groups: [(successes: Int, trials: Int)], scores: [Double]) -> (z: Double, chance: Double)? {
        precondition(groups.count == scores.count, "a score for each group")
        guard groups.filter({ $0.trials > 0 }).count >= 2 else { return nil }
        let trials = Double(groups.reduce(0) { $0 + $1.trials })
        let pooled = Double(groups.reduce(0) { $0 + $1.successes }) / trials
        guard pooled > 0, pooled < 1 else { return nil }
        var slope = 0.0
        var weighted = 0.0
        var weightedSquares = 0.0
        for (group, score) in zip(groups, scores) {
            let count = Double(group.trials)
            slope += score * (Double(group.successes) - count * pooled)
            weighted += count * score
            weightedSquares += count * score * score
        }
        let variance = pooled * (1 - pooled) * (weightedSquares - weighted * weighted / trials)
        guard variance > 0 else { return nil }
        let z = slope / variance.squareRoot()
        return (z, Foundation.erfc(abs(z) / 2.0.squareRoot()))
    }
}
