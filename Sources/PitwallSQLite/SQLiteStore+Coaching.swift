import GRDB
import PitwallCore

extension SQLiteStore: CoachingLog {
    private static let coachingColumns = "id, store_id, agent, day, focus, note, recorded_by, recorded_at"

    public func coachingSessions(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [CoachingSession] {
        let range = days?.daysSinceEpoch ?? Int64.min...Int64.max
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.coachingColumns) FROM coaching_session WHERE day BETWEEN ? AND ? AND (? IS NULL OR store_id = ?)
                    ORDER BY day, recorded_at, id
                    """,
                arguments: [range.lowerBound, range.upperBound, store?.rawValue, store?.rawValue]
            ).compactMap(Self.coachingSession(row:))
        }
    }

    public func recordCoaching(_ session: CoachingSession) async throws {
        try await pool.write { db in
            try Self.save(session, in: db)
            try Self.append([session.auditEntry("recorded", by: session.recordedBy, at: session.recordedAt)], in: db)
        }
    }

    public func editCoaching(_ session: CoachingSession, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        try await pool.write { db in try Self.edit(session, by: actor, at: instant, in: db, load: Self.recordedCoaching, save: Self.save) }
    }

    private static func save(_ session: CoachingSession, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO coaching_session (\(coachingColumns)) VALUES (?,?,?,?,?,?,?,?)",
            arguments: [
                session.id, session.store.rawValue, session.agent, session.day.daysSinceEpoch, session.focus.rawValue, session.note, session.recordedBy,
                session.recordedAt.millisecondsSinceEpoch,
            ])
    }

    private static func recordedCoaching(_ id: String, in db: Database) throws -> CoachingSession? {
        try Row.fetchOne(db, sql: "SELECT \(coachingColumns) FROM coaching_session WHERE id = ?", arguments: [id]).flatMap(coachingSession(row:))
    }

    public func removeCoaching(_ id: String, by actor: String, at instant: Timestamp) async throws -> CoachingSession? {
        try await pool.write { db in
            guard let session = try Self.recordedCoaching(id, in: db) else { return nil }
            try db.execute(sql: "DELETE FROM coaching_session WHERE id = ?", arguments: [id])
            try Self.append([session.auditEntry("removed", by: actor, at: instant)], in: db)
            return session
        }
    }

    /// Nil for a row whose focus this build does not know (written by a newer one).
    static func coachingSession(row: Row) -> CoachingSession? {
        guard let focus = KPIKey(rawValue: row[4]) else { return nil }
        return CoachingSession(
            id: row[0], store: StoreID(row[1] as String), agent: row[2], day: CivilDate(daysSinceEpoch: row[3]), focus: focus, note: row[5],
            recordedBy: row[6], recordedAt: Timestamp(millisecondsSinceEpoch: row[7]))
    }
}
