import PitwallCore
import PostgresNIO

extension PostgresStore: EscalationStore {
    public func escalations(openOnly: Bool, store: StoreID?) async throws -> [Escalation] {
        var bindings = PostgresBindings()
        bindings.append(organisationID)
        var sql = "SELECT record FROM escalation WHERE organisation_id = $1"
        if openOnly { sql += " AND resolved_at IS NULL" }
        if let store {
            bindings.append(store.rawValue)
            sql += " AND store_id = $2"
        }
        return try await rows(PostgresQuery(unsafeSQL: sql + " ORDER BY raised_at DESC, id", binds: bindings), as: String.self)
            .map { try StoredJSON.decode(Escalation.self, from: $0) }
    }

    public func escalations(ids: [String]) async throws -> [Escalation] {
        try await rows(
            "SELECT record FROM escalation WHERE organisation_id = \(organisationID) AND id = ANY(\(Array(Set(ids))))", as: String.self
        ).map { try StoredJSON.decode(Escalation.self, from: $0) }
    }

    public func record(_ changes: EscalationChanges) async throws {
        try await database.writing(for: organisation) { connection in
            try await save(changes.raised + changes.resolved, on: connection)
            try await append(changes.audit, on: connection)
        }
    }

    public func acknowledge(_ id: String, by actor: String, comment: String?, at: Timestamp) async throws -> Escalation? {
        try await database.writing(for: organisation) { connection in
            guard var escalation = try await rows(
                "SELECT record FROM escalation WHERE organisation_id = \(organisationID) AND id = \(id)", as: String.self, on: connection
            ).first.map({ try StoredJSON.decode(Escalation.self, from: $0) })
            else { return nil }
            guard escalation.acknowledgedAt == nil else { return escalation }
            escalation.acknowledgedAt = at
            escalation.acknowledgedBy = actor
            escalation.comment = comment
            try await save([escalation], on: connection)
            try await append([AuditEntry(at: at, actor: actor, action: "escalation.acknowledged", subject: id, detail: comment ?? "")], on: connection)
            return escalation
        }
    }

    public func auditLog(after sequence: Int64, limit: Int) async throws -> [AuditEntry] {
        try await auditEntries(
            """
            SELECT sequence, at, actor, action, subject, detail FROM audit_log WHERE organisation_id = \(organisationID) AND sequence > \(sequence) \
            ORDER BY sequence LIMIT \(limit)
            """)
    }

    public func latestAuditEntries(limit: Int) async throws -> [AuditEntry] {
        try await auditEntries(
            """
            SELECT sequence, at, actor, action, subject, detail FROM audit_log WHERE organisation_id = \(organisationID) \
            ORDER BY sequence DESC LIMIT \(limit)
            """)
    }

    private func auditEntries(_ query: PostgresQuery) async throws -> [AuditEntry] {
        try await rows(query, as: (Int64, Int64, String, String, String, String).self).map { sequence, at, actor, action, subject, detail in
            AuditEntry(sequence: sequence, at: Timestamp(millisecondsSinceEpoch: at), actor: actor, action: action, subject: subject, detail: detail)
        }
    }

    func save(_ escalations: [Escalation], on connection: PostgresConnection) async throws {
        var insert = RowInsert(
            into: "escalation",
            columns: [
                ("organisation_id", "text"), ("id", "text"), ("store_id", "text"), ("raised_at", "bigint"), ("resolved_at", "bigint"),
                ("record", "jsonb"),
            ],
            then: """
                ON CONFLICT (organisation_id, id) DO UPDATE SET store_id = excluded.store_id, raised_at = excluded.raised_at, \
                resolved_at = excluded.resolved_at, record = excluded.record
                """)
        // One row per id: a round may raise and resolve the same escalation, and the later word stands.
        var latest: [String: Escalation] = [:]
        for escalation in escalations { latest[escalation.id] = escalation }
        for escalation in latest.values.sorted(by: { $0.id < $1.id }) {
            let json = try StoredJSON.encode(escalation)
            insert.add { row in
                row.append(organisationID)
                row.append(escalation.id)
                row.append(escalation.storeID.rawValue)
                row.append(escalation.raisedAt.millisecondsSinceEpoch)
                row.append(escalation.resolvedAt?.millisecondsSinceEpoch)
                row.append(json)
            }
        }
        try await run(insert.finished(), on: connection)
    }

    /// Appends to the audit log, numbering on from the organisation's last entry (the write
    /// lock the caller holds keeps the numbers gap-free).
    func append(_ entries: [AuditEntry], on connection: PostgresConnection) async throws {
        guard !entries.isEmpty else { return }
        let last = try await rows(
            "SELECT coalesce(max(sequence), 0)::bigint FROM audit_log WHERE organisation_id = \(organisationID)", as: Int64.self, on: connection
        ).first ?? 0
        var insert = RowInsert(
            into: "audit_log",
            columns: [
                ("organisation_id", "text"), ("sequence", "bigint"), ("at", "bigint"), ("actor", "text"), ("action", "text"),
                ("subject", "text"), ("detail", "text"),
            ])
        for (offset, entry) in entries.enumerated() {
            insert.add { row in
                row.append(organisationID)
                row.append(last + Int64(offset) + 1)
                row.append(entry.at.millisecondsSinceEpoch)
                row.append(entry.actor)
                row.append(entry.action)
                row.append(entry.subject)
                row.append(entry.detail)
            }
        }
        try await run(insert.finished(), on: connection)
    }
}
