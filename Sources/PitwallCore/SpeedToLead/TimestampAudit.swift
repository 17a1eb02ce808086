/// Something about a lead's timestamps that cannot be right. Durations built on them would
/// lie, so such leads are listed and counted, and the ones that distort response times are
/// kept out of those figures (see `LeadState.hasUntrustedResponseTime`).
public enum TimestampIntegrityProblem: String, CaseIterable, Hashable, Sendable {
    /// Events arrived for the lead, but its `lead.created` never did.
    case missingLeadCreated = "missing_lead_created"
    /// The first response is dated before the lead's clock started.
    case negativeResponseTime = "negative_response_time"
    /// The form was submitted after the CRM says it received the lead.
    case submittedAfterReceived = "submitted_after_received"
    /// The first response is dated after now.
    case responseInFuture = "response_in_future"
    /// At least one event was dated more than the tolerance after Pitwall received it.
    case datedAfterArrival = "dated_after_arrival"
    /// The lead's latest event is dated more than the tolerance after now.
    case datedInFuture = "dated_in_future"
}

/// One lead with suspect timestamps.
public struct TimestampFinding: Hashable, Sendable {
    public var state: LeadState
    public var problems: [TimestampIntegrityProblem]
    public var source: String { state.profile?.source ?? TimestampAudit.unknownSource }
}

/// Counts for one source.
public struct TimestampSourceShare: Hashable, Sendable {
    public var source: String
    public var leads: Int
    public var flagged: Int
    public var problems: [TimestampIntegrityProblem: Int]
    public var share: Double { leads == 0 ? 0 : Double(flagged) / Double(leads) }
}

/// The data-integrity audit of lead timestamps: which leads, which problems, how common per
/// source. Pure: lead states, the policy's start rule and the time come in.
public struct TimestampAudit: Sendable {
    public static let unknownSource = "(no lead.created)"
    /// A sender's clock a little fast is normal; beyond this it is a data error.
    public static let toleranceMilliseconds = LeadLedger.futureToleranceMilliseconds

    public var leadsChecked: Int
    public var findings: [TimestampFinding]
    public var bySource: [TimestampSourceShare]
    /// Leads whose response time is left out of the response-time figures.
    public var excludedFromResponseTimes: Int

    public init(leads: [LeadState], policy: ResponseTimePolicy, now: Timestamp) {
        var findings: [TimestampFinding] = []
        var shares: [String: TimestampSourceShare] = [:]
        var excluded = 0
        for state in leads {
            let problems = Self.problems(of: state, policy: policy, now: now)
            let source = state.profile?.source ?? Self.unknownSource
            var share = shares[source] ?? TimestampSourceShare(source: source, leads: 0, flagged: 0, problems: [:])
            share.leads += 1
            if !problems.isEmpty {
                share.flagged += 1
                for problem in problems { share.problems[problem, default: 0] += 1 }
                findings.append(TimestampFinding(state: state, problems: problems))
            }
            if state.hasUntrustedResponseTime(policy: policy) { excluded += 1 }
            shares[source] = share
        }
        self.leadsChecked = leads.count
        // Newest first: the problems a manager can still do something about.
        self.findings = findings.sorted {
            ($0.state.createdAt ?? $0.state.lastEventAt ?? .init(millisecondsSinceEpoch: 0), $1.state.leadID)
                > ($1.state.createdAt ?? $1.state.lastEventAt ?? .init(millisecondsSinceEpoch: 0), $0.state.leadID)
        }
        self.bySource = shares.values.sorted { ($0.share, $1.source) > ($1.share, $0.source) }
        self.excludedFromResponseTimes = excluded
    }

    /// Leads flagged for each problem (a lead can have several).
    public var problemCounts: [TimestampIntegrityProblem: Int] {
        var counts: [TimestampIntegrityProblem: Int] = [:]
        for finding in findings { for problem in finding.problems { counts[problem, default: 0] += 1 } }
        return counts
    }

    public static func problems(of state: LeadState, policy: ResponseTimePolicy, now: Timestamp) -> [TimestampIntegrityProblem] {
        var problems: [TimestampIntegrityProblem] = []
        let ahead = now.adding(milliseconds: toleranceMilliseconds)
        if state.profile == nil { problems.append(.missingLeadCreated) }
        if let first = state.firstResponse?.at, let start = policy.start(of: state).at, first < start { problems.append(.negativeResponseTime) }
        if let submitted = state.profile?.submittedAt, let received = state.createdAt, submitted > received { problems.append(.submittedAfterReceived) }
        if let first = state.firstResponse?.at, first > ahead { problems.append(.responseInFuture) }
        if state.futureDatedEvents > 0 { problems.append(.datedAfterArrival) }
        if let last = state.lastEventAt, last > ahead { problems.append(.datedInFuture) }
        return problems
    }
}

extension LeadState {
    /// The lead's first-response time cannot be trusted: the response is dated before the
    /// clock started, or some of the lead's events were dated ahead of their arrival. Such a
    /// lead is counted (`excluded`) instead of being averaged in.
    public func hasUntrustedResponseTime(policy: ResponseTimePolicy) -> Bool {
        guard let first = firstResponse?.at, let start = policy.start(of: self).at else { return false }
        return isUntrusted(response: first, start: start)
    }

    /// A response at `response` to a clock started at `start` cannot be trusted: it is dated
    /// before the start, or some of this lead's events were dated ahead of their arrival.
    public func isUntrusted(response: Timestamp, start: Timestamp) -> Bool {
        response < start || futureDatedEvents > 0
    }
}
