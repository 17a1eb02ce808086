/// A lead that waited too long, raised for a supervisor: at the escalation point (half the
/// SLA by default) and again when the SLA is breached.
public struct Escalation: Hashable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        /// The lead reached the escalation share of its SLA without a response.
        case escalation
        /// The lead reached its whole SLA without a response.
        case breach
    }

    /// `<kind>:<lead id>`: one of each kind per lead at most.
    public var id: String
    public var leadID: LeadID
    public var storeID: StoreID
    public var agentID: AgentID?
    public var tier: LeadTier
    public var kind: Kind
    /// When the lead crossed the line (by the SLA clock).
    public var dueAt: Timestamp
    /// When Pitwall noticed and raised it.
    public var raisedAt: Timestamp
    public var acknowledgedAt: Timestamp?
    public var acknowledgedBy: String?
    public var comment: String?
    /// When the lead got its response (or left the queue), closing the escalation.
    public var resolvedAt: Timestamp?

    public init(
        leadID: LeadID, storeID: StoreID, agentID: AgentID?, tier: LeadTier, kind: Kind, dueAt: Timestamp, raisedAt: Timestamp
    ) {
        self.id = Self.id(of: leadID, kind)
        self.leadID = leadID
        self.storeID = storeID
        self.agentID = agentID
        self.tier = tier
        self.kind = kind
        self.dueAt = dueAt
        self.raisedAt = raisedAt
    }

    public static func id(of lead: LeadID, _ kind: Kind) -> String { "\(kind.rawValue):\(lead.rawValue)" }

    public var isOpen: Bool { resolvedAt == nil }
}

/// One line of the append-only audit log: who did what, when.
public struct AuditEntry: Hashable, Sendable {
    /// Position in the log, from 1; given by the store.
    public var sequence: Int64
    public var at: Timestamp
    /// `pitwall` for what the system did; the token's name for what a person did.
    public var actor: String
    public var action: String
    /// What it is about: an escalation id, a lead id.
    public var subject: String
    public var detail: String

    public init(sequence: Int64 = 0, at: Timestamp, actor: String, action: String, subject: String, detail: String) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }

    public static let systemActor = "pitwall"
}

/// What one evaluation decided: escalations to add, escalations to update, audit lines.
public struct EscalationChanges: Hashable, Sendable {
    public var raised: [Escalation] = []
    public var resolved: [Escalation] = []
    public var audit: [AuditEntry] = []

    public init() {}

    public var isEmpty: Bool { raised.isEmpty && resolved.isEmpty }
}

/// Decides escalations from the live queue: a state machine per lead (open → escalated →
/// breached → resolved) that returns what to record, with no I/O, so it is tested with a
/// hand-set clock.
public enum EscalationRules {
    /// - Parameters:
    ///   - queue: the unanswered leads now (from `SpeedToLeadDesk.openQueue`).
    ///   - open: escalations not yet resolved.
    ///   - answered: for open escalations whose lead left the queue, whether it was answered.
    ///   - configuration: names the stores and gives their clocks for the audit log's lines,
    ///     which the people working the leads read; without it, store ids and UTC.
    public static func evaluate(
        queue: [LeadResponseAssessment], open: [Escalation], answered: [LeadID: Bool], now: Timestamp, configuration: PitwallConfiguration? = nil
    ) -> EscalationChanges {
        var changes = EscalationChanges()
        let known = Set(open.map(\.id))
        let waiting = Set(queue.map(\.leadID))
        for lead in queue where lead.repeatOf == nil {
            for (kind, due) in [(Escalation.Kind.escalation, lead.escalatesAt), (.breach, lead.breachesAt)] {
                guard let due, due <= now, !known.contains(Escalation.id(of: lead.leadID, kind)) else { continue }
                let escalation = Escalation(
                    leadID: lead.leadID, storeID: lead.storeID, agentID: lead.agentID, tier: lead.tier, kind: kind, dueAt: due, raisedAt: now)
                changes.raised.append(escalation)
                let who = lead.agentID.map { "assigned to \($0)" } ?? "not assigned"
                let store = configuration?.store(lead.storeID)
                let clock = { (instant: Timestamp) in store.map { AlertMonitor.clockTime(instant, on: $0) } ?? instant.rfc3339 }
                changes.audit.append(
                    AuditEntry(
                        at: now, actor: AuditEntry.systemActor, action: kind == .escalation ? "escalation.raised" : "breach.recorded",
                        subject: escalation.id,
                        detail: "\(lead.tier.rawValue) lead \(lead.leadID) at \(store?.name ?? lead.storeID.rawValue), \(who), unanswered since "
                            + "\(lead.start.map(clock) ?? "unknown"); due \(clock(due))"))
            }
        }
        for escalation in open where !waiting.contains(escalation.leadID) {
            var closed = escalation
            closed.resolvedAt = now
            changes.resolved.append(closed)
            changes.audit.append(
                AuditEntry(
                    at: now, actor: AuditEntry.systemActor, action: "escalation.resolved", subject: escalation.id,
                    detail: answered[escalation.leadID] == true ? "the lead got its response" : "the lead left the queue without a response"))
        }
        return changes
    }
}
