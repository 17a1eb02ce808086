import PitwallCore
import PostgresNIO

extension PostgresStore {
    /// Puts `record`'s fields in place of the one recorded under its id in `table`'s `record`
    /// column (locked until the write ends; `save` writes it), keeping who recorded it and when,
    /// with the audit line; nil for an unknown id.
    func edit<Record: HandKeptRecord & Codable & Sendable>(
        _ record: Record, by actor: String, at instant: Timestamp, on connection: PostgresConnection, table: HandKeptTable,
        save: (Record, PostgresConnection) async throws -> Void
    ) async throws -> Record? {
        guard let recorded = try await rows(
            "SELECT record FROM \(unescaped: table.rawValue) WHERE organisation_id = \(organisationID) AND id = \(record.id) FOR UPDATE", as: String.self,
            on: connection
        ).first.map({ try StoredJSON.decode(Record.self, from: $0) })
        else { return nil }
        let edited = record.replacing(recorded)
        try await save(edited, connection)
        try await append([edited.editAuditEntry(from: recorded, by: actor, at: instant)], on: connection)
        return edited
    }

    /// The tables of hand-kept records: names from here only, never from a request.
    enum HandKeptTable: String {
        case processChange = "process_change"
        case coachingSession = "coaching_session"
        case reportedDelay = "reported_delay"
    }
}
