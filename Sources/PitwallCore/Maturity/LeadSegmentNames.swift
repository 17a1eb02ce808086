/// A lead's segment under each dimension whose outcome delays are measured apart
/// (`OutcomeDelays.segmentDimensions`), named as the rollups name it: "" for none.
public struct LeadSegmentNames: Hashable, Sendable {
    public var source: String
    public var campaign: String
    public var region: String
    public var agent: String
    public var tier: String
    public var vehicleCondition: String

    /// Each missing attribute is "", as the rollups file a lead without it.
    public init(
        source: String?, campaign: String? = nil, region: String? = nil, agent: String? = nil, tier: String? = nil, vehicleCondition: String? = nil
    ) {
        self.source = source ?? ""
        self.campaign = campaign ?? ""
        self.region = region ?? ""
        self.agent = agent ?? ""
        self.tier = tier ?? ""
        self.vehicleCondition = vehicleCondition ?? ""
    }

    /// The segment under `dimension`; nil for a dimension not measured apart.
    public subscript(dimension: SegmentDimension) -> String? {
        switch dimension {
        case .source: source
        case .campaign: campaign
        case .region: region
        case .agent: agent
        case .tier: tier
        case .vehicleCondition: vehicleCondition
        case .all, .hour, .dayType, .responseBucket, .notifiedVia, .sourceResponseBucket: nil
        }
    }
}
