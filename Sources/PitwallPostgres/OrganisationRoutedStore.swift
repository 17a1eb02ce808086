import Foundation
import PitwallCore
import Synchronization

/// The store of a server that serves every organisation in the group database: each call
/// goes to the store of the organisation in `TenantScope`, which the server sets from the
/// caller's token. With no organisation in scope it refuses rather than pick one, so a code
/// path that forgot to say whose data it wants fails loudly instead of reading another
/// organisation's.
public final class OrganisationRoutedStore: PitwallStore {
    public let database: PostgresDatabase
    /// Each organisation's stores and their time zones, for its KPI days.
    let configurations: ConfigurationBook
    /// Each organisation's store, with the version of its configuration it was opened with.
    private let opened = Mutex<[OrganisationID: (store: PostgresStore, version: Int?)]>([:])

    public init(database: PostgresDatabase, configurations: ConfigurationBook) {
        self.database = database
        self.configurations = configurations
    }

    public convenience init(database: PostgresDatabase, configuration: PitwallConfiguration) {
        self.init(database: database, configurations: ConfigurationBook(configuration))
    }

    /// The store of the organisation in scope, opened once, and again when a newer version of
    /// its configuration is in force (opening recounts its rollups if a store moved to
    /// another zone).
    func current() async throws -> PostgresStore {
        guard let organisation = TenantScope.organisation else { throw NoOrganisationInScope() }
        let entry = configurations.entry(for: organisation)
        if let open = opened.withLock({ $0[organisation] }), open.version == entry?.version { return open.store }
        let store = try await PostgresStore.open(database, organisation: organisation, configuration: entry?.configuration ?? configurations.file)
        opened.withLock { $0[organisation] = (store, entry?.version) }
        return store
    }

    public func organisations() async throws -> [OrganisationID] {
        try await database.organisations()
    }

    // MARK: EventStore

    public func ingest(_ batch: PreparedBatch, at ingestedAt: Timestamp) async throws -> [IngestDisposition] {
        try await current().ingest(batch, at: ingestedAt)
    }

    public func leadRecords(_ id: LeadID) async throws -> LeadRecords? { try await current().leadRecords(id) }

    public func leadRecords(_ ids: [LeadID]) async throws -> [LeadRecords] { try await current().leadRecords(ids) }
    public func events(of lead: LeadID) async throws -> [StoredEvent] { try await current().events(of: lead) }
    public func totals() async throws -> StoreTotals { try await current().totals() }

    public func storageFootprint(leadsCreatedSince since: Timestamp) async throws -> StorageFootprint {
        try await current().storageFootprint(leadsCreatedSince: since)
    }

    public func noteStorageSize(at instant: Timestamp) async throws -> Bool {
        try await current().noteStorageSize(at: instant)
    }

    public func systemSignals() async throws -> [SystemSignal] { try await current().systemSignals() }

    public func systemSamples(metric: String, from: Timestamp, to: Timestamp) async throws -> [SystemSample] {
        try await current().systemSamples(metric: metric, from: from, to: to)
    }

    public func ledgerSnapshot() async throws -> LedgerSnapshot { try await current().ledgerSnapshot() }

    // MARK: AccessTokenStore

    /// Saved in the token's own organisation.
    public func saveToken(_ token: AccessToken) async throws {
        try await TenantScope.$organisation.withValue(token.organisation) { try await current().saveToken(token) }
    }

    /// Found in whichever organisation holds it: this is how a request's organisation is learned.
    public func token(secretHash: String) async throws -> AccessToken? { try await database.token(secretHash: secretHash) }

    public func accessTokens() async throws -> [AccessToken] { try await current().accessTokens() }

    /// Found as the request's token was, in whichever organisation holds it.
    public func noteTokenUse(secretHash: String, at instant: Timestamp) async throws {
        try await database.noteTokenUse(secretHash: secretHash, at: instant)
    }

    public func revokeToken(secretHash: String, at instant: Timestamp) async throws -> AccessToken? {
        try await current().revokeToken(secretHash: secretHash, at: instant)
    }

    // MARK: KPIRollupStore

    public func rollupRows(
        dimension: SegmentDimension, value: String?, days: ClosedRange<Int64>, store: StoreID?, counters: RollupCounterSelection
    ) async throws -> [RollupRow] {
        try await current().rollupRows(dimension: dimension, value: value, days: days, store: store, counters: counters)
    }

    public func storesWithLeads() async throws -> [StoreID] { try await current().storesWithLeads() }

    public func recountRollups(of store: StoreID) async throws -> Int { try await current().recountRollups(of: store) }

    // MARK: LeadQueryStore

    public func leads(createdSince since: Timestamp, store: StoreID?, unansweredAt: Timestamp?) async throws -> [LeadRecords] {
        try await current().leads(createdSince: since, store: store, unansweredAt: unansweredAt)
    }

