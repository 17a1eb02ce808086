import PitwallCore

/// The repeat leads of a window's local days, by source, as the contacts page and
/// `GET /v1/contacts/quality` show them.
enum RepeatLeadReading {
    /// `leads`: each source's leads of the window (from the contact tallies); `source`, when
    /// the page is narrowed to one.
    static func report(
        _ window: ClosedRange<CivilDate>, store: StoreID?, source: String?, leads: [String: Int], store reader: any LeadQueryStore,
        configuration: PitwallConfiguration
    ) async throws -> RepeatLeadReport {
        let repeats = try await self.repeats(window, store: store, source: source, reader: reader, configuration: configuration)
        return RepeatLeadReport(repeats: repeats, leads: leads, windowDays: configuration.repeatLeadDays)
    }

    /// The repeat leads created on the window's local days (each on its own store's
    /// calendar), oldest first; none when the repeat window is 0 days.
    static func repeats(
        _ window: ClosedRange<CivilDate>, store: StoreID?, source: String?, reader: any LeadQueryStore, configuration: PitwallConfiguration
    ) async throws -> [RepeatLead] {
        let days = configuration.repeatLeadDays
        guard days > 0 else { return [] }
        let instants = window.instantsInAnyZone
        return try await reader.repeatLeads(createdFrom: instants.lowerBound, before: instants.upperBound, store: store, window: Int64(days) * Timestamp.millisecondsPerDay)
            .filter { lead in
                window.contains(configuration.store(lead.storeID).calendar.localDate(of: lead.createdAt)) && (source == nil || lead.source == source)
            }
    }
}
