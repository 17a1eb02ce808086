/// Which part of the group a rule's status is about.
public struct AlertSegment: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Nil for the whole group.
    public var store: StoreID?
    /// A breakdown and its value within the store (`source=cargurus`), if any.
    public var breakdown: String?

    public init(store: StoreID?, breakdown: String? = nil) {
        self.store = store
        self.breakdown = breakdown
    }

    /// The breakdown as the dashboard shows it: "texts" for `channel=sms`, "CRM API" for
    /// `component=crm_api`, "source: cargurus" for `source=cargurus` (or the name configured
    /// for it: "source: CarGurus").
    public var breakdownInWords: String? { breakdown(in: DisplayNames()) }

    public func breakdown(in names: DisplayNames) -> String? {
        guard let breakdown else { return nil }
        guard let equals = breakdown.firstIndex(of: "=") else { return breakdown }
        let name = String(breakdown[..<equals])
        let value = String(breakdown[breakdown.index(after: equals)...])
        switch name {
        case "channel": return Channel(rawValue: value).map { DeliveryReceiptGap.name(of: $0) + "s" } ?? breakdown
        case "component": return SystemWords.readable(value)
        // The note names the change by its title; its id says nothing to a manager.
        case "change": return "a change made"
        default:
            guard let dimension = SegmentDimension(rawValue: name) else { return "\(name): \(value)" }
            return "\(dimension.words): \(names.value(value, of: dimension))"
        }
    }

    /// `store=lkt`, `store=lkt,source=cargurus`, or `group`.
    public var description: String {
        var parts: [String] = []
        if let store { parts.append("store=\(store)") }
        if let breakdown { parts.append(breakdown) }
        return parts.isEmpty ? "group" : parts.joined(separator: ",")
    }

    public init?(_ text: String) {
        if text == "group" {
            self.init(store: nil)
            return
        }
        guard text.hasPrefix("store=") else {
            self.init(store: nil, breakdown: text)
            return
        }
        let rest = text.dropFirst("store=".count)
        if let comma = rest.firstIndex(of: ",") {
            self.init(store: StoreID(String(rest[..<comma])), breakdown: String(rest[rest.index(after: comma)...]))
        } else {
            self.init(store: StoreID(String(rest)))
        }
    }

    public static func < (lhs: AlertSegment, rhs: AlertSegment) -> Bool { lhs.description < rhs.description }
}

public enum AlertCondition: String, Hashable, Sendable, CaseIterable, Codable {
    case ok
    /// Bad, but not yet for the rule's `for` period.
    case pending
    case firing
    /// Too little data to judge: not the same as fine.
    case noData = "no_data"
    /// Was firing; clear for the rule's clear period since.
    case resolved
}

public enum AlertSeverity: String, Hashable, Sendable, CaseIterable, Codable {
    case warning, critical
}

/// The current state of one rule for one segment, stored so a restart forgets nothing.
public struct AlertStatus: Hashable, Sendable, Codable {
    public var ruleID: String
    public var segment: AlertSegment
    public var condition: AlertCondition
    public var severity: AlertSeverity?
    /// When the current condition began.
    public var since: Timestamp
    /// When the condition turned bad (pending or firing).
    public var breachSince: Timestamp?
    /// While firing: since when it has been clear.
    public var clearSince: Timestamp?
    public var measurement: AlertMeasurement?
    /// When the status or its figures last changed (rounds that change nothing are not stored).
    public var evaluatedAt: Timestamp
    public var acknowledgement: AlertAcknowledgement?
    /// When the last notification about this alert went out.
    public var notifiedAt: Timestamp?

    public init(ruleID: String, segment: AlertSegment, startingAt now: Timestamp) {
        self.ruleID = ruleID
        self.segment = segment
        self.condition = .noData
        self.since = now
        self.evaluatedAt = now
    }

    /// Equal in everything but when it was last evaluated.
    public func sameApartFromEvaluation(as other: AlertStatus) -> Bool {
        var copy = other
        copy.evaluatedAt = evaluatedAt
        return copy == self
    }

    /// `rule:segment`, stable across restarts; the id acknowledgements use.
    public var id: String { "\(ruleID):\(segment)" }
}

