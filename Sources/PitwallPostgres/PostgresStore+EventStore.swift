import Foundation
import PitwallCore
import PostgresNIO

extension PostgresStore: EventStore {
    public func ingest(_ batch: PreparedBatch, at ingestedAt: Timestamp) async throws -> [IngestDisposition] {
        guard !batch.events.isEmpty else { return [] }
        let arrivals = batch.arrivals(default: ingestedAt)
        return try await database.writing(for: organisation) { connection in
            // The first copy of each id in the batch is offered; the key decides what is new.
            var firstIndex: [EventID: Int] = [:]
            var insert = RowInsert(
                into: "event",
                columns: [
                    ("organisation_id", "text"), ("id", "text"), ("type", "text"), ("lead_id", "text"), ("occurred_at", "bigint"),
                    ("ingested_at", "bigint"), ("body", "text"),
                ],
                then: "ON CONFLICT (organisation_id, id) DO NOTHING RETURNING id")
            for (index, event) in batch.events.enumerated() where firstIndex[event.id] == nil {
                firstIndex[event.id] = index
                insert.add { row in
                    row.append(organisationID)
                    row.append(event.id.rawValue)
                    row.append(event.type.rawValue)
                    row.append(event.leadID.rawValue)
                    row.append(event.occurredAt.millisecondsSinceEpoch)
                    row.append(arrivals[index].millisecondsSinceEpoch)
                    row.append(batch.bodies[index])
                }
            }
            var inserted: Set<String> = []
            for statement in insert.finished() {
                for id in try await rows(statement, as: String.self, on: connection) { inserted.insert(id) }
            }
            let earlier = Set(firstIndex.keys.map(\.rawValue)).subtracting(inserted)
            var storedBodies: [String: String] = [:]
            if !earlier.isEmpty {
                for (id, body) in try await rows(
                    "SELECT id, body FROM event WHERE organisation_id = \(organisationID) AND id = ANY(\(Array(earlier)))", as: (String, String).self,
                    on: connection)
                {
                    storedBodies[id] = body
                }
            }
            var dispositions: [IngestDisposition] = []
            var accepted: [(Event, Timestamp)] = []
            for (index, event) in batch.events.enumerated() {
                let first = firstIndex[event.id]!
                if index == first, inserted.contains(event.id.rawValue) {
                    dispositions.append(.accepted)
                    accepted.append((event, arrivals[index]))
                } else {
                    let stored = inserted.contains(event.id.rawValue) ? batch.bodies[first] : storedBodies[event.id.rawValue]
                    dispositions.append(stored == batch.bodies[index] ? .duplicate : .conflict)
                }
            }
            try await fold(accepted, on: connection)
            return dispositions
        }
    }

    public func leadRecords(_ id: LeadID) async throws -> LeadRecords? {
        try await loadRecords(where: "lead_id = $2") { $0.append(id.rawValue) }.first
    }

    public func leadRecords(_ ids: [LeadID]) async throws -> [LeadRecords] {
        guard !ids.isEmpty else { return [] }
        return try await loadRecords(where: "lead_id = ANY($2)") { $0.append(Array(Set(ids.map(\.rawValue)))) }
    }

    public func events(of lead: LeadID) async throws -> [StoredEvent] {
        try await rows(
            """
            SELECT body, ingested_at FROM event WHERE organisation_id = \(organisationID) AND lead_id = \(lead.rawValue) ORDER BY occurred_at, id
            """, as: (String, Int64).self
        ).map { body, ingestedAt in
            StoredEvent(event: try Event(storedJSON: body), ingestedAt: Timestamp(millisecondsSinceEpoch: ingestedAt))
        }
    }

    public func totals() async throws -> StoreTotals {
        let events = try await rows("SELECT count(*) FROM event WHERE organisation_id = \(organisationID)", as: Int.self)
        let leads = try await rows("SELECT count(*) FROM lead WHERE organisation_id = \(organisationID) AND created_at IS NOT NULL", as: Int.self)
        return StoreTotals(events: events.first ?? 0, leads: leads.first ?? 0)
    }

