/// Where the true figure may lie, at 95 % confidence, given how few it was measured on: a
/// share's Wilson interval, a median's order-statistic interval. `upper` is infinite when the
/// sample is too small to bound it at all.
public struct PlausibleRange: Hashable, Sendable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public init(_ interval: WilsonInterval) {
        self.init(lower: interval.lower, upper: interval.upper)
    }

    public var isBounded: Bool { upper.isFinite }
}
