import Foundation
import PitwallCore

/// A store that keeps everything in memory: the executable specification the real backends
/// are held to by the contract suite, and a fast store for tests of other parts.
///
/// Its KPI rollups are counted afresh from the whole ledger on every query, a different
/// road from the real stores' incremental updates, so the contract suite compares the two.
public actor MemoryStore: EventStore, AccessTokenStore, KPIRollupStore, LeadQueryStore, EscalationStore, AlertStore, HeldCallbackStore,
    DashboardSessionStore, IdempotencyRecordStore, CoachingLog, ChangeLog, DelayLog {
    private var bodies: [EventID: String] = [:]
    private var stored: [EventID: StoredEvent] = [:]
    private var ledger = LeadLedger()
    private var tokens: [String: AccessToken] = [:]
    private var sessions: [String: StoredSession] = [:]
    var idempotentRequests: [String: IdempotencyRecord] = [:]
    private var escalationsByID: [String: Escalation] = [:]
    private var audit: [AuditEntry] = []
    private var alertStatusesByID: [String: AlertStatus] = [:]
    private var alertTransitions: [RecordedAlertTransition] = []
    private var silencesByID: [String: AlertSilence] = [:]
    private var coachingByID: [String: CoachingSession] = [:]
    private var delaysByID: [String: ReportedDelay] = [:]
    private var changesByID: [String: ProcessChange] = [:]
    private var held: [String: HeldCallback] = [:]
    private let resolver: LocalDayResolver
    /// The disk a test says this store sits on; nil: none, as a memory store has.
    private var disk: (databaseBytes: Int64, freeBytes: Int64, totalBytes: Int64)?
    /// The latest backup a test says was noted.
    private var backup: BackupRun?
    private var drill: RestoreDrill?
    private var storageSizes: [CivilDate: StorageSize] = [:]

    public init(configuration: PitwallConfiguration = PitwallConfiguration()) {
        resolver = LocalDayResolver(configuration: configuration)
    }

    public func ingest(_ batch: PreparedBatch, at ingestedAt: Timestamp) async throws -> [IngestDisposition] {
        zip(zip(batch.events, batch.bodies), batch.arrivals(default: ingestedAt)).map { pair, arrival in
            let (event, body) = pair
            if let existing = bodies[event.id] { return existing == body ? .duplicate : .conflict }
            bodies[event.id] = body
            stored[event.id] = StoredEvent(event: event, ingestedAt: arrival)
            ledger.apply(event, ingestedAt: arrival)
            return .accepted
        }
    }

    public func leadRecords(_ id: LeadID) async throws -> LeadRecords? {
        ledger.recordsByLead()[id]
    }

    public func events(of lead: LeadID) async throws -> [StoredEvent] {
        stored.values.filter { $0.event.leadID == lead }.sorted { $0.event.orderKey < $1.event.orderKey }
    }

    public func totals() async throws -> StoreTotals {
        StoreTotals(events: stored.count, leads: ledger.leads.values.filter { $0.createdAt != nil }.count)
    }

    public func storageFootprint(leadsCreatedSince since: Timestamp) async throws -> StorageFootprint {
        let created = ledger.leads.values.compactMap(\.createdAt)
        let recent = created.filter { $0 >= since }.count
        let first = StorageSize.day(of: since)
        let sizes = storageSizes.values.filter { !($0.day < first) }.sorted { $0.day < $1.day }
        guard let disk else {
            return StorageFootprint(backend: .memory, leads: created.count, recentLeads: recent, lastBackup: backup, lastDrill: drill, sizes: sizes)
        }
        return StorageFootprint(
            backend: .sqlite, databaseBytes: disk.databaseBytes, reusableBytes: 0, volumeFreeBytes: disk.freeBytes, volumeTotalBytes: disk.totalBytes,
            leads: created.count, recentLeads: recent, lastBackup: backup, lastDrill: drill, sizes: sizes)
    }

    /// Notes the pretended database's bytes (`pretendDisk`), or the stored events' count as
    /// bytes when nothing is pretended: something that grows as events come in.
    public func noteStorageSize(at instant: Timestamp) async throws -> Bool {
        let day = StorageSize.day(of: instant)
        guard storageSizes[day] == nil else { return false }
        storageSizes[day] = StorageSize(day: day, usedBytes: disk?.databaseBytes ?? Int64(stored.count))
        return true
    }

    /// Makes the store answer as if these sizes had been noted (replacing any of the same day):
    /// weeks of history for tests, which a server would take weeks to note.
    public func pretendSizes(_ sizes: [StorageSize]) {
        for size in sizes { storageSizes[size.day] = size }
    }

    /// Makes the store answer as a SQLite file of `databaseBytes` on a disk with `freeBytes`
    /// of `totalBytes` free: for tests of what a filling disk does, which a real disk cannot
    /// be made to do on cue.
    public func pretendDisk(databaseBytes: Int64, freeBytes: Int64, totalBytes: Int64) {
        disk = (databaseBytes, freeBytes, totalBytes)
    }

    /// Makes the store answer as if `run` were the latest backup noted in it.
    public func pretendBackup(_ run: BackupRun) {
        backup = run
    }

    /// Makes the store answer as if `drill` were the latest restore drill noted in it.
    public func pretendDrill(_ drill: RestoreDrill) {
        self.drill = drill
    }

    public func systemSignals() async throws -> [SystemSignal] {
        ledger.signals.values.sorted { ($0.at, $0.eventID) < ($1.at, $1.eventID) }
    }

    public func systemSamples(metric: String, from: Timestamp, to: Timestamp) async throws -> [SystemSample] {
        ledger.samples.values.filter { $0.reading.metric == metric && $0.at >= from && $0.at < to }.sorted { ($0.at, $0.eventID) < ($1.at, $1.eventID) }
    }

    public func ledgerSnapshot() async throws -> LedgerSnapshot {
        LedgerSnapshot(ledger)
    }

    public func rollupRows(
        dimension: SegmentDimension, value: String?, days: ClosedRange<Int64>, store: StoreID?, counters: RollupCounterSelection
    ) async throws -> [RollupRow] {
        var cells: [RollupCell: RollupMetrics] = [:]
        for records in ledger.recordsByLead().values {
            for (cell, metrics) in records.contributions(resolver: resolver)
            where cell.dimension == dimension && days.contains(cell.day) && (store == nil || cell.store == store) && (value == nil || cell.value == value) {
                cells[cell, default: RollupMetrics()].add(metrics)
            }
        }
        return cells.filter { !$0.value.isZero }.map { cell, metrics in
            RollupRow(cell: cell, counters: metrics.counters, responseTimes: metrics.responseTimes.encoded, pickupTimes: metrics.pickupTimes.encoded)
        }
    }

    public func storesWithLeads() async throws -> [StoreID] {
        Set(ledger.leads.values.compactMap { $0.profile?.storeID }).sorted()
    }

    /// Counted afresh at every read: nothing to count again.
    public func recountRollups(of store: StoreID) async throws -> Int {
        ledger.leads.values.filter { $0.profile?.storeID == store }.count
    }

    public func leads(createdSince since: Timestamp, store: StoreID?, unansweredAt: Timestamp?) async throws -> [LeadRecords] {
        ledger.recordsByLead().values
            .filter { records in
                guard let created = records.state.createdAt, created >= since else { return false }
                return (store == nil || records.state.profile?.storeID == store) && (unansweredAt.map { instant in records.state.firstResponse.map { $0.at > instant } ?? true } ?? true)
            }
            .sorted { ($0.state.createdAt!, $0.state.leadID) < ($1.state.createdAt!, $1.state.leadID) }
    }

    public func leads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadRecords] {
        ledger.recordsByLead().values
            .filter { records in
                guard let created = records.state.createdAt, created >= from, created < before else { return false }
                return store == nil || records.state.profile?.storeID == store
            }
            .sorted { ($0.state.createdAt!, $0.state.leadID) < ($1.state.createdAt!, $1.state.leadID) }
    }

    public func leadStates(of ids: [LeadID]) async throws -> [LeadState] {
        ids.compactMap { ledger.leads[$0] }
    }

    public func leadStates(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        ledger.leads.values
            .filter { lead in
                if let created = lead.createdAt { return created >= since && (store == nil || lead.profile?.storeID == store) }
                return store == nil && (lead.lastEventAt.map { $0 >= since } ?? false)
            }
            .sorted { $0.leadID < $1.leadID }
    }

    public func earlierLead(
        at store: StoreID, phoneKey: String?, emailKey: String?, since: Timestamp, before: Timestamp, excluding: LeadID
    ) async throws -> LeadID? {
        ledger.leads.values
            .filter { lead in
                guard let profile = lead.profile, let created = lead.createdAt, lead.leadID != excluding, profile.storeID == store,
                      created >= since, created < before
                else { return false }
                let phone = ContactKey.phone(profile.contact?.phone)
                let email = ContactKey.email(profile.contact?.email)
                return (phoneKey != nil && phone == phoneKey) || (emailKey != nil && email == emailKey)
            }
            .min { ($0.createdAt!, $0.leadID) < ($1.createdAt!, $1.leadID) }?.leadID
    }

    public func repeatLeads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64) async throws -> [RepeatLead] {
        let created = ledger.leads.values.filter { $0.profile != nil && $0.createdAt != nil }
        return created.compactMap { lead -> RepeatLead? in
            guard let profile = lead.profile, let at = lead.createdAt, at >= from, at < before, store == nil || profile.storeID == store,
                  let earlier = created.filter({ RepeatLead.matches(lead, earlier: $0, window: window) })
                    .min(by: { ($0.createdAt!, $0.leadID) < ($1.createdAt!, $1.leadID) })
            else { return nil }
            return RepeatLead(
                leadID: lead.leadID, storeID: profile.storeID, source: profile.source, cost: profile.cost, createdAt: at,
                earlierLeadID: earlier.leadID, earlierSource: earlier.profile?.source ?? "", earlierCreatedAt: earlier.createdAt!)
        }
        .sorted { ($0.createdAt, $0.leadID) < ($1.createdAt, $1.leadID) }
    }

    public func lead(sentMessage messageID: MessageID) async throws -> LeadID? {
        ledger.messages[MessageKey(messageID, .outbound)]?.leadID
    }

    public func newestLead(at store: StoreID, phoneKey: String, since: Timestamp) async throws -> LeadID? {
        ledger.leads.values
            .filter { lead in
                guard let profile = lead.profile, let created = lead.createdAt else { return false }
                return profile.storeID == store && created >= since && ContactKey.phone(profile.contact?.phone) == phoneKey
            }
            .max { ($0.createdAt!, $0.leadID) < ($1.createdAt!, $1.leadID) }?.leadID
    }

    public func escalations(openOnly: Bool, store: StoreID?) async throws -> [Escalation] {
        escalationsByID.values
            .filter { (!openOnly || $0.isOpen) && (store == nil || $0.storeID == store) }
            .sorted { ($0.raisedAt, $1.id) > ($1.raisedAt, $0.id) }
    }

    public func escalations(ids: [String]) async throws -> [Escalation] {
        Set(ids).compactMap { escalationsByID[$0] }
    }

    public func record(_ changes: EscalationChanges) async throws {
        for escalation in changes.raised + changes.resolved { escalationsByID[escalation.id] = escalation }
        appendAudit(changes.audit)
    }

    public func acknowledge(_ id: String, by actor: String, comment: String?, at: Timestamp) async throws -> Escalation? {
        guard var escalation = escalationsByID[id] else { return nil }
        guard escalation.acknowledgedAt == nil else { return escalation }
        escalation.acknowledgedAt = at
        escalation.acknowledgedBy = actor
        escalation.comment = comment
        escalationsByID[id] = escalation
        appendAudit([AuditEntry(at: at, actor: actor, action: "escalation.acknowledged", subject: id, detail: comment ?? "")])
        return escalation
    }

    public func auditLog(after sequence: Int64, limit: Int) async throws -> [AuditEntry] {
        Array(audit.filter { $0.sequence > sequence }.prefix(limit))
    }

    public func latestAuditEntries(limit: Int) async throws -> [AuditEntry] {
        Array(audit.reversed().prefix(limit))
    }

    /// Puts `record`'s fields in place of the one recorded under its id, as the stores do.
    private func edit<Record: HandKeptRecord>(_ record: Record, in records: inout [String: Record], by actor: String, at instant: Timestamp) -> Record? {
        guard let recorded = records[record.id] else { return nil }
        let edited = record.replacing(recorded)
        records[record.id] = edited
        appendAudit([edited.editAuditEntry(from: recorded, by: actor, at: instant)])
        return edited
    }

    private func appendAudit(_ entries: [AuditEntry]) {
        for var entry in entries {
            entry.sequence = Int64(audit.count + 1)
            audit.append(entry)
        }
    }

    public func saveToken(_ token: AccessToken) async throws {
        tokens[token.secretHash] = token
    }

    public func saveSession(_ session: StoredSession) async throws {
        // As the databases do: a session saved again keeps its token and takes the new expiry.
        sessions[session.idHash] = StoredSession(
            idHash: session.idHash, tokenHash: sessions[session.idHash]?.tokenHash ?? session.tokenHash, expiresAt: session.expiresAt)
    }

    public func renewSession(idHash: String, expiresAt: Timestamp) async throws -> Bool {
        guard sessions[idHash] != nil else { return false }
        sessions[idHash]?.expiresAt = expiresAt
        return true
    }

    public func session(idHash: String) async throws -> StoredSession? { sessions[idHash] }

    public func claimIdempotencyKey(_ record: IdempotencyRecord, forgettingBefore: Timestamp) async throws -> IdempotencyRecord? {
        idempotentRequests = idempotentRequests.filter { $0.value.caller != record.caller || $0.value.createdAt >= forgettingBefore }
        if let existing = idempotentRequests[record.keyHash] { return existing }
        idempotentRequests[record.keyHash] = IdempotencyRecord(
            keyHash: record.keyHash, caller: record.caller, fingerprint: record.fingerprint, createdAt: record.createdAt)
        return nil
    }

    public func finishIdempotentRequest(keyHash: String, status: Int, body: String) async throws {
        idempotentRequests[keyHash]?.status = status
        idempotentRequests[keyHash]?.body = body
    }

    public func releaseIdempotencyKey(keyHash: String) async throws {
        if idempotentRequests[keyHash]?.isFinished == false { idempotentRequests[keyHash] = nil }
    }

    public func takeOverIdempotencyKey(_ record: IdempotencyRecord, abandonedBefore: Timestamp) async throws -> Bool {
        guard let held = idempotentRequests[record.keyHash], !held.isFinished, held.createdAt < abandonedBefore else { return false }
        idempotentRequests[record.keyHash]?.fingerprint = record.fingerprint
        idempotentRequests[record.keyHash]?.createdAt = record.createdAt
        return true
    }

    public func deleteSession(idHash: String) async throws { sessions[idHash] = nil }

    @discardableResult
    public func deleteSessions(of tokenHash: String, expiredBefore instant: Timestamp) async throws -> Int {
        let expired = sessions.values.filter { $0.tokenHash == tokenHash && $0.expiresAt < instant }.map(\.idHash)
        for idHash in expired { sessions[idHash] = nil }
        return expired.count
    }

    public func accessTokens() async throws -> [AccessToken] {
        tokens.values.sorted { ($0.createdAt, $0.secretHash) < ($1.createdAt, $1.secretHash) }
    }

    public func noteTokenUse(secretHash: String, at instant: Timestamp) async throws {
        guard var token = tokens[secretHash], token.lastUsedAt.map({ $0 < instant }) ?? true else { return }
        token.lastUsedAt = instant
        tokens[secretHash] = token
    }

    public func revokeToken(secretHash: String, at instant: Timestamp) async throws -> AccessToken? {
        guard var token = tokens[secretHash] else { return nil }
        token.revokedAt = token.revokedAt ?? instant
        tokens[secretHash] = token
        return token
    }

    public func token(secretHash: String) async throws -> AccessToken? {
        tokens[secretHash]
    }

    public func alertStatuses() async throws -> [AlertStatus] {
        alertStatusesByID.values.sorted { $0.id < $1.id }
    }

    public func recordAlerts(_ statuses: [AlertStatus], transitions: [AlertTransition], audit entries: [AuditEntry]) async throws {
        for var status in statuses {
            if status.condition == .firing, status.acknowledgement == nil, let stored = alertStatusesByID[status.id], stored.condition == .firing {
                status.acknowledgement = stored.acknowledgement
            }
            alertStatusesByID[status.id] = status
        }
        for transition in transitions {
            alertTransitions.append(RecordedAlertTransition(sequence: Int64(alertTransitions.count + 1), transition: transition))
        }
        appendAudit(entries)
    }

    public func alertHistory(after sequence: Int64, limit: Int, alertID: String?) async throws -> [RecordedAlertTransition] {
        Array(alertTransitions.filter { $0.sequence > sequence && (alertID == nil || $0.transition.alertID == alertID) }.prefix(limit))
    }

    public func latestAlertHistory(limit: Int) async throws -> [RecordedAlertTransition] {
        Array(alertTransitions.reversed().prefix(limit))
    }

    public func acknowledgeAlert(_ id: String, _ acknowledgement: AlertAcknowledgement) async throws -> AlertStatus? {
        guard var status = alertStatusesByID[id] else { return nil }
        guard status.condition == .firing else { return status }
        status.acknowledgement = acknowledgement
        alertStatusesByID[id] = status
        appendAudit([acknowledgement.auditEntry(for: id)])
        return status
    }

    public func silences(endingAfter instant: Timestamp) async throws -> [AlertSilence] {
        silencesByID.values.filter { $0.endsAt > instant }.sorted { ($0.endsAt, $0.id) < ($1.endsAt, $1.id) }
    }

    public func addSilence(_ silence: AlertSilence) async throws {
        silencesByID[silence.id] = silence
        appendAudit([silence.auditEntry("silence.created", by: silence.createdBy, at: silence.startsAt)])
    }

    public func endSilence(_ id: String, by actor: String, at instant: Timestamp) async throws -> AlertSilence? {
        guard var silence = silencesByID[id] else { return nil }
        guard silence.endsAt > instant else { return silence }
        silence.endsAt = instant
        silencesByID[id] = silence
        appendAudit([silence.auditEntry("silence.ended", by: actor, at: instant)])
        return silence
    }
}

