import PostgresNIO

/// The group database's tables. Every table but `access_token` and `pitwall_schema` starts
/// its key with `organisation_id`, so each can be distributed on that column with Citus and
/// every query of one organisation stays on one shard (docs/postgresql.md).
///
/// A lead's derived records (its state, messages, appointments, sales, complaints) are kept
/// as JSON beside the few columns the queries select on: the store reads and writes a lead
/// whole, and the JSON is the core types' `Codable` form, so a stored property renamed in
/// the core needs a migration here.
enum PostgresSchema {
    /// Versioned changes, oldest first, each a list of statements run in one transaction.
    /// Never edit a shipped version: add one.
    static let versions: [(name: String, statements: [String])] = [
        (
            "v1: organisations, events, leads, rollups, tokens, escalations, alerts, held callbacks",
            [
                """
                CREATE TABLE organisation (
                    organisation_id text PRIMARY KEY,
                    name text NOT NULL,
                    created_at bigint NOT NULL
                )
                """,
                """
                CREATE TABLE event (
                    organisation_id text NOT NULL,
                    id text NOT NULL,
                    type text NOT NULL,
                    lead_id text NOT NULL,
                    occurred_at bigint NOT NULL,
                    ingested_at bigint NOT NULL,
                    body text NOT NULL,
                    PRIMARY KEY (organisation_id, id)
                )
                """,
                "CREATE INDEX event_by_lead ON event (organisation_id, lead_id, occurred_at)",
                """
                CREATE TABLE lead (
                    organisation_id text NOT NULL,
                    lead_id text NOT NULL,
                    store_id text,
                    created_at bigint,
                    last_event_at bigint,
                    answered boolean NOT NULL,
                    phone_key text,
                    email_key text,
                    state jsonb NOT NULL,
                    records jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, lead_id)
                )
                """,
                "CREATE INDEX lead_by_store_created ON lead (organisation_id, store_id, created_at)",
                "CREATE INDEX lead_by_created ON lead (organisation_id, created_at)",
                "CREATE INDEX lead_by_phone ON lead (organisation_id, store_id, phone_key, created_at) WHERE phone_key IS NOT NULL",
                "CREATE INDEX lead_by_email ON lead (organisation_id, store_id, email_key, created_at) WHERE email_key IS NOT NULL",
                "CREATE INDEX lead_without_creation ON lead (organisation_id, last_event_at) WHERE created_at IS NULL",
                """
                -- Which lead a message (by direction), appointment or sale is filed under, for
                -- events that name the record but not its lead's records.
                CREATE TABLE lead_record_owner (
                    organisation_id text NOT NULL,
                    kind text NOT NULL,
                    record_id text NOT NULL,
                    lead_id text NOT NULL,
                    PRIMARY KEY (organisation_id, kind, record_id)
                )
                """,
                """
                CREATE TABLE system_signal (
                    organisation_id text NOT NULL,
                    event_id text NOT NULL,
                    at bigint NOT NULL,
                    record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, event_id)
                )
                """,
                """
                CREATE TABLE system_sample (
                    organisation_id text NOT NULL,
                    event_id text NOT NULL,
                    metric text NOT NULL,
                    at bigint NOT NULL,
                    record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, event_id)
                )
                """,
                "CREATE INDEX system_sample_by_metric_time ON system_sample (organisation_id, metric, at)",
                """
                -- Pre-added KPI counts per dimension segment, store and local day; `counters`
                -- in the order of the core's RollupCounter.
                CREATE TABLE rollup (
                    organisation_id text NOT NULL,
                    dimension text NOT NULL,
                    day bigint NOT NULL,
                    store_id text NOT NULL,
                    value text NOT NULL,
                    counters bigint[] NOT NULL,
                    response_times bytea NOT NULL,
                    PRIMARY KEY (organisation_id, dimension, day, store_id, value)
                )
                """,
                """
                CREATE TABLE rollup_zone (
                    organisation_id text NOT NULL,
                    store_id text NOT NULL,
                    zone text NOT NULL,
                    PRIMARY KEY (organisation_id, store_id)
                )
                """,
                """
                -- Looked up by the hash of the secret before the organisation is known: with
                -- Citus this small table is a reference table, copied to every node.
                CREATE TABLE access_token (
                    secret_hash text PRIMARY KEY,
                    organisation_id text NOT NULL,
                    name text NOT NULL,
                    scope text NOT NULL,
                    created_at bigint NOT NULL
                )
                """,
                """
                CREATE TABLE escalation (
                    organisation_id text NOT NULL,
                    id text NOT NULL,
                    store_id text NOT NULL,
                    raised_at bigint NOT NULL,
                    resolved_at bigint,
                    record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, id)
                )
                """,
                "CREATE INDEX escalation_open ON escalation (organisation_id, resolved_at, raised_at)",
                """
                CREATE TABLE audit_log (
                    organisation_id text NOT NULL,
                    sequence bigint NOT NULL,
                    at bigint NOT NULL,
                    actor text NOT NULL,
                    action text NOT NULL,
                    subject text NOT NULL,
                    detail text NOT NULL,
                    PRIMARY KEY (organisation_id, sequence)
                )
                """,
                """
                CREATE TABLE alert_status (
                    organisation_id text NOT NULL,
                    id text NOT NULL,
                    record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, id)
                )
                """,
                """
                CREATE TABLE alert_transition (
                    organisation_id text NOT NULL,
                    sequence bigint NOT NULL,
                    alert_id text NOT NULL,
                    record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, sequence)
                )
                """,
                "CREATE INDEX alert_transition_by_alert ON alert_transition (organisation_id, alert_id, sequence)",
                """
                CREATE TABLE alert_silence (
                    organisation_id text NOT NULL,
                    id text NOT NULL,
                    ends_at bigint NOT NULL,
                    record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, id)
                )
                """,
                """
                CREATE TABLE held_callback (
                    organisation_id text NOT NULL,
                    key text NOT NULL,
                    received_at bigint NOT NULL,
                    record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, key)
                )
                """,
                "CREATE INDEX held_callback_by_age ON held_callback (organisation_id, received_at)",
                """
                CREATE FUNCTION pitwall_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
                END
                $$
                """,
                """
                CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE OR DELETE ON audit_log
                    FOR EACH ROW EXECUTE FUNCTION pitwall_refuse_change()
                """,
                """
                CREATE TRIGGER alert_transition_is_append_only BEFORE UPDATE OR DELETE ON alert_transition
                    FOR EACH ROW EXECUTE FUNCTION pitwall_refuse_change()
                """,
            ]
        ),
        (
            "v2: tokens limited to some stores",
            [
                // NULL: every store of the organisation; else store ids, one per line.
                "ALTER TABLE access_token ADD COLUMN stores text"
            ]
        ),
        (
            "v3: the leads waiting for their agent, and those texted and opted out, indexed",
            [
                // The /sla page and the routing look for a week's leads waiting for their agent,
                // the compliance scan for a month's opted out: a few hundred, which without these
                // meant reading every lead of the window and its JSON (on a 20-store group's two
                // months: 39-61 ms against 2.6-5.3, and 90-104 ms against 3.9-8.1; see
                // docs/performance.md). Each condition is its query's word for word
                // (PostgresStore+LeadQueries), or the planner will not use the index.
                """
                CREATE INDEX lead_awaiting_agent ON lead (organisation_id, created_at) \
                WHERE state ? 'agentID' AND NOT state ? 'firstAgentResponseAt' AND (state->>'salesCount')::int = 0
                """,
                """
                CREATE INDEX lead_texted_and_opted_out ON lead (organisation_id, created_at) \
                WHERE state ? 'optedOutAt' AND (state->>'outboundCount')::int > 0
                """,
            ]
        ),
        (
            "v4: the leads not answered yet, indexed",
            [
                // The live queue and the last 15 minutes look for the week's leads not answered by
                // an instant: a few dozen, which through the index of all leads meant reading the
                // week's 12,200 and each one's first response out of its JSON (26-29 ms on two
                // months of a 20-store group). With the time in a column of its own, each half of
                // "never answered, or answered after the instant" is a range of this index.
                "ALTER TABLE lead ADD COLUMN first_response_at bigint",
                "UPDATE lead SET first_response_at = (state->'firstResponse'->>'at')::bigint WHERE answered",
                "CREATE INDEX lead_by_first_response ON lead (organisation_id, first_response_at, created_at)",
            ]
        ),
        (
            "v5: each organisation's own configuration",
            [
                // Every version kept, so what an organisation's targets and stores were on a day
                // can be looked up; the newest is in force.
                """
                CREATE TABLE organisation_configuration (
                    organisation_id text NOT NULL REFERENCES organisation (organisation_id),
                    version integer NOT NULL,
                    document text NOT NULL,
                    saved_at bigint NOT NULL,
                    PRIMARY KEY (organisation_id, version)
                )
                """
            ]
        ),
        (
            "v6: revoked tokens",
            ["ALTER TABLE access_token ADD COLUMN revoked_at bigint"]
        ),
        (
            "v7: dashboard sessions",
            [
                // Looked up by the hash of the cookie before the organisation is known, as tokens
                // are: with Citus a reference table too.
                """
                CREATE TABLE dashboard_session (
                    id_hash text PRIMARY KEY,
                    token_hash text NOT NULL,
                    expires_at bigint NOT NULL
                )
                """,
                "CREATE INDEX dashboard_session_by_expiry ON dashboard_session (expires_at)",
            ]
        ),
        (
            "v8: when each token was last used; sessions found by token",
            [
                "ALTER TABLE access_token ADD COLUMN last_used_at bigint",
                // Expired sessions are forgotten a token at a time, when it signs in again.
                "DROP INDEX dashboard_session_by_expiry",
                "CREATE INDEX dashboard_session_by_token ON dashboard_session (token_hash, expires_at)",
            ]
        ),
        (
            "v9: tokens that expire",
            ["ALTER TABLE access_token ADD COLUMN expires_at bigint"]
        ),
        (
            "v10: requests sent with an idempotency key",
            [
                // Keyed by a hash naming the caller's token, looked up with the token before
                // the organisation matters: with Citus a reference table, as sessions are.
                """
                CREATE TABLE idempotent_request (
                    key_hash text PRIMARY KEY,
                    caller text NOT NULL,
                    fingerprint text NOT NULL,
                    status integer,
                    body text,
                    created_at bigint NOT NULL
                )
                """,
                "CREATE INDEX idempotent_request_by_caller ON idempotent_request (caller, created_at)",
            ]
        ),
        (
            "v11: texts found by when they were sent",
            [
                // The delivery-receipts rule asks every round for the last hour's sends, whose
                // messages live in their leads' JSON: this finds their leads. Events are never
                // rewritten, so the index only grows at its end.
                "CREATE INDEX event_message_sent_by_time ON event (organisation_id, occurred_at) WHERE type = 'message.sent'"
            ]
        ),
        (
            "v12: the coaching log",
            [
                """
                CREATE TABLE coaching_session (
                    organisation_id text NOT NULL,
                    id text NOT NULL,
                    store_id text NOT NULL,
                    day bigint NOT NULL,
                    record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, id)
                )
                """,
                "CREATE INDEX coaching_session_by_day ON coaching_session (organisation_id, day)",
            ]
        ),
        (
            "v13: the change log",
            [
                """
                CREATE TABLE process_change (
                    organisation_id text NOT NULL,
                    id text NOT NULL,
                    day bigint NOT NULL,
                    store_id text,
                    record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, id)
                )
                """,
                "CREATE INDEX process_change_by_day ON process_change (organisation_id, day)",
            ]
        ),
        (
            // Filled by the recount at start-up: the rollup basis names the distributions kept.
            "v14: the agents' pick-up times as a distribution",
            ["ALTER TABLE rollup ADD COLUMN pickup_times bytea NOT NULL DEFAULT ''::bytea"]
        ),
        (
            // Before this version `notified_via` was an unknown field, kept in the stored body:
            // read it from each lead's deciding hand-off, as the decoder now reads it. The
            // rollups' basis names the new dimension, so the recount at start-up counts it.
            "v15: how each lead's agent was told of it",
            [
                """
                UPDATE lead l SET state = jsonb_set(l.state, '{notifiedVia}', to_jsonb(lower(btrim(e.body::jsonb->>'notified_via', E' \\t\\n\\r'))))
                FROM event e
                WHERE e.organisation_id = l.organisation_id AND e.id = l.state->'assignmentKey'->>'eventID'
                    AND e.type = 'lead.assigned' AND strpos(e.body, '"notified_via"') > 0
                    AND jsonb_typeof(e.body::jsonb->'notified_via') = 'string'
                    AND btrim(e.body::jsonb->>'notified_via', E' \\t\\n\\r') <> ''
                """
            ]
        ),
        (
            // `used_bytes` is the whole database's (`pg_database_size` cannot tell organisations
            // apart), noted by each organisation's server for its own outlook, as every table
            // here keeps an organisation's rows apart. `day`: days since 1970-01-01 (UTC); the
            // day's first size stands.
            "v16: the database's size, day by day",
            [
                """
                CREATE TABLE storage_size (
                    organisation_id text NOT NULL, day bigint NOT NULL, at bigint NOT NULL, used_bytes bigint NOT NULL,
                    PRIMARY KEY (organisation_id, day))
                """
            ]
        ),
        (
            "v17: the delays agents report",
            [
                """
                CREATE TABLE reported_delay (
                    organisation_id text NOT NULL, id text NOT NULL, store_id text NOT NULL, day bigint NOT NULL, record jsonb NOT NULL,
                    PRIMARY KEY (organisation_id, id))
                """,
                "CREATE INDEX reported_delay_by_day ON reported_delay (organisation_id, day)",
            ]
        ),
    ]
}

