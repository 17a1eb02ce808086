import PitwallCore
import PostgresNIO

extension PostgresStore: ChangeLog {
    public func processChanges(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ProcessChange] {
        let range = days?.daysSinceEpoch ?? Int64.min...Int64.max
        return try await rows(
            """
            SELECT record FROM process_change WHERE organisation_id = \(organisationID) AND day BETWEEN \(range.lowerBound) AND \(range.upperBound) \
            AND (\(store?.rawValue)::text IS NULL OR store_id IS NULL OR store_id = \(store?.rawValue)) \
            ORDER BY day, (record->>'recorded_at')::bigint, id
            """, as: String.self
        ).map { try StoredJSON.decode(ProcessChange.self, from: $0) }
    }

    public func recordChange(_ change: ProcessChange) async throws {
        try await database.writing(for: organisation) { connection in
            try await save(change, on: connection)
            try await append([change.auditEntry("recorded", by: change.recordedBy, at: change.recordedAt)], on: connection)
        }
    }

    public func editChange(_ change: ProcessChange, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        try await database.writing(for: organisation) { connection in
            try await edit(change, by: actor, at: instant, on: connection, table: .processChange) { try await save($0, on: $1) }
        }
    }

    private func save(_ change: ProcessChange, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            INSERT INTO process_change (organisation_id, id, day, store_id, record) VALUES (\(organisationID), \(change.id), \
            \(change.day.daysSinceEpoch), \(change.store?.rawValue), \(try StoredJSON.encode(change))::jsonb)
            ON CONFLICT (organisation_id, id) DO UPDATE SET day = excluded.day, store_id = excluded.store_id, record = excluded.record
            """, on: connection)
    }

    public func removeChange(_ id: String, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        try await database.writing(for: organisation) { connection in
            guard let change = try await rows(
                "DELETE FROM process_change WHERE organisation_id = \(organisationID) AND id = \(id) RETURNING record", as: String.self, on: connection
            ).first.map({ try StoredJSON.decode(ProcessChange.self, from: $0) })
            else { return nil }
            try await append([change.auditEntry("removed", by: actor, at: instant)], on: connection)
            return change
        }
    }
}
