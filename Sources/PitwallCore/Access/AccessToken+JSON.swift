extension AccessToken {
    /// The token as `GET /v1/tokens` and `pitwall token list --json` show it: never the
    /// secret, nor its whole hash.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", id)
        writer.member("name", name)
        writer.member("scope", scope.rawValue)
        writer.key("stores")
        if let stores {
            writer.beginArray()
            for store in stores { writer.string(store.rawValue) }
            writer.endArray()
        } else {
            writer.null()
        }
        writer.member("created_at", createdAt)
        for (key, instant) in [("expires_at", expiresAt), ("revoked_at", revokedAt), ("last_used_at", lastUsedAt)] {
            writer.key(key)
            if let instant { writer.string(instant.rfc3339) } else { writer.null() }
        }
        writer.endObject()
    }

    /// `{"tokens": [...]}`, as `GET /v1/tokens` and `pitwall token list --json` print a list.
    public static func listJSON(_ tokens: [AccessToken]) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("tokens")
        writer.beginArray()
        for token in tokens { token.write(to: &writer) }
        writer.endArray()
        writer.endObject()
        return writer.text
    }

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
}

extension AccessToken {
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

extension AccessToken {
    /// The audit line for issuing this token; `actor` is the issuing token's name, or
    /// `command line`.
    public func issuedEntry(by actor: String, at instant: Timestamp) -> AuditEntry {
        AuditEntry(at: instant, actor: actor, action: "token.issued", subject: id, detail: auditDescription)
    }

    /// The audit line for revoking it.
    public func revokedEntry(by actor: String, at instant: Timestamp) -> AuditEntry {
        AuditEntry(at: instant, actor: actor, action: "token.revoked", subject: id, detail: auditDescription)
    }

    /// "crm-feed: ingest, stores lkt" or "wallboard: read, every store, until 2027-03-01T00:00:00.000Z".
    var auditDescription: String {
        "\(name): \(scope.rawValue), " + (stores.map { "stores " + $0.map(\.rawValue).joined(separator: ",") } ?? "every store")
            + (expiresAt.map { ", until \($0.rfc3339)" } ?? "")
    }

    /// Who a command run at the machine is, in the audit log.
    public static let commandLineActor = "command line"
}
