extension AlertMonitor {
    /// Per agent of each store: the leads handed to them in the last week that no person has
    /// answered yet (the speed-to-lead page's "waiting on them"). An agent holding many cannot
    /// answer the next within its SLA, so it is said before the SLAs fail. The roster's agents
    /// and those handed a lead of the week read 0 when nobody waits on them, so an agent's alert
    /// resolves once their leads are answered rather than going quiet.
    func agentsOverloaded(stores: [StoreProfile], rule: AlertRule, now: Timestamp) async throws -> [AlertSegment: AlertMeasurement] {
        guard let leads else { return [:] }
        let since = now.adding(milliseconds: -Int64(SpeedToLeadDesk.queueDays) * Timestamp.millisecondsPerDay)
        let names = configuration.names
        var result: [AlertSegment: AlertMeasurement] = [:]
        for store in stores {
            let loads = SpeedToLeadDesk.loads(
                of: try await leads.leadsAwaitingAgent(since: since, store: store.id), limit: configuration.responseTime.agentWaitingLimit, now: now)
            var agents = Set(loads.keys).union(configuration.roster.agents(at: store.id).map(\.agentID))
            let week = store.calendar.localDate(of: since).daysSinceEpoch...store.calendar.localDate(of: now).daysSinceEpoch
            for row in try await rollups.rollupRows(dimension: .agent, days: week, store: store.id, counters: .only([.handedOff]))
            where !row.cell.value.isEmpty && row.counters[RollupCounter.handedOff.rawValue] > 0 {
                agents.insert(AgentID(row.cell.value))
            }
            for agent in agents {
                let count = loads[agent]?.waiting ?? 0
                result[AlertSegment(store: store.id, breakdown: "agent=\(agent.rawValue)")] = AlertMeasurement(
                    value: Double(count), bound: Double(count), sample: count,
                    note: Self.load(of: names.agent(agent.rawValue), waiting: count, oldest: loads[agent]?.oldestWaitingSince, at: store, now: now))
            }
        }
        return result
    }

    /// "Kevin Lopez holds 14 leads no person has answered; the oldest was handed over 5 Dec 2026
    /// 10:42 CST (2 h 5 min ago)", or "No lead waits on Kevin Lopez".
    static func load(of agent: String, waiting: Int, oldest: Timestamp?, at store: StoreProfile, now: Timestamp) -> String {
        guard waiting > 0 else { return "No lead waits on \(agent)" }
        let held = "\(agent) holds \(KPIFormatting.count(waiting, "lead", "leads")) no person has answered"
        guard let oldest else { return held }
        let age = KPIFormatting.duration(seconds: Double(max(now.millisecondsSinceEpoch - oldest.millisecondsSinceEpoch, 0) / 60_000 * 60))
        return held + "; the \(waiting == 1 ? "lead" : "oldest") was handed over \(clockTime(oldest, on: store)) (\(age) ago)"
    }
}
