import GRDB
import PitwallCore

extension SQLiteStore: DelayLog {
    private static let delayColumns = "id, store_id, agent, day, step, minutes, share, change_id, note, recorded_by, recorded_at"

    public func reportedDelays(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ReportedDelay] {
        let range = days?.daysSinceEpoch ?? Int64.min...Int64.max
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.delayColumns) FROM reported_delay WHERE day BETWEEN ? AND ? AND (? IS NULL OR store_id = ?)
                    ORDER BY day, recorded_at, id
                    """,
                arguments: [range.lowerBound, range.upperBound, store?.rawValue, store?.rawValue]
            ).map(Self.reportedDelay(row:))
        }
    }

    public func recordDelay(_ delay: ReportedDelay) async throws {
        try await pool.write { db in
            try Self.save(delay, in: db)
            try Self.append([delay.auditEntry("recorded", by: delay.recordedBy, at: delay.recordedAt)], in: db)
        }
    }

    public func editDelay(_ delay: ReportedDelay, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        try await pool.write { db in try Self.edit(delay, by: actor, at: instant, in: db, load: Self.recordedDelay, save: Self.save) }
    }

    public func removeDelay(_ id: String, by actor: String, at instant: Timestamp) async throws -> ReportedDelay? {
        try await pool.write { db in
            guard let delay = try Self.recordedDelay(id, in: db) else { return nil }
            try db.execute(sql: "DELETE FROM reported_delay WHERE id = ?", arguments: [id])
            try Self.append([delay.auditEntry("removed", by: actor, at: instant)], in: db)
            return delay
        }
    }

    private static func save(_ delay: ReportedDelay, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO reported_delay (\(delayColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            arguments: [
                delay.id, delay.store.rawValue, delay.agent, delay.day.daysSinceEpoch, delay.step, delay.minutes, delay.share, delay.change, delay.note,
                delay.recordedBy, delay.recordedAt.millisecondsSinceEpoch,
            ])
    }

    private static func recordedDelay(_ id: String, in db: Database) throws -> ReportedDelay? {
        try Row.fetchOne(db, sql: "SELECT \(delayColumns) FROM reported_delay WHERE id = ?", arguments: [id]).map(reportedDelay(row:))
    }

    static func reportedDelay(row: Row) -> ReportedDelay {
        ReportedDelay(
            id: row[0], store: StoreID(row[1] as String), agent: row[2], day: CivilDate(daysSinceEpoch: row[3]), step: row[4], minutes: row[5],
            share: row[6], change: row[7], note: row[8], recordedBy: row[9], recordedAt: Timestamp(millisecondsSinceEpoch: row[10]))
    }
}
