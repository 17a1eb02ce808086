import PitwallCore

/// Reads limited to the stores in `TenantScope.stores`, for tokens that name some: every
/// lead, escalation, alert, silence, coaching session, change and KPI row of another store is left out, and a record
/// asked for by id answers nil (so 404), as if it did not exist; audit lines show only for
/// its stores' escalations, alerts and silences. Events about another store's leads are
/// refused (`StoreWriteLimit`). With no limit in scope every call goes straight through.
struct StoreRestrictedStore: PitwallStore {
    let base: any PitwallStore

    private var limited: Bool { TenantScope.stores != nil }

    private func allowed(_ records: LeadRecords) -> Bool { TenantScope.allows(records.state.profile?.storeID) }

    // MARK: EventStore

    func ingest(_ batch: PreparedBatch, at ingestedAt: Timestamp) async throws -> [IngestDisposition] {
        guard let stores = TenantScope.stores else { return try await base.ingest(batch, at: ingestedAt) }
        var storedLeadStores: [LeadID: StoreID] = [:]
        for records in try await base.leadRecords(Array(StoreWriteLimit.leads(of: batch.events))) {
            if let store = records.state.profile?.storeID { storedLeadStores[records.state.leadID] = store }
        }
        let permitted = StoreWriteLimit.permitted(batch.events, stores: stores, storedLeadStores: storedLeadStores)
        var written = try await base.ingest(batch.keeping(permitted), at: ingestedAt).makeIterator()
        return permitted.map { $0 ? written.next() ?? .duplicate : .outsideTokenStores }
    }

    func leadRecords(_ id: LeadID) async throws -> LeadRecords? {
        try await base.leadRecords(id).flatMap { allowed($0) ? $0 : nil }
    }

    func leadRecords(_ ids: [LeadID]) async throws -> [LeadRecords] {
        try await base.leadRecords(ids).filter(allowed)
    }

    func events(of lead: LeadID) async throws -> [StoredEvent] {
        guard limited else { return try await base.events(of: lead) }
        guard try await leadRecords(lead) != nil else { return [] }
        return try await base.events(of: lead)
    }

    func totals() async throws -> StoreTotals { try await base.totals() }

    func storageFootprint(leadsCreatedSince since: Timestamp) async throws -> StorageFootprint {
        try await base.storageFootprint(leadsCreatedSince: since)
    }

    func noteStorageSize(at instant: Timestamp) async throws -> Bool {
        try await base.noteStorageSize(at: instant)
    }

    func systemSignals() async throws -> [SystemSignal] {
        try await base.systemSignals().filter { $0.status.storeID == nil || TenantScope.allows($0.status.storeID) }
    }

    func systemSamples(metric: String, from: Timestamp, to: Timestamp) async throws -> [SystemSample] {
        try await base.systemSamples(metric: metric, from: from, to: to).filter { $0.reading.storeID == nil || TenantScope.allows($0.reading.storeID) }
    }

    func ledgerSnapshot() async throws -> LedgerSnapshot {
        let snapshot = try await base.ledgerSnapshot()
        guard limited else { return snapshot }
        let leads = snapshot.leads.filter { TenantScope.allows($0.profile?.storeID) }
        let ids = Set(leads.map(\.leadID))
        return LedgerSnapshot(
            leads: leads, messages: snapshot.messages.filter { ids.contains($0.leadID) },
            appointments: snapshot.appointments.filter { ids.contains($0.leadID) }, sales: snapshot.sales.filter { ids.contains($0.leadID) },
            complaints: snapshot.complaints.filter { ids.contains($0.leadID) }, signals: try await systemSignals(),
            samples: snapshot.samples.filter { $0.reading.storeID == nil || TenantScope.allows($0.reading.storeID) })
    }

    // MARK: AccessTokenStore

    func saveToken(_ token: AccessToken) async throws { try await base.saveToken(token) }
    func token(secretHash: String) async throws -> AccessToken? { try await base.token(secretHash: secretHash) }

    func noteTokenUse(secretHash: String, at instant: Timestamp) async throws { try await base.noteTokenUse(secretHash: secretHash, at: instant) }

    /// A token limited to some stores sees only tokens limited to some of those; it may not
    /// revoke one that reaches further than itself.
    func accessTokens() async throws -> [AccessToken] { try await base.accessTokens().filter(reachesNoFurther) }

