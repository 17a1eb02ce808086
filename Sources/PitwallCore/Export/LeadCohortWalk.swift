extension LeadQueryStore {
    /// The leads created on the local days `from ... to` of their own store, oldest first,
    /// handed over a UTC day at a time so an export of a year never holds a year in memory.
    public func walkLeads(
        createdOn from: CivilDate, through to: CivilDate, store: StoreID?, configuration: PitwallConfiguration,
        _ body: ([(records: LeadRecords, store: StoreProfile)]) async throws -> Void
    ) async throws {
        // Local days reach at most 14 hours either side of the UTC day.
        let utc = StoreProfile.unconfigured("utc").calendar
        var sliceStart = utc.startOfDay(from).adding(milliseconds: -14 * 3_600_000)
        let end = utc.startOfDay(to.adding(days: 1)).adding(milliseconds: 14 * 3_600_000)
        while sliceStart < end {
            let sliceEnd = Swift.min(sliceStart.adding(milliseconds: Timestamp.millisecondsPerDay), end)
            var slice: [(records: LeadRecords, store: StoreProfile)] = []
            for records in try await leads(createdFrom: sliceStart, before: sliceEnd, store: store) {
                guard let profile = records.state.profile, let created = records.state.createdAt else { continue }
                let storeProfile = configuration.store(profile.storeID)
                let day = storeProfile.calendar.localDate(of: created)
                guard day >= from, day <= to else { continue }
                slice.append((records, storeProfile))
            }
            if !slice.isEmpty { try await body(slice) }
            sliceStart = sliceEnd
        }
    }
}
