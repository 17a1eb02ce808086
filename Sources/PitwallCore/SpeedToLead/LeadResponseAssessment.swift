/// How long a lead waited for an answer, measured both ways.
public struct ResponseMeasure: Hashable, Sendable {
    public var respondedAt: Timestamp?
    public var messageID: MessageID?
    public var sender: Sender?
    /// Every second from the start to the response.
    public var wallSeconds: Double?
    /// Only the store's open seconds from the start to the response.
    public var businessSeconds: Double?
    /// Why the duration is unknown, when it is: never 0 in its place.
    public var unknownReason: String?

    public init() {}
}

public enum SLAState: String, Hashable, Sendable {
    /// Not answered yet, inside the SLA.
    case open
    case answeredWithinSLA = "answered_within_sla"
    /// Not answered within the SLA (answered late, or still waiting past it).
    case breached
    /// The start of the clock is not known.
    case unknown
}

/// Why a lead waited longer than it should.
public enum DelayCause: String, Hashable, Sendable {
    /// People took too long.
    case agentDelay = "agent_delay"
    /// The system held the answer up.
    case technical
}

public enum TechnicalReason: String, Hashable, Sendable, CaseIterable {
    /// Texts to the lead failed or were undelivered before one got through.
    case deliveryFailed = "delivery_failed"
    /// A component was reported down or degraded while the lead waited.
    case outage
    /// The lead reached Pitwall long after the CRM received it.
    case ingestionLag = "ingestion_lag"
}

/// One lead's speed-to-lead picture under a policy, at an instant.
public struct LeadResponseAssessment: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID
    public var source: String
    public var region: String?
    public var campaign: String?
    public var vehicleCondition: String?
    public var tier: LeadTier
    public var agentID: AgentID?
    public var createdAt: Timestamp
    /// When the clock started, and on which basis (a `submitted` policy falls back to
    /// `received` when the form time is missing).
    public var start: Timestamp?
    public var startBasis: ResponseTimePolicy.Start
    public var clock: ResponseTimePolicy.Clock
    public var slaSeconds: Double
    public var response: ResponseMeasure
    /// The first answer from a person, reported beside the first answer of any kind.
    public var humanResponse: ResponseMeasure
    public var state: SLAState
    /// Seconds counted by the policy's clock, to the response or, while open, to now.
    public var elapsedSeconds: Double?
    /// Open leads only.
    public var secondsLeft: Double?
    public var escalatesAt: Timestamp?
    public var breachesAt: Timestamp?
    public var cause: DelayCause?
    public var technicalReasons: [TechnicalReason]
    public var calendarVersion: String
    /// The earlier lead this one repeats, when repeat leads are folded.
    public var repeatOf: LeadID?
    public var policyVersion: Int

    /// Share of the SLA used so far (1 = due now).
    public var slaFractionUsed: Double? { elapsedSeconds.map { $0 / slaSeconds } }

    /// Still waiting, and past the share of its SLA at which a lead is escalated.
    public func isEscalated(at fraction: Double) -> Bool { state == .open && (slaFractionUsed ?? 0) >= fraction }

    /// The lead's value of a lead attribute as the rollups name it ("" for none), so the
    /// waiting leads can be narrowed as the charts beside them are; nil for a dimension that
    /// is not one of the lead's own attributes.
    public func value(for dimension: SegmentDimension) -> String? {
        switch dimension {
        case .source: source
        case .campaign: campaign ?? ""
        case .region: region ?? ""
        case .agent: agentID?.rawValue ?? ""
        case .tier: tier.rawValue
        case .vehicleCondition: vehicleCondition ?? ""
        case .all, .hour, .dayType, .responseBucket, .notifiedVia, .sourceResponseBucket: nil
        }
    }

    /// Whether the lead is of `segment` (every lead is of no segment).
    public func isOf(_ segment: SegmentValue?) -> Bool {
        guard let segment else { return true }
        return value(for: segment.dimension) == segment.value
    }
}
