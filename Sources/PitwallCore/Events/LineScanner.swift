import Foundation

/// Finds lines in raw bytes. Works on the buffer directly: walking `Data` byte by byte
/// through its collection interface costs more than parsing the JSON in it.
public enum LineScanner {
    /// The non-blank lines of `data` (without their line breaks) and their numbers from 1.
    public static func nonBlankLines(in data: Data) -> [(range: Range<Data.Index>, number: Int)] {
        let base = data.startIndex
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var lines: [(range: Range<Data.Index>, number: Int)] = []
            guard let start = bytes.baseAddress else { return lines }
            var offset = 0
            var number = 0
            while offset < bytes.count {
                // memchr finds the break many bytes at a time; a line's blankness shows in its first bytes.
                let end = nextBreak(in: bytes, from: offset) ?? bytes.count
                number += 1
                var first = offset
                while first < end, isSpace(start.load(fromByteOffset: first, as: UInt8.self)) { first += 1 }
                if first < end { lines.append((base + offset..<base + end, number)) }
                offset = end + 1
            }
            return lines
        }
    }

    /// The offset just after the `count`-th line break, and how many breaks were found if fewer.
    public static func endOfLines(_ count: Int, in data: Data) -> (end: Data.Index?, found: Int) {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var found = 0
            var offset = 0
            while let lineBreak = nextBreak(in: bytes, from: offset) {
                found += 1
                if found == count { return (data.startIndex + lineBreak + 1, found) }
                offset = lineBreak + 1
            }
            return (nil, found)
        }
    }

    private static func nextBreak(in bytes: UnsafeRawBufferPointer, from offset: Int) -> Int? {
        guard let start = bytes.baseAddress, offset < bytes.count else { return nil }
        guard let found = memchr(start + offset, 0x0A, bytes.count - offset) else { return nil }
        return UnsafeRawPointer(found) - start
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    /// Whether `data` holds anything besides spaces, tabs and line breaks.
    public static func hasContent(_ data: Data) -> Bool {
        data.withUnsafeBytes { bytes in bytes.contains { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) } }
    }
}
