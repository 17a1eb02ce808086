import PitwallCore
import PostgresNIO

extension PostgresStore: DelayLog {
    public func reportedDelays(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ReportedDelay] {
        let range = days?.daysSinceEpoch ?? Int64.min...Int64.max
        return try await rows(
            """
            SELECT record FROM reported_delay WHERE organisation_id = \(organisationID) AND day BETWEEN \(range.lowerBound) AND \(range.upperBound) \
            AND (\(store?.rawValue)::text IS NULL OR store_id = \(store?.rawValue)) ORDER BY day, (record->>'recorded_at')::bigint, id
            """, as: String.self
        ).map { try StoredJSON.decode(ReportedDelay.self, from: $0) }
    }

    public func recordDelay(_ delay: ReportedDelay) async throws {
        try await database.writing(for: organisation) { connection in
            try await save(delay, on: connection)
            try await append([delay.auditEntry("recorded", by: delay.recordedBy, at: delay.recordedAt)], on: connection)
        }
    }

    public func editDelay(_ delay: ReportedDelay, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        try await database.writing(for: organisation) { connection in
            try await edit(delay, by: actor, at: instant, on: connection, table: .reportedDelay) { try await save($0, on: $1) }
        }
    }

    private func save(_ delay: ReportedDelay, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            INSERT INTO reported_delay (organisation_id, id, store_id, day, record) VALUES (\(organisationID), \(delay.id), \
            \(delay.store.rawValue), \(delay.day.daysSinceEpoch), \(try StoredJSON.encode(delay))::jsonb)
            ON CONFLICT (organisation_id, id) DO UPDATE SET store_id = excluded.store_id, day = excluded.day, record = excluded.record
            """, on: connection)
    }

    public func removeDelay(_ id: String, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        try await database.writing(for: organisation) { connection in
            guard let delay = try await rows(
                "DELETE FROM reported_delay WHERE organisation_id = \(organisationID) AND id = \(id) RETURNING record", as: String.self, on: connection
            ).first.map({ try StoredJSON.decode(ReportedDelay.self, from: $0) })
            else { return nil }
            try await append([delay.auditEntry("removed", by: actor, at: instant)], on: connection)
            return delay
        }
    }
}
