import PitwallCore
import PostgresNIO

extension PostgresStore: AlertStore {
    public func alertStatuses() async throws -> [AlertStatus] {
        try await rows("SELECT record FROM alert_status WHERE organisation_id = \(organisationID) ORDER BY id", as: String.self)
            .map { try StoredJSON.decode(AlertStatus.self, from: $0) }
    }

    public func recordAlerts(_ statuses: [AlertStatus], transitions: [AlertTransition], audit: [AuditEntry]) async throws {
        try await database.writing(for: organisation) { connection in
            var stored: [String: AlertStatus] = [:]
            for json in try await rows(
                "SELECT record FROM alert_status WHERE organisation_id = \(organisationID) AND id = ANY(\(statuses.map(\.id)))", as: String.self,
                on: connection)
            {
                let status = try StoredJSON.decode(AlertStatus.self, from: json)
                stored[status.id] = status
            }
            var saved: [AlertStatus] = []
            for var status in statuses {
                // An acknowledgement may have arrived while the round ran; it stands while the alert fires.
                if status.condition == .firing, status.acknowledgement == nil, let previous = stored[status.id], previous.condition == .firing {
                    status.acknowledgement = previous.acknowledgement
                }
                saved.append(status)
            }
            try await save(saved, on: connection)
            let last: Int64 = try await rows(
                "SELECT coalesce(max(sequence), 0)::bigint FROM alert_transition WHERE organisation_id = \(organisationID)", as: Int64.self,
                on: connection
            ).first ?? 0
            var insert = RowInsert(
                into: "alert_transition",
                columns: [("organisation_id", "text"), ("sequence", "bigint"), ("alert_id", "text"), ("record", "jsonb")])
            for (offset, transition) in transitions.enumerated() {
                let json = try StoredJSON.encode(transition)
                insert.add { row in
                    row.append(organisationID)
                    row.append(last + Int64(offset) + 1)
                    row.append(transition.alertID)
                    row.append(json)
                }
            }
            try await run(insert.finished(), on: connection)
            try await append(audit, on: connection)
        }
    }

    public func alertHistory(after sequence: Int64, limit: Int, alertID: String?) async throws -> [RecordedAlertTransition] {
        if let alertID {
            return try await transitions(
                """
                SELECT sequence, record FROM alert_transition WHERE organisation_id = \(organisationID) AND alert_id = \(alertID) \
                AND sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
                """)
        }
        return try await transitions(
            """
            SELECT sequence, record FROM alert_transition WHERE organisation_id = \(organisationID) AND sequence > \(sequence) \
            ORDER BY sequence LIMIT \(limit)
            """)
    }

    public func latestAlertHistory(limit: Int) async throws -> [RecordedAlertTransition] {
        try await transitions(
            "SELECT sequence, record FROM alert_transition WHERE organisation_id = \(organisationID) ORDER BY sequence DESC LIMIT \(limit)")
    }

    private func transitions(_ query: PostgresQuery) async throws -> [RecordedAlertTransition] {
        try await rows(query, as: (Int64, String).self).map { sequence, json in
            RecordedAlertTransition(sequence: sequence, transition: try StoredJSON.decode(AlertTransition.self, from: json))
        }
    }

    public func acknowledgeAlert(_ id: String, _ acknowledgement: AlertAcknowledgement) async throws -> AlertStatus? {
        try await database.writing(for: organisation) { connection in
            guard var status = try await rows(
                "SELECT record FROM alert_status WHERE organisation_id = \(organisationID) AND id = \(id)", as: String.self, on: connection
            ).first.map({ try StoredJSON.decode(AlertStatus.self, from: $0) })
            else { return nil }
            guard status.condition == .firing else { return status }
            status.acknowledgement = acknowledgement
            try await save([status], on: connection)
            try await append([acknowledgement.auditEntry(for: id)], on: connection)
            return status
        }
    }

    public func silences(endingAfter instant: Timestamp) async throws -> [AlertSilence] {
        try await rows(
            """
            SELECT record FROM alert_silence WHERE organisation_id = \(organisationID) AND ends_at > \(instant.millisecondsSinceEpoch) \
            ORDER BY ends_at, id
            """, as: String.self
        ).map { try StoredJSON.decode(AlertSilence.self, from: $0) }
    }

    public func addSilence(_ silence: AlertSilence) async throws {
        try await database.writing(for: organisation) { connection in
            try await save(silence, on: connection)
            try await append([silence.auditEntry("silence.created", by: silence.createdBy, at: silence.startsAt)], on: connection)
        }
    }

    public func endSilence(_ id: String, by actor: String, at instant: Timestamp) async throws -> AlertSilence? {
        try await database.writing(for: organisation) { connection in
            guard var silence = try await rows(
                "SELECT record FROM alert_silence WHERE organisation_id = \(organisationID) AND id = \(id)", as: String.self, on: connection
            ).first.map({ try StoredJSON.decode(AlertSilence.self, from: $0) })
            else { return nil }
            guard silence.endsAt > instant else { return silence }
            silence.endsAt = instant
            try await save(silence, on: connection)
            try await append([silence.auditEntry("silence.ended", by: actor, at: instant)], on: connection)
            return silence
        }
    }

    func save(_ silence: AlertSilence, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            INSERT INTO alert_silence (organisation_id, id, ends_at, record) VALUES (\(organisationID), \(silence.id), \
            \(silence.endsAt.millisecondsSinceEpoch), \(try StoredJSON.encode(silence))::jsonb)
            ON CONFLICT (organisation_id, id) DO UPDATE SET ends_at = excluded.ends_at, record = excluded.record
            """, on: connection)
    }

    func save(_ statuses: [AlertStatus], on connection: PostgresConnection) async throws {
        var insert = RowInsert(
            into: "alert_status", columns: [("organisation_id", "text"), ("id", "text"), ("record", "jsonb")],
            then: "ON CONFLICT (organisation_id, id) DO UPDATE SET record = excluded.record")
        var latest: [String: AlertStatus] = [:]
        for status in statuses { latest[status.id] = status }
        for status in latest.values.sorted(by: { $0.id < $1.id }) {
            let json = try StoredJSON.encode(status)
            insert.add { row in
                row.append(organisationID)
                row.append(status.id)
                row.append(json)
            }
        }
        try await run(insert.finished(), on: connection)
    }
}