    func revokeToken(secretHash: String, at instant: Timestamp) async throws -> AccessToken? {
        guard let token = try await base.token(secretHash: secretHash), reachesNoFurther(token) else { return nil }
        return try await base.revokeToken(secretHash: secretHash, at: instant)
    }

    private func reachesNoFurther(_ token: AccessToken) -> Bool {
        guard limited else { return true }
        guard let stores = token.stores else { return false }
        return stores.allSatisfy { TenantScope.allows($0) }
    }

    // MARK: DashboardSessionStore (no store's data: the token behind a session is checked apart)

    func saveSession(_ session: StoredSession) async throws { try await base.saveSession(session) }
    func renewSession(idHash: String, expiresAt: Timestamp) async throws -> Bool { try await base.renewSession(idHash: idHash, expiresAt: expiresAt) }
    func session(idHash: String) async throws -> StoredSession? { try await base.session(idHash: idHash) }
    func deleteSession(idHash: String) async throws { try await base.deleteSession(idHash: idHash) }
    func deleteSessions(of tokenHash: String, expiredBefore instant: Timestamp) async throws -> Int {
        try await base.deleteSessions(of: tokenHash, expiredBefore: instant)
    }

    // MARK: IdempotencyRecordStore (the key's hash names the token; no store's data)

    func claimIdempotencyKey(_ record: IdempotencyRecord, forgettingBefore: Timestamp) async throws -> IdempotencyRecord? {
        try await base.claimIdempotencyKey(record, forgettingBefore: forgettingBefore)
    }
    func finishIdempotentRequest(keyHash: String, status: Int, body: String) async throws {
        try await base.finishIdempotentRequest(keyHash: keyHash, status: status, body: body)
    }
    func releaseIdempotencyKey(keyHash: String) async throws { try await base.releaseIdempotencyKey(keyHash: keyHash) }
    func takeOverIdempotencyKey(_ record: IdempotencyRecord, abandonedBefore: Timestamp) async throws -> Bool {
        try await base.takeOverIdempotencyKey(record, abandonedBefore: abandonedBefore)
    }

    // MARK: KPIRollupStore

    func rollupRows(
        dimension: SegmentDimension, value: String?, days: ClosedRange<Int64>, store: StoreID?, counters: RollupCounterSelection
    ) async throws -> [RollupRow] {
        if let store, !TenantScope.allows(store) { return [] }
        let rows = try await base.rollupRows(dimension: dimension, value: value, days: days, store: store, counters: counters)
        return limited ? rows.filter { TenantScope.allows($0.cell.store) } : rows
    }

    func storesWithLeads() async throws -> [StoreID] { try await base.storesWithLeads().filter { TenantScope.allows($0) } }

    /// Another store's days are not this token's to touch: nothing is counted, as if it had no leads.
    func recountRollups(of store: StoreID) async throws -> Int {
        guard TenantScope.allows(store) else { return 0 }
        return try await base.recountRollups(of: store)
    }

    // MARK: LeadQueryStore

    func leads(createdSince since: Timestamp, store: StoreID?, unansweredAt: Timestamp?) async throws -> [LeadRecords] {
        if let store, !TenantScope.allows(store) { return [] }
        return try await base.leads(createdSince: since, store: store, unansweredAt: unansweredAt).filter(allowed)
    }

