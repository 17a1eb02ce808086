/// Normal forms of a customer's phone and e-mail, to recognise the same person across leads
/// however the form or the CRM spelled them.
public enum ContactKey {
    /// Digits only; a 10-digit North American number gets its country code 1.
    /// "(312) 555-0101", "312.555.0101" and "+1 312 555 0101" all give "13125550101".
    public static func phone(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let digits = String(raw.unicodeScalars.filter { $0.properties.numericType == .decimal && $0.isASCII })
        guard digits.count >= 7 else { return nil }
        return digits.count == 10 ? "1" + digits : digits
    }

    /// Lower-cased, without spaces or a `mailto:` prefix; nil when there is no @.
    public static func email(_ raw: String?) -> String? {
        guard var text = raw?.trimmingSpaces.lowercased() else { return nil }
        if text.hasPrefix("mailto:") { text.removeFirst(7) }
        guard let at = text.firstIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else { return nil }
        return text
    }
}