extension PostgresDatabase {
    /// Brings the schema up to date. Servers starting together take turns on an advisory
    /// lock, so exactly one applies each version and the others find it applied.
    /// Returns the names of the versions this call applied.
    @discardableResult
    public func migrate() async throws -> [String] {
        let versions = PostgresSchema.versions
        let logger = self.logger
        return try await translatingErrors {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLockClass), 0)", logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS pitwall_schema (
                        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: logger)
                var applied: Set<Int> = []
                for try await version in try await connection.query("SELECT version FROM pitwall_schema", logger: logger).decode(Int.self) {
                    applied.insert(version)
                }
                if let newest = applied.max(), newest > versions.count {
                    throw PostgresStoreError(
                        "the database at \(self.address) has schema version \(newest), newer than this Pitwall (\(versions.count)): upgrade Pitwall")
                }
                var names: [String] = []
                for (index, version) in versions.enumerated() where !applied.contains(index + 1) {
                    for statement in version.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO pitwall_schema (version, name) VALUES (\(index + 1), \(version.name))", logger: logger)
                    names.append(version.name)
                }
                return names
            }
        }
    }

    /// The names of the schema versions applied to the database, oldest first.
    public func appliedVersions() async throws -> [String] {
        guard try await rows("SELECT to_regclass('pitwall_schema') IS NOT NULL", as: Bool.self).first == true else { return [] }
        return try await rows("SELECT name FROM pitwall_schema ORDER BY version", as: String.self)
    }

    /// Every schema version this build knows, oldest first.
    public static var schemaVersions: [String] { PostgresSchema.versions.map(\.name) }
}
