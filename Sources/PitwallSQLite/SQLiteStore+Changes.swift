import GRDB
import PitwallCore

extension SQLiteStore: ChangeLog {
    private static let changeColumns = "id, day, store_id, segment, segment_value, figure, title, note, recorded_by, recorded_at"

    public func processChanges(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ProcessChange] {
        let range = days?.daysSinceEpoch ?? Int64.min...Int64.max
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.changeColumns) FROM process_change
                    WHERE day BETWEEN ? AND ? AND (? IS NULL OR store_id IS NULL OR store_id = ?) ORDER BY day, recorded_at, id
                    """,
                arguments: [range.lowerBound, range.upperBound, store?.rawValue, store?.rawValue]
            ).compactMap(Self.processChange(row:))
        }
    }

    public func recordChange(_ change: ProcessChange) async throws {
        try await pool.write { db in
            try Self.save(change, in: db)
            try Self.append([change.auditEntry("recorded", by: change.recordedBy, at: change.recordedAt)], in: db)
        }
    }

    public func editChange(_ change: ProcessChange, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        try await pool.write { db in try Self.edit(change, by: actor, at: instant, in: db, load: Self.recordedChange, save: Self.save) }
    }

    private static func save(_ change: ProcessChange, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO process_change (\(changeColumns)) VALUES (?,?,?,?,?,?,?,?,?,?)",
            arguments: [
                change.id, change.day.daysSinceEpoch, change.store?.rawValue, change.segment?.dimension.rawValue, change.segment?.value,
                change.figure.rawValue, change.title, change.note, change.recordedBy, change.recordedAt.millisecondsSinceEpoch,
            ])
    }

    private static func recordedChange(_ id: String, in db: Database) throws -> ProcessChange? {
        try Row.fetchOne(db, sql: "SELECT \(changeColumns) FROM process_change WHERE id = ?", arguments: [id]).flatMap(processChange(row:))
    }

    public func removeChange(_ id: String, by actor: String, at instant: Timestamp) async throws -> ProcessChange? {
        try await pool.write { db in
            guard let change = try Self.recordedChange(id, in: db) else { return nil }
            try db.execute(sql: "DELETE FROM process_change WHERE id = ?", arguments: [id])
            try Self.append([change.auditEntry("removed", by: actor, at: instant)], in: db)
            return change
        }
    }

    /// Nil for a row whose figure or segment this build does not know (written by a newer one).
    static func processChange(row: Row) -> ProcessChange? {
        guard let figure = KPIKey(rawValue: row[5]) else { return nil }
        var segment: ProcessChange.Segment?
        if let name: String = row[3] {
            guard let dimension = SegmentDimension(rawValue: name), let value: String = row[4] else { return nil }
            segment = ProcessChange.Segment(dimension: dimension, value: value)
        }
        return ProcessChange(
            id: row[0], day: CivilDate(daysSinceEpoch: row[1]), store: (row[2] as String?).map { StoreID($0) }, segment: segment, figure: figure,
            title: row[6], note: row[7], recordedBy: row[8], recordedAt: Timestamp(millisecondsSinceEpoch: row[9]))
    }
}
