/// Normal forms of a customer's phone and e-mail, to recognise the same person across leads
/// however the form or the CRM spelled them. Both run for every lead the writer saves, so
/// they work on bytes: the first version's Unicode property lookups and string copies cost
/// more than writing the lead's row.
public enum ContactKey {
    /// Digits only; a 10-digit North American number gets its country code 1.
    /// "(312) 555-0101", "312.555.0101" and "+1 312 555 0101" all give "13125550101".
    public static func phone(_ raw: String?) -> String? {
        guard let raw else { return nil }
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        for byte in raw.utf8 where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { digits.append(byte) }
        guard digits.count >= 7 else { return nil }
        if digits.count == 10 { digits.insert(UInt8(ascii: "1"), at: 0) }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Lower-cased, without surrounding spaces or tabs or a `mailto:` prefix; nil when there is
    /// no @ with something on each side.
    public static func email(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let bytes = Array(raw.utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        var text: String
        if bytes[start..<end].allSatisfy({ $0 < 0x80 }) {
            text = String(decoding: bytes[start..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        } else {
            // Only ASCII spaces and tabs were cut, so the rest is still whole characters.
            text = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
        }
        if text.hasPrefix("mailto:") { text.removeFirst(7) }
        guard let at = text.firstIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else { return nil }
        return text
    }
}
