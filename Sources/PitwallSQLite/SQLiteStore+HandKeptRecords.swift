import GRDB
import PitwallCore

extension SQLiteStore {
    /// Puts `record`'s fields in place of the one recorded under its id (`load` reads it, `save`
    /// writes a row), keeping who recorded it and when, with the audit line; nil for an unknown id.
    static func edit<Record: HandKeptRecord>(
        _ record: Record, by actor: String, at instant: Timestamp, in db: Database, load: (String, Database) throws -> Record?,
        save: (Record, Database) throws -> Void
    ) throws -> Record? {
        guard let recorded = try load(record.id, db) else { return nil }
        let edited = record.replacing(recorded)
        try save(edited, db)
        try append([edited.editAuditEntry(from: recorded, by: actor, at: instant)], in: db)
        return edited
    }
}
