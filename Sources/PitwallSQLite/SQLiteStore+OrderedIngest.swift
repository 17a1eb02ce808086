import Foundation
import GRDB
import PitwallCore

/// An import hands the store batch after batch. The writer's thread is the slow part (it
/// stores the event rows, the changed records and the rollups, then commits), so while it
/// writes batch N the second core works out what batch N+1 changes: from batch N's records,
/// kept in memory until they are in the file, and from the file for every other lead.
///
/// What batch N+1's change was worked out from must be what the file holds when it is
/// written. It is not when batch N had a duplicate (the guess assumed every event new) or
/// when anything else wrote to the file in between; then the guess is thrown away and
/// worked out again from the file.
extension SQLiteStore {
    public func ingestInOrder(
        next: () async throws -> DecodedBatch?, clock: any WallClock, stored: (DecodedBatch, IngestReport) async throws -> Void
    ) async throws {
        _ = try await ingestInOrderTallying(next: next, clock: clock, stored: stored)
    }

    /// How the batches of one `ingestInOrder` went.
    struct OrderedIngestTally: Equatable {
        /// Stored as `ingest` stores a batch (the first: nothing was worked out ahead of it).
        var ordinary = 0
        /// Written as worked out while the batch before was being written.
        var workedOutAhead = 0
        /// Worked out again at writing, because the file was not as assumed.
        var workedOutAgain = 0
    }

    func ingestInOrderTallying(
        next: () async throws -> DecodedBatch?, clock: any WallClock, stored: (DecodedBatch, IngestReport) async throws -> Void
    ) async throws -> OrderedIngestTally {
        var tally = OrderedIngestTally()
        guard let first = try await next() else { return tally }
        // Nothing was worked out ahead of the first batch.
        try await stored(first, try await ingest(first, at: clock.now()))
        tally.ordinary += 1
        guard var current = try await next() else { return tally }
        let lookahead = Lookahead(size: cache.withState { $0.size })
        var writtenThrough = cache.withState { $0.transactions }
        guard var change = try await workOut(current.prepared, at: clock.now(), after: nil, lookahead: lookahead) else { return tally }
        while true {
            let upcoming = try await next()
            let beingWritten = change.change
            async let upcomingChange = workOut(upcoming?.prepared, at: clock.now(), after: beingWritten, lookahead: lookahead)
            let written = try await writeWorkedOut(current.prepared, as: change, expecting: writtenThrough)
            writtenThrough = written.transactions
            var aheadChange = try await upcomingChange
            if written.asWorkedOut {
                tally.workedOutAhead += 1
            } else {
                tally.workedOutAgain += 1
                lookahead.forget()
                aheadChange = try await workOut(upcoming?.prepared, at: clock.now(), after: nil, lookahead: lookahead)
            }
            try await stored(current, IngestReport(current, dispositions: written.dispositions))
            guard let upcoming, let aheadChange else { return tally }
            current = upcoming
            change = aheadChange
        }
    }

    /// A batch's change, worked out before it is written, with the arrival times it assumed.
    struct WorkedOut: Sendable {
        var arrivals: [Timestamp]
        var change: LedgerChange
    }

    /// The records the batches worked out so far leave each lead with, kept for the next
    /// batch; the same cache the writer keeps for single batches.
    /// (`@unchecked`: the lock guards `leads`, as in `WriterCache`.)
    final class Lookahead: @unchecked Sendable {
        private let lock = NSLock()
        private var leads: TwoGenerationCache<LeadID, LeadRecords>

        init(size: WriterCacheSize) {
            leads = TwoGenerationCache(capacity: size.leads)
        }

        func withLeads<Result>(_ body: (inout TwoGenerationCache<LeadID, LeadRecords>) throws -> Result) rethrows -> Result {
            lock.lock()
            defer { lock.unlock() }
            return try body(&leads)
        }

        func forget() {
            withLeads { $0.removeAll() }
        }
    }

    /// What `batch` changes, given that `after` (the batch being written) is in the file by
    /// then. Reads the file for leads neither it nor the lookahead holds.
    func workOut(_ batch: PreparedBatch?, at now: Timestamp, after unwritten: LedgerChange?, lookahead: Lookahead) async throws -> WorkedOut? {
        guard let batch else { return nil }
        let arrivals = batch.arrivals(default: now)
        let all = Array(zip(batch.events, arrivals))
        // A short read, so the log can be checkpointed behind it; the change itself needs no file.
        let inputs = try await pool.read { db in
            try lookahead.withLeads { try Self.foldInputs(for: all, from: db, cache: &$0, unwritten: unwritten) }
        }
        let change = Self.change(from: all, inputs: inputs, resolver: resolver)
        lookahead.withLeads { leads in
            for (id, records) in change.after { leads.store(records, for: id) }
        }
        return WorkedOut(arrivals: arrivals, change: change)
    }

    struct Written: Sendable {
        var dispositions: [IngestDisposition]
        /// False when the change worked out ahead did not hold and the batch was folded from the file.
        var asWorkedOut: Bool
        /// The writer's count of transactions after this one.
        var transactions: Int
    }

    /// Stores the batch's events and, if the file is as the change assumed, the change.
    func writeWorkedOut(_ batch: PreparedBatch, as workedOut: WorkedOut, expecting transactions: Int) async throws -> Written {
        let cache = self.cache
        let resolver = self.resolver
        do {
            return try await pool.write { db in
                try cache.withState { state in
                    let untouched = try Self.synchronise(&state, with: db) && state.transactions == transactions
                    state.transactions += 1
                    // The writer's own lead cache knows nothing of the batches written here.
                    state.leads.removeAll()
                    defer { state.leads.removeAll() }
                    let rows = try Self.storeEvents(batch.events, bodies: batch.bodies, arrivals: workedOut.arrivals, in: db)
                    let asWorkedOut = untouched && rows.accepted.count == batch.events.count
                    if asWorkedOut {
                        try Self.save(workedOut.change, to: db, resolver: resolver, cache: &state, rememberingLeads: false)
                    } else {
                        try Self.fold(rows.accepted, into: db, resolver: resolver, cache: &state)
                    }
                    return Written(dispositions: rows.dispositions, asWorkedOut: asWorkedOut, transactions: state.transactions)
                }
            }
        } catch {
            cache.reset()
            throw error
        }
    }
}

extension LeadLedger {
    /// The leads this ledger files records with these keys under.
    func owners(of keys: SQLiteStore.RecordKeys) -> [LeadID] {
        guard !keys.isEmpty else { return [] }
        let messages = Set(keys.messages)
        let appointments = Set(keys.appointments)
        let sales = Set(keys.sales)
        var owners = Set<LeadID>()
        if !messages.isEmpty {
            for message in self.messages.values where messages.contains(message.key.messageID.rawValue) { owners.insert(message.leadID) }
        }
        if !appointments.isEmpty {
            for appointment in self.appointments.values where appointments.contains(appointment.appointmentID.rawValue) {
                owners.insert(appointment.leadID)
            }
        }
        if !sales.isEmpty {
            for sale in self.sales.values where sales.contains(sale.saleID.rawValue) { owners.insert(sale.leadID) }
        }
        return Array(owners)
    }
}

extension SQLiteStore {
    /// Keys of messages (either direction), appointments and sales, as the file stores them.
    struct RecordKeys: Sendable {
        var messages: [String]
        var appointments: [String]
        var sales: [String]

        var isEmpty: Bool { messages.isEmpty && appointments.isEmpty && sales.isEmpty }
    }
}
