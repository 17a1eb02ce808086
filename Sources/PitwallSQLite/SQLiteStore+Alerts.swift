import GRDB
import PitwallCore

extension SQLiteStore: AlertStore {
    static let alertStatusColumns = """
        id, rule_id, segment, condition, severity, since, breach_since, clear_since, evaluated_at, value, numerator, denominator, bound, sample, \
        note, acknowledged_by, acknowledged_at, acknowledgement_comment, acknowledged_until, notified_at
        """
    static let alertTransitionColumns =
        "sequence, alert_id, rule_id, segment, at, from_condition, to_condition, severity, value, numerator, denominator, bound, sample, note"

    public func alertStatuses() async throws -> [AlertStatus] {
        try await pool.read { db in
            try db.all("SELECT \(Self.alertStatusColumns) FROM alert_status ORDER BY id", read: Self.alertStatus(row:)).compactMap { $0 }
        }
    }

    public func recordAlerts(_ statuses: [AlertStatus], transitions: [AlertTransition], audit: [AuditEntry]) async throws {
        try await pool.write { db in
            for var status in statuses {
                // An acknowledgement may have arrived while the round ran; it stands while the alert fires.
                if status.condition == .firing, status.acknowledgement == nil,
                   let stored = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT \(Self.alertStatusColumns) FROM alert_status WHERE id = ?"), arguments: [status.id]
                   ).flatMap(Self.alertStatus(row:)), stored.condition == .firing
                {
                    status.acknowledgement = stored.acknowledgement
                }
                try Self.save(status, in: db)
            }
            for transition in transitions {
                let measurement = transition.measurement
                try db.execute(
                    sql: """
                        INSERT INTO alert_transition (alert_id, rule_id, segment, at, from_condition, to_condition, severity, value, numerator, \
                        denominator, bound, sample, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                        """,
                    arguments: [
                        transition.alertID, transition.ruleID, transition.segment.description, transition.at.millisecondsSinceEpoch,
                        transition.from.rawValue, transition.to.rawValue, transition.severity?.rawValue, measurement?.value, measurement?.numerator,
                        measurement?.denominator, measurement?.bound, measurement?.sample, measurement?.note,
                    ])
            }
            try Self.append(audit, in: db)
        }
    }

    public func alertHistory(after sequence: Int64, limit: Int, alertID: String?) async throws -> [RecordedAlertTransition] {
        var sql = "WHERE sequence > ?"
        var arguments: StatementArguments = [sequence]
        if let alertID {
            sql += " AND alert_id = ?"
            arguments += [alertID]
        }
        return try await transitions(sql + " ORDER BY sequence LIMIT ?", arguments: arguments + [limit])
    }

    public func latestAlertHistory(limit: Int) async throws -> [RecordedAlertTransition] {
        try await transitions("ORDER BY sequence DESC LIMIT ?", arguments: [limit])
    }

    private func transitions(_ clauses: String, arguments: StatementArguments) async throws -> [RecordedAlertTransition] {
        try await pool.read { db in
            try db.all("SELECT \(Self.alertTransitionColumns) FROM alert_transition " + clauses, arguments: arguments) { row -> RecordedAlertTransition? in
                guard let segment = AlertSegment(row[3] as String), let from: AlertCondition = row.choice(5), let to: AlertCondition = row.choice(6)
                else { return nil }
                let measurement = AlertMeasurement(
                    value: row[8], numerator: row[9], denominator: row[10], bound: row[11], sample: row[12] ?? 0, note: row[13])
                return RecordedAlertTransition(
                    sequence: row[0],
                    transition: AlertTransition(
                        alertID: row[1], ruleID: row[2], segment: segment, at: Timestamp(millisecondsSinceEpoch: row[4]), from: from, to: to,
                        severity: row.choice(7), measurement: measurement))
            }.compactMap { $0 }
        }
    }

    public func acknowledgeAlert(_ id: String, _ acknowledgement: AlertAcknowledgement) async throws -> AlertStatus? {
        try await pool.write { db in
            guard var status = try Row.fetchOne(db, sql: "SELECT \(Self.alertStatusColumns) FROM alert_status WHERE id = ?", arguments: [id])
                .flatMap(Self.alertStatus(row:))
            else { return nil }
            guard status.condition == .firing else { return status }
            status.acknowledgement = acknowledgement
            try Self.save(status, in: db)
            try Self.append([acknowledgement.auditEntry(for: id)], in: db)
            return status
        }
    }

    public func silences(endingAfter instant: Timestamp) async throws -> [AlertSilence] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, rule_id, store_id, starts_at, ends_at, created_by, comment FROM alert_silence WHERE ends_at > ? ORDER BY ends_at, id",
                arguments: [instant.millisecondsSinceEpoch]
            ).map(Self.silence(row:))
        }
    }

    public func addSilence(_ silence: AlertSilence) async throws {
        try await pool.write { db in
            try Self.save(silence, in: db)
            try Self.append([silence.auditEntry("silence.created", by: silence.createdBy, at: silence.startsAt)], in: db)
        }
    }

    public func endSilence(_ id: String, by actor: String, at instant: Timestamp) async throws -> AlertSilence? {
        try await pool.write { db in
            guard var silence = try Row.fetchOne(
                db, sql: "SELECT id, rule_id, store_id, starts_at, ends_at, created_by, comment FROM alert_silence WHERE id = ?", arguments: [id]
            ).map(Self.silence(row:)) else { return nil }
            guard silence.endsAt > instant else { return silence }
            silence.endsAt = instant
            try Self.save(silence, in: db)
            try Self.append([silence.auditEntry("silence.ended", by: actor, at: instant)], in: db)
            return silence
        }
    }

    static func save(_ silence: AlertSilence, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO alert_silence (id, rule_id, store_id, starts_at, ends_at, created_by, comment) VALUES (?,?,?,?,?,?,?)",
            arguments: [
                silence.id, silence.ruleID, silence.store?.rawValue, silence.startsAt.millisecondsSinceEpoch, silence.endsAt.millisecondsSinceEpoch,
                silence.createdBy, silence.comment,
            ])
    }

    static func silence(row: Row) -> AlertSilence {
        AlertSilence(
            id: row[0], ruleID: row[1], store: row.identifier(2), startsAt: Timestamp(millisecondsSinceEpoch: row[3]),
            endsAt: Timestamp(millisecondsSinceEpoch: row[4]), createdBy: row[5], comment: row[6])
    }

    static func save(_ status: AlertStatus, in db: Database) throws {
        let measurement = status.measurement
        let acknowledgement = status.acknowledgement
        // A round saves every status; a compiled statement reused for all of them is most of the speed.
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO alert_status (\(alertStatusColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)").execute(
            arguments: [
                status.id, status.ruleID, status.segment.description, status.condition.rawValue, status.severity?.rawValue,
                status.since.millisecondsSinceEpoch, status.breachSince.databaseValue, status.clearSince.databaseValue,
                status.evaluatedAt.millisecondsSinceEpoch, measurement?.value, measurement?.numerator, measurement?.denominator, measurement?.bound,
                measurement?.sample, measurement?.note, acknowledgement?.by, acknowledgement?.at.millisecondsSinceEpoch, acknowledgement?.comment,
                acknowledgement?.until.databaseValue, status.notifiedAt.databaseValue,
            ])
    }

    static func alertStatus(row: Row) -> AlertStatus? {
        guard let segment = AlertSegment(row[2] as String), let condition: AlertCondition = row.choice(3), let since = row.timestamp(5),
              let evaluated = row.timestamp(8)
        else { return nil }
        var status = AlertStatus(ruleID: row[1], segment: segment, startingAt: since)
        status.condition = condition
        status.severity = row.choice(4)
        status.breachSince = row.timestamp(6)
        status.clearSince = row.timestamp(7)
        status.evaluatedAt = evaluated
        if row[13] as Int? != nil {
            status.measurement = AlertMeasurement(value: row[9], numerator: row[10], denominator: row[11], bound: row[12], sample: row[13], note: row[14])
        }
        if let by: String = row[15], let at = row.timestamp(16) {
            status.acknowledgement = AlertAcknowledgement(by: by, at: at, comment: row[17], until: row.timestamp(18))
        }
        status.notifiedAt = row.timestamp(19)
        return status
    }
}