extension MemoryStore {
    public func hold(_ callback: HeldCallback) async throws {
        if held[callback.key] == nil { held[callback.key] = callback }
    }

    public func heldCallbacks(limit: Int) async throws -> [HeldCallback] {
        Array(held.values.sorted { ($0.receivedAt, $0.key) < ($1.receivedAt, $1.key) }.prefix(limit))
    }

    public func release(_ keys: [String]) async throws {
        for key in keys { held[key] = nil }
    }
}

extension MemoryStore {
    public func reportedDelays(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ReportedDelay] {
        delaysByID.values.filter { delay in (days?.contains(delay.day) ?? true) && (store.map { $0 == delay.store } ?? true) }
            .sorted { ($0.day, $0.recordedAt.millisecondsSinceEpoch, $0.id) < ($1.day, $1.recordedAt.millisecondsSinceEpoch, $1.id) }
    }

    public func recordDelay(_ delay: ReportedDelay) async throws {
        delaysByID[delay.id] = delay
        appendAudit([delay.auditEntry("recorded", by: delay.recordedBy, at: delay.recordedAt)])
    }

    public func editDelay(_ delay: ReportedDelay, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        edit(delay, in: &delaysByID, by: actor, at: instant)
    }

    public func removeDelay(_ id: String, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        guard let delay = delaysByID.removeValue(forKey: id) else { return nil }
        appendAudit([delay.auditEntry("removed", by: actor, at: instant)])
        return delay
    }

