extension SpeedToLeadDesk {
    /// Which agent on shift should take a new lead at `store` now; nil when the roster
    /// names no agent there.
    public func routingAdvice(store: StoreID, tier: LeadTier, now: Timestamp) async throws -> RoutingAdvice? {
        guard !configuration.roster.agents(at: store).isEmpty else { return nil }
        let advisor = RoutingAdvisor(roster: configuration.roster, waitingLimit: policy.agentWaitingLimit)
        return advisor.advise(store: configuration.store(store), tier: tier, activity: try await agentActivity(store: store, now: now), now: now)
    }

    /// Per agent, from the store's leads of the last week: how many wait for a person's
    /// answer (as in the agent load), and when the agent was last given a lead.
    func agentActivity(store: StoreID, now: Timestamp) async throws -> [AgentID: AgentActivity] {
        let since = now.adding(milliseconds: -Int64(Self.queueDays) * Timestamp.millisecondsPerDay)
        var activity: [AgentID: AgentActivity] = [:]
        for state in try await leads.leadStates(since: since, store: store) {
            guard let agent = state.agentID else { continue }
            var entry = activity[agent] ?? AgentActivity()
            if let at = state.assignedAt { entry.lastAssignedAt = Swift.max(entry.lastAssignedAt ?? at, at) }
            if state.isWaitingForAgent { entry.waiting += 1 }
            activity[agent] = entry
        }
        return activity
    }
}

extension LeadState {
    /// Assigned, not yet answered by a person, and still worth answering (not opted out, not sold).
    public var isWaitingForAgent: Bool {
        agentID != nil && profile != nil && firstAgentResponseAt == nil && !isOptedOut && salesCount == 0
    }
}

extension SpeedToLeadDesk {
    /// The timestamp audit of the leads of the last `days` days.
    public func timestampAudit(days: Int, store: StoreID?, now: Timestamp) async throws -> TimestampAudit {
        let since = now.adding(milliseconds: -Int64(days) * Timestamp.millisecondsPerDay)
        return TimestampAudit(leads: try await leads.leadStates(since: since, store: store), policy: policy, now: now)
    }
}

extension SpeedToLeadDesk {
    /// The response-time table of the leads created on the local days `from ... to` of their
    /// own store, oldest first, a UTC day at a time.
    public func responseTimeRows(
        from: CivilDate, to: CivilDate, store: StoreID?, now: Timestamp, _ emit: ([[TableCell]]) async throws -> Void
    ) async throws {
        let assessor = try await assessor()
        try await leads.walkLeads(createdOn: from, through: to, store: store, configuration: configuration) { slice in
            let repeats = try await earlierLeads(of: slice.map(\.records.state), store: store)
            var rows: [[TableCell]] = []
            for (records, profileOfStore) in slice {
                let repeatOf = repeats[records.state.leadID]
                guard let assessment = assessor.assess(records, store: profileOfStore, now: now, repeatOf: repeatOf) else { continue }
                rows.append(ResponseTimeTable.row(assessment, submittedAt: records.state.profile?.submittedAt))
            }
            if !rows.isEmpty { try await emit(rows) }
        }
    }
}

extension SpeedToLeadDesk {
    /// `earlierLead(of:)` for many leads at once: one statement over the time they span, where
    /// a lead at a time made a year's export 633,000 queries (153 s for the year).
    func earlierLeads(of states: [LeadState], store: StoreID?) async throws -> [LeadID: LeadID] {
        guard policy.foldRepeatLeads, policy.repeatWindowDays > 0 else { return [:] }
        let created = states.compactMap(\.createdAt)
        guard let first = created.min(), let last = created.max() else { return [:] }
        let wanted = Set(states.map(\.leadID))
        let found = try await leads.repeatLeads(
            createdFrom: first, before: last.adding(milliseconds: 1), store: store,
            window: Int64(policy.repeatWindowDays) * Timestamp.millisecondsPerDay)
        return Dictionary(found.filter { wanted.contains($0.leadID) }.map { ($0.leadID, $0.earlierLeadID) }, uniquingKeysWith: { first, _ in first })
    }
}
