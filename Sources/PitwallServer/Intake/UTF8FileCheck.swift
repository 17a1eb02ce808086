import Foundation

/// Finds the first line of a file that is not UTF-8, reading it in pieces. CSV.swift splits
/// rows at an undecodable byte instead of stopping, so a spreadsheet saved in a legacy
/// encoding would import as shifted columns; checking first refuses it whole instead.
enum UTF8FileCheck {
    /// The 1-based line of the first invalid byte, or nil when the whole file is UTF-8.
    static func firstInvalidLine(path: String) throws -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var carried: [UInt8] = []
        var line = 1
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            var bytes = carried + Array(chunk)
            // Hold back a sequence cut at the end of the piece for the next one.
            var cut = bytes.count
            var back = 0
            while back < 3, cut > 0, bytes[cut - 1] & 0xC0 == 0x80 { cut -= 1; back += 1 }
            if cut > 0, bytes[cut - 1] >= 0xC0 { cut -= 1 } else { cut = bytes.count }
            carried = Array(bytes[cut...])
            bytes.removeSubrange(cut...)
            if let bad = firstInvalidOffset(bytes) {
                return line + bytes[..<bad].count { $0 == 0x0A }
            }
            line += bytes.count { $0 == 0x0A }
        }
        return firstInvalidOffset(carried) == nil ? nil : line
    }

    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
