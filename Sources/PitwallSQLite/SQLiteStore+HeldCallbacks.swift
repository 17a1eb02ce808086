import GRDB
import PitwallCore

extension SQLiteStore: HeldCallbackStore {
    static let heldCallbackColumns = "key, kind, provider, message_id, provider_status, status, error_code, sender, body, at, stores, received_at"

    public func hold(_ callback: HeldCallback) async throws {
        try await pool.write { db in
            var row: [(any DatabaseValueConvertible)?] = [callback.key]
            switch callback.update {
            case .delivery(let report):
                row += ["delivery", report.provider, report.messageID, report.providerStatus, report.status.rawValue, report.errorCode, nil, nil]
            case .inbound(let text):
                row += ["inbound", text.provider, text.messageID, nil, nil, nil, text.from, text.body]
            }
            row += [callback.update.at?.millisecondsSinceEpoch, callback.stores.map(\.rawValue).joined(separator: "\n"), callback.receivedAt.millisecondsSinceEpoch]
            try db.execute(
                sql: "INSERT OR IGNORE INTO held_callback (\(Self.heldCallbackColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                arguments: StatementArguments(row.map { $0?.databaseValue ?? .null }))
        }
    }

    public func heldCallbacks(limit: Int) async throws -> [HeldCallback] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.heldCallbackColumns) FROM held_callback ORDER BY received_at, key LIMIT ?", arguments: [limit])
                .compactMap(Self.heldCallback(row:))
        }
    }

    public func release(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM held_callback WHERE key = ?")
            for key in keys { try statement.execute(arguments: [key]) }
        }
    }

    static func heldCallback(row: Row) -> HeldCallback? {
        let at = row.timestamp(9)
        let update: ProviderMessageUpdate
        switch row[1] as String {
        case "delivery":
            guard let status: DeliveryStatus = row.choice(5) else { return nil }
            update = .delivery(.init(provider: row[2], messageID: row[3], providerStatus: row[4], status: status, errorCode: row[6], at: at))
        default:
            update = .inbound(.init(provider: row[2], messageID: row[3], from: row[7], body: row[8], at: at))
        }
        let stores = (row[10] as String).split(separator: "\n").map { StoreID(String($0)) }
        return HeldCallback(update: update, stores: stores, receivedAt: Timestamp(millisecondsSinceEpoch: row[11]))
    }
}
