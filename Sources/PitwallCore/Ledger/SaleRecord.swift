/// One sale. If the same sale id is reported twice with different details, the earliest report stands.
public struct SaleRecord: Hashable, Sendable, Codable {
    public var saleID: SaleID
    public var leadID: LeadID
    public var closedAt: Timestamp
    public var amount: Money
    public var vehicle: Vehicle?
    public var definingKey: EventOrderKey

    public init(saleID: SaleID, leadID: LeadID, closedAt: Timestamp, amount: Money, vehicle: Vehicle?, definingKey: EventOrderKey) {
        self.saleID = saleID
        self.leadID = leadID
        self.closedAt = closedAt
        self.amount = amount
        self.vehicle = vehicle
        self.definingKey = definingKey
    }
}
