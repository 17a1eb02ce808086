/// The ways KPIs can be broken down by the lead's own attributes.
public enum SegmentDimension: String, CaseIterable, Hashable, Sendable {
    /// No breakdown: the whole store.
    case all
    case source, campaign, region, agent, tier
    case vehicleCondition = "vehicle_condition"
}

/// Which segment of each dimension a lead falls in. A lead is counted in its store and day
/// under every dimension at once, so any breakdown reads pre-added numbers.
public struct LeadSegment: Hashable, Sendable {
    public var store: StoreID
    public var source: String
    public var campaign: String?
    public var region: String?
    public var agent: String?
    public var tier: String?
    public var vehicleCondition: String?

    public init(state: LeadState) {
        let profile = state.profile
        store = profile?.storeID ?? ""
        source = profile?.source ?? ""
        campaign = profile?.campaignID?.rawValue
        region = profile?.region
        agent = state.agentID?.rawValue
        tier = profile?.tier?.rawValue
        vehicleCondition = profile?.vehicle?.condition?.rawValue
    }

    /// The segment's name under a dimension; "" when the lead has no value for it.
    public func value(for dimension: SegmentDimension) -> String {
        switch dimension {
        case .all: ""
        case .source: source
        case .campaign: campaign ?? ""
        case .region: region ?? ""
        case .agent: agent ?? ""
        case .tier: tier ?? ""
        case .vehicleCondition: vehicleCondition ?? ""
        }
    }
}

/// One pre-added bucket: a dimension's segment, at one store, on one local day of that store.
public struct RollupCell: Hashable, Sendable {
    public var dimension: SegmentDimension
    public var value: String
    public var store: StoreID
    /// The store's local date, as days since 1970-01-01.
    public var day: Int64

    public init(dimension: SegmentDimension, value: String, store: StoreID, day: Int64) {
        self.dimension = dimension
        self.value = value
        self.store = store
        self.day = day
    }
}
