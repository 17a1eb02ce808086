import Foundation

/// What the advisor knows about one agent's recent work at the store.
public struct AgentActivity: Hashable, Sendable {
    /// Assigned leads no person has answered yet.
    public var waiting: Int
    /// The latest assignment to this agent.
    public var lastAssignedAt: Timestamp?

    public init(waiting: Int = 0, lastAssignedAt: Timestamp? = nil) {
        self.waiting = waiting
        self.lastAssignedAt = lastAssignedAt
    }
}

/// One agent's standing for the next lead.
public struct RoutingCandidate: Hashable, Sendable {
    public var agent: RosterAgent
    public var onShift: Bool
    /// When the current shift ends, for an agent on shift.
    public var shiftEndsAt: Timestamp?
    /// When the next shift starts, for an agent off shift (within two weeks).
    public var nextShiftAt: Timestamp?
    public var takesTier: Bool
    public var waiting: Int
    public var lastAssignedAt: Timestamp?
    /// Holding as many waiting leads as the policy allows: passed over while others are free.
    public var atLimit: Bool
}

/// The advice for one new lead.
public struct RoutingAdvice: Hashable, Sendable {
    public var storeID: StoreID
    public var tier: LeadTier
    public var rule: AgentRoster.Rule
    /// Nil when nobody on shift takes this tier.
    public var chosen: RoutingCandidate?
    /// Why, in words a manager can check.
    public var reason: String
    /// Every agent of the store, in roster order.
    public var candidates: [RoutingCandidate]
    /// When nobody is on shift: the first agent whose shift starts next.
    public var nextOnShift: RoutingCandidate?
}

/// Picks the agent for a new lead under the roster's rule. Pure: the roster, the store's
/// calendar, the agents' activity and the time come in. The advice is only advice: the
/// assignment still arrives as a `lead.assigned` event, and that event moves the rotation.
public struct RoutingAdvisor: Sendable {
    public var roster: AgentRoster
    /// Agents holding this many waiting leads are passed over while someone else is free.
    public var waitingLimit: Int

    public init(roster: AgentRoster, waitingLimit: Int) {
        self.roster = roster
        self.waitingLimit = waitingLimit
    }

    public func advise(store: StoreProfile, tier: LeadTier, activity: [AgentID: AgentActivity], now: Timestamp) -> RoutingAdvice {
        let candidates = roster.agents(at: store.id).map { agent in
            candidate(agent, store: store, tier: tier, activity: activity[agent.agentID] ?? AgentActivity(), now: now)
        }
        var advice = RoutingAdvice(storeID: store.id, tier: tier, rule: roster.rule, chosen: nil, reason: "", candidates: candidates, nextOnShift: nil)
        let eligible = candidates.filter { $0.onShift && $0.takesTier }
        guard !eligible.isEmpty else {
            let upcoming = candidates.filter { $0.takesTier && $0.nextShiftAt != nil }
                .min { ($0.nextShiftAt!, $0.agent.agentID) < ($1.nextShiftAt!, $1.agent.agentID) }
            advice.nextOnShift = upcoming
            let onShift = candidates.filter(\.onShift).count
            var reason = switch onShift {
            case 0: "no agent is on shift now"
            case 1: "the one agent on shift does not take \(tier.rawValue) leads"
            default: "none of the \(onShift) agents on shift takes \(tier.rawValue) leads"
            }
            if let upcoming, let at = upcoming.nextShiftAt {
                reason += "; \(upcoming.agent.name) starts next, \(Self.localDescription(of: at, in: store))"
            }
            advice.reason = reason
            return advice
        }
        let free = eligible.filter { !$0.atLimit }
        let pool = free.isEmpty ? eligible : free
        let passedOver = eligible.count - free.count
        switch roster.rule {
        case .leastLoaded:
            // Fewest waiting; then the one who has waited longest for a lead; then roster order.
            let chosen = pool.min { lhs, rhs in
                let left = (lhs.waiting, lhs.lastAssignedAt?.millisecondsSinceEpoch ?? .min)
                let right = (rhs.waiting, rhs.lastAssignedAt?.millisecondsSinceEpoch ?? .min)
                return left < right
            }!
            advice.chosen = chosen
            advice.reason = "fewest leads waiting (\(chosen.waiting)) among \(pool.count) agent\(pool.count == 1 ? "" : "s") on shift"
        case .roundRobin:
            let chosen = nextInRotation(pool: pool, all: candidates)
            advice.chosen = chosen
            advice.reason = "next in rotation among \(pool.count) agent\(pool.count == 1 ? "" : "s") on shift"
        }
        if passedOver > 0 {
            advice.reason += free.isEmpty
                ? "; every agent on shift already holds \(waitingLimit) or more waiting leads"
                : "; \(passedOver) passed over for holding \(waitingLimit) or more waiting leads"
        }
        return advice
    }

    /// The first agent of `pool` after the one who was assigned most recently, in roster
    /// order, wrapping around.
    func nextInRotation(pool: [RoutingCandidate], all: [RoutingCandidate]) -> RoutingCandidate {
        let latest = all.filter { $0.lastAssignedAt != nil }
            .max { ($0.lastAssignedAt!, $0.agent.agentID) < ($1.lastAssignedAt!, $1.agent.agentID) }
        guard let latest, let position = all.firstIndex(of: latest) else { return pool[0] }
        let order = all[(position + 1)...] + all[...position]
        return order.first { pool.contains($0) } ?? pool[0]
    }

    /// "Tue 2026-11-24 08:00 (America/Chicago)": a time as the store's staff read it.
    static func localDescription(of instant: Timestamp, in store: StoreProfile) -> String {
        let (date, minute) = store.calendar.localTime(of: instant)
        let weekday = LocalTimeFormatting.weekdayNames[date.isoWeekday - 1]
        return "\(weekday) \(date) \(LocalTimeFormatting.clock(minute)) (\(store.timeZone.identifier))"
    }

    func candidate(_ agent: RosterAgent, store: StoreProfile, tier: LeadTier, activity: AgentActivity, now: Timestamp) -> RoutingCandidate {
        let schedule = agent.schedule(in: store)
        let current = schedule.openIntervals(from: now, to: now.adding(milliseconds: 2 * Timestamp.millisecondsPerDay)).first
        let onShift = current.map { $0.lowerBound == now } ?? false
        return RoutingCandidate(
            agent: agent, onShift: onShift, shiftEndsAt: onShift ? current?.upperBound : nil,
            nextShiftAt: onShift ? nil : schedule.nextOpening(atOrAfter: now, horizonDays: 14), takesTier: agent.takes(tier),
            waiting: activity.waiting, lastAssignedAt: activity.lastAssignedAt, atLimit: activity.waiting >= waitingLimit)
    }
}
