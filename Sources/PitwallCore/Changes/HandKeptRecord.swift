/// A line of a log the team keeps by hand (a change made, a coaching session): recorded by
/// someone at a time, edited in place, removed when recorded by mistake, each step in the
/// audit log under `auditNoun` (`change.recorded`, `coaching.edited`, ...).
public protocol HandKeptRecord {
    var id: String { get set }
    /// The token's name that recorded it.
    var recordedBy: String { get set }
    var recordedAt: Timestamp { get set }
    /// What it is, in the audit log's words.
    var summary: String { get }
    static var auditNoun: String { get }
}

extension HandKeptRecord {
    /// The audit line of recording (`recorded`) or removing (`removed`) it.
    public func auditEntry(_ step: String, by actor: String, at instant: Timestamp) -> AuditEntry {
        AuditEntry(at: instant, actor: actor, action: "\(Self.auditNoun).\(step)", subject: id, detail: summary)
    }

    /// The audit line of editing `previous` into this one: both, so the log tells what a
    /// verdict was judged on before.
    public func editAuditEntry(from previous: Self, by actor: String, at instant: Timestamp) -> AuditEntry {
        AuditEntry(at: instant, actor: actor, action: "\(Self.auditNoun).edited", subject: id, detail: "\(summary); was \(previous.summary)")
    }

    /// This one as an edit of `recorded`: its fields, under the recorded id, recorder and time.
    public func replacing(_ recorded: Self) -> Self {
        var kept = self
        kept.id = recorded.id
        kept.recordedBy = recorded.recordedBy
        kept.recordedAt = recorded.recordedAt
        return kept
    }
}
