/// The distribution-free 95 % interval for a median: between the k-th smallest and the k-th
/// largest of n values, with k the largest rank such that fewer than k of n fall below the
/// median with probability at most 2.5 % (binomial, p = ½). It assumes nothing about the
/// shape of the values, which response times (a few very slow ones) need.
public enum MedianInterval {
    /// The 1-based ranks (k, n − k + 1) of the interval's ends; nil below 6 values, where even
    /// the smallest and largest cover the median with less than 95 % confidence.
    public static func ranks(count n: Int) -> (lower: Int, upper: Int)? {
        guard n >= 6 else { return nil }
        // Beyond a thousand, 2⁻ⁿ underflows to nothing, and the binomial is as good as normal.
        if n > 1000 {
            let k = Int((Double(n) / 2 - 1.959_963_985 * Double(n).squareRoot() / 2).rounded(.down))
            return (k, n - k + 1)
        }
        // P(X ≤ j) for X ~ Binomial(n, ½), built up term by term: C(n, j) / 2ⁿ.
        var term = 1.0
        for _ in 0..<n { term /= 2 }
        var below = 0.0
        var k = 0
        for j in 0..<n {
            below += term
            guard below <= 0.025 else { break }
            k = j + 1
            term = term * Double(n - j) / Double(j + 1)
        }
        return (k, n - k + 1)
    }

    /// The interval of the median of the durations in `times`; unbounded above (and from 0)
    /// when there are too few to bound it; nil when empty.
    public static func of(_ times: QuantileAccumulator) -> PlausibleRange? {
        let n = times.count
        guard n > 0 else { return nil }
        guard let ranks = ranks(count: Int(n)), let lower = times.value(atRank: Int64(ranks.lower - 1)),
            let upper = times.value(atRank: Int64(ranks.upper - 1))
        else { return PlausibleRange(lower: 0, upper: .infinity) }
        return PlausibleRange(lower: lower, upper: upper)
    }
}
