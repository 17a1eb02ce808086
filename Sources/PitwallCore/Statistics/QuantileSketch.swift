import Foundation

/// A mergeable summary of non-negative durations that answers quantiles within 1 % relative
/// error, whatever the number of values: values fall into logarithmic buckets whose edges
/// grow by a factor of γ = 1.01/0.99, so any value in a bucket is within 1 % of the bucket's
/// representative. Sketches of days and segments add up bucket by bucket, and a value can
/// be taken out again, which lets rollups follow a lead whose first response changes.
public struct QuantileSketch: Hashable, Sendable {
    /// Count per bucket index; bucket i holds values in (γ^(i-1), γ^i].
    public private(set) var buckets: [Int32: Int64] = [:]
    /// Values at or below `smallest`, reported as 0.
    public private(set) var zeroCount: Int64 = 0

    public static let relativeAccuracy = 0.01
    static let gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)
    static let logGamma = log(gamma)
    /// Below a millisecond a response time is "immediate".
    static let smallest = 0.001

    public init() {}

    init(zeroCount: Int64, buckets: [Int32: Int64]) {
        self.zeroCount = zeroCount
        self.buckets = buckets.filter { $0.value != 0 }
    }

    public var count: Int64 { buckets.values.reduce(zeroCount, +) }
    public var isEmpty: Bool { zeroCount == 0 && buckets.isEmpty }

    public mutating func add(_ value: Double, count: Int64 = 1) {
        if value <= Self.smallest {
            zeroCount += count
        } else {
            let index = Self.bucketIndex(value)
            let updated = buckets[index, default: 0] + count
            buckets[index] = updated == 0 ? nil : updated
        }
    }

    public mutating func remove(_ value: Double) {
        add(value, count: -1)
    }

    public mutating func merge(_ other: QuantileSketch, sign: Int64 = 1) {
        zeroCount += sign * other.zeroCount
        for (index, count) in other.buckets {
            let updated = buckets[index, default: 0] + sign * count
            buckets[index] = updated == 0 ? nil : updated
        }
    }

    /// The value at quantile `q` (0 ... 1), by the lower rank ⌊q·(n−1)⌋; nil when empty.
    public func quantile(_ q: Double) -> Double? {
        var accumulator = QuantileAccumulator()
        accumulator.add(self)
        return accumulator.quantile(q)
    }

    static func bucketIndex(_ value: Double) -> Int32 {
        Int32((log(value) / logGamma).rounded(.up))
    }

    /// The point of bucket i whose relative distance to both edges is the accuracy.
    static func representative(of index: Int32) -> Double {
        2 * pow(gamma, Double(index)) / (gamma + 1)
    }
}
