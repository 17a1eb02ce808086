import PitwallCore

/// A store that keeps everything in memory: the executable specification the real backends
/// are held to by the contract suite, and a fast store for tests of other parts.
public actor MemoryStore: EventStore, AccessTokenStore {
    private var bodies: [EventID: String] = [:]
    private var stored: [EventID: StoredEvent] = [:]
    private var ledger = LeadLedger()
    private var tokens: [String: AccessToken] = [:]

    public init() {}

    public func ingest(_ events: [Event], at ingestedAt: Timestamp) async throws -> [IngestDisposition] {
        events.map { event in
            let body = event.canonicalJSON
            if let existing = bodies[event.id] { return existing == body ? .duplicate : .conflict }
            bodies[event.id] = body
            stored[event.id] = StoredEvent(event: event, ingestedAt: ingestedAt)
            ledger.apply(event, ingestedAt: ingestedAt)
            return .accepted
        }
    }

    public func leadRecords(_ id: LeadID) async throws -> LeadRecords? {
        guard let state = ledger.leads[id] else { return nil }
        return LeadRecords(
            state: state,
            messages: ledger.messages.values.filter { $0.leadID == id }.sorted { ($0.at, $0.key.messageID) < ($1.at, $1.key.messageID) },
            appointments: ledger.appointments.values.filter { $0.leadID == id }.sorted { ($0.setAt, $0.appointmentID) < ($1.setAt, $1.appointmentID) },
            sales: ledger.sales.values.filter { $0.leadID == id }.sorted { ($0.closedAt, $0.saleID) < ($1.closedAt, $1.saleID) })
    }

    public func events(of lead: LeadID) async throws -> [StoredEvent] {
        stored.values.filter { $0.event.leadID == lead }.sorted { $0.event.orderKey < $1.event.orderKey }
    }

    public func totals() async throws -> StoreTotals {
        StoreTotals(events: stored.count, leads: ledger.leads.values.filter { $0.createdAt != nil }.count)
    }

    public func ledgerSnapshot() async throws -> LedgerSnapshot {
        LedgerSnapshot(ledger)
    }

    public func saveToken(_ token: AccessToken) async throws {
        tokens[token.secretHash] = token
    }

    public func token(secretHash: String) async throws -> AccessToken? {
        tokens[secretHash]
    }
}

/// Optional timestamps sort "unknown" first, matching SQL's NULLS FIRST.
func < <Tiebreak: Comparable>(lhs: (Timestamp?, Tiebreak), rhs: (Timestamp?, Tiebreak)) -> Bool {
    switch (lhs.0, rhs.0) {
    case (nil, nil): lhs.1 < rhs.1
    case (nil, _): true
    case (_, nil): false
    case (let left?, let right?): (left, lhs.1) < (right, rhs.1)
    }
}
