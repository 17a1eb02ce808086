import Foundation

/// Adds up many stored sketches quickly (a scorecard merges one per store and day). It starts
/// as a short sorted list of the buckets it has seen, which is all most totals ever need: a
/// page keeps a pair of these for every group and day or week of its series, and an agent's
/// week holds a few dozen pick-ups. Past `denseAfter` buckets it moves to a flat array over
/// the whole range durations can take, from a millisecond to decades (11.6 kB), where adding
/// a bucket costs the same whatever the total holds.
public struct QuantileAccumulator: Sendable {
    static let lowestIndex: Int32 = QuantileSketch.bucketIndex(QuantileSketch.smallest)
    static let highestIndex: Int32 = QuantileSketch.bucketIndex(4e9)
    /// About the size of the flat array's tenth; beyond it inserting into the list costs more
    /// than the array's memory saves.
    static let denseAfter = 128

    private var listIndexes: [Int32] = []
    private var listCounts: [Int64] = []
    private var dense: [Int64] = []
    private var zeroCount: Int64 = 0

    public init() {}

    /// Whether the flat array is in use (for tests of the switch).
    var isDense: Bool { !dense.isEmpty }

    private static func clamped(_ index: Int64) -> Int32 {
        Int32(Swift.min(Swift.max(index, Int64(lowestIndex)), Int64(highestIndex)))
    }

    private mutating func add(bucket index: Int32, count: Int64) {
        if !dense.isEmpty {
            dense[Int(index - Self.lowestIndex)] += count
            return
        }
        // Sketches arrive in index order, so the common case appends or meets the last.
        var position = listIndexes.count
        if let last = listIndexes.last, index <= last {
            position = Self.firstPosition(notBelow: index, in: listIndexes)
            if listIndexes[position] == index {
                listCounts[position] += count
                return
            }
        }
        listIndexes.insert(index, at: position)
        listCounts.insert(count, at: position)
        if listIndexes.count > Self.denseAfter { makeDense() }
    }

    private static func firstPosition(notBelow index: Int32, in sorted: [Int32]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < index { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func makeDense() {
        dense = [Int64](repeating: 0, count: Int(Self.highestIndex - Self.lowestIndex + 1))
        for (index, count) in zip(listIndexes, listCounts) { dense[Int(index - Self.lowestIndex)] += count }
        listIndexes = []
        listCounts = []
    }

    /// Adds a sketch in its stored form; data that is not one adds what it held before the fault.
    public mutating func add(encoded data: Data) {
        QuantileSketch.forEachStored(in: data) { index, count in
            add(bucket: Self.clamped(index), count: count)
        } zero: { zeroCount += $0 }
    }

    public mutating func add(_ sketch: QuantileSketch) {
        zeroCount += sketch.zeroCount
        for index in sketch.buckets.keys.sorted() { add(bucket: Self.clamped(Int64(index)), count: sketch.buckets[index]!) }
    }

    public var count: Int64 { dense.reduce(listCounts.reduce(zeroCount, +), +) }

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
        if dense.isEmpty {
            for (index, count) in zip(listIndexes, listCounts) where count != 0 {
                seen += count
                if seen > rank { return QuantileSketch.representative(of: index) }
            }
            return nil
        }
        for (offset, count) in dense.enumerated() where count != 0 {
            seen += count
            if seen > rank { return QuantileSketch.representative(of: Int32(offset) + Self.lowestIndex) }
        }
        return nil
    }
}
