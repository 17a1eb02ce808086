/// The last few minutes at one store.
public struct RollingResponseView: Hashable, Sendable {
    public var storeID: StoreID
    /// Leads whose first response fell in the window.
    public var answered: Int
    /// By the policy's clock.
    public var meanSeconds: Double?
    public var medianSeconds: Double?
    public var medianWallSeconds: Double?
    /// Leads whose SLA ran out in the window without a response by then.
    public var breaches: Int
    /// Leads waiting now.
    public var waiting: Int
}

/// One agent's load now.
public struct AgentLoad: Hashable, Sendable {
    public var agentID: AgentID
    public var storeID: StoreID
    /// Leads assigned to the agent in the last week that no person has answered yet.
    public var waiting: Int
    public var oldestWaitingSince: Timestamp?
    /// More waiting leads than the policy's limit: the agent needs help.
    public var overLimit: Bool
}

extension SpeedToLeadDesk {
    /// Per store, the leads answered in the last `minutes` (mean and median response time)
    /// and the breaches in that time; of one segment's leads (a source, a tier, ...) when given.
    public func rollingView(minutes: Int, store: StoreID?, segment: SegmentValue? = nil, now: Timestamp) async throws -> [RollingResponseView] {
        let windowStart = now.adding(milliseconds: -Int64(minutes) * 60_000)
        // A lead answered in the window may have come in the evening before. One answered
        // before the window opened counts for nothing here: not answered in it, not breached
        // in it, not waiting.
        let candidates = try await leads.leads(
            createdSince: now.adding(milliseconds: -2 * Timestamp.millisecondsPerDay), store: store,
            unansweredAt: policy.usesStandardResponders ? windowStart : nil)
        let assessor = try await assessor()
        var byStore: [StoreID: (elapsed: [Double], wall: [Double], breaches: Int, waiting: Int)] = [:]
        let configuration = self.configuration  // looked up once, not once a lead
        for id in configuration.stores.map(\.id) where store == nil || store == id { byStore[id] = ([], [], 0, 0) }
        for records in candidates {
            guard let profile = records.state.profile,
                  let assessment = assessor.assess(records, store: configuration.store(profile.storeID), now: now), assessment.isOf(segment)
            else { continue }
            var entry = byStore[assessment.storeID] ?? ([], [], 0, 0)
            if let at = assessment.response.respondedAt, at > windowStart, at <= now, let elapsed = assessment.elapsedSeconds {
                entry.elapsed.append(elapsed)
                if let wall = assessment.response.wallSeconds { entry.wall.append(wall) }
            }
            if let due = assessment.breachesAt, due > windowStart, due <= now, assessment.response.respondedAt.map({ $0 > due }) ?? true {
                entry.breaches += 1
            }
            if assessment.response.respondedAt == nil, assessment.state == .open || assessment.state == .breached { entry.waiting += 1 }
            byStore[assessment.storeID] = entry
        }
        return byStore.keys.sorted().map { id in
            let entry = byStore[id]!
            return RollingResponseView(
                storeID: id, answered: entry.elapsed.count,
                meanSeconds: entry.elapsed.isEmpty ? nil : entry.elapsed.reduce(0, +) / Double(entry.elapsed.count),
                medianSeconds: Self.median(entry.elapsed), medianWallSeconds: Self.median(entry.wall), breaches: entry.breaches, waiting: entry.waiting)
        }
    }

    /// Per agent, the assigned leads of the last week that no person has answered yet.
    public func agentLoad(store: StoreID?, now: Timestamp) async throws -> [AgentLoad] {
        let since = now.adding(milliseconds: -Int64(Self.queueDays) * Timestamp.millisecondsPerDay)
        return Self.loads(of: try await leads.leadsAwaitingAgent(since: since, store: store), limit: policy.agentWaitingLimit, now: now).values
            .sorted { ($0.waiting, $1.agentID) > ($1.waiting, $0.agentID) }
    }

    /// Per agent, how many of `waiting` (leads waiting for a person's answer) they hold and
    /// since when the oldest was theirs: for the page and the agent-load alert alike.
    public static func loads(of waiting: [LeadState], limit: Int, now: Timestamp) -> [AgentID: AgentLoad] {
        var loads: [AgentID: AgentLoad] = [:]
        for state in waiting {
            guard let agent = state.agentID, let profile = state.profile else { continue }
            var load = loads[agent] ?? AgentLoad(agentID: agent, storeID: profile.storeID, waiting: 0, oldestWaitingSince: nil, overLimit: false)
            load.waiting += 1
            load.oldestWaitingSince = Swift.min(load.oldestWaitingSince ?? .init(millisecondsSinceEpoch: .max), state.assignedAt ?? state.createdAt ?? now)
            load.overLimit = load.waiting > limit
            loads[agent] = load
        }
        return loads
    }

    /// The lower median, as the scorecard reports it.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return values.sorted()[(values.count - 1) / 2]
    }
}
