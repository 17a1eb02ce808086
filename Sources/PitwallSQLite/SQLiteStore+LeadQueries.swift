import GRDB
import PitwallCore

extension SQLiteStore: LeadQueryStore {
    public func leads(createdSince since: Timestamp, store: StoreID?, unansweredAt: Timestamp?) async throws -> [LeadRecords] {
        try await pool.read { db in
            var created = "created_at >= ?"
            var arguments: StatementArguments = [since.millisecondsSinceEpoch]
            if let store {
                created += " AND store_id = ?"
                arguments += [store.rawValue]
            }
            guard let unansweredAt else { return try Self.loadRecords(ofLeadsWhere: created, arguments: arguments, from: db) }
            // Not answered, or answered only after the instant: two ranges of
            // `lead_by_first_response` (v14), where one condition with OR read the week's every lead.
            return try Self.loadRecords(
                ofLeadsWhere: Self.unanswered(created: created), arguments: arguments + [unansweredAt.millisecondsSinceEpoch] + arguments, from: db)
        }
    }

    /// Leads matching `created` with no answer, or only one after an instant (the middle argument).
    static func unanswered(created: String) -> String {
        """
        lead_id IN (SELECT lead_id FROM lead WHERE first_response_at IS NULL AND \(created)
        UNION ALL SELECT lead_id FROM lead WHERE first_response_at > ? AND \(created))
        """
    }

