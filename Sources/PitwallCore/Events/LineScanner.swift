import Foundation

/// Finds lines in raw bytes. Works on the buffer directly: walking `Data` byte by byte
/// through its collection interface costs more than parsing the JSON in it.
public enum LineScanner {
    /// The non-blank lines of `data` (without their line breaks) and their numbers from 1.
    public static func nonBlankLines(in data: Data) -> [(range: Range<Data.Index>, number: Int)] {
        let base = data.startIndex
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var lines: [(range: Range<Data.Index>, number: Int)] = []
            var start = 0
            var number = 0
            var blank = true
            for offset in 0..<bytes.count {
                let byte = bytes[offset]
                if byte == 0x0A {
                    number += 1
                    if !blank { lines.append((base + start..<base + offset, number)) }
                    start = offset + 1
                    blank = true
                } else if blank, byte != 0x20, byte != 0x09, byte != 0x0D {
                    blank = false
                }
            }
            if start < bytes.count {
                number += 1
                if !blank { lines.append((base + start..<base + bytes.count, number)) }
            }
            return lines
        }
    }

    /// The offset just after the `count`-th line break, and how many breaks were found if fewer.
    public static func endOfLines(_ count: Int, in data: Data) -> (end: Data.Index?, found: Int) {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var found = 0
            for offset in 0..<bytes.count where bytes[offset] == 0x0A {
                found += 1
                if found == count { return (data.startIndex + offset + 1, found) }
            }
            return (nil, found)
        }
    }

    /// Whether `data` holds anything besides spaces, tabs and line breaks.
    public static func hasContent(_ data: Data) -> Bool {
        data.withUnsafeBytes { bytes in bytes.contains { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) } }
    }
}
