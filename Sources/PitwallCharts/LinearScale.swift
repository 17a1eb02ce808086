/// Maps a span of values onto a span of pixels, straight-line. The pixel span may run
/// backwards (SVG's y grows downwards, values grow upwards).
public struct LinearScale: Hashable, Sendable {
    public var domain: ClosedRange<Double>
    public var start: Double
    public var end: Double

    public init(domain: ClosedRange<Double>, from start: Double, to end: Double) {
        self.domain = domain
        self.start = start
        self.end = end
    }

    public func callAsFunction(_ value: Double) -> Double {
        let width = domain.upperBound - domain.lowerBound
        // A flat domain (one value, or all equal) sits in the middle rather than dividing by zero.
        guard width > 0 else { return (start + end) / 2 }
        return start + (value - domain.lowerBound) / width * (end - start)
    }
}

/// What an axis's values are, for the steps between its ticks.
public enum AxisSteps: Hashable, Sendable {
    /// 1, 2, 2.5 or 5 times a power of ten.
    case decimal
    /// Seconds, stepped as a clock is read: 30 s, 1 min, 5 min, 1 h, 1 day. A response-time axis in
    /// steps of 50 s reads "0 s, 50 s, 1 min 40 s, 2 min 30 s", which nobody can read at a glance.
    case duration
}

/// Round axis limits and the ticks between them: 0, 20, 40 rather than 3.7, 21.4, 39.1.
public struct NiceAxis: Hashable, Sendable {
    public var domain: ClosedRange<Double>
    public var ticks: [Double]

    /// About `tickCount` ticks covering `values`; from zero when `includeZero` (bars must
    /// start at zero or their lengths lie).
    public init(covering values: [Double], includeZero: Bool, tickCount: Int = 5, steps: AxisSteps = .decimal) {
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if includeZero {
            low = Swift.min(low, 0)
            high = Swift.max(high, 0)
        }
        if low == high {
            // One value: give it room either side (or above, from zero).
            let pad = low == 0 ? 1 : abs(low) * 0.1
            high += pad
            if !includeZero || low != 0 { low -= low == 0 ? 0 : pad }
        }
        let step =
            switch steps {
            case .decimal: Self.step(for: (high - low) / Double(Swift.max(tickCount - 1, 1)))
            case .duration: Self.durationStep(from: low, to: high, intervals: Swift.max(tickCount, 2))
            }
        let niceLow = (low / step).rounded(.down) * step
        let niceHigh = (high / step).rounded(.up) * step
        domain = niceLow...niceHigh
        var ticks: [Double] = []
        var index = 0.0
        while niceLow + index * step <= niceHigh + step * 1e-9 {
            // Multiplying, not adding, keeps 0.1-steps free of drift (0.30000000000000004).
            ticks.append(Self.clean(niceLow + index * step, step: step))
            index += 1
        }
        self.ticks = ticks
    }

    /// Exactly `low...high`, in whole steps of the largest of 1, 2, 2.5 or 5 times a power of ten
    /// that gives at least four intervals: a scale people know (0 to 5 for a rating) as it is.
    public init(from low: Double, to high: Double) {
        let span = high - low
        var step = Self.step(for: span / 4)
        func fits(_ step: Double) -> Bool { abs(span / step - (span / step).rounded()) < 1e-9 * Swift.max(1, span / step) }
        // 1, 2, 2.5 and 5 times a power of ten, downwards, until the scale is whole steps of one.
        for _ in 0..<40 where !fits(step) {
            var power = 1.0
            while power * 10 <= step { power *= 10 }
            while power > step { power /= 10 }
            let multiple = (step / power * 10).rounded() / 10
            step = multiple == 5 ? 2.5 * power : multiple == 2.5 ? 2 * power : multiple == 2 ? power : 0.5 * power
        }
        domain = low...high
        ticks = stride(from: 0, through: (span / step).rounded(), by: 1).map { Self.clean(low + $0 * step, step: step) }
    }

    /// The step among 1, 2, 2.5, 5 and 10 times a power of ten nearest above `rough`.
    static func step(for rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        var power = 1.0
        while power * 10 <= rough { power *= 10 }
        while power > rough { power /= 10 }
        for multiple in [1.0, 2.0, 2.5, 5.0, 10.0] where power * multiple >= rough * (1 - 1e-9) {
            return power * multiple
        }
        return power * 10
    }

    /// Steps a clock reads, in seconds, up to a week.
    static let clockSteps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]

    /// The smallest clock step that covers `low...high` in at most `intervals` steps; below a
    /// second, and beyond a week (in days), the decimal steps.
    static func durationStep(from low: Double, to high: Double, intervals: Int) -> Double {
        let span = high - low
        guard span > Double(intervals) else { return step(for: span / Double(Swift.max(intervals - 1, 1))) }
        for step in clockSteps where ((high / step).rounded(.up) - (low / step).rounded(.down)) <= Double(intervals) {
            return step
        }
        return Self.step(for: span / 86400 / Double(intervals)) * 86400
    }

    /// The tick as its decimal literal would be: dividing by an exact power of ten lands on
    /// the nearest double, so 0.06 prints "0.06", not "0.060000000000000005".
    private static func clean(_ value: Double, step: Double) -> Double {
        var scale = 1.0
        while (step * scale).rounded() != step * scale, scale < 1e12 { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? 0 : rounded
    }
}
