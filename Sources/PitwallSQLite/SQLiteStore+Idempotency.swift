import GRDB
import PitwallCore

extension SQLiteStore: IdempotencyRecordStore {
    public func claimIdempotencyKey(_ record: IdempotencyRecord, forgettingBefore: Timestamp) async throws -> IdempotencyRecord? {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM idempotent_request WHERE caller = ? AND created_at < ?", arguments: [record.caller, forgettingBefore.millisecondsSinceEpoch])
            try db.execute(
                sql: """
                    INSERT INTO idempotent_request (key_hash, caller, fingerprint, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(key_hash) DO NOTHING
                    """,
                arguments: [record.keyHash, record.caller, record.fingerprint, record.createdAt.millisecondsSinceEpoch])
            guard db.changesCount == 0 else { return nil }
            return try Row.fetchOne(
                db, sql: "SELECT fingerprint, status, body, created_at FROM idempotent_request WHERE key_hash = ?", arguments: [record.keyHash]
            ).map {
                IdempotencyRecord(
                    keyHash: record.keyHash, caller: record.caller, fingerprint: $0[0], status: $0[1], body: $0[2],
                    createdAt: Timestamp(millisecondsSinceEpoch: $0[3]))
            }
        }
    }

    public func finishIdempotentRequest(keyHash: String, status: Int, body: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE idempotent_request SET status = ?, body = ? WHERE key_hash = ?", arguments: [status, body, keyHash])
        }
    }

    public func releaseIdempotencyKey(keyHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM idempotent_request WHERE key_hash = ? AND status IS NULL", arguments: [keyHash])
        }
    }

    public func takeOverIdempotencyKey(_ record: IdempotencyRecord, abandonedBefore: Timestamp) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE idempotent_request SET fingerprint = ?, created_at = ? WHERE key_hash = ? AND status IS NULL AND created_at < ?",
                arguments: [record.fingerprint, record.createdAt.millisecondsSinceEpoch, record.keyHash, abandonedBefore.millisecondsSinceEpoch])
            return db.changesCount == 1
        }
    }
}
