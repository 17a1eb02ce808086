/// What the pages call the CRM's identifiers: a lead source or a campaign by the name the
/// configuration gives it ("Cars.com" for `cars_com`), an agent by the routing roster's name
/// ("Maria Lopez" for `lkt-maria`). Anything not named shows as sent. The API, exports and links keep the
/// identifiers: scripts and sheets join on them.
public struct DisplayNames: Hashable, Sendable {
    public var sources: [String: String]
    public var campaigns: [String: String]
    public var agents: [String: String]

    public init(sources: [String: String] = [:], campaigns: [String: String] = [:], agents: [String: String] = [:]) {
        self.sources = sources
        self.campaigns = campaigns
        self.agents = agents
    }

    public func source(_ id: String) -> String { sources[id] ?? id }

    public func campaign(_ id: String) -> String { campaigns[id] ?? id }

    public func agent(_ id: String) -> String { agents[id] ?? id }

    public func agent(_ id: AgentID) -> String { agent(id.rawValue) }

    /// The segments that can have names; the rest (tiers, regions, hours) are their own.
    public static let namedDimensions: Set<SegmentDimension> = [.source, .campaign, .agent]

    /// A segment's value as the pages show it: sources, campaigns and agents by name, the
    /// leads whose wait cannot be told as "clock problems", the rest as sent.
    public func value(_ value: String, of dimension: SegmentDimension) -> String {
        switch dimension {
        case .source: source(value)
        case .campaign: campaign(value)
        case .agent: agent(value)
        case .responseBucket where value == ResponseBucket.unknown.rawValue: Self.clockProblems
        default: value
        }
    }

    /// The response bucket of leads whose clocks disagree (`unknown`), as the pages name it.
    public static let clockProblems = "clock problems"
}
