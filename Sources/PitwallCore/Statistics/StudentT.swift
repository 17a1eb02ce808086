import Foundation

/// Student's t distribution for whole degrees of freedom, where a test's spread was itself
/// estimated from few groups (a handful of templates) and the normal curve would claim too much.
public enum StudentT {
    /// The two-sided p-value of `t` on `degreesOfFreedom` (at least 1): how often a t this far
    /// from 0, either way, comes by chance. Exact, by the finite series for whole degrees of
    /// freedom (Abramowitz and Stegun 26.7.3 and 26.7.4) in θ = atan(|t| / √ν).
    public static func twoSidedChance(_ t: Double, degreesOfFreedom: Int) -> Double {
        let df = Swift.max(1, degreesOfFreedom)
        let theta = atan(abs(t) / Double(df).squareRoot())
        let cosine = cos(theta)
        let cosineSquared = cosine * cosine
        var term = 1.0
        var sum = 1.0
        let within: Double
        if df % 2 == 1 {
            // θ + sin θ cos θ (1 + 2/3 cos²θ + (2·4)/(3·5) cos⁴θ + ... up to cos^(ν−3)θ), times 2/π.
            var k = 2
            while k <= df - 3 {
                term *= Double(k) / Double(k + 1) * cosineSquared
                sum += term
                k += 2
            }
            within = 2 / Double.pi * (theta + (df > 1 ? sin(theta) * cosine * sum : 0))
        } else {
            // sin θ (1 + 1/2 cos²θ + (1·3)/(2·4) cos⁴θ + ... up to cos^(ν−2)θ).
            var k = 1
            while k <= df - 3 {
                term *= Double(k) / Double(k + 1) * cosineSquared
                sum += term
                k += 2
            }
            within = sin(theta) * sum
        }
        return Swift.min(1, Swift.max(0, 1 - within))
    }
}
