import PitwallCore
import PostgresNIO

extension PostgresStore: LeadQueryStore {
    public func leads(createdSince since: Timestamp, store: StoreID?, unansweredAt: Timestamp?) async throws -> [LeadRecords] {
        var condition = "created_at >= $2"
        if store != nil { condition += " AND store_id = $3" }
        if unansweredAt != nil {
            condition += " AND (\(Self.unansweredCondition(at: "$\(store == nil ? 3 : 4)")))"
        }
        return try await loadRecords(where: condition) { bindings in
            bindings.append(since.millisecondsSinceEpoch)
            if let store { bindings.append(store.rawValue) }
            if let unansweredAt { bindings.append(unansweredAt.millisecondsSinceEpoch) }
        }
    }

    public func leads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadRecords] {
        try await loadRecords(where: store == nil ? "created_at >= $2 AND created_at < $3" : "created_at >= $2 AND created_at < $3 AND store_id = $4") {
            bindings in
            bindings.append(from.millisecondsSinceEpoch)
            bindings.append(before.millisecondsSinceEpoch)
            if let store { bindings.append(store.rawValue) }
        }
    }

    public func leadStates(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await leadStates(since: since, store: store, narrowedBy: nil)
    }

    // The stored state leaves out what is unset, so a key's presence says whether it is set.
    // These narrow the rows decoded; the rule itself is the core's, as on every backend.
    public func leadsAwaitingAgent(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await leadStates(since: since, store: store, narrowedBy: Self.awaitingAgentCondition).filter(\.isWaitingForAgent)
    }

    public func leadsTextedAndOptedOut(since: Timestamp, store: StoreID?) async throws -> [LeadState] {
        try await leadStates(since: since, store: store, narrowedBy: Self.textedAndOptedOutCondition).filter(\.wasTextedAndOptedOut)
    }

    /// Not answered by `instant` (a parameter or a literal): never, or after it. Each half is a
    /// range of `lead_by_first_response` (schema v4).
    public static func unansweredCondition(at instant: String) -> String {
        "first_response_at IS NULL OR first_response_at > \(instant)"
    }

    /// The conditions of the `lead_awaiting_agent` and `lead_texted_and_opted_out` indexes
    /// (schema v3), which only a query with exactly the same condition uses.
    public static let awaitingAgentCondition = "state ? 'agentID' AND NOT state ? 'firstAgentResponseAt' AND (state->>'salesCount')::int = 0"
    public static let textedAndOptedOutCondition = "state ? 'optedOutAt' AND (state->>'outboundCount')::int > 0"

    public func leadStates(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadState] {
        let (start, end) = (from.millisecondsSinceEpoch, before.millisecondsSinceEpoch)
        let states: [String] =
            if let store {
                try await rows(
                    """
                    SELECT state FROM lead WHERE organisation_id = \(organisationID) AND store_id = \(store.rawValue) \
                    AND created_at >= \(start) AND created_at < \(end) ORDER BY created_at, lead_id
                    """, as: String.self)
            } else {
                try await rows(
                    """
                    SELECT state FROM lead WHERE organisation_id = \(organisationID) AND created_at >= \(start) AND created_at < \(end) \
                    ORDER BY created_at, lead_id
                    """, as: String.self)
            }
        return try states.map { try StoredJSON.decode(LeadState.self, from: $0) }
    }

    public func leadStates(of ids: [LeadID]) async throws -> [LeadState] {
        guard !ids.isEmpty else { return [] }
        let states = try await rows(
            "SELECT state FROM lead WHERE organisation_id = \(organisationID) AND lead_id = ANY(\(ids.map(\.rawValue)))", as: String.self)
        return try states.map { try StoredJSON.decode(LeadState.self, from: $0) }
    }

    public func leadOutcomeTimes(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> [LeadOutcomeTimes] {
        let (start, end) = (from.millisecondsSinceEpoch, before.millisecondsSinceEpoch)
        // The times and the segments out of the stored state, the first appointment and the last
        // message (of leads that replied) out of the records, in the database: two months of a
        // large group's leads measured without sending their messages over the wire.
        let times = """
            SELECT lead_id, store_id, created_at, (state->>'firstInboundAt')::bigint, (state->>'optedOutAt')::bigint, \
            (state->>'firstSaleAt')::bigint, (SELECT min((a->>'setAt')::bigint) FROM jsonb_array_elements(records->'appointments') a), \
            state->'profile'->>'source', state->'profile'->>'campaignID', state->'profile'->>'region', state->>'agentID', \
            state->'profile'->'vehicle'->>'condition', \
            CASE WHEN coalesce((state->>'inboundCount')::int, 0) > 0 \
            THEN (SELECT max((m->>'at')::bigint) FROM jsonb_array_elements(records->'messages') m) END, \
            state->'profile'->>'tier', \
            least((state->'satisfactionKey'->>'occurredAt')::bigint, (state->'recommendKey'->>'occurredAt')::bigint) FROM lead
            """
        let query: PostgresQuery =
            if let store {
                """
                \(unescaped: times) WHERE organisation_id = \(organisationID) AND store_id = \(store.rawValue) \
                AND created_at >= \(start) AND created_at < \(end) ORDER BY created_at, lead_id
                """
            } else {
                """
                \(unescaped: times) WHERE organisation_id = \(organisationID) AND created_at >= \(start) AND created_at < \(end) \
                ORDER BY created_at, lead_id
                """
            }
        typealias Row = (String, String?, Int64, Int64?, Int64?, Int64?, Int64?, String?, String?, String?, String?, String?, Int64?, String?, Int64?)
        return try await rows(query, as: Row.self).map { row in
            func instant(_ milliseconds: Int64?) -> Timestamp? { milliseconds.map { Timestamp(millisecondsSinceEpoch: $0) } }
            return LeadOutcomeTimes(
                leadID: LeadID(row.0), storeID: row.1.map { StoreID($0) }, createdAt: Timestamp(millisecondsSinceEpoch: row.2),
                firstReplyAt: instant(row.3), firstAppointmentSetAt: instant(row.6), optedOutAt: instant(row.4), firstSaleAt: instant(row.5),
                lastMessageAt: instant(row.12), surveyAnsweredAt: instant(row.14),
                segments: LeadSegmentNames(source: row.7, campaign: row.8, region: row.9, agent: row.10, tier: row.13, vehicleCondition: row.11))
        }
    }

    /// `leadStates(since:store:)`, with an extra condition on the stored state.
    func leadStates(since: Timestamp, store: StoreID?, narrowedBy condition: String?) async throws -> [LeadState] {
        let instant = since.millisecondsSinceEpoch
        let also = condition.map { " AND (\($0))" } ?? ""
        let states: [String]
        if let store {
            states = try await rows(
                "SELECT state FROM lead WHERE organisation_id = \(organisationID) AND store_id = \(store.rawValue) AND created_at >= \(instant)\(unescaped: also)",
                as: String.self)
        } else {
            // Leads known only by later events count by their latest event.
            states = try await rows(
                """
                SELECT state FROM lead WHERE organisation_id = \(organisationID) AND created_at >= \(instant)\(unescaped: also)
                UNION ALL SELECT state FROM lead WHERE organisation_id = \(organisationID) AND created_at IS NULL AND last_event_at >= \(instant)\(unescaped: also)
                """, as: String.self)
        }
        return try states.map { try StoredJSON.decode(LeadState.self, from: $0) }.sorted { $0.leadID < $1.leadID }
    }

    /// As SQLite's: each window lead's earliest match by phone and by e-mail, from the contact
    /// indexes, probed for a month or walked for a window holding much of the history.
    public func repeatLeads(createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64) async throws -> [RepeatLead] {
        try await repeatLeads(createdFrom: from, before: before, store: store, window: window, by: repeatLeadSearch(createdFrom: from, before: before, store: store))
    }

    func repeatLeadSearch(createdFrom from: Timestamp, before: Timestamp, store: StoreID?) async throws -> RepeatLeadSearch {
        let (start, end) = (from.millisecondsSinceEpoch, before.millisecondsSinceEpoch)
        let counts: [(Int64, Int64)] =
            if let store {
                try await rows(
                    """
                    SELECT count(*) FILTER (WHERE created_at >= \(start) AND created_at < \(end)), count(*) FROM lead \
                    WHERE organisation_id = \(organisationID) AND store_id = \(store.rawValue)
                    """, as: (Int64, Int64).self)
            } else {
                try await rows(
                    """
                    SELECT count(*) FILTER (WHERE created_at >= \(start) AND created_at < \(end)), count(*) FROM lead \
                    WHERE organisation_id = \(organisationID)
                    """, as: (Int64, Int64).self)
            }
        return RepeatLeadSearch.choose(windowLeads: Int(counts.first?.0 ?? 0), allLeads: Int(counts.first?.1 ?? 0))
    }

    /// Probes: each window lead's earliest match from the contact indexes, found first
    /// (materialised, so each probe runs once); only the few repeats then have their stored
    /// state opened for the source and cost: opening every window lead's JSON took 4 s for a
    /// month of the year's 20 stores. The walk: each contact index in its order, a window
    /// function giving each lead the earliest time its store and key were seen in the look-back,
    /// then the smallest lead id of that time probed for the few that have one.
    func repeatLeads(
        createdFrom from: Timestamp, before: Timestamp, store: StoreID?, window: Int64, by way: RepeatLeadSearch
    ) async throws -> [RepeatLead] {
        var bindings = PostgresBindings()
        bindings.append(organisationID)
        bindings.append(window)
        bindings.append(from.millisecondsSinceEpoch)
        bindings.append(before.millisecondsSinceEpoch)
        bindings.append(store?.rawValue)
        let found: String
        switch way {
        case .probes:
            func earliest(_ column: String) -> String {
                """
                (SELECT e.lead_id FROM lead e WHERE e.organisation_id = l.organisation_id AND e.store_id = l.store_id AND e.\(column) = l.\(column) \
                AND e.created_at >= l.created_at - $2 AND e.created_at < l.created_at ORDER BY e.created_at, e.lead_id LIMIT 1)
                """
            }
            found = """
                WITH r AS MATERIALIZED (SELECT l.lead_id, l.store_id, l.created_at, \(earliest("phone_key")) AS by_phone, \(earliest("email_key")) AS by_email \
                      FROM lead l WHERE l.organisation_id = $1 AND l.created_at >= $3 AND l.created_at < $4 AND l.store_id IS NOT NULL \
                      AND ($5::text IS NULL OR l.store_id = $5) AND (l.phone_key IS NOT NULL OR l.email_key IS NOT NULL)), \
                found AS MATERIALIZED (SELECT * FROM r WHERE by_phone IS NOT NULL OR by_email IS NOT NULL)
                """
        case .scan:
            func matches(_ column: String) -> String {
                """
                SELECT lead_id, store_id, key, first_at, created_at FROM (SELECT lead_id, store_id, \(column) AS key, created_at, \
                  min(created_at) OVER (PARTITION BY store_id, \(column) ORDER BY created_at RANGE BETWEEN $2 PRECEDING AND 1 PRECEDING) AS first_at \
                  FROM lead WHERE organisation_id = $1 AND \(column) IS NOT NULL AND store_id IS NOT NULL AND ($5::text IS NULL OR store_id = $5) \
                  AND created_at >= $3 - $2 AND created_at < $4) w WHERE first_at IS NOT NULL AND created_at >= $3
                """
            }
            func earliest(_ column: String) -> String {
                """
                (SELECT e.lead_id FROM lead e WHERE e.organisation_id = $1 AND e.store_id = x.store_id AND e.\(column) = x.key \
                AND e.created_at = x.first_at ORDER BY e.lead_id LIMIT 1)
                """
            }
            found = """
                WITH by_phone AS MATERIALIZED (\(matches("phone_key"))), by_email AS MATERIALIZED (\(matches("email_key"))), \
                found AS MATERIALIZED (SELECT lead_id, min(store_id) AS store_id, min(created_at) AS created_at, max(phone) AS by_phone, max(email) AS by_email \
                  FROM (SELECT x.lead_id, x.store_id, x.created_at, \(earliest("phone_key")) AS phone, NULL AS email FROM by_phone x \
                  UNION ALL SELECT x.lead_id, x.store_id, x.created_at, NULL, \(earliest("email_key")) FROM by_email x) u GROUP BY lead_id)
                """
        }
        let sql = """
            \(found) \
            SELECT f.lead_id, f.store_id, x.state->'profile'->>'source', (x.state->'profile'->>'cost')::bigint, f.created_at, \
            p.lead_id, p.state->'profile'->>'source', p.created_at, m.lead_id, m.state->'profile'->>'source', m.created_at \
            FROM found f JOIN lead x ON x.organisation_id = $1 AND x.lead_id = f.lead_id \
            LEFT JOIN lead p ON p.organisation_id = $1 AND p.lead_id = f.by_phone LEFT JOIN lead m ON m.organisation_id = $1 AND m.lead_id = f.by_email \
            ORDER BY f.created_at, f.lead_id
            """
        typealias Found = (String, String, String?, Int64?, Int64, String?, String?, Int64?, String?, String?, Int64?)
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: bindings), as: Found.self).map { row in
            var matches: [(at: Int64, lead: String, source: String?)] = []
            if let lead = row.5, let at = row.7 { matches.append((at, lead, row.6)) }
            if let lead = row.8, let at = row.10 { matches.append((at, lead, row.9)) }
            let earliest = matches.min { ($0.at, $0.lead) < ($1.at, $1.lead) }!
            return RepeatLead(
                leadID: LeadID(row.0), storeID: StoreID(row.1), source: row.2 ?? "", cost: row.3.map { Money(cents: $0) },
                createdAt: Timestamp(millisecondsSinceEpoch: row.4), earlierLeadID: LeadID(earliest.lead), earlierSource: earliest.source ?? "",
                earlierCreatedAt: Timestamp(millisecondsSinceEpoch: earliest.at))
        }
    }

    public func earlierLead(
        at store: StoreID, phoneKey: String?, emailKey: String?, since: Timestamp, before: Timestamp, excluding: LeadID
    ) async throws -> LeadID? {
        var found: [(Int64, String)] = []
        for (column, key) in [("phone_key", phoneKey), ("email_key", emailKey)] {
            guard let key else { continue }
            var bindings = PostgresBindings()
            bindings.append(organisationID)
            bindings.append(store.rawValue)
            bindings.append(key)
            bindings.append(since.millisecondsSinceEpoch)
            bindings.append(before.millisecondsSinceEpoch)
            bindings.append(excluding.rawValue)
            found += try await rows(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT created_at, lead_id FROM lead WHERE organisation_id = $1 AND store_id = $2 AND \(column) = $3 \
                        AND created_at >= $4 AND created_at < $5 AND lead_id <> $6 ORDER BY created_at, lead_id LIMIT 1
                        """, binds: bindings), as: (Int64, String).self)
        }
        return found.min { ($0.0, $0.1) < ($1.0, $1.1) }.map { LeadID($0.1) }
    }

    public func lead(sentMessage messageID: MessageID) async throws -> LeadID? {
        try await rows(
            """
            SELECT lead_id FROM lead_record_owner WHERE organisation_id = \(organisationID) \
            AND kind = \(MessageDirection.outbound.rawValue) AND record_id = \(messageID.rawValue)
            """, as: String.self
        ).first.map { LeadID($0) }
    }

    public func newestLead(at store: StoreID, phoneKey: String, since: Timestamp) async throws -> LeadID? {
        try await rows(
            """
            SELECT lead_id FROM lead WHERE organisation_id = \(organisationID) AND store_id = \(store.rawValue) AND phone_key = \(phoneKey) \
            AND created_at >= \(since.millisecondsSinceEpoch) ORDER BY created_at DESC, lead_id DESC LIMIT 1
            """, as: String.self
        ).first.map { LeadID($0) }
    }

    public func latestLeadArrival(at store: StoreID, source: String?, since: Timestamp) async throws -> Timestamp? {
        try await rows(
            """
            SELECT created_at FROM lead WHERE organisation_id = \(organisationID) AND store_id = \(store.rawValue) \
            AND created_at >= \(since.millisecondsSinceEpoch) AND (\(source)::text IS NULL OR state->'profile'->>'source' = \(source)) \
            ORDER BY created_at DESC LIMIT 1
            """, as: Int64.self
        ).first.map(Timestamp.init(millisecondsSinceEpoch:))
    }

    /// The leads of the window's sends, through `event_message_sent_by_time` (schema v11), and
    /// of their messages only the outbound ones first sent in the window, picked out of the
    /// stored JSON by the server rather than decoded here: every round reads them.
    public func sentMessageReceipts(sentFrom from: Timestamp, before: Timestamp) async throws -> [SentMessageReceipt] {
        let (start, end) = (from.millisecondsSinceEpoch, before.millisecondsSinceEpoch)
        return try await rows(
            """
            SELECT lead.store_id, message->>'channel', (message->>'at')::bigint, message->>'status', (message->>'statusAt')::bigint \
            FROM lead CROSS JOIN LATERAL jsonb_array_elements(lead.records->'messages') AS message \
            WHERE lead.organisation_id = \(organisationID) AND lead.store_id IS NOT NULL AND lead.created_at IS NOT NULL \
            AND lead.lead_id IN (SELECT lead_id FROM event WHERE organisation_id = \(organisationID) AND type = 'message.sent' \
            AND occurred_at >= \(start) AND occurred_at < \(end)) \
            AND message->'key'->>'direction' = 'outbound' AND (message->>'at')::bigint >= \(start) AND (message->>'at')::bigint < \(end)
            """, as: (String, String?, Int64, String?, Int64?).self
        ).compactMap { store, channel, sentAt, status, statusAt in
            guard let channel = channel.flatMap(Channel.init(rawValue:)) else { return nil }
            return SentMessageReceipt(
                storeID: StoreID(store), channel: channel, sentAt: Timestamp(millisecondsSinceEpoch: sentAt), status: status.flatMap(DeliveryStatus.init(rawValue:)),
                statusAt: statusAt.map(Timestamp.init(millisecondsSinceEpoch:)))
        }
    }
}