    public func leads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadRecords] {
        let (condition, arguments) = Self.created(from: from, before: before, store: store)
        return try await pool.read { db in try Self.loadRecords(ofLeadsWhere: condition, arguments: arguments, from: db) }
    }

    public func leadStates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadState] {
        let (condition, arguments) = Self.created(from: from, before: before, store: store)
        return try await pool.read { db in try Self.states(ofLeadsWhere: condition, arguments: arguments, from: db) }
    }

    public func leadOutcomeTimes(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadOutcomeTimes] {
        let (condition, arguments) = Self.created(from: from, before: before, store: store)
        // The times and the segments off the lead row, the first appointment off its index, the
        // last message (of leads that replied) off the message index: two months of a large
        // group's leads measured without decoding any record.
        return try await pool.read { db in
            try db.allDirect(
                """
                SELECT lead_id, created_at, first_inbound_at, opted_out_at, first_sale_at,
                (SELECT min(set_at) FROM appointment WHERE appointment.lead_id = lead.lead_id), store_id,
                source, campaign_id, region, agent_id, vehicle_condition,
                CASE WHEN inbound_count > 0 THEN (SELECT max(at) FROM message WHERE message.lead_id = lead.lead_id) END, tier,
                coalesce(min(satisfaction_at, recommend_at), satisfaction_at, recommend_at)
                FROM lead WHERE \(condition) ORDER BY created_at, lead_id
                """, arguments: arguments
            ) { row in
                LeadOutcomeTimes(
                    leadID: LeadID(row.optionalString(0) ?? ""), storeID: row.optionalString(6).map { StoreID($0) }, createdAt: row.timestamp(1) ?? Timestamp(millisecondsSinceEpoch: 0),
                    firstReplyAt: row.timestamp(2), firstAppointmentSetAt: row.timestamp(5), optedOutAt: row.timestamp(3), firstSaleAt: row.timestamp(4),
                    lastMessageAt: row.timestamp(12), surveyAnsweredAt: row.timestamp(14),
                    segments: LeadSegmentNames(
                        source: row.optionalString(7), campaign: row.optionalString(8), region: row.optionalString(9), agent: row.optionalString(10),
                        tier: row.optionalString(13), vehicleCondition: row.optionalString(11)))
            }
        }
    }

    /// Leads created in `[from, before)`, of one store or all, as a condition on the lead table.
    static func created(from: Timestamp, before: Timestamp, store: StoreID?) -> (condition: String, arguments: StatementArguments) {
        var condition = "created_at >= ? AND created_at < ?"
        var arguments: StatementArguments = [from.millisecondsSinceEpoch, before.millisecondsSinceEpoch]
        if let store {
            condition += " AND store_id = ?"
            arguments += [store.rawValue]
        }
        return (condition, arguments)
    }

    public func leadStates(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await leadStates(since: since, store: store, narrowedBy: nil)
    }

    // The columns narrow a week or a month of leads to the few hundred worth decoding; the
    // rule itself (opt-outs and opt-ins included) is the core's.
    public func leadsAwaitingAgent(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await leadStates(since: since, store: store, narrowedBy: Self.awaitingAgentCondition).filter(\.isWaitingForAgent)
    }

    public func handOffsAwaitingPickup(since: Timestamp, handedOffSince: Timestamp, store: StoreID?) async throws -> [HandOffAwaitingPickup] {
        try await pool.read { db in
            var sql = """
                SELECT lead_id, store_id, tier, source, assigned_at FROM lead
                WHERE created_at >= ? AND \(Self.awaitingAgentCondition) AND assigned_at >= ?
                """
            var arguments: StatementArguments = [since.millisecondsSinceEpoch, handedOffSince.millisecondsSinceEpoch]
            if let store {
                sql += " AND store_id = ?"
                arguments += [store.rawValue]
            }
            return try db.all(sql, arguments: arguments) { row in
                HandOffAwaitingPickup(
                    leadID: LeadID(row[0] as String), storeID: StoreID(row[1] as String), tier: (row[2] as String?).flatMap(LeadTier.init(rawValue:)),
                    source: row[3], handedOffAt: Timestamp(millisecondsSinceEpoch: row[4]))
            }
        }
    }

    /// Leads an agent owes an answer, as the partial index `lead_awaiting_agent` (v13) reads them.
    static let awaitingAgentCondition = "agent_id IS NOT NULL AND first_agent_response_at IS NULL AND sales_count = 0"

    public func leadsTextedAndOptedOut(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await leadStates(since: since, store: store, narrowedBy: "outbound_count > 0 AND opted_out_at IS NOT NULL").filter(\.wasTextedAndOptedOut)
    }

    /// `leadStates(since:store:)`, with an extra condition on the lead table's columns. Sorted
    /// here: asked to order by lead_id, SQLite walks the whole table in that order.
    func leadStates(since: Timestamp, store: StoreID?, narrowedBy condition: String?) async throws -> [LeadState] {
        try await pool.read { db in
            let instant = since.millisecondsSinceEpoch
            let also = condition.map { " AND (\($0))" } ?? ""
            var states: [LeadState]
            if let store {
                states = try db.allDirect(
                    "SELECT \(LeadState.columns) FROM lead WHERE store_id = ? AND created_at >= ?\(also)", arguments: [store.rawValue, instant],
                    read: { LeadState(row: $0) })
            } else {
                states = try db.allDirect("SELECT \(LeadState.columns) FROM lead WHERE created_at >= ?\(also)", arguments: [instant], read: { LeadState(row: $0) })
                states += try db.allDirect(
                    "SELECT \(LeadState.columns) FROM lead WHERE created_at IS NULL AND last_event_at >= ?\(also)", arguments: [instant],
                    read: { LeadState(row: $0) })
            }
            return states.sorted { $0.leadID < $1.leadID }
        }
    }

    /// Probing the contact indexes lead by lead for a month, or walking them whole for a window
    /// that holds much of the store's history (`RepeatLeadSearch`).
    public func repeatLeads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64) async throws -> [RepeatLead] {
        try await pool.read { db in
            let way = try Self.repeatLeadSearch(createdFrom: from, before: before, store: store, in: db)
            return try Self.repeatLeads(createdFrom: from, before: before, store: store, window: window, by: way, in: db)
        }
    }

    static func repeatLeads(
        createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64, by way: RepeatLeadSearch, in db: Database
    ) throws -> [RepeatLead] {
        let (sql, arguments) =
            switch way {
            case .probes: probingSQL(createdFrom: from, before: before, store: store, window: window)
            case .scan: scanningSQL(createdFrom: from, before: before, store: store, window: window)
            }
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            var matches: [(at: Int64, lead: String, source: String?)] = []
            if let lead: String = row[5] { matches.append((row[7], lead, row[6])) }
            if let lead: String = row[8] { matches.append((row[10], lead, row[9])) }
            let earliest = matches.min { ($0.at, $0.lead) < ($1.at, $1.lead) }!
            let cents: Int64? = row[3]
            return RepeatLead(
                leadID: LeadID(row[0] as String), storeID: StoreID(row[1] as String), source: row[2] ?? "", cost: cents.map { Money(cents: $0) },
                createdAt: Timestamp(millisecondsSinceEpoch: row[4]), earlierLeadID: LeadID(earliest.lead), earlierSource: earliest.source ?? "",
                earlierCreatedAt: Timestamp(millisecondsSinceEpoch: earliest.at))
        }
    }

    /// One statement: each window lead's earliest match by phone and by e-mail, each a probe
    /// of its contact index, so a month of the year's leads is read without their records.
    private static func probingSQL(createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64) -> (String, StatementArguments) {
        func earliest(_ column: String) -> String {
            """
            (SELECT e.lead_id FROM lead e WHERE e.store_id = l.store_id AND e.\(column) = l.\(column) \
            AND e.created_at >= l.created_at - ?1 AND e.created_at < l.created_at ORDER BY e.created_at, e.lead_id LIMIT 1)
            """
        }
        let sql = """
            SELECT r.lead_id, r.store_id, r.source, r.cost_cents, r.created_at, p.lead_id, p.source, p.created_at, m.lead_id, m.source, m.created_at
            FROM (SELECT l.lead_id, l.store_id, l.source, l.cost_cents, l.created_at, \(earliest("contact_phone_key")) AS by_phone,
                  \(earliest("contact_email_key")) AS by_email
                  FROM lead l WHERE l.created_at >= ?2 AND l.created_at < ?3 AND l.store_id IS NOT NULL AND (?4 IS NULL OR l.store_id = ?4)
                  AND (l.contact_phone_key IS NOT NULL OR l.contact_email_key IS NOT NULL)) r
            LEFT JOIN lead p ON p.lead_id = r.by_phone LEFT JOIN lead m ON m.lead_id = r.by_email
            WHERE r.by_phone IS NOT NULL OR r.by_email IS NOT NULL
            ORDER BY r.created_at, r.lead_id
            """
        return (sql, [window, from.millisecondsSinceEpoch, before.millisecondsSinceEpoch, store?.rawValue])
    }

    public func earlierLead(
        at store: StoreID, phoneKey: String?, emailKey: String?, since: Timestamp, before: Timestamp, excluding: LeadID
    ) async throws -> LeadID? {
        try await pool.read { db in
            var found: [(Int64, String)] = []
            for (column, key) in [("contact_phone_key", phoneKey), ("contact_email_key", emailKey)] {
                guard let key else { continue }
                if let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT created_at, lead_id FROM lead WHERE store_id = ? AND \(column) = ? AND created_at >= ? AND created_at < ? AND lead_id != ?
                        ORDER BY created_at, lead_id LIMIT 1
                        """,
                    arguments: [store.rawValue, key, since.millisecondsSinceEpoch, before.millisecondsSinceEpoch, excluding.rawValue])
                {
                    found.append((row[0], row[1]))
                }
            }
            return found.min { ($0.0, $0.1) < ($1.0, $1.1) }.map { LeadID($0.1) }
        }
    }

    public func lead(sentMessage messageID: MessageID) async throws -> LeadID? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT lead_id FROM message WHERE message_id = ? AND direction = 'outbound'", arguments: [messageID.rawValue])
                .map { LeadID($0) }
        }
    }

    public func newestLead(at store: StoreID, phoneKey: String, since: Timestamp) async throws -> LeadID? {
        try await pool.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT lead_id FROM lead WHERE store_id = ? AND contact_phone_key = ? AND created_at >= ?
                    ORDER BY created_at DESC, lead_id DESC LIMIT 1
                    """,
                arguments: [store.rawValue, phoneKey, since.millisecondsSinceEpoch]
            ).map { LeadID($0) }
        }
    }

    /// Walks the store's leads from the newest back: the store's own at once, a source's after
    /// the leads of the others since its last one (two weeks of a store at most).
    public func latestLeadArrival(at store: StoreID, source: String?, since: Timestamp) async throws -> Timestamp? {
        try await pool.read { db in
            try Int64.fetchOne(
                db,
                sql: "SELECT created_at FROM lead WHERE store_id = ? AND created_at >= ? AND (? IS NULL OR source = ?) ORDER BY created_at DESC LIMIT 1",
                arguments: [store.rawValue, since.millisecondsSinceEpoch, source, source]
            ).map(Timestamp.init(millisecondsSinceEpoch:))
        }
    }

    /// Through `message_sent_by_time`, whose condition the query repeats word for word.
    public func sentMessageReceipts(sentFrom from: Timestamp, before: Timestamp) async throws -> [SentMessageReceipt] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT lead.store_id, message.channel, message.at, message.status, message.status_at
                    FROM message JOIN lead ON lead.lead_id = message.lead_id
                    WHERE direction = 'outbound' AND message.at >= ? AND message.at < ? AND lead.store_id IS NOT NULL AND lead.created_at IS NOT NULL
                    """,
                arguments: [from.millisecondsSinceEpoch, before.millisecondsSinceEpoch]
            ).compactMap { row -> SentMessageReceipt? in
                guard let channel: Channel = row.choice(1), let sentAt = row.timestamp(2) else { return nil }
                return SentMessageReceipt(storeID: StoreID(row[0] as String), channel: channel, sentAt: sentAt, status: row.choice(3), statusAt: row.timestamp(4))
            }
        }
    }
}
