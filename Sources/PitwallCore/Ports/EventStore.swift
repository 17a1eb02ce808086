/// What happened to one event handed to a store.
public enum IngestDisposition: String, Hashable, Sendable {
    /// New: stored and folded into the lead's state.
    case accepted
    /// Seen before with the same content: nothing changed.
    case duplicate
    /// Its id was seen before with different content: refused, the first version stands.
    case conflict
    /// Sent with a token limited to some stores, about another store: refused, not stored.
    case outsideTokenStores = "outside_token_stores"
}

/// Events with their canonical JSON already written, so that the writing (which can run on
/// another core while the previous batch is stored) stays out of the store's single writer.
public struct PreparedBatch: Sendable {
    public let events: [Event]
    public let bodies: [String]
    /// When each event reached Pitwall, for a replay of live traffic (the demo); nil means
    /// all arrived at the time given to `ingest`.
    public let receivedAt: [Timestamp]?

    public init(_ events: [Event], receivedAt: [Timestamp]? = nil) {
        precondition(receivedAt == nil || receivedAt!.count == events.count, "one arrival time per event")
        self.events = events
        self.bodies = events.map(\.canonicalJSON)
        self.receivedAt = receivedAt
    }

    /// The events at the positions `keep` marks, with their bodies and arrival times.
    public func keeping(_ keep: [Bool]) -> PreparedBatch {
        let kept = keep.indices.filter { keep[$0] }
        return PreparedBatch(events: kept.map { events[$0] }, bodies: kept.map { bodies[$0] }, receivedAt: receivedAt.map { times in kept.map { times[$0] } })
    }

    private init(events: [Event], bodies: [String], receivedAt: [Timestamp]?) {
        self.events = events
        self.bodies = bodies
        self.receivedAt = receivedAt
    }

    /// Each event's arrival time.
    public func arrivals(default instant: Timestamp) -> [Timestamp] {
        receivedAt ?? Array(repeating: instant, count: events.count)
    }
}

extension EventStore {
    public func ingest(_ events: [Event], at ingestedAt: Timestamp) async throws -> [IngestDisposition] {
        try await ingest(PreparedBatch(events), at: ingestedAt)
    }
}

/// An event as the store holds it.
public struct StoredEvent: Hashable, Sendable {
    public var event: Event
    /// When Pitwall stored it.
    public var ingestedAt: Timestamp

    public init(event: Event, ingestedAt: Timestamp) {
        self.event = event
        self.ingestedAt = ingestedAt
    }
}

/// Everything stored about one lead besides its raw events.
public struct LeadRecords: Hashable, Sendable {
    public var state: LeadState
    public var messages: [MessageRecord]
    public var appointments: [AppointmentRecord]
    public var sales: [SaleRecord]
    public var complaints: [ComplaintRecord]

    public init(
        state: LeadState, messages: [MessageRecord] = [], appointments: [AppointmentRecord] = [], sales: [SaleRecord] = [],
        complaints: [ComplaintRecord] = []
    ) {
        self.state = state
        self.messages = messages
        self.appointments = appointments
        self.sales = sales
        self.complaints = complaints
    }
}

/// Counts a store can give cheaply.
public struct StoreTotals: Hashable, Sendable, Codable {
    public var events: Int
    public var leads: Int

    public init(events: Int, leads: Int) {
        self.events = events
        self.leads = leads
    }
}

/// The durable home of events and per-lead state. Every backend passes the same contract suite.
public protocol EventStore: Sendable {
    /// Stores the new events of `batch` and folds them into the per-lead state, all or
    /// nothing. Returns one disposition per event, in order. An id seen before (in the store
    /// or earlier in the same batch) is a duplicate when its content is identical, else a conflict.
    func ingest(_ batch: PreparedBatch, at ingestedAt: Timestamp) async throws -> [IngestDisposition]

