import GRDB
import PitwallCore

extension SQLiteStore: EscalationStore {
    static let escalationColumns =
        "id, lead_id, store_id, agent_id, tier, kind, due_at, raised_at, acknowledged_at, acknowledged_by, comment, resolved_at"

    public func escalations(openOnly: Bool, store: StoreID?) async throws -> [Escalation] {
        try await pool.read { db in
            var sql = "SELECT \(Self.escalationColumns) FROM escalation WHERE 1 = 1"
            var arguments: StatementArguments = []
            if openOnly { sql += " AND resolved_at IS NULL" }
            if let store {
                sql += " AND store_id = ?"
                arguments += [store.rawValue]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY raised_at DESC, id", arguments: arguments).map(Self.escalation(row:))
        }
    }

    public func escalations(ids: [String]) async throws -> [Escalation] {
        let unique = Array(Set(ids))
        return try await pool.read { db in
            try Self.inChunks(of: unique, in: db, { "SELECT \(Self.escalationColumns) FROM escalation WHERE id IN (\($0))" }) {
                try Row.fetchAll($0, arguments: $1).map(Self.escalation(row:))
            }
        }
    }

    public func record(_ changes: EscalationChanges) async throws {
        try await pool.write { db in
            for escalation in changes.raised + changes.resolved { try Self.save(escalation, in: db) }
            try Self.append(changes.audit, in: db)
        }
    }

    public func acknowledge(_ id: String, by actor: String, comment: String?, at: Timestamp) async throws -> Escalation? {
        try await pool.write { db in
            guard var escalation = try Row.fetchOne(db, sql: "SELECT \(Self.escalationColumns) FROM escalation WHERE id = ?", arguments: [id])
                .map(Self.escalation(row:))
            else { return nil }
            guard escalation.acknowledgedAt == nil else { return escalation }
            escalation.acknowledgedAt = at
            escalation.acknowledgedBy = actor
            escalation.comment = comment
            try Self.save(escalation, in: db)
            try Self.append(
                [AuditEntry(at: at, actor: actor, action: "escalation.acknowledged", subject: id, detail: comment ?? "")], in: db)
            return escalation
        }
    }

    public func auditLog(after sequence: Int64, limit: Int) async throws -> [AuditEntry] {
        try await auditEntries("WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [sequence, limit])
    }

    public func latestAuditEntries(limit: Int) async throws -> [AuditEntry] {
        try await auditEntries("ORDER BY sequence DESC LIMIT ?", arguments: [limit])
    }

    private func auditEntries(_ clauses: String, arguments: StatementArguments) async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, at, actor, action, subject, detail FROM audit_log " + clauses, arguments: arguments).map { row in
                AuditEntry(sequence: row[0], at: Timestamp(millisecondsSinceEpoch: row[1]), actor: row[2], action: row[3], subject: row[4], detail: row[5])
            }
        }
    }

    static func save(_ escalation: Escalation, in db: Database) throws {
        try DirectStatement(db, sql: "INSERT OR REPLACE INTO escalation (\(escalationColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)").run { row in
            row.bind(escalation.id)
            row.bind(escalation.leadID.rawValue)
            row.bind(escalation.storeID.rawValue)
            row.bind(escalation.agentID?.rawValue)
            row.bind(escalation.tier.rawValue)
            row.bind(escalation.kind.rawValue)
            row.bind(escalation.dueAt.millisecondsSinceEpoch)
            row.bind(escalation.raisedAt.millisecondsSinceEpoch)
            row.bind(escalation.acknowledgedAt.databaseValue)
            row.bind(escalation.acknowledgedBy)
            row.bind(escalation.comment)
            row.bind(escalation.resolvedAt.databaseValue)
        }
    }

    static func append(_ entries: [AuditEntry], in db: Database) throws {
        let insert = try DirectStatement(db, sql: "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?,?,?,?,?)")
        for entry in entries {
            try insert.run { row in
                row.bind(entry.at.millisecondsSinceEpoch)
                row.bind(entry.actor)
                row.bind(entry.action)
                row.bind(entry.subject)
                row.bind(entry.detail)
            }
        }
    }

    static func escalation(row: Row) -> Escalation {
        var escalation = Escalation(
            leadID: LeadID(row[1] as String), storeID: StoreID(row[2] as String), agentID: row.identifier(3), tier: row.choice(4) ?? .warm,
            kind: row.choice(5) ?? .escalation, dueAt: Timestamp(millisecondsSinceEpoch: row[6]), raisedAt: Timestamp(millisecondsSinceEpoch: row[7]))
        escalation.acknowledgedAt = row.timestamp(8)
        escalation.acknowledgedBy = row[9]
        escalation.comment = row[10]
        escalation.resolvedAt = row.timestamp(11)
        return escalation
    }
}
