import PitwallCore
import PostgresNIO

extension PostgresStore: CoachingLog {
    public func coachingSessions(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [CoachingSession] {
        let range = days?.daysSinceEpoch ?? Int64.min...Int64.max
        return try await rows(
            """
            SELECT record FROM coaching_session WHERE organisation_id = \(organisationID) AND day BETWEEN \(range.lowerBound) AND \(range.upperBound) \
            AND (\(store?.rawValue)::text IS NULL OR store_id = \(store?.rawValue)) ORDER BY day, (record->>'recorded_at')::bigint, id
            """, as: String.self
        ).map { try StoredJSON.decode(CoachingSession.self, from: $0) }
    }

    public func recordCoaching(_ session: CoachingSession) async throws {
        try await database.writing(for: organisation) { connection in
            try await save(session, on: connection)
            try await append([session.auditEntry("recorded", by: session.recordedBy, at: session.recordedAt)], on: connection)
        }
    }

    public func editCoaching(_ session: CoachingSession, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        try await database.writing(for: organisation) { connection in
            try await edit(session, by: actor, at: instant, on: connection, table: .coachingSession) { try await save($0, on: $1) }
        }
    }

    private func save(_ session: CoachingSession, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            INSERT INTO coaching_session (organisation_id, id, store_id, day, record) VALUES (\(organisationID), \(session.id), \
            \(session.store.rawValue), \(session.day.daysSinceEpoch), \(try StoredJSON.encode(session))::jsonb)
            ON CONFLICT (organisation_id, id) DO UPDATE SET store_id = excluded.store_id, day = excluded.day, record = excluded.record
            """, on: connection)
    }

    public func removeCoaching(_ id: String, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        try await database.writing(for: organisation) { connection in
            guard let session = try await rows(
                "DELETE FROM coaching_session WHERE organisation_id = \(organisationID) AND id = \(id) RETURNING record", as: String.self, on: connection
            ).first.map({ try StoredJSON.decode(CoachingSession.self, from: $0) })
            else { return nil }
            try await append([session.auditEntry("removed", by: actor, at: instant)], on: connection)
            return session
        }
    }
}
