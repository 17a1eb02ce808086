import Foundation

/// How a sketch is kept in a rollup cell. Most cells hold a handful of leads, so the form
/// spends bytes by what a value needs: the zero count, then for each bucket in index order
/// the step from the previous index and the bucket's count, each a zigzag LEB128 varint.
/// A typical bucket takes 2-3 bytes where fixed-width pairs took 12; that keeps a store-day's
/// row small enough for SQLite to hold inline in its B-tree page rather than on overflow pages.
/// The empty sketch is no bytes at all.
extension QuantileSketch {
    public var encoded: Data {
        guard !isEmpty else { return Data() }
        var writer = VarintWriter(capacity: 2 + buckets.count * 3)
        writer.append(zeroCount)
        var previous: Int64 = 0
        for index in buckets.keys.sorted() {
            writer.append(Int64(index) - previous)
            writer.append(buckets[index]!)
            previous = Int64(index)
        }
        return writer.data
    }

    /// Nil when `data` is not a stored sketch: a varint runs past the end or overflows, or
    /// the indexes do not rise.
    public init?(encoded data: Data) {
        var zeroCount: Int64 = 0
        var buckets: [Int32: Int64] = [:]
        var failed = false
        let complete = Self.forEachStored(in: data) { index, count in
            guard index >= Int64(Int32.min), index <= Int64(Int32.max) else {
                failed = true
                return
            }
            buckets[Int32(index)] = count
        } zero: { zeroCount = $0 }
        guard complete, !failed else { return nil }
        self.init(zeroCount: zeroCount, buckets: buckets)
    }

    /// Calls `bucket` with each stored (index, count) in index order, after `zero` with the
    /// zero count; false when the data ends inside a number or an index fails to rise.
    @discardableResult
    static func forEachStored(in data: Data, bucket: (Int64, Int64) -> Void, zero: (Int64) -> Void) -> Bool {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            guard !bytes.isEmpty else { return true }
            var reader = VarintReader(bytes: bytes)
            guard let zeroCount = reader.next() else { return false }
            zero(zeroCount)
            var index: Int64 = 0
            var first = true
            while !reader.atEnd {
                guard let step = reader.next(), let count = reader.next(), first || step > 0 else { return false }
                let (sum, overflow) = index.addingReportingOverflow(step)
                guard !overflow else { return false }
                index = sum
                first = false
                bucket(index, count)
            }
            return true
        }
    }
}

/// Signed integers as zigzag LEB128: small magnitudes of either sign take one byte.
struct VarintWriter {
    private(set) var data: Data

    init(capacity: Int) { data = Data(capacity: capacity) }

    mutating func append(_ value: Int64) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while rest >= 0x80 {
            data.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        data.append(UInt8(rest))
    }
}

struct VarintReader {
    let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { offset >= bytes.count }

    /// The next number; nil when the bytes end inside it or it needs more than 64 bits.
    mutating func next() -> Int64? {
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else { return nil }
            raw |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1) }
            shift += 7
        }
        return nil
    }
}
