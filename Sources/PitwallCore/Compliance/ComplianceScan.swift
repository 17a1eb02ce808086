/// Finds the texts sent after an opt-out among recent leads without loading every lead's
/// messages: the lead states say which leads could have one (texted and opted out, and
/// active since `activeSince`); only those are read in full.
public struct ComplianceScan: Sendable {
    public let leads: any LeadQueryStore
    public let events: any EventStore

    public init(leads: any LeadQueryStore, events: any EventStore) {
        self.leads = leads
        self.events = events
    }

    /// The leads created since `createdSince` (of one store or all) that opted out, each with
    /// its violations (none for a lead whose opt-out was respected), oldest violation first.
    /// Leads quiet since `activeSince` are listed without reading them (and without violations).
    public func optedOutLeads(createdSince: Timestamp, store: StoreID?, activeSince: Timestamp? = nil) async throws -> [(state: LeadState, violations: [ComplianceViolation])] {
        var found: [(state: LeadState, violations: [ComplianceViolation])] = []
        // A violation needs a text to the lead and an opt-out. The state notes every opt-out,
        // recorded or read from a reply by the same classifier the timeline uses (and a file
        // from before the classifier read replies is re-read on upgrade), so a lead that only
        // replied is not read: on a large group those were most of the 30 days' leads.
        let candidates = try await leads.leadsTextedAndOptedOut(since: createdSince, store: store)
        // Quiet since `activeSince`: no violation can be that recent, so its messages need no
        // reading; it still shows that the store has leads whose consent is being watched.
        let isQuiet = { (state: LeadState) in activeSince.map { (state.lastEventAt ?? createdSince) < $0 } ?? false }
        let toRead = candidates.filter { !isQuiet($0) }.map(\.leadID)
        let records = Dictionary(try await events.leadRecords(toRead).map { ($0.state.leadID, $0) }, uniquingKeysWith: { first, _ in first })
        for state in candidates {
            if isQuiet(state) {
                found.append((state, []))
                continue
            }
            guard let records = records[state.leadID] else { continue }
            let timeline = ConsentTimeline(records)
            guard timeline.changes.contains(where: { $0.intent == .optOut }) else { continue }
            found.append((state, timeline.violations(in: records)))
        }
        return found
    }
}

extension LeadState {
    /// Sent at least one text and opted out at least once (perhaps back in since).
    public var wasTextedAndOptedOut: Bool { outboundCount > 0 && optedOutAt != nil }
}