    /// Stores a run of batches one after another, each as `ingest` would, in the order `next`
    /// gives them (nil: no more); `stored` hears each batch's report as soon as it is stored.
    /// A backend may work on the next batch while the previous one is being written (see the
    /// default, which does not).
    func ingestInOrder(
        next: () async throws -> DecodedBatch?, clock: any WallClock, stored: (DecodedBatch, IngestReport) async throws -> Void
    ) async throws

    /// One lead's state and records, or nil if no event about it was stored.
    func leadRecords(_ id: LeadID) async throws -> LeadRecords?

    /// The state and records of each of these leads that has any, in no set order: one read
    /// for many leads where calling `leadRecords(_:)` for each would make one a lead.
    func leadRecords(_ ids: [LeadID]) async throws -> [LeadRecords]

    /// One lead's events, ordered by `occurred_at` then id.
    func events(of lead: LeadID) async throws -> [StoredEvent]

    func totals() async throws -> StoreTotals

    /// What the database takes on disk (and the disk it is on, where this process can see
    /// it), the leads it holds and how many of them were created at or after `since`: for the
    /// storage outlook. Leads without their `lead.created` are not counted.
    func storageFootprint(leadsCreatedSince since: Timestamp) async throws -> StorageFootprint

    /// Notes what the database's data take on `instant`'s UTC day, unless a size is noted for
    /// that day already (the day's first stands): the daily history the storage outlook
    /// measures growth from, returned by `storageFootprint` for the days from `since`'s on.
    /// The whole database's size: on a group database, every organisation's. Returns whether
    /// it noted one.
    func noteStorageSize(at instant: Timestamp) async throws -> Bool

    /// Every system health report, oldest first.
    func systemSignals() async throws -> [SystemSignal]

    /// The `system.sample` readings of `metric` taken in `[from, to)`, oldest first.
    func systemSamples(metric: String, from: Timestamp, to: Timestamp) async throws -> [SystemSample]

    /// The whole ledger, ordered by id. For exports and for comparing stores in tests;
    /// it reads everything, so it is not for request paths.
    func ledgerSnapshot() async throws -> LedgerSnapshot
}

extension EventStore {
    /// One lead at a time: right on any backend; a backend that can read many at once does.
    public func leadRecords(_ ids: [LeadID]) async throws -> [LeadRecords] {
        var found: [LeadRecords] = []
        for id in Set(ids) {
            if let records = try await leadRecords(id) { found.append(records) }
        }
        return found
    }
}

/// Every record of a store in a fixed order, comparable across backends.
public struct LedgerSnapshot: Hashable, Sendable {
    public var leads: [LeadState]
    public var messages: [MessageRecord]
    public var appointments: [AppointmentRecord]
    public var sales: [SaleRecord]
    public var complaints: [ComplaintRecord]
    public var signals: [SystemSignal]
    public var samples: [SystemSample]

    public init(
        leads: [LeadState], messages: [MessageRecord], appointments: [AppointmentRecord], sales: [SaleRecord], complaints: [ComplaintRecord],
        signals: [SystemSignal] = [], samples: [SystemSample] = []
    ) {
        self.leads = leads.sorted { $0.leadID < $1.leadID }
        self.messages = messages.sorted { ($0.key.messageID, $0.key.direction.rawValue) < ($1.key.messageID, $1.key.direction.rawValue) }
        self.appointments = appointments.sorted { $0.appointmentID < $1.appointmentID }
        self.sales = sales.sorted { $0.saleID < $1.saleID }
        self.complaints = complaints.sorted { $0.eventID < $1.eventID }
        self.signals = signals.sorted { $0.eventID < $1.eventID }
        self.samples = samples.sorted { $0.eventID < $1.eventID }
    }

    public init(_ ledger: LeadLedger) {
        self.init(
            leads: Array(ledger.leads.values), messages: Array(ledger.messages.values),
            appointments: Array(ledger.appointments.values), sales: Array(ledger.sales.values),
            complaints: Array(ledger.complaints.values), signals: Array(ledger.signals.values),
            samples: Array(ledger.samples.values))
    }
}
