/// When a lead came in, and when each of its outcomes first happened.
public struct LeadOutcomeTimes: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID?
    public var createdAt: Timestamp
    public var firstReplyAt: Timestamp?
    public var firstAppointmentSetAt: Timestamp?
    public var optedOutAt: Timestamp?
    public var firstSaleAt: Timestamp?
    /// The last message sent or received of a lead that replied; nil for one that never did.
    public var lastMessageAt: Timestamp?
    /// The earlier of the survey's two questions' standing answers; nil for a lead whose
    /// customer never answered. A customer who answered again is dated by the answer that
    /// stands (the latest), as the figure counts it.
    public var surveyAnsweredAt: Timestamp?
    /// The lead's segments, for delays measured apart; nil when not read.
    public var segments: LeadSegmentNames?

    public init(
        leadID: LeadID, storeID: StoreID?, createdAt: Timestamp, firstReplyAt: Timestamp? = nil, firstAppointmentSetAt: Timestamp? = nil,
        optedOutAt: Timestamp? = nil, firstSaleAt: Timestamp? = nil, lastMessageAt: Timestamp? = nil, surveyAnsweredAt: Timestamp? = nil,
        segments: LeadSegmentNames? = nil
    ) {
        self.leadID = leadID
        self.storeID = storeID
        self.createdAt = createdAt
        self.firstReplyAt = firstReplyAt
        self.firstAppointmentSetAt = firstAppointmentSetAt
        self.optedOutAt = optedOutAt
        self.firstSaleAt = firstSaleAt
        self.lastMessageAt = lastMessageAt
        self.surveyAnsweredAt = surveyAnsweredAt
        self.segments = segments
    }

    /// From a lead's records; nil for a lead whose `lead.created` has not arrived.
    public init?(records: LeadRecords) {
        guard let created = records.state.createdAt else { return nil }
        let profile = records.state.profile
        self.init(
            leadID: records.state.leadID, storeID: records.state.profile?.storeID, createdAt: created, firstReplyAt: records.state.firstInboundAt,
            firstAppointmentSetAt: records.appointments.compactMap(\.setAt).min(), optedOutAt: records.state.optedOutAt,
            firstSaleAt: records.state.firstSaleAt,
            lastMessageAt: records.state.inboundCount > 0 ? records.messages.compactMap(\.at).max() : nil,
            surveyAnsweredAt: [records.state.satisfactionKey?.occurredAt, records.state.recommendKey?.occurredAt].compactMap { $0 }.min(),
            segments: LeadSegmentNames(
                source: profile?.source, campaign: profile?.campaignID?.rawValue, region: profile?.region, agent: records.state.agentID?.rawValue,
                tier: profile?.tier?.rawValue, vehicleCondition: profile?.vehicle?.condition?.rawValue))
    }

    public subscript(outcome: LeadOutcome) -> Timestamp? {
        switch outcome {
        case .reply: firstReplyAt
        case .appointment: firstAppointmentSetAt
        case .optOut: optedOutAt
        case .sale: firstSaleAt
        case .conversationEnd: lastMessageAt
        case .surveyAnswer: surveyAnsweredAt
        }
    }
}
