/// What a rule saw for one segment at one evaluation.
public struct AlertMeasurement: Hashable, Sendable, Codable {
    /// The raw figure (a rate, seconds, ...); nil when there is nothing to measure.
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    /// The figure compared with the thresholds: for a rate, the Wilson bound on the good
    /// side (the lower bound when high is bad), so a rate fires only when even the
    /// kindest reading of the evidence is bad; otherwise the value itself.
    public var bound: Double?
    /// How many observations the figure rests on.
    public var sample: Int
    /// What was seen, in words (for a system check: which component, since when).
    public var note: String?
    /// When the bad condition began, when the evidence says so (an outage's first report);
    /// nil: from when Pitwall first saw it. Not stored: it matters on the round that sees it.
    public var badSince: Timestamp?

    public init(value: Double?, numerator: Double? = nil, denominator: Double? = nil, bound: Double?, sample: Int, note: String? = nil) {
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.bound = bound
        self.sample = sample
        self.note = note
    }

    /// A rate of `numerator` in `denominator`, bounded by the Wilson interval.
    public static func rate(_ numerator: Double, of denominator: Double, direction: AlertRule.Direction, confidence: Double) -> AlertMeasurement {
        let interval = WilsonInterval(successes: numerator, trials: denominator, confidence: confidence)
        return AlertMeasurement(
            value: denominator > 0 ? numerator / denominator : nil, numerator: numerator, denominator: denominator,
            bound: direction == .above ? interval?.lower : interval?.upper, sample: Int(denominator))
    }
}

/// How bad one measurement is under a rule.
public enum AlertLevel: String, Hashable, Sendable, Comparable {
    case noData = "no_data"
    case clear
    case warning
    case critical

    public static func < (lhs: AlertLevel, rhs: AlertLevel) -> Bool {
        let order: [AlertLevel] = [.noData, .clear, .warning, .critical]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

extension AlertRule {
    /// The level of a measurement: `no_data` below the minimum sample, else the worst
    /// threshold its bound crosses.
    public func level(of measurement: AlertMeasurement) -> AlertLevel {
        guard measurement.sample >= minimumSample, let bound = measurement.bound else { return .noData }
        if let critical, crosses(bound, critical) { return .critical }
        if let warning, crosses(bound, warning) { return .warning }
        return .clear
    }
}