    public func coachingSessions(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [CoachingSession] {
        coachingByID.values.filter { session in (days?.contains(session.day) ?? true) && (store.map { $0 == session.store } ?? true) }
            .sorted { ($0.day, $0.recordedAt.millisecondsSinceEpoch, $0.id) < ($1.day, $1.recordedAt.millisecondsSinceEpoch, $1.id) }
    }

    public func recordCoaching(_ session: CoachingSession) async throws {
        coachingByID[session.id] = session
        appendAudit([session.auditEntry("recorded", by: session.recordedBy, at: session.recordedAt)])
    }

    public func editCoaching(_ session: CoachingSession, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        edit(session, in: &coachingByID, by: actor, at: instant)
    }

    public func removeCoaching(_ id: String, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        guard let session = coachingByID.removeValue(forKey: id) else { return nil }
        appendAudit([session.auditEntry("removed", by: actor, at: instant)])
        return session
    }
}

extension MemoryStore {
    public func processChanges(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ProcessChange] {
        changesByID.values.filter { change in (days?.contains(change.day) ?? true) && (store == nil || change.store == nil || change.store == store) }
            .sorted { ($0.day, $0.recordedAt.millisecondsSinceEpoch, $0.id) < ($1.day, $1.recordedAt.millisecondsSinceEpoch, $1.id) }
    }

    public func recordChange(_ change: ProcessChange) async throws {
        changesByID[change.id] = change
        appendAudit([change.auditEntry("recorded", by: change.recordedBy, at: change.recordedAt)])
    }

    public func editChange(_ change: ProcessChange, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        edit(change, in: &changesByID, by: actor, at: instant)
    }

    public func removeChange(_ id: String, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        guard let change = changesByID.removeValue(forKey: id) else { return nil }
        appendAudit([change.auditEntry("removed", by: actor, at: instant)])
        return change
    }
}
