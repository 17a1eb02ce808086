import PitwallCore
import PostgresNIO

/// Idempotency keys, one table for the whole database: a client's retry may reach any server.
extension PostgresDatabase: IdempotencyRecordStore {
    public func claimIdempotencyKey(_ record: IdempotencyRecord, forgettingBefore: Timestamp) async throws -> IdempotencyRecord? {
        try await query("DELETE FROM idempotent_request WHERE caller = \(record.caller) AND created_at < \(forgettingBefore.millisecondsSinceEpoch)")
        let claimed = try await rows(
            """
            INSERT INTO idempotent_request (key_hash, caller, fingerprint, created_at) VALUES (\(record.keyHash), \(record.caller), \
            \(record.fingerprint), \(record.createdAt.millisecondsSinceEpoch))
            ON CONFLICT (key_hash) DO NOTHING RETURNING 1
            """, as: Int32.self)
        guard claimed.isEmpty else { return nil }
        return try await rows(
            "SELECT fingerprint, status, body, created_at FROM idempotent_request WHERE key_hash = \(record.keyHash)",
            as: (String, Int32?, String?, Int64).self
        ).first.map {
            IdempotencyRecord(
                keyHash: record.keyHash, caller: record.caller, fingerprint: $0, status: $1.map(Int.init), body: $2, createdAt: Timestamp(millisecondsSinceEpoch: $3))
        }
    }

    public func finishIdempotentRequest(keyHash: String, status: Int, body: String) async throws {
        try await query("UPDATE idempotent_request SET status = \(Int32(status)), body = \(body) WHERE key_hash = \(keyHash)")
    }

    public func releaseIdempotencyKey(keyHash: String) async throws {
        try await query("DELETE FROM idempotent_request WHERE key_hash = \(keyHash) AND status IS NULL")
    }

    public func takeOverIdempotencyKey(_ record: IdempotencyRecord, abandonedBefore: Timestamp) async throws -> Bool {
        try await !rows(
            """
            UPDATE idempotent_request SET fingerprint = \(record.fingerprint), created_at = \(record.createdAt.millisecondsSinceEpoch)
            WHERE key_hash = \(record.keyHash) AND status IS NULL AND created_at < \(abandonedBefore.millisecondsSinceEpoch) RETURNING 1
            """, as: Int32.self
        ).isEmpty
    }
}

extension SharedTablesInGroupDatabase {
    public func claimIdempotencyKey(_ record: IdempotencyRecord, forgettingBefore: Timestamp) async throws -> IdempotencyRecord? {
        try await database.claimIdempotencyKey(record, forgettingBefore: forgettingBefore)
    }
    public func finishIdempotentRequest(keyHash: String, status: Int, body: String) async throws {
        try await database.finishIdempotentRequest(keyHash: keyHash, status: status, body: body)
    }
    public func releaseIdempotencyKey(keyHash: String) async throws { try await database.releaseIdempotencyKey(keyHash: keyHash) }
    public func takeOverIdempotencyKey(_ record: IdempotencyRecord, abandonedBefore: Timestamp) async throws -> Bool {
        try await database.takeOverIdempotencyKey(record, abandonedBefore: abandonedBefore)
    }
}
