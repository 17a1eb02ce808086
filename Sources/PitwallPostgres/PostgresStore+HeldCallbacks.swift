import PitwallCore
import PostgresNIO

extension PostgresStore: HeldCallbackStore {
    public func hold(_ callback: HeldCallback) async throws {
        try await database.query(
            """
            INSERT INTO held_callback (organisation_id, key, received_at, record) VALUES (\(organisationID), \(callback.key), \
            \(callback.receivedAt.millisecondsSinceEpoch), \(try StoredJSON.encode(callback))::jsonb) ON CONFLICT (organisation_id, key) DO NOTHING
            """)
    }

    public func heldCallbacks(limit: Int) async throws -> [HeldCallback] {
        try await rows(
            "SELECT record FROM held_callback WHERE organisation_id = \(organisationID) ORDER BY received_at, key LIMIT \(limit)", as: String.self
        ).map { try StoredJSON.decode(HeldCallback.self, from: $0) }
    }

    public func release(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await database.query("DELETE FROM held_callback WHERE organisation_id = \(organisationID) AND key = ANY(\(keys))")
    }
}
