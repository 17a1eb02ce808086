import Foundation

/// Whether one of two outcomes clearly outnumbers the other among the same people: of the
/// leads who answered a chasing text, did more reply STOP than anything else? Each answer is a
/// coin that lands one way or the other; the test asks how often a fair coin would land the
/// counted way at least that many times.
public enum SignTest {
    /// The chance that a fair coin tossed `trials` times lands heads `successes` times or more:
    /// the one-sided p-value that heads outnumber tails. 1 for no successes; 0.5^n for all.
    public static func chanceOfAtLeast(_ successes: Int, of trials: Int) -> Double {
        guard trials > 0, successes > 0 else { return 1 }
        guard successes <= trials else { return 0 }
        // Each term in logs, C(n, k) / 2^n underflowing a double past a thousand tosses; the
        // next term is this one times (n − k) / (k + 1).
        var logTerm = Double(trials) * Foundation.log(0.5)
        for index in 0..<successes { logTerm += Foundation.log(Double(trials - index) / Double(index + 1)) }
        var total = 0.0
        for k in successes...trials {
            total += Foundation.exp(logTerm)
            if k < trials { logTerm += Foundation.log(Double(trials - k) / Double(k + 1)) }
        }
        return min(1, total)
    }
}
