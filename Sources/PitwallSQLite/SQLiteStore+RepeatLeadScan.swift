import GRDB
import PitwallCore

extension SQLiteStore {
    static func repeatLeadSearch(createdFrom from: Timestamp, before: Timestamp, store: StoreID?, in db: Database) throws -> RepeatLeadSearch {
        let (created, arguments) = Self.created(from: from, before: before, store: store)
        let windowLeads = try Int.fetchOne(db, sql: "SELECT count(*) FROM lead WHERE \(created)", arguments: arguments) ?? 0
        let allLeads =
            if let store { try Int.fetchOne(db, sql: "SELECT count(*) FROM lead WHERE store_id = ?", arguments: [store.rawValue]) ?? 0 } else {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM lead") ?? 0
            }
        return RepeatLeadSearch.choose(windowLeads: windowLeads, allLeads: allLeads)
    }

    /// The same repeats as the probes, in one ordered walk of each contact index. The window
    /// function gives each lead the earliest time its store and key were seen in the look-back
    /// (times are whole milliseconds, so "strictly before" is "up to 1 ms before"); the lead of
    /// that time with the smallest id is then probed for the few leads that have one.
    static func scanningSQL(createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64) -> (String, StatementArguments) {
        let ofStore = store == nil ? "" : " AND store_id = ?4"
        func matches(_ column: String, _ index: String) -> String {
            """
            SELECT lead_id, store_id, key, first_at FROM (
              SELECT lead_id, store_id, \(column) AS key, created_at,
                min(created_at) OVER (PARTITION BY store_id, \(column) ORDER BY created_at RANGE BETWEEN ?1 PRECEDING AND 1 PRECEDING) AS first_at
              FROM lead INDEXED BY \(index)
              WHERE \(column) IS NOT NULL AND store_id IS NOT NULL\(ofStore) AND created_at >= ?2 - ?1 AND created_at < ?3)
            WHERE first_at IS NOT NULL AND created_at >= ?2
            """
        }
        func earliest(_ column: String) -> String {
            "(SELECT e.lead_id FROM lead e WHERE e.store_id = x.store_id AND e.\(column) = x.key AND e.created_at = x.first_at ORDER BY e.lead_id LIMIT 1)"
        }
        let sql = """
            WITH by_phone AS (\(matches("contact_phone_key", "lead_by_phone"))),
            by_email AS (\(matches("contact_email_key", "lead_by_email"))),
            found AS (
              SELECT lead_id, max(phone) AS by_phone, max(email) AS by_email FROM (
                SELECT x.lead_id, \(earliest("contact_phone_key")) AS phone, NULL AS email FROM by_phone x
                UNION ALL SELECT x.lead_id, NULL, \(earliest("contact_email_key")) FROM by_email x)
              GROUP BY lead_id)
            SELECT r.lead_id, r.store_id, r.source, r.cost_cents, r.created_at, p.lead_id, p.source, p.created_at, m.lead_id, m.source, m.created_at
            FROM found f JOIN lead r ON r.lead_id = f.lead_id LEFT JOIN lead p ON p.lead_id = f.by_phone LEFT JOIN lead m ON m.lead_id = f.by_email
            ORDER BY r.created_at, r.lead_id
            """
        var arguments: StatementArguments = [window, from.millisecondsSinceEpoch, before.millisecondsSinceEpoch]
        if let store { arguments += [store.rawValue] }
        return (sql, arguments)
    }
}
