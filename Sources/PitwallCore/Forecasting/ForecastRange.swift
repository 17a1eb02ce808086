/// An expected total with its variance, added up over days and stores (taken as independent).
public struct ForecastSum: Sendable, Equatable {
    public var expected = 0.0
    public var variance = 0.0

    public init(expected: Double = 0, variance: Double = 0) {
        self.expected = expected
        self.variance = variance
    }

    public static func + (lhs: ForecastSum, rhs: ForecastSum) -> ForecastSum {
        ForecastSum(expected: lhs.expected + rhs.expected, variance: lhs.variance + rhs.variance)
    }

    /// The 80 % range of the total, on top of `known` (what has already happened).
    public func range(plus known: Double = 0) -> ForecastRange {
        let spread = ForecastRange.z80 * variance.squareRoot()
        return ForecastRange(expected: known + expected, low: known + Swift.max(0, expected - spread), high: known + expected + spread)
    }
}

/// A forecast figure and the range it falls in four times in five, if the coming days are
/// like the weeks learned from. 80 % rather than 95 %: a manager plans on the likely, and a
/// range wide enough to be almost certain says little.
public struct ForecastRange: Sendable, Equatable {
    public var expected: Double
    public var low: Double
    public var high: Double

    public init(expected: Double, low: Double, high: Double) {
        self.expected = expected
        self.low = low
        self.high = high
    }

    /// The normal quantile of 0.9: 80 % of a normal lies within this many standard deviations.
    public static let z80 = 1.2815515655446004

    public func contains(_ value: Double) -> Bool { low <= value && value <= high }
}
