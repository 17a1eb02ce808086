import Foundation

/// What a template's words do that the SOP's content analysis asks about: how long it is (in
/// the texts a phone bills it as), whether it asks a question, asks for a next step, speaks to
/// the customer or their car by name, and carries an emoji.
///
/// Placeholders (`{first_name}`, `{{vehicle}}`) stand for words filled in when the text goes
/// out; each counts as long as its name, about the length of a first name or a model.
public struct TemplateWording: Hashable, Sendable {
    /// How a phone carries the text: GSM's 7-bit alphabet, or UCS-2 once a single character is
    /// outside it (an emoji, a curly quote), which cuts a text from 160 characters to 70.
    public enum Encoding: String, Hashable, Sendable {
        case gsm7 = "gsm7"
        case ucs2 = "ucs2"
    }

    /// One thing the words do or do not do, the unit of the comparison.
    public enum Trait: String, CaseIterable, Hashable, Sendable {
        case asksQuestion = "asks_question"
        case callToAction = "call_to_action"
        case personal
        case oneText = "one_text"
        case emoji

        /// "ask a question", for "First texts that ask a question".
        public var phrase: String {
            switch self {
            case .asksQuestion: "ask a question"
            case .callToAction: "ask for a next step (a link, a visit, a call, a test drive)"
            case .personal: "use the customer's name or car"
            case .oneText: "fit in one text"
            case .emoji: "carry an emoji"
            }
        }

        /// The page's column heading.
        public var heading: String {
            switch self {
            case .asksQuestion: "Asks a question"
            case .callToAction: "Asks for a next step"
            case .personal: "Name or car"
            case .oneText: "One text"
            case .emoji: "Emoji"
            }
        }
    }

    /// The text as written, placeholders and all.
    public var text: String
    /// Characters as the phone counts them once placeholders are filled: GSM's extension
    /// characters (`€`, `[`, `~` ...) count twice, UCS-2 counts UTF-16 units.
    public var length: Int
    public var encoding: Encoding
    /// Texts the phone bills it as: 160 characters in one (70 in UCS-2), 153 a part beyond
    /// (67), as concatenated SMS carry a header in each part.
    public var segments: Int
    /// The placeholders' names, lower-cased, in the order written.
    public var placeholders: [String]
    public var asksQuestion: Bool
    public var callToAction: Bool
    public var personal: Bool
    public var hasEmoji: Bool

    public init(_ text: String) {
        self.text = text
        let (filled, placeholders) = Self.fillingPlaceholders(text)
        self.placeholders = placeholders
        hasEmoji = Self.hasEmoji(filled)
        var septets = 0
        var inAlphabet = true
        for character in filled.unicodeScalars {
            if Self.gsmBasic.contains(character) {
                septets += 1
            } else if Self.gsmExtension.contains(character) {
                septets += 2
            } else {
                inAlphabet = false
                break
            }
        }
        if inAlphabet {
            encoding = .gsm7
            length = septets
            segments = length <= 160 ? 1 : (length + 152) / 153
        } else {
            encoding = .ucs2
            length = filled.utf16.count
            segments = length <= 70 ? 1 : (length + 66) / 67
        }
        let words = Self.words(of: text)
        asksQuestion = Self.withoutLinks(text).contains("?")
        callToAction = Self.hasLink(text) || Self.asksForNextStep(words)
        personal = placeholders.contains(where: Self.isPersonal)
    }

    public func has(_ trait: Trait) -> Bool {
        switch trait {
        case .asksQuestion: asksQuestion
        case .callToAction: callToAction
        case .personal: personal
        case .oneText: segments == 1
        case .emoji: hasEmoji
        }
    }

    /// The text with each placeholder replaced by its bare name, and the names.
    static func fillingPlaceholders(_ text: String) -> (String, [String]) {
        var filled = ""
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            filled += rest[..<open]
            var inner = rest[rest.index(after: open)...]
            let doubled = inner.first == "{"
            if doubled { inner = inner.dropFirst() }
            guard let close = inner.firstIndex(of: "}") else {
                filled += rest[open...]
                rest = ""
                break
            }
            let name = inner[..<close].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == " " }) else {
                // Not a placeholder: a brace the customer will see.
                filled += rest[open...open]
                rest = rest[rest.index(after: open)...]
                continue
            }
            names.append(name.lowercased())
            filled += name
            var after = inner.index(after: close)
            if doubled, after < inner.endIndex, inner[after] == "}" { after = inner.index(after: after) }
            rest = inner[after...]
        }
        filled += rest
        return (filled, names)
    }

    /// A placeholder for the customer or the car they asked about, not for the dealership or
    /// its people.
    static func isPersonal(_ name: String) -> Bool {
        let parts = name.split(whereSeparator: { $0 == "_" || $0 == "." || $0 == " " }).map(String.init)
        if parts.contains(where: { ["dealer", "dealership", "store", "agent", "rep", "salesperson", "company", "advisor"].contains($0) }) {
            return false
        }
        return parts.contains(where: { ["first", "last", "name", "customer", "vehicle", "model", "make", "car", "trim", "year", "stock"].contains($0) })
    }

    /// Lower-cased words of letters and digits, links and placeholders included.
    static func words(of text: String) -> [Substring] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) })
    }

    static func isLink(_ word: Substring) -> Bool {
        let lower = word.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.")
    }

    static func hasLink(_ text: String) -> Bool { text.split(whereSeparator: \.isWhitespace).contains(where: isLink) }

    /// A link's "?" starts its query, not a question.
    static func withoutLinks(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).filter { !isLink($0) }.joined(separator: " ")
    }

    /// Words that ask for something the customer can do next: come in, book, call.
    static func asksForNextStep(_ words: [Substring]) -> Bool {
        for (index, word) in words.enumerated() {
            if nextStepStems.contains(where: { word.hasPrefix($0) }) { return true }
            guard index + 1 < words.count else { continue }
            if nextStepPairs.contains(where: { $0.0 == word && $0.1 == words[index + 1] }) { return true }
        }
        return false
    }

    static let nextStepStems = ["book", "schedul", "reserv", "visit", "click", "tap"]
    static let nextStepPairs: [(Substring, Substring)] = [
        ("test", "drive"), ("come", "in"), ("come", "by"), ("stop", "by"), ("swing", "by"), ("drop", "by"), ("call", "us"), ("call", "me"),
        ("a", "call"),
    ]

    /// A character a phone draws as a picture: one shown so by default (🚗), or one asked to be
    /// by the variation selector after it (❤️). A bare ™ or digit has the emoji property too,
    /// but shows as text.
    static func hasEmoji(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar.properties.isEmojiPresentation { return true }
            if scalar.properties.isEmoji, index + 1 < scalars.count, scalars[index + 1] == "\u{FE0F}" { return true }
        }
        return false
    }

    /// GSM 03.38's basic alphabet.
    static let gsmBasic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
            + "abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)
    /// Its extension table, each sent as an escape and the character: two of the 160.
    static let gsmExtension: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)
}