    public func storageFootprint(leadsCreatedSince since: Timestamp) async throws -> StorageFootprint {
        let bytes = try await rows("SELECT pg_database_size(current_database())", as: Int64.self)
        let leads = try await rows("SELECT count(*) FROM lead WHERE organisation_id = \(organisationID) AND created_at IS NOT NULL", as: Int.self)
        let recent = try await rows(
            "SELECT count(*) FROM lead WHERE organisation_id = \(organisationID) AND created_at >= \(since.millisecondsSinceEpoch)", as: Int.self)
        let sizes = try await rows(
            """
            SELECT day, used_bytes FROM storage_size WHERE organisation_id = \(organisationID) \
            AND day >= \(StorageSize.day(of: since).daysSinceEpoch) ORDER BY day
            """, as: (Int64, Int64).self
        ).map { StorageSize(day: CivilDate(daysSinceEpoch: $0), usedBytes: $1) }
        return StorageFootprint(
            backend: .postgresql, databaseBytes: bytes.first, leads: leads.first ?? 0, recentLeads: recent.first ?? 0, sizes: sizes)
    }

    public func noteStorageSize(at instant: Timestamp) async throws -> Bool {
        try await !rows(
            """
            INSERT INTO storage_size (organisation_id, day, at, used_bytes) \
            SELECT \(organisationID), \(StorageSize.day(of: instant).daysSinceEpoch), \(instant.millisecondsSinceEpoch), \
            pg_database_size(current_database()) ON CONFLICT (organisation_id, day) DO NOTHING RETURNING day
            """, as: Int64.self
        ).isEmpty
    }

    public func systemSignals() async throws -> [SystemSignal] {
        try await rows(
            "SELECT record FROM system_signal WHERE organisation_id = \(organisationID) ORDER BY at, event_id", as: String.self
        ).map { try StoredJSON.decode(SystemSignal.self, from: $0) }
    }

    public func systemSamples(metric: String, from: Timestamp, to: Timestamp) async throws -> [SystemSample] {
        try await rows(
            """
            SELECT record FROM system_sample WHERE organisation_id = \(organisationID) AND metric = \(metric) \
            AND at >= \(from.millisecondsSinceEpoch) AND at < \(to.millisecondsSinceEpoch) ORDER BY at, event_id
            """, as: String.self
        ).map { try StoredJSON.decode(SystemSample.self, from: $0) }
    }

    public func ledgerSnapshot() async throws -> LedgerSnapshot {
        let leads = try await loadRecords(where: "true")
        return LedgerSnapshot(
            leads: leads.map(\.state), messages: leads.flatMap(\.messages), appointments: leads.flatMap(\.appointments),
            sales: leads.flatMap(\.sales), complaints: leads.flatMap(\.complaints), signals: try await systemSignals(),
            samples: try await rows("SELECT record FROM system_sample WHERE organisation_id = \(organisationID)", as: String.self)
                .map { try StoredJSON.decode(SystemSample.self, from: $0) })
    }

    /// Everything stored about the leads `condition` picks (`$1` is the organisation, `$2`...
    /// the `arguments`), in `created_at, lead_id` order, leads never created first.
    func loadRecords(
        where condition: String, on connection: PostgresConnection? = nil, binding arguments: (inout PostgresBindings) throws -> Void = { _ in }
    ) async throws -> [LeadRecords] {
        var bindings = PostgresBindings()
        bindings.append(organisationID)
        try arguments(&bindings)
        let query = PostgresQuery(
            unsafeSQL: "SELECT state, records FROM lead WHERE organisation_id = $1 AND (\(condition)) ORDER BY created_at NULLS FIRST, lead_id",
            binds: bindings)
        return try await rows(query, as: (String, String).self, on: connection).map { state, records in
            try StoredJSON.decode(StoredLeadRecords.self, from: records).records(of: StoredJSON.decode(LeadState.self, from: state))
        }
    }
}
