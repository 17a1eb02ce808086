/// What kind of thing is wrong with a contact value, for counting them per source.
public enum ContactProblemKind: String, CaseIterable, Hashable, Sendable {
    case empty
    /// Phones: too few or too many digits.
    case wrongLength = "wrong_length"
    /// Phones: an area code or exchange the numbering plan does not give out (0/1 first, N11).
    case notAssignable = "not_assignable"
    /// Phones: 555-0100 to 555-0199.
    case fiction
    case hasExtension = "has_extension"
    /// Phones: letters or other characters; e-mails: spaces, separators, several addresses.
    case badCharacters = "bad_characters"
    /// E-mails: not exactly one @, or a bad part before it.
    case badAddress = "bad_address"
    /// E-mails: the part after @ is not a domain.
    case badDomain = "bad_domain"
}

/// A phone number as a dealership's texts need it: in E.164 (`+13125550101`), or why not.
public struct PhoneCheck: Hashable, Sendable {
    /// The number in E.164, when it is one that can be texted.
    public var e164: String?
    /// What is wrong, in words, when it cannot be: kept beside the raw value, never instead of it.
    public var problem: String?
    public var kind: ContactProblemKind?

    public var isValid: Bool { e164 != nil }

    init(e164: String) {
        self.e164 = e164
    }

    init(_ kind: ContactProblemKind, _ problem: String) {
        self.kind = kind
        self.problem = problem
    }
}

/// An e-mail address trimmed and checked for shape.
public struct EmailCheck: Hashable, Sendable {
    /// Trimmed, `mailto:` removed, the domain lower-cased; nil when it cannot be an address.
    public var address: String?
    public var problem: String?
    public var kind: ContactProblemKind?

    public var isValid: Bool { address != nil }

    init(address: String) {
        self.address = address
    }

    init(_ kind: ContactProblemKind, _ problem: String) {
        self.kind = kind
        self.problem = problem
    }
}

/// Contact data checked at the door. North American numbers follow the numbering plan's
/// rules (area code and exchange start with 2-9 and are not N11 service codes; 555-0100 to
/// 555-0199 are reserved for fiction); other countries need their + and 8 to 15 digits.
public enum ContactCheck {
    public static func phone(_ raw: String) -> PhoneCheck {
        wellFormedNorthAmericanPhone(raw) ?? phoneByRules(raw)
    }

    public static func email(_ raw: String) -> EmailCheck {
        wellFormedEmail(raw) ?? emailByRules(raw)
    }

    /// Every rule, in words: what the fast paths hand over when a value is not plainly good.
    static func phoneByRules(_ raw: String) -> PhoneCheck {
        let trimmed = raw.trimmingSpaces
        guard !trimmed.isEmpty else { return PhoneCheck(.empty, "empty") }
        // Extensions ("x204", "ext. 12") cannot be texted; letters are not digits.
        let lower = trimmed.lowercased()
        if lower.contains("ext") || lower.contains("x") { return PhoneCheck(.hasExtension, "has an extension: '\(trimmed)' cannot receive texts") }
        guard trimmed.allSatisfy({ $0.isNumber || " +-.()/".contains($0) }) else {
            return PhoneCheck(.badCharacters, "'\(trimmed)' has characters that are not part of a phone number")
        }
        let digits = trimmed.filter(\.isASCII).filter(\.isNumber)
        let international = trimmed.hasPrefix("+") || trimmed.hasPrefix("00")
        var national = digits
        if trimmed.hasPrefix("00") { national.removeFirst(2) }
        if international && !national.hasPrefix("1") {
            guard (8...15).contains(national.count) else { return PhoneCheck(.wrongLength, "an international number has 8 to 15 digits, '\(trimmed)' has \(national.count)") }
            return PhoneCheck(e164: "+" + national)
        }
        if international {
            // The 1 is the country code whatever follows: "+1312555010" is a digit short, not area code 131.
            national.removeFirst()
            guard national.count == 10 else {
                return PhoneCheck(.wrongLength, "a North American number has 10 digits after +1, '\(trimmed)' has \(national.count)")
            }
        }
        if national.count == 11, national.hasPrefix("1") { national.removeFirst() }
        guard national.count == 10 else { return PhoneCheck(.wrongLength, "a North American number has 10 digits, '\(trimmed)' has \(national.count)") }
        let area = Array(national.prefix(3))
        let exchange = Array(national.dropFirst(3).prefix(3))
        let line = String(national.suffix(4))
        guard area[0] >= "2" else { return PhoneCheck(.notAssignable, "area code \(String(area)) cannot start with \(area[0])") }
        guard !(area[1] == "1" && area[2] == "1") else { return PhoneCheck(.notAssignable, "\(String(area)) is a service code, not an area code") }
        guard exchange[0] >= "2" else { return PhoneCheck(.notAssignable, "exchange \(String(exchange)) cannot start with \(exchange[0])") }
        guard !(exchange[1] == "1" && exchange[2] == "1") else { return PhoneCheck(.notAssignable, "exchange \(String(exchange)) is a service code") }
        if String(exchange) == "555", let number = Int(line), (100...199).contains(number) {
            return PhoneCheck(.fiction, "555-\(line) is reserved for fiction, not a real number")
        }
        return PhoneCheck(e164: "+1" + national)
    }

    static func emailByRules(_ raw: String) -> EmailCheck {
        var text = raw.trimmingSpaces
        if text.lowercased().hasPrefix("mailto:") { text.removeFirst(7) }
        guard !text.isEmpty else { return EmailCheck(.empty, "empty") }
        guard !text.contains(where: { $0 == " " || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }) else {
            return EmailCheck(.badCharacters, "'\(text)' has spaces or separators: one address only")
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return EmailCheck(.badAddress, "'\(text)' needs exactly one @") }
        let (local, domain) = (parts[0], parts[1].lowercased())
        guard !local.isEmpty, local.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return EmailCheck(.badAddress, "the part before @ in '\(text)' is empty or badly dotted")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }), (labels.last?.count ?? 0) >= 2
        else { return EmailCheck(.badDomain, "'\(domain)' is not a domain like example.com") }
        return EmailCheck(address: local + "@" + domain)
    }
}
