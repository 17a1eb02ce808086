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

extension QuantileSketch {
    /// A compact binary form for storage: the zero count, then (index, count) pairs in index
    /// order, little-endian.
    public var encoded: Data {
        var data = Data(capacity: 8 + buckets.count * 12)
        withUnsafeBytes(of: zeroCount.littleEndian) { data.append(contentsOf: $0) }
        for index in buckets.keys.sorted() {
            withUnsafeBytes(of: index.littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: buckets[index]!.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    public init?(encoded data: Data) {
        guard data.count >= 8, (data.count - 8) % 12 == 0 else { return nil }
        self.init()
        data.withUnsafeBytes { bytes in
            zeroCount = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: Int64.self))
            var offset = 8
            while offset < bytes.count {
                let index = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
                buckets[index] = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: Int64.self))
                offset += 12
            }
        }
    }
}

/// Adds up many stored sketches quickly (a scorecard merges one per store and day) in a
/// flat array over the bucket range durations can take, from a millisecond to decades. The
/// array (11.6 kB) is made at the first bucket added: a scorecard keeps a pair of these for
/// every group and day of its series, and most days of most groups hand no lead to an agent.
public struct QuantileAccumulator: Sendable {
    static let lowestIndex: Int32 = QuantileSketch.bucketIndex(QuantileSketch.smallest)
    static let highestIndex: Int32 = QuantileSketch.bucketIndex(4e9)
    private var counts: [Int64] = []
    private var zeroCount: Int64 = 0

    public init() {}

    private mutating func makeRoom() {
        if counts.isEmpty { counts = [Int64](repeating: 0, count: Int(Self.highestIndex - Self.lowestIndex + 1)) }
    }

    public mutating func add(encoded data: Data) {
        guard data.count >= 8 else { return }
        if data.count >= 20 { makeRoom() }
        data.withUnsafeBytes { bytes in
            zeroCount += Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: Int64.self))
            var offset = 8
            while offset + 12 <= bytes.count {
                let index = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
                let count = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: Int64.self))
                counts[Int(Swift.min(Swift.max(index, Self.lowestIndex), Self.highestIndex) - Self.lowestIndex)] += count
                offset += 12
            }
        }
    }

    public mutating func add(_ sketch: QuantileSketch) {
        zeroCount += sketch.zeroCount
        if !sketch.buckets.isEmpty { makeRoom() }
        for (index, count) in sketch.buckets {
            counts[Int(Swift.min(Swift.max(index, Self.lowestIndex), Self.highestIndex) - Self.lowestIndex)] += count
        }
    }

    public var count: Int64 { counts.reduce(zeroCount, +) }

    /// The value at quantile `q` (0 ... 1), by the lower rank ⌊q·(n−1)⌋; nil when empty.
    public func quantile(_ q: Double) -> Double? {
        let total = count
        guard total > 0 else { return nil }
        return value(atRank: Int64((q * Double(total - 1)).rounded(.down)))
    }

    /// The `rank`-th smallest value, counting from 0; nil past the last.
    public func value(atRank rank: Int64) -> Double? {
        guard rank >= 0 else { return nil }
        if rank < zeroCount { return 0 }
        var seen = zeroCount
        for (offset, count) in counts.enumerated() where count != 0 {
            seen += count
            if seen > rank { return QuantileSketch.representative(of: Int32(offset) + Self.lowestIndex) }
        }
        return nil
    }
}
