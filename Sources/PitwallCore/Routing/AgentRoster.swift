/// Who can take new leads at each store, and when: the BDC's shift plan, from the
/// configuration (`routing:`).
public struct AgentRoster: Hashable, Sendable {
    /// How the next lead is handed out among the agents on shift.
    public enum Rule: String, CaseIterable, Hashable, Sendable {
        /// In roster order, starting after the agent who was assigned the last lead.
        case roundRobin = "round_robin"
        /// To the agent with the fewest leads waiting for a person's answer.
        case leastLoaded = "least_loaded"
    }

    public var rule: Rule
    public var agents: [RosterAgent]

    public init(rule: Rule = .leastLoaded, agents: [RosterAgent] = []) {
        self.rule = rule
        self.agents = agents
    }

    /// The agents of one store, in roster order.
    public func agents(at store: StoreID) -> [RosterAgent] {
        agents.filter { $0.storeID == store }
    }
}

/// One agent as the roster knows them.
public struct RosterAgent: Hashable, Sendable {
    public var agentID: AgentID
    public var name: String
    public var storeID: StoreID
    /// Weekly shifts, in the store's time zone; the same notation as store hours, so split
    /// and overnight shifts work.
    public var shifts: WeeklyHours
    /// Dates the agent does not work (leave, training), in the store's time zone.
    public var daysOff: Set<CivilDate>
    /// The tiers this agent takes; all tiers when empty.
    public var tiers: Set<LeadTier>

    public init(
        agentID: AgentID, name: String? = nil, storeID: StoreID, shifts: WeeklyHours, daysOff: Set<CivilDate> = [], tiers: Set<LeadTier> = []
    ) {
        self.agentID = agentID
        self.name = name ?? agentID.rawValue
        self.storeID = storeID
        self.shifts = shifts
        self.daysOff = daysOff
        self.tiers = tiers
    }

    public func takes(_ tier: LeadTier) -> Bool { tiers.isEmpty || tiers.contains(tier) }

    /// The agent's working time as a calendar in the store's zone, with the same DST and
    /// overnight handling as store hours.
    public func schedule(in store: StoreProfile) -> BusinessCalendar {
        BusinessCalendar(store: StoreProfile(id: store.id, name: name, timeZone: store.timeZone, hours: shifts, holidays: daysOff))
    }
}
