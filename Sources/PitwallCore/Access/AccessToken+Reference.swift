extension AccessToken {
    /// Which of `tokens` a command line or a URL names: its id as listed (or a longer start
    /// of its hash), else its name when exactly one token carries it.
    public static func named(_ reference: String, among tokens: [AccessToken]) -> TokenReference {
        if let token = withID(reference, among: tokens) { return .found(token) }
        let sameName = tokens.filter { $0.name == reference }
        switch sameName.count {
        case 0: return .unknown
        case 1: return .found(sameName[0])
        default: return .ambiguous(sameName)
        }
    }

    /// Whether `text` has the form of a token id: at least `idLength` hex digits.
    public static func isID(_ text: String) -> Bool {
        text.count >= idLength && text.allSatisfy(\.isHexDigit)
    }

    /// The token whose id (or a longer start of its hash) `reference` is.
    public static func withID(_ reference: String, among tokens: [AccessToken]) -> AccessToken? {
        guard isID(reference) else { return nil }
        let wanted = reference.lowercased()
        return tokens.first { $0.secretHash.hasPrefix(wanted) }
    }
}

/// What a token reference named.
public enum TokenReference: Sendable {
    case found(AccessToken)
    case unknown
    /// Several tokens share the name given: their ids tell them apart.
    case ambiguous([AccessToken])
}
