/// Fast paths for the values nearly every lead carries: a phone already in E.164 and a plain
/// ASCII e-mail. Each says only "good, and this is it"; anything else, or anything in doubt,
/// goes to the full rules, which also say what is wrong. The full rules read characters with
/// Unicode properties, which made a page of a month's leads take seconds.
extension ContactCheck {
    /// `+1` and ten digits that keep the numbering plan: area code and exchange from 2-9, not
    /// N11, and not 555-0100 to 555-0199.
    static func wellFormedNorthAmericanPhone(_ raw: String) -> PhoneCheck? {
        var text = raw
        return text.withUTF8 { bytes -> PhoneCheck? in
            guard bytes.count == 12, bytes[0] == UInt8(ascii: "+"), bytes[1] == UInt8(ascii: "1") else { return nil }
            for index in 2..<12 where !isDigit(bytes[index]) { return nil }
            let (one, two) = (UInt8(ascii: "1"), UInt8(ascii: "2"))
            guard bytes[2] >= two, !(bytes[3] == one && bytes[4] == one) else { return nil }
            guard bytes[5] >= two, !(bytes[6] == one && bytes[7] == one) else { return nil }
            let five = UInt8(ascii: "5")
            if bytes[5] == five, bytes[6] == five, bytes[7] == five, bytes[8] == UInt8(ascii: "0"), bytes[9] == one { return nil }
            return PhoneCheck(e164: raw)
        }
    }

    /// Printable ASCII with one @: a local part of 1 to 64 characters without a dot at either
    /// end or two in a row, and a domain of at least two labels of letters, digits and inner
    /// hyphens whose last label has two or more characters. The domain comes back lower-cased.
    static func wellFormedEmail(_ raw: String) -> EmailCheck? {
        var text = raw
        return text.withUTF8 { bytes -> EmailCheck? in
            var at: Int?
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: "@"):
                    guard at == nil else { return nil }
                    at = index
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"): return nil
                case 0x21...0x7E: continue
                default: return nil  // spaces, control characters, anything beyond ASCII
                }
            }
            guard let at, at > 0, at <= 64, at < bytes.count - 1 else { return nil }
            let local = UnsafeBufferPointer(rebasing: bytes[..<at])
            let domain = UnsafeBufferPointer(rebasing: bytes[(at + 1)...])
            let dot = UInt8(ascii: ".")
            // "mailto:" is taken off by the full rules.
            if local.count >= 7, String(decoding: local[0..<7], as: UTF8.self).lowercased() == "mailto:" { return nil }
            guard local.first != dot, local.last != dot, !zip(local, local.dropFirst()).contains(where: { $0 == dot && $1 == dot }) else { return nil }
            var labels = 1
            var labelLength = 0
            var previous: UInt8 = dot
            for byte in domain {
                if byte == dot {
                    guard labelLength > 0, previous != UInt8(ascii: "-") else { return nil }
                    labels += 1
                    labelLength = 0
                } else {
                    guard isDigit(byte) || isLetter(byte) || byte == UInt8(ascii: "-") else { return nil }
                    if labelLength == 0, byte == UInt8(ascii: "-") { return nil }
                    labelLength += 1
                }
                previous = byte
            }
            guard labels >= 2, labelLength >= 2, previous != UInt8(ascii: "-") else { return nil }
            let lowered = domain.map { isLetter($0) ? $0 | 0x20 : $0 }
            return EmailCheck(address: String(decoding: local, as: UTF8.self) + "@" + String(decoding: lowered, as: UTF8.self))
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
}
