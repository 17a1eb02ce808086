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
