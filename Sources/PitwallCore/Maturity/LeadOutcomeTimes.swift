/// When a lead came in, and when each of its outcomes first happened.
public struct LeadOutcomeTimes: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID?
    public var createdAt: Timestamp
    public var firstReplyAt: Timestamp?
    public var firstAppointmentSetAt: Timestamp?
    public var optedOutAt: Timestamp?
    public var firstSaleAt: Timestamp?
    /// The lead's segment under each dimension whose delays are measured apart
    /// (`OutcomeDelays.segmentDimensions`), named as the rollups name it ("" for none).
    public var segments: [SegmentDimension: String]

    public init(
        leadID: LeadID, storeID: StoreID?, createdAt: Timestamp, firstReplyAt: Timestamp? = nil, firstAppointmentSetAt: Timestamp? = nil,
        optedOutAt: Timestamp? = nil, firstSaleAt: Timestamp? = nil, segments: [SegmentDimension: String] = [:]
    ) {
        self.leadID = leadID
        self.storeID = storeID
        self.createdAt = createdAt
        self.firstReplyAt = firstReplyAt
        self.firstAppointmentSetAt = firstAppointmentSetAt
        self.optedOutAt = optedOutAt
        self.firstSaleAt = firstSaleAt
        self.segments = segments
    }

    /// The segments from the lead's stored attributes, each nil read as "" as the rollups file it.
    public static func segments(source: String?, campaign: String?, region: String?, agent: String?, vehicleCondition: String?) -> [SegmentDimension: String] {
        [.source: source ?? "", .campaign: campaign ?? "", .region: region ?? "", .agent: agent ?? "", .vehicleCondition: vehicleCondition ?? ""]
    }

    /// From a lead's records; nil for a lead whose `lead.created` has not arrived.
    public init?(records: LeadRecords) {
        guard let created = records.state.createdAt else { return nil }
        let profile = records.state.profile
        self.init(
            leadID: records.state.leadID, storeID: records.state.profile?.storeID, createdAt: created, firstReplyAt: records.state.firstInboundAt,
            firstAppointmentSetAt: records.appointments.compactMap(\.setAt).min(), optedOutAt: records.state.optedOutAt,
            firstSaleAt: records.state.firstSaleAt,
            segments: Self.segments(
                source: profile?.source, campaign: profile?.campaignID?.rawValue, region: profile?.region, agent: records.state.agentID?.rawValue,
                vehicleCondition: profile?.vehicle?.condition?.rawValue))
    }

    public subscript(outcome: LeadOutcome) -> Timestamp? {
        switch outcome {
        case .reply: firstReplyAt
        case .appointment: firstAppointmentSetAt
        case .optOut: optedOutAt
        case .sale: firstSaleAt
        }
    }
}
