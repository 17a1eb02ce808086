/// Decides whether an inbound message is an opt-out: its whole body is one of the
/// carrier stop keywords, in any case, ignoring surrounding spaces and punctuation.
public enum OptOutClassifier {
    public static let stopKeywords: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]

    public static func isOptOut(body: String) -> Bool {
        keyword(in: body) != nil
    }

    /// The stop keyword the body consists of, upper-cased, or nil.
    public static func keyword(in body: String) -> String? {
        let trimmed = body.unicodeScalars
            .drop { !isLetterOrDigit($0) }
            .reversed()
            .drop { !isLetterOrDigit($0) }
            .reversed()
        guard !trimmed.isEmpty, trimmed.count <= 16 else { return nil }
        let word = String(String.UnicodeScalarView(trimmed)).uppercased()
        return stopKeywords.contains(word) ? word : nil
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
