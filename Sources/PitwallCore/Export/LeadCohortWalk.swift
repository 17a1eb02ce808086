extension LeadQueryStore {
    /// The leads created on the local days `from ... to` of their own store, oldest first,
    /// handed over a UTC day at a time so an export of a year never holds a year in memory.
    public func walkLeads(
        createdOn from: CivilDate, through to: CivilDate, store: StoreID?, configuration: PitwallConfiguration,
        _ body: ([(records: LeadRecords, store: StoreProfile)]) async throws -> Void
    ) async throws {
        try await walk(
            from: from, to: to, configuration: configuration, read: { try await leads(createdFrom: $0, before: $1, store: store) },
            place: { Self.place($0.state) }
        ) { try await body($0.map { (records: $0.item, store: $0.store) }) }
    }

    /// As `walkLeads`, with the leads' states alone: for questions about who the leads are
    /// (their contact details, source, store), not what was said to them.
    public func walkLeadStates(
        createdOn from: CivilDate, through to: CivilDate, store: StoreID?, configuration: PitwallConfiguration,
        _ body: ([(state: LeadState, store: StoreProfile)]) async throws -> Void
    ) async throws {
        try await walk(
            from: from, to: to, configuration: configuration, read: { try await leadStates(createdFrom: $0, before: $1, store: store) },
            place: { Self.place($0) }
        ) { try await body($0.map { (state: $0.item, store: $0.store) }) }
    }

    /// As `walkLeadStates`, with what the follow-ups list ranks of each lead alone.
    public func walkFollowUpCandidates(
        createdOn from: CivilDate, through to: CivilDate, store: StoreID?, configuration: PitwallConfiguration,
        _ body: ([FollowUpCandidate]) async throws -> Void
    ) async throws {
        try await walk(
            from: from, to: to, configuration: configuration, read: { try await followUpCandidates(createdFrom: $0, before: $1, store: store) },
            place: { ($0.storeID, $0.createdAt) }
        ) { try await body($0.map(\.item)) }
    }

    private static func place(_ state: LeadState) -> (store: StoreID, createdAt: Timestamp)? {
        guard let profile = state.profile, let created = state.createdAt else { return nil }
        return (profile.storeID, created)
    }

    private func walk<Item>(
        from: CivilDate, to: CivilDate, configuration: PitwallConfiguration, read: (Timestamp, Timestamp) async throws -> [Item],
        place: (Item) -> (store: StoreID, createdAt: Timestamp)?, _ body: ([(item: Item, store: StoreProfile)]) async throws -> Void
    ) async throws {
        // Local days reach at most 14 hours either side of the UTC day.
        let utc = StoreProfile.unconfigured("utc").calendar
        var sliceStart = utc.startOfDay(from).adding(milliseconds: -14 * 3_600_000)
        let end = utc.startOfDay(to.adding(days: 1)).adding(milliseconds: 14 * 3_600_000)
        while sliceStart < end {
            let sliceEnd = Swift.min(sliceStart.adding(milliseconds: Timestamp.millisecondsPerDay), end)
            var slice: [(item: Item, store: StoreProfile)] = []
            var profiles: [StoreID: StoreProfile] = [:]
            for item in try await read(sliceStart, sliceEnd) {
                guard let (storeID, created) = place(item) else { continue }
                let storeProfile = profiles[storeID] ?? configuration.store(storeID)
                profiles[storeID] = storeProfile
                let day = storeProfile.calendar.localDate(of: created)
                guard day >= from, day <= to else { continue }
                slice.append((item, storeProfile))
            }
            if !slice.isEmpty { try await body(slice) }
            sliceStart = sliceEnd
        }
    }
}
