import Foundation

extension JSONCursor {
    /// A string at the position (which holds its opening quote), with escapes resolved.
    mutating func string() throws(JSONSyntaxError) -> String {
        let opening = position
        position += 1
        let start = position
        var highBits: UInt8 = 0
        while position < count {
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                let text = try makeString(UnsafeBufferPointer(start: base + start, count: position - start), ascii: highBits < 0x80, from: start)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start, opening: opening) }
            if byte < 0x20 { throw controlCharacter(byte) }
            highBits |= byte
            position += 1
        }
        throw failure("a string that starts here is never closed", at: opening)
    }

    private func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        failure("a control character (byte 0x\(String(byte, radix: 16, uppercase: true))) inside a string must be written as an escape such as \\n")
    }

    private func makeString(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool, from start: Int) throws(JSONSyntaxError) -> String {
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw failure("a string holds bytes that are not UTF-8 text", at: start) }
        return text
    }

    /// The rest of a string once a backslash shows it needs rewriting.
    private mutating func escapedString(from start: Int, opening: Int) throws(JSONSyntaxError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(position - start + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: position - start))
        while position < count {
            let byte = base[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                let text: String? = bytes.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
                guard let text else { throw failure("a string holds bytes that are not UTF-8 text", at: start) }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &bytes)
            case 0..<0x20:
                throw controlCharacter(byte)
            default:
                bytes.append(byte)
                position += 1
            }
        }
        throw failure("a string that starts here is never closed", at: opening)
    }

    private mutating func escape(into bytes: inout [UInt8]) throws(JSONSyntaxError) {
        let backslash = position
        position += 1
        let simple: UInt8
        switch current {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            position += 1
            let scalar = try unicodeEscape(at: backslash)
            bytes.append(contentsOf: UTF8.encode(scalar)!)
            return
        default:
            throw failure("unknown escape in a string: a backslash may be followed only by \" \\ / b f n r t or u", at: backslash)
        }
        bytes.append(simple)
        position += 1
    }

    /// `\uXXXX`, or two of them for a character outside the Basic Multilingual Plane.
    private mutating func unicodeEscape(at backslash: Int) throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try hexQuad(escapeAt: backslash)
        switch first {
        case 0xD800...0xDBFF:
            let second = position
            guard count - position >= 2, base[position] == UInt8(ascii: "\\"), base[position + 1] == UInt8(ascii: "u") else {
                throw failure("\\u\(hex(first)) is half of a surrogate pair and must be followed by its low half (\\uDC00 to \\uDFFF)", at: backslash)
            }
            position += 2
            let low = try hexQuad(escapeAt: second)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure("\\u\(hex(first)) must be followed by a low surrogate (\\uDC00 to \\uDFFF), not \\u\(hex(low))", at: second)
            }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00))!
        case 0xDC00...0xDFFF:
            throw failure("\\u\(hex(first)) is the low half of a surrogate pair without its high half", at: backslash)
        case 0:
            // Valid JSON, but no text Pitwall keeps can hold it: PostgreSQL refuses it in any
            // text, and an id or a name with one inside is a sender's mistake.
            throw failure("\\u0000 (the NUL character) cannot be kept in any text: leave it out", at: backslash)
        default:
            return Unicode.Scalar(first)!
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private mutating func hexQuad(escapeAt backslash: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let digit: UInt32
            switch current {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(current - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(current - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(current - UInt8(ascii: "A") + 10)
            default: throw failure("\\u must be followed by four hexadecimal digits", at: backslash)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private var atDigit: Bool { current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") }

    /// A number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = position
        let negative = current == UInt8(ascii: "-")
        if negative { position += 1 }
        guard atDigit else { throw failure("a number needs a digit after '-'") }
        var mantissa: UInt64 = 0
        var digits = 0
        if current == UInt8(ascii: "0") {
            position += 1
            digits = 1
            if atDigit { throw failure("a number must not have leading zeros", at: start) }
        } else {
            while atDigit {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(current - UInt8(ascii: "0")) }
                digits += 1
                position += 1
            }
        }
        var fractionDigits = 0
        if current == UInt8(ascii: ".") {
            position += 1
            guard atDigit else { throw failure("a number needs digits after its decimal point") }
            while atDigit {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(current - UInt8(ascii: "0")) }
                digits += 1
                fractionDigits += 1
                position += 1
            }
        }
        var hasExponent = false
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            hasExponent = true
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard atDigit else { throw failure("a number needs digits in its exponent") }
            while atDigit { position += 1 }
        }
        // Up to 15 digits and no exponent: the digits and the power of ten are both exact
        // doubles, so one division rounds correctly, as the slower general path would.
        if !hasExponent, digits <= 15 {
            let magnitude = fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / Self.powersOfTen[fractionDigits]
            // "-0" is the integer zero, as other readers take it.
            return negative && (fractionDigits > 0 || mantissa != 0) ? -magnitude : magnitude
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw failure("the number \(text.prefix(40)) is too large", at: start)
        }
        return value
    }

    private static let powersOfTen: [Double] = (0...15).map { exponent in (0..<exponent).reduce(1.0) { product, _ in product * 10 } }
}
