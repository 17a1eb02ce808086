/// When a lead came in, and when each of its outcomes first happened.
public struct LeadOutcomeTimes: Hashable, Sendable {
    public var leadID: LeadID
    public var storeID: StoreID?
    public var createdAt: Timestamp
    public var firstReplyAt: Timestamp?
    public var firstAppointmentSetAt: Timestamp?
    public var optedOutAt: Timestamp?
    public var firstSaleAt: Timestamp?

    public init(
        leadID: LeadID, storeID: StoreID?, createdAt: Timestamp, firstReplyAt: Timestamp? = nil, firstAppointmentSetAt: Timestamp? = nil,
        optedOutAt: Timestamp? = nil, firstSaleAt: Timestamp? = nil
    ) {
        self.leadID = leadID
        self.storeID = storeID
        self.createdAt = createdAt
        self.firstReplyAt = firstReplyAt
        self.firstAppointmentSetAt = firstAppointmentSetAt
        self.optedOutAt = optedOutAt
        self.firstSaleAt = firstSaleAt
    }

    /// From a lead's records; nil for a lead whose `lead.created` has not arrived.
    public init?(records: LeadRecords) {
        guard let created = records.state.createdAt else { return nil }
        self.init(
            leadID: records.state.leadID, storeID: records.state.profile?.storeID, createdAt: created, firstReplyAt: records.state.firstInboundAt,
            firstAppointmentSetAt: records.appointments.compactMap(\.setAt).min(), optedOutAt: records.state.optedOutAt,
            firstSaleAt: records.state.firstSaleAt)
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