    public func repeatLeads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64) async throws -> [RepeatLead] {
        try await current().repeatLeads(createdFrom: from, before: before, store: store, window: window)
    }

    public func earlierLead(
        at store: StoreID, phoneKey: String?, emailKey: String?, since: Timestamp, before: Timestamp, excluding: LeadID
    ) async throws -> LeadID? {
        try await current().earlierLead(at: store, phoneKey: phoneKey, emailKey: emailKey, since: since, before: before, excluding: excluding)
    }

    public func leadStates(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await current().leadStates(since: since, store: store)
    }

    public func latestLeadArrival(at store: StoreID, source: String?, since: Timestamp) async throws -> Timestamp? {
        try await current().latestLeadArrival(at: store, source: source, since: since)
    }

    public func sentMessageReceipts(sentFrom from: Timestamp, before: Timestamp) async throws -> [SentMessageReceipt] {
        try await current().sentMessageReceipts(sentFrom: from, before: before)
    }

    public func templatedConversations(sentFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadConversation] {
        try await current().templatedConversations(sentFrom: from, before: before, store: store)
    }

    public func leadsAwaitingAgent(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await current().leadsAwaitingAgent(since: since, store: store)
    }

    public func leadStates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await current().leadStates(createdFrom: from, before: before, store: store)
    }

    public func followUpCandidates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [FollowUpCandidate] {
        try await current().followUpCandidates(createdFrom: from, before: before, store: store)
    }

    public func leadStates(of ids: [LeadID]) async throws -> [LeadState] {
        try await current().leadStates(of: ids)
    }

    public func leadOutcomeTimes(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadOutcomeTimes] {
        try await current().leadOutcomeTimes(createdFrom: from, before: before, store: store)
    }

    public func leadsTextedAndOptedOut(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await current().leadsTextedAndOptedOut(since: since, store: store)
    }

    public func leads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadRecords] {
        try await current().leads(createdFrom: from, before: before, store: store)
    }

    public func lead(sentMessage messageID: MessageID) async throws -> LeadID? { try await current().lead(sentMessage: messageID) }

    public func newestLead(at store: StoreID, phoneKey: String, since: Timestamp) async throws -> LeadID? {
        try await current().newestLead(at: store, phoneKey: phoneKey, since: since)
    }

    // MARK: EscalationStore

    public func escalations(openOnly: Bool, store: StoreID?) async throws -> [Escalation] {
        try await current().escalations(openOnly: openOnly, store: store)
    }

    public func escalations(ids: [String]) async throws -> [Escalation] { try await current().escalations(ids: ids) }

    public func record(_ changes: EscalationChanges) async throws { try await current().record(changes) }

    public func acknowledge(_ id: String, by actor: String, comment: String?, at: Timestamp) async throws -> Escalation? {
        try await current().acknowledge(id, by: actor, comment: comment, at: at)
    }

    public func auditLog(after sequence: Int64, limit: Int) async throws -> [AuditEntry] { try await current().auditLog(after: sequence, limit: limit) }
    public func latestAuditEntries(limit: Int) async throws -> [AuditEntry] { try await current().latestAuditEntries(limit: limit) }

    // MARK: AlertStore

    public func alertStatuses() async throws -> [AlertStatus] { try await current().alertStatuses() }

    public func recordAlerts(_ statuses: [AlertStatus], transitions: [AlertTransition], audit: [AuditEntry]) async throws {
        try await current().recordAlerts(statuses, transitions: transitions, audit: audit)
    }

    public func alertHistory(after sequence: Int64, limit: Int, alertID: String?) async throws -> [RecordedAlertTransition] {
        try await current().alertHistory(after: sequence, limit: limit, alertID: alertID)
    }

    public func latestAlertHistory(limit: Int) async throws -> [RecordedAlertTransition] { try await current().latestAlertHistory(limit: limit) }

    public func acknowledgeAlert(_ id: String, _ acknowledgement: AlertAcknowledgement) async throws -> AlertStatus? {
        try await current().acknowledgeAlert(id, acknowledgement)
    }

    public func silences(endingAfter instant: Timestamp) async throws -> [AlertSilence] { try await current().silences(endingAfter: instant) }
    public func addSilence(_ silence: AlertSilence) async throws { try await current().addSilence(silence) }

    public func endSilence(_ id: String, by actor: String, at instant: Timestamp) async throws -> AlertSilence? {
        try await current().endSilence(id, by: actor, at: instant)
    }

    // MARK: HeldCallbackStore

    public func hold(_ callback: HeldCallback) async throws { try await current().hold(callback) }
    public func heldCallbacks(limit: Int) async throws -> [HeldCallback] { try await current().heldCallbacks(limit: limit) }
    public func release(_ keys: [String]) async throws { try await current().release(keys) }

    // MARK: CoachingLog

    public func coachingSessions(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [CoachingSession] {
        try await current().coachingSessions(days: days, store: store)
    }

    public func recordCoaching(_ session: CoachingSession) async throws { try await current().recordCoaching(session) }

    public func editCoaching(_ session: CoachingSession, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        try await current().editCoaching(session, by: actor, at: instant)
    }

    public func removeCoaching(_ id: String, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        try await current().removeCoaching(id, by: actor, at: instant)
    }

    // MARK: DelayLog

    public func reportedDelays(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ReportedDelay] {
        try await current().reportedDelays(days: days, store: store)
    }

    public func recordDelay(_ delay: ReportedDelay) async throws { try await current().recordDelay(delay) }

    public func editDelay(_ delay: ReportedDelay, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        try await current().editDelay(delay, by: actor, at: instant)
    }

    public func removeDelay(_ id: String, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        try await current().removeDelay(id, by: actor, at: instant)
    }

    // MARK: ChangeLog

    public func processChanges(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ProcessChange] {
        try await current().processChanges(days: days, store: store)
    }

    public func recordChange(_ change: ProcessChange) async throws { try await current().recordChange(change) }

    public func editChange(_ change: ProcessChange, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        try await current().editChange(change, by: actor, at: instant)
    }

    public func removeChange(_ id: String, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        try await current().removeChange(id, by: actor, at: instant)
    }
}

/// A store serving several organisations was called with none in scope: a bug, refused.
public struct NoOrganisationInScope: Error, CustomStringConvertible {
    public var description: String { "no organisation in scope: the group database is only read on behalf of a token's organisation" }
}