/// Who acknowledged a firing alert, and until when repeats stay quiet.
public struct AlertAcknowledgement: Hashable, Sendable, Codable {
    public var by: String
    public var at: Timestamp
    public var comment: String?
    /// After this, an alert still firing notifies again; nil: until it resolves.
    public var until: Timestamp?

    public init(by: String, at: Timestamp, comment: String?, until: Timestamp?) {
        self.by = by
        self.at = at
        self.comment = comment
        self.until = until
    }
}

extension AlertAcknowledgement {
    /// The audit line of this acknowledgement of alert `id`.
    public func auditEntry(for id: String) -> AuditEntry {
        var detail = comment ?? ""
        if let until { detail += (detail.isEmpty ? "" : "; ") + "quiet until \(until.rfc3339)" }
        return AuditEntry(at: at, actor: by, action: "alert.acknowledged", subject: id, detail: detail)
    }
}

/// One change of an alert's condition or severity, with the figures that caused it.
public struct AlertTransition: Hashable, Sendable, Codable {
    public var alertID: String
    public var ruleID: String
    public var segment: AlertSegment
    public var at: Timestamp
    public var from: AlertCondition
    public var to: AlertCondition
    public var severity: AlertSeverity?
    public var measurement: AlertMeasurement?

    public init(
        alertID: String, ruleID: String, segment: AlertSegment, at: Timestamp, from: AlertCondition, to: AlertCondition, severity: AlertSeverity?,
        measurement: AlertMeasurement?
    ) {
        self.alertID = alertID
        self.ruleID = ruleID
        self.segment = segment
        self.at = at
        self.from = from
        self.to = to
        self.severity = severity
        self.measurement = measurement
    }
}

extension AlertStatus {
    /// Moves the status on by one evaluation. Returns the transition when the condition or
    /// the severity of a firing alert changed.
    ///
    /// Bad for the rule's `for` period fires; a firing alert resolves only after being clear
    /// for its clear period, so a value hovering at the threshold fires once and resolves
    /// once. Missing data never resolves a firing alert: silence is not good news.
    public mutating func advance(_ level: AlertLevel, measurement: AlertMeasurement, rule: AlertRule, now: Timestamp) -> AlertTransition? {
        let before = (condition, severity)
        self.measurement = measurement
        evaluatedAt = now
        let bad: AlertSeverity? = switch level {
        case .critical: .critical
        case .warning: .warning
        case .clear, .noData: nil
        }
        switch condition {
        case .firing:
            if let bad {
                clearSince = nil
                severity = bad
            } else if level == .clear {
                let clearStart = clearSince ?? now
                clearSince = clearStart
                if clearStart.seconds(until: now) >= rule.clearForSeconds { move(to: .resolved, at: now) }
            }
        case .pending:
            if let bad {
                severity = bad
                if (breachSince ?? now).seconds(until: now) >= rule.forSeconds { fire(at: now) }
            } else {
                move(to: level == .clear ? .ok : .noData, at: now)
            }
        case .ok, .resolved, .noData:
            if let bad {
                severity = bad
                let began = min(measurement.badSince ?? now, now)
                breachSince = began
                if rule.forSeconds <= 0 || began.seconds(until: now) >= rule.forSeconds {
                    fire(at: now)
                } else {
                    condition = .pending
                    since = now
                }
            } else if level == .clear, condition == .noData {
                move(to: .ok, at: now)
            } else if level == .noData, condition != .noData {
                move(to: .noData, at: now)
            }
        }
        guard before.0 != condition || (condition == .firing && before.1 != severity) else { return nil }
        return AlertTransition(
            alertID: id, ruleID: ruleID, segment: segment, at: now, from: before.0, to: condition, severity: severity, measurement: measurement)
    }

    private mutating func fire(at now: Timestamp) {
        condition = .firing
        since = now
        clearSince = nil
    }

    private mutating func move(to next: AlertCondition, at now: Timestamp) {
        condition = next
        since = now
        severity = nil
        breachSince = nil
        clearSince = nil
        acknowledgement = nil
    }
}

extension AlertSegment {
    /// More stores than this with the same news at once is most likely one cause (a provider's
    /// callbacks, a webhook, the network): the messages, the system tile and the history say it once.
    public static let storesToldApart = 3

    /// Whether these segments reach more stores than are told one by one.
    public static func spanManyStores(_ segments: some Sequence<AlertSegment>) -> Bool {
        Set(segments.compactMap(\.store)).count > storesToldApart
    }
}