    func repeatLeads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64) async throws -> [RepeatLead] {
        if let store, !TenantScope.allows(store) { return [] }
        let repeats = try await base.repeatLeads(createdFrom: from, before: before, store: store, window: window)
        return limited ? repeats.filter { TenantScope.allows($0.storeID) } : repeats
    }

    func earlierLead(
        at store: StoreID, phoneKey: String?, emailKey: String?, since: Timestamp, before: Timestamp, excluding: LeadID
    ) async throws -> LeadID? {
        guard TenantScope.allows(store) else { return nil }
        return try await base.earlierLead(at: store, phoneKey: phoneKey, emailKey: emailKey, since: since, before: before, excluding: excluding)
    }

    func latestLeadArrival(at store: StoreID, source: String?, since: Timestamp) async throws -> Timestamp? {
        guard TenantScope.allows(store) else { return nil }
        return try await base.latestLeadArrival(at: store, source: source, since: since)
    }

    func sentMessageReceipts(sentFrom from: Timestamp, before: Timestamp) async throws -> [SentMessageReceipt] {
        try await base.sentMessageReceipts(sentFrom: from, before: before).filter { TenantScope.allows($0.storeID) }
    }

    func templatedConversations(sentFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadConversation] {
        if let store, !TenantScope.allows(store) { return [] }
        let conversations = try await base.templatedConversations(sentFrom: from, before: before, store: store)
        return limited ? conversations.filter { TenantScope.allows($0.storeID) } : conversations
    }

    /// Lead states a base read gives for `store` (or every store), kept to the token's stores.
    private func states(of store: StoreID?, _ read: () async throws -> [LeadState]) async throws -> [LeadState] {
        if let store, !TenantScope.allows(store) { return [] }
        let states = try await read()
        return limited ? states.filter { TenantScope.allows($0.profile?.storeID) } : states
    }

    func leadStates(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await states(of: store) { try await base.leadStates(since: since, store: store) }
    }

    func leadsAwaitingAgent(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await states(of: store) { try await base.leadsAwaitingAgent(since: since, store: store) }
    }

    func handOffsAwaitingPickup(since: Timestamp, handedOffSince: Timestamp, store: StoreID?) async throws -> [HandOffAwaitingPickup] {
        if let store, !TenantScope.allows(store) { return [] }
        return try await base.handOffsAwaitingPickup(since: since, handedOffSince: handedOffSince, store: store).filter { TenantScope.allows($0.storeID) }
    }

    func leadStates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await states(of: store) { try await base.leadStates(createdFrom: from, before: before, store: store) }
    }

    func followUpCandidates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [FollowUpCandidate] {
        if let store, !TenantScope.allows(store) { return [] }
        let candidates = try await base.followUpCandidates(createdFrom: from, before: before, store: store)
        return limited ? candidates.filter { TenantScope.allows($0.storeID) } : candidates
    }

    func leadStates(of ids: [LeadID]) async throws -> [LeadState] {
        try await states(of: nil) { try await base.leadStates(of: ids) }
    }

    func leadOutcomeTimes(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadOutcomeTimes] {
        if let store, !TenantScope.allows(store) { return [] }
        let times = try await base.leadOutcomeTimes(createdFrom: from, before: before, store: store)
        return limited ? times.filter { TenantScope.allows($0.storeID) } : times
    }

    func leadsTextedAndOptedOut(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await states(of: store) { try await base.leadsTextedAndOptedOut(since: since, store: store) }
    }

    func leads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadRecords] {
        if let store, !TenantScope.allows(store) { return [] }
        return try await base.leads(createdFrom: from, before: before, store: store).filter(allowed)
    }

    func lead(sentMessage messageID: MessageID) async throws -> LeadID? {
        guard let lead = try await base.lead(sentMessage: messageID) else { return nil }
        guard limited else { return lead }
        return try await leadRecords(lead) == nil ? nil : lead
    }

    func newestLead(at store: StoreID, phoneKey: String, since: Timestamp) async throws -> LeadID? {
        guard TenantScope.allows(store) else { return nil }
        return try await base.newestLead(at: store, phoneKey: phoneKey, since: since)
    }

    // MARK: EscalationStore

    func escalations(openOnly: Bool, store: StoreID?) async throws -> [Escalation] {
        if let store, !TenantScope.allows(store) { return [] }
        return try await base.escalations(openOnly: openOnly, store: store).filter { TenantScope.allows($0.storeID) }
    }

    func escalations(ids: [String]) async throws -> [Escalation] {
        try await base.escalations(ids: ids).filter { TenantScope.allows($0.storeID) }
    }

    func record(_ changes: EscalationChanges) async throws { try await base.record(changes) }

    func acknowledge(_ id: String, by actor: String, comment: String?, at: Timestamp) async throws -> Escalation? {
        if limited, try await escalations(ids: [id]).isEmpty { return nil }
        return try await base.acknowledge(id, by: actor, comment: comment, at: at)
    }

    func auditLog(after sequence: Int64, limit: Int) async throws -> [AuditEntry] {
        guard limited else { return try await base.auditLog(after: sequence, limit: limit) }
        // Pages of the whole log until `limit` readable entries are found, so a client paging
        // by the last sequence it got never mistakes a page of other stores' lines for the end.
        var entries: [AuditEntry] = []
        var cursor = sequence
        var readable = try await readableStandingSubjects()
        while entries.count < limit {
            let page = try await base.auditLog(after: cursor, limit: limit)
            try await decideEscalations(named: page, in: &readable)
            entries += page.filter { readable.allows($0) }.prefix(limit - entries.count)
            guard page.count == limit, let last = page.last else { break }
            cursor = last.sequence
        }
        return entries
    }

    func latestAuditEntries(limit: Int) async throws -> [AuditEntry] {
        guard limited else { return try await base.latestAuditEntries(limit: limit) }
        let latest = try await base.latestAuditEntries(limit: limit * 20)
        var readable = try await readableStandingSubjects()
        try await decideEscalations(named: latest, in: &readable)
        return Array(latest.filter { readable.allows($0) }.prefix(limit))
    }

    /// Which audit subjects the caller may read: its stores' (a silence of every store is the
    /// group's, not a store's; a token is its stores' when it reads no others, as the token
    /// list shows). Alerts (one a KPI and segment), silences (set by hand) and tokens stay
    /// few, and are read whole, once a request; escalations, one for every lead left waiting,
    /// are read a page of the log at a time, by the ids its lines name.
    private func readableStandingSubjects() async throws -> AuditSubjects {
        var subjects = AuditSubjects()
        for status in try await base.alertStatuses() { subjects.decide(status.id, readable: TenantScope.allows(status.segment.store)) }
        for silence in try await base.silences(endingAfter: Timestamp(millisecondsSinceEpoch: .min)) {
            subjects.decide(silence.id, readable: TenantScope.allows(silence.store))
        }
        for token in try await accessTokens() { subjects.decide(token.id, readable: true) }
        for session in try await base.coachingSessions(days: nil, store: nil) { subjects.decide(session.id, readable: TenantScope.allows(session.store)) }
        for change in try await base.processChanges(days: nil, store: nil) { subjects.decide(change.id, readable: change.store.map(TenantScope.allows) ?? true) }
        for delay in try await base.reportedDelays(days: nil, store: nil) { subjects.decide(delay.id, readable: TenantScope.allows(delay.store)) }
        return subjects
    }

    private func decideEscalations(named entries: [AuditEntry], in subjects: inout AuditSubjects) async throws {
        let named = Set(entries.flatMap(AuditSubjects.subjects(of:)))
        for escalation in try await base.escalations(ids: Array(named)) {
            subjects.decide(escalation.id, readable: TenantScope.allows(escalation.storeID))
        }
    }

    // MARK: AlertStore

    func alertStatuses() async throws -> [AlertStatus] {
        try await base.alertStatuses().filter { !limited || TenantScope.allows($0.segment.store) }
    }

    func recordAlerts(_ statuses: [AlertStatus], transitions: [AlertTransition], audit: [AuditEntry]) async throws {
        try await base.recordAlerts(statuses, transitions: transitions, audit: audit)
    }

    func alertHistory(after sequence: Int64, limit: Int, alertID: String?) async throws -> [RecordedAlertTransition] {
        try await base.alertHistory(after: sequence, limit: limit, alertID: alertID).filter { !limited || TenantScope.allows($0.transition.segment.store) }
    }

    func latestAlertHistory(limit: Int) async throws -> [RecordedAlertTransition] {
        try await base.latestAlertHistory(limit: limit).filter { !limited || TenantScope.allows($0.transition.segment.store) }
    }

    func acknowledgeAlert(_ id: String, _ acknowledgement: AlertAcknowledgement) async throws -> AlertStatus? {
        if limited, try await alertStatuses().contains(where: { $0.id == id }) == false { return nil }
        return try await base.acknowledgeAlert(id, acknowledgement)
    }

    func silences(endingAfter instant: Timestamp) async throws -> [AlertSilence] {
        try await base.silences(endingAfter: instant).filter { !limited || TenantScope.allows($0.store) }
    }

    func addSilence(_ silence: AlertSilence) async throws { try await base.addSilence(silence) }

    func endSilence(_ id: String, by actor: String, at instant: Timestamp) async throws -> AlertSilence? {
        if limited, try await silences(endingAfter: Timestamp(millisecondsSinceEpoch: .min)).contains(where: { $0.id == id }) == false { return nil }
        return try await base.endSilence(id, by: actor, at: instant)
    }

    // MARK: HeldCallbackStore

    func hold(_ callback: HeldCallback) async throws { try await base.hold(callback) }
    func heldCallbacks(limit: Int) async throws -> [HeldCallback] { try await base.heldCallbacks(limit: limit) }
    func release(_ keys: [String]) async throws { try await base.release(keys) }

    // MARK: CoachingLog

    func coachingSessions(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [CoachingSession] {
        try await base.coachingSessions(days: days, store: store).filter { !limited || TenantScope.allows($0.store) }
    }

    /// The caller checks the store first (`StoreWriteLimit`), as for silences.
    func recordCoaching(_ session: CoachingSession) async throws { try await base.recordCoaching(session) }

    /// The caller checks the store it is moved to (`StoreWriteLimit`).
    func editCoaching(_ session: CoachingSession, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        if limited, try await coachingSessions(days: nil, store: nil).contains(where: { $0.id == session.id }) == false { return nil }
        return try await base.editCoaching(session, by: actor, at: instant)
    }

    func removeCoaching(_ id: String, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        if limited, try await coachingSessions(days: nil, store: nil).contains(where: { $0.id == id }) == false { return nil }
        return try await base.removeCoaching(id, by: actor, at: instant)
    }

    // MARK: DelayLog

    func reportedDelays(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ReportedDelay] {
        try await base.reportedDelays(days: days, store: store).filter { !limited || TenantScope.allows($0.store) }
    }

    /// The caller checks the store first (`StoreWriteLimit`), as for coaching.
    func recordDelay(_ delay: ReportedDelay) async throws { try await base.recordDelay(delay) }

    func editDelay(_ delay: ReportedDelay, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        if limited, try await reportedDelays(days: nil, store: nil).contains(where: { $0.id == delay.id }) == false { return nil }
        return try await base.editDelay(delay, by: actor, at: instant)
    }

    func removeDelay(_ id: String, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        if limited, try await reportedDelays(days: nil, store: nil).contains(where: { $0.id == id }) == false { return nil }
        return try await base.removeDelay(id, by: actor, at: instant)
    }

    // MARK: ChangeLog

    /// A rooftop's manager sees their stores' changes and those of every store, which apply to theirs.
    func processChanges(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ProcessChange] {
        try await base.processChanges(days: days, store: store).filter { !limited || $0.store.map(TenantScope.allows) ?? true }
    }

    /// The caller checks the store first (`StoreWriteLimit`), as for silences.
    func recordChange(_ change: ProcessChange) async throws { try await base.recordChange(change) }

    /// A change of every store is not a rooftop manager's to edit; the caller checks the store
    /// it is moved to (`StoreWriteLimit`).
    func editChange(_ change: ProcessChange, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        if limited, try await processChanges(days: nil, store: nil).contains(where: { $0.id == change.id && $0.store != nil }) == false { return nil }
        return try await base.editChange(change, by: actor, at: instant)
    }

    /// A change of every store is not a rooftop manager's to remove.
    func removeChange(_ id: String, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        if limited, try await processChanges(days: nil, store: nil).contains(where: { $0.id == id && $0.store != nil }) == false { return nil }
        return try await base.removeChange(id, by: actor, at: instant)
    }
}

/// Which audit subjects a store-limited caller may read. A line is readable when every
/// subject it names (a notification names several alerts, comma-separated) is; a subject
/// Pitwall cannot place in a store (a token, something deleted) is not.
struct AuditSubjects {
    private var readable: Set<String> = []

    mutating func decide(_ subject: String, readable isReadable: Bool) {
        if isReadable { readable.insert(subject) }
    }

    func allows(_ entry: AuditEntry) -> Bool {
        let subjects = Self.subjects(of: entry)
        return !subjects.isEmpty && subjects.allSatisfy(readable.contains)
    }

    static func subjects(of entry: AuditEntry) -> [String] {
        entry.subject.split(separator: ",").map(String.init)
    }
}
