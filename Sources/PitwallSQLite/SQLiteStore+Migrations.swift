import GRDB
import PitwallCore

extension SQLiteStore {
    /// Versioned schema changes. Never edit a shipped migration: add a new one.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1: events, leads, messages, appointments, sales, tokens") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        type TEXT NOT NULL,
                        lead_id TEXT NOT NULL,
                        occurred_at INTEGER NOT NULL,
                        ingested_at INTEGER NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX event_by_lead ON event(lead_id, occurred_at);

                    CREATE TABLE lead (
                        lead_id TEXT PRIMARY KEY NOT NULL,
                        store_id TEXT,
                        source TEXT,
                        campaign_id TEXT,
                        region TEXT,
                        tier TEXT,
                        submitted_at INTEGER,
                        cost_cents INTEGER,
                        vehicle_condition TEXT,
                        vehicle_make TEXT,
                        vehicle_model TEXT,
                        vehicle_year INTEGER,
                        vehicle_extras TEXT,
                        contact_first_name TEXT,
                        contact_last_name TEXT,
                        contact_phone TEXT,
                        contact_email TEXT,
                        contact_extras TEXT,
                        has_vehicle INTEGER NOT NULL DEFAULT 0,
                        has_contact INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER,
                        ingested_at INTEGER,
                        profile_event_id TEXT,
                        agent_id TEXT,
                        assigned_at INTEGER,
                        assignment_event_id TEXT,
                        outbound_count INTEGER NOT NULL DEFAULT 0,
                        inbound_count INTEGER NOT NULL DEFAULT 0,
                        first_outbound_at INTEGER,
                        first_response_at INTEGER,
                        first_response_message_id TEXT,
                        first_response_sender TEXT,
                        first_response_channel TEXT,
                        first_response_agent_id TEXT,
                        first_ai_response_at INTEGER,
                        first_agent_response_at INTEGER,
                        first_inbound_at INTEGER,
                        last_event_at INTEGER,
                        opted_out_at INTEGER,
                        complaint_count INTEGER NOT NULL DEFAULT 0,
                        appointments_set INTEGER NOT NULL DEFAULT 0,
                        sales_count INTEGER NOT NULL DEFAULT 0,
                        revenue_cents INTEGER NOT NULL DEFAULT 0,
                        first_sale_at INTEGER
                    ) WITHOUT ROWID;
                    CREATE INDEX lead_by_store_created ON lead(store_id, created_at);

                    CREATE TABLE message (
                        message_id TEXT NOT NULL,
                        direction TEXT NOT NULL,
                        lead_id TEXT NOT NULL,
                        at INTEGER,
                        defining_event_id TEXT,
                        channel TEXT,
                        sender TEXT,
                        agent_id TEXT,
                        template_id TEXT,
                        campaign_id TEXT,
                        experiment_id TEXT,
                        variant_id TEXT,
                        auto_reply INTEGER NOT NULL DEFAULT 0,
                        body TEXT,
                        is_opt_out INTEGER NOT NULL DEFAULT 0,
                        status TEXT,
                        status_at INTEGER,
                        status_event_id TEXT,
                        error_code TEXT,
                        PRIMARY KEY (message_id, direction)
                    ) WITHOUT ROWID;
                    CREATE INDEX message_by_lead ON message(lead_id);

                    CREATE TABLE appointment (
                        appointment_id TEXT PRIMARY KEY NOT NULL,
                        lead_id TEXT NOT NULL,
                        set_at INTEGER,
                        set_event_id TEXT,
                        scheduled_for INTEGER,
                        schedule_event_at INTEGER,
                        schedule_event_id TEXT,
                        outcome TEXT NOT NULL,
                        outcome_at INTEGER,
                        outcome_event_id TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX appointment_by_lead ON appointment(lead_id);

                    CREATE TABLE sale (
                        sale_id TEXT PRIMARY KEY NOT NULL,
                        lead_id TEXT NOT NULL,
                        closed_at INTEGER NOT NULL,
                        amount_cents INTEGER NOT NULL,
                        has_vehicle INTEGER NOT NULL DEFAULT 0,
                        vehicle_condition TEXT,
                        vehicle_make TEXT,
                        vehicle_model TEXT,
                        vehicle_year INTEGER,
                        vehicle_extras TEXT,
                        defining_event_id TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX sale_by_lead ON sale(lead_id);

                    CREATE TABLE access_token (
                        secret_hash TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v2: complaints, first AI message, KPI rollups") { db in
            try db.execute(
                sql: """
                    ALTER TABLE lead ADD COLUMN first_ai_message_at INTEGER;
                    UPDATE lead SET first_ai_message_at = (
                        SELECT min(occurred_at) FROM event
                        WHERE event.lead_id = lead.lead_id AND type = 'message.sent' AND json_extract(body, '$.sender') = 'ai');

                    CREATE TABLE complaint (
                        event_id TEXT PRIMARY KEY NOT NULL,
                        lead_id TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        message_id TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX complaint_by_lead ON complaint(lead_id);
                    INSERT INTO complaint (event_id, lead_id, at, message_id)
                        SELECT id, lead_id, occurred_at, json_extract(body, '$.message_id') FROM event WHERE type = 'lead.complained';

                    -- Pre-added KPI counts per dimension segment, store and local day.
                    CREATE TABLE rollup (
                        dimension TEXT NOT NULL,
                        day INTEGER NOT NULL,
                        store_id TEXT NOT NULL,
                        value TEXT NOT NULL,
                        leads INTEGER NOT NULL DEFAULT 0,
                        contacted INTEGER NOT NULL DEFAULT 0,
                        responded INTEGER NOT NULL DEFAULT 0,
                        cohort_sales INTEGER NOT NULL DEFAULT 0,
                        appointments_set INTEGER NOT NULL DEFAULT 0,
                        opted_out INTEGER NOT NULL DEFAULT 0,
                        answered INTEGER NOT NULL DEFAULT 0,
                        response_ms_sum INTEGER NOT NULL DEFAULT 0,
                        answered_within_5_min INTEGER NOT NULL DEFAULT 0,
                        conversations INTEGER NOT NULL DEFAULT 0,
                        conversation_messages INTEGER NOT NULL DEFAULT 0,
                        messages_sent INTEGER NOT NULL DEFAULT 0,
                        messages_delivered INTEGER NOT NULL DEFAULT 0,
                        messages_failed INTEGER NOT NULL DEFAULT 0,
                        complaints INTEGER NOT NULL DEFAULT 0,
                        sales_closed INTEGER NOT NULL DEFAULT 0,
                        revenue_cents INTEGER NOT NULL DEFAULT 0,
                        ai_assisted_revenue_cents INTEGER NOT NULL DEFAULT 0,
                        appointments_scheduled INTEGER NOT NULL DEFAULT 0,
                        appointments_attended INTEGER NOT NULL DEFAULT 0,
                        appointments_no_show INTEGER NOT NULL DEFAULT 0,
                        response_times BLOB NOT NULL,
                        PRIMARY KEY (dimension, day, store_id, value)
                    ) WITHOUT ROWID;

                    -- The time zone each store's rollups were computed in; when the configuration
                    -- moves a store to another zone its rollups are rebuilt at start-up.
                    CREATE TABLE rollup_zone (
                        store_id TEXT PRIMARY KEY NOT NULL,
                        zone TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3: system health signals") { db in
            try db.execute(
                sql: """
                    CREATE TABLE system_signal (
                        event_id TEXT PRIMARY KEY NOT NULL,
                        at INTEGER NOT NULL,
                        component TEXT NOT NULL,
                        health TEXT NOT NULL,
                        store_id TEXT,
                        detail TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX system_signal_by_time ON system_signal(at);
                    """)
        }
        migrator.registerMigration("v4: contact keys for repeat leads, leads by time") { db in
            try db.execute(
                sql: """
                    ALTER TABLE lead ADD COLUMN contact_phone_key TEXT;
                    ALTER TABLE lead ADD COLUMN contact_email_key TEXT;
                    CREATE INDEX lead_by_phone ON lead(store_id, contact_phone_key, created_at) WHERE contact_phone_key IS NOT NULL;
                    CREATE INDEX lead_by_email ON lead(store_id, contact_email_key, created_at) WHERE contact_email_key IS NOT NULL;
                    CREATE INDEX lead_by_created ON lead(created_at);
                    """)
            let rows = try Row.fetchAll(db, sql: "SELECT lead_id, contact_phone, contact_email FROM lead WHERE has_contact = 1")
            for row in rows {
                try db.execute(
                    sql: "UPDATE lead SET contact_phone_key = ?, contact_email_key = ? WHERE lead_id = ?",
                    arguments: [ContactKey.phone(row[1]), ContactKey.email(row[2]), row[0] as String])
            }
        }
        migrator.registerMigration("v5: escalations and the audit log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE escalation (
                        id TEXT PRIMARY KEY NOT NULL,
                        lead_id TEXT NOT NULL,
                        store_id TEXT NOT NULL,
                        agent_id TEXT,
                        tier TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        due_at INTEGER NOT NULL,
                        raised_at INTEGER NOT NULL,
                        acknowledged_at INTEGER,
                        acknowledged_by TEXT,
                        comment TEXT,
                        resolved_at INTEGER
                    ) WITHOUT ROWID;
                    CREATE INDEX escalation_open ON escalation(resolved_at, raised_at);

                    -- Append-only: nothing in Pitwall updates or deletes these rows.
                    CREATE TABLE audit_log (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        at INTEGER NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        detail TEXT NOT NULL
                    );
                    CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v6: SLA attainment in the rollups") { db in
            // The new counter is filled by the recount at start-up: the rollup basis changed.
            try db.execute(sql: "ALTER TABLE rollup ADD COLUMN answered_within_sla INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v7: future-dated events per lead") { db in
            try db.execute(
                sql: """
                    ALTER TABLE lead ADD COLUMN future_dated_events INTEGER NOT NULL DEFAULT 0;
                    UPDATE lead SET future_dated_events = (
                        SELECT count(*) FROM event WHERE event.lead_id = lead.lead_id AND event.occurred_at > event.ingested_at + 300000);
                    ALTER TABLE rollup ADD COLUMN response_time_excluded INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX lead_without_creation ON lead(last_event_at) WHERE created_at IS NULL;
                    """)
        }
        migrator.registerMigration("v8: alert statuses, their history and silences") { db in
            try db.execute(
                sql: """
                    CREATE TABLE alert_status (
                        id TEXT PRIMARY KEY,
                        rule_id TEXT NOT NULL,
                        segment TEXT NOT NULL,
                        condition TEXT NOT NULL,
                        severity TEXT,
                        since INTEGER NOT NULL,
                        breach_since INTEGER,
                        clear_since INTEGER,
                        evaluated_at INTEGER NOT NULL,
                        value REAL,
                        numerator REAL,
                        denominator REAL,
                        bound REAL,
                        sample INTEGER,
                        note TEXT,
                        acknowledged_by TEXT,
                        acknowledged_at INTEGER,
                        acknowledgement_comment TEXT,
                        acknowledged_until INTEGER,
                        notified_at INTEGER
                    ) WITHOUT ROWID;

                    CREATE TABLE alert_transition (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        alert_id TEXT NOT NULL,
                        rule_id TEXT NOT NULL,
                        segment TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        from_condition TEXT NOT NULL,
                        to_condition TEXT NOT NULL,
                        severity TEXT,
                        value REAL,
                        numerator REAL,
                        denominator REAL,
                        bound REAL,
                        sample INTEGER,
                        note TEXT
                    );
                    CREATE INDEX alert_transition_by_alert ON alert_transition(alert_id, sequence);
                    CREATE TRIGGER alert_transition_is_append_only_update BEFORE UPDATE ON alert_transition
                        BEGIN SELECT RAISE(ABORT, 'alert history is append-only'); END;
                    CREATE TRIGGER alert_transition_is_append_only_delete BEFORE DELETE ON alert_transition
                        BEGIN SELECT RAISE(ABORT, 'alert history is append-only'); END;

                    CREATE TABLE alert_silence (
                        id TEXT PRIMARY KEY,
                        rule_id TEXT,
                        store_id TEXT,
                        starts_at INTEGER NOT NULL,
                        ends_at INTEGER NOT NULL,
                        created_by TEXT NOT NULL,
                        comment TEXT
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v9: system readings") { db in
            try db.execute(
                sql: """
                    CREATE TABLE system_sample (
                        event_id TEXT PRIMARY KEY NOT NULL,
                        at INTEGER NOT NULL,
                        component TEXT NOT NULL,
                        metric TEXT NOT NULL,
                        value REAL NOT NULL,
                        store_id TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX system_sample_by_metric_time ON system_sample(metric, at);
                    """)
        }
        migrator.registerMigration("v10: consent read from the customer's own words") { db in
            try db.execute(sql: "ALTER TABLE lead ADD COLUMN last_opt_out_at INTEGER; ALTER TABLE lead ADD COLUMN last_opt_in_at INTEGER")
            try reclassifyConsent(in: db)
        }
        migrator.registerMigration("v11: provider callbacks held until their lead is known") { db in
            try db.execute(
                sql: """
                    CREATE TABLE held_callback (
                        key TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        provider TEXT NOT NULL,
                        message_id TEXT NOT NULL,
                        provider_status TEXT,
                        status TEXT,
                        error_code TEXT,
                        sender TEXT,
                        body TEXT,
                        at INTEGER,
                        stores TEXT NOT NULL,
                        received_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX held_callback_by_age ON held_callback(received_at);
                    """)
        }
        migrator.registerMigration("v12: tokens limited to some stores") { db in
            // NULL: every store of the organisation; else store ids, one per line.
            try db.execute(sql: "ALTER TABLE access_token ADD COLUMN stores TEXT")
        }
        migrator.registerMigration("v13: the leads waiting for their agent, indexed") { db in
            // The /sla page and the routing read a week of these every time; through the index of
            // all leads that was 12,000 rows for the 500 that wait (a year of a 20-store group).
            // The condition is `awaitingAgentCondition` word for word, or SQLite will not use it.
            try db.execute(
                sql: "CREATE INDEX IF NOT EXISTS lead_awaiting_agent ON lead(created_at) WHERE agent_id IS NOT NULL AND first_agent_response_at IS NULL AND sales_count = 0"
            )
        }
        migrator.registerMigration("v14: the leads not answered yet, indexed") { db in
            // The live queue and the last 15 minutes look for the week's leads without an answer
            // (or with one after a given instant): a handful, found among 12,000 without this.
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS lead_by_first_response ON lead(first_response_at, created_at)")
        }
        migrator.registerMigration("v15: the spread of sale amounts and conversation lengths") { db in
            // Filled by the recount at start-up: the counters kept are part of the rollup basis.
            try db.execute(
                sql: """
                    ALTER TABLE rollup ADD COLUMN conversation_messages_squared INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE rollup ADD COLUMN sale_hundreds_squared INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        migrator.registerMigration("v16: revoked tokens") { db in
            try db.execute(sql: "ALTER TABLE access_token ADD COLUMN revoked_at INTEGER")
        }
        migrator.registerMigration("v17: dashboard sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE dashboard_session (
                        id_hash TEXT PRIMARY KEY NOT NULL,
                        token_hash TEXT NOT NULL,
                        expires_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX dashboard_session_by_expiry ON dashboard_session(expires_at);
                    """)
        }
        migrator.registerMigration("v18: when each token was last used; sessions found by token") { db in
            // Expired sessions are forgotten a token at a time, when it signs in again.
            try db.execute(
                sql: """
                    ALTER TABLE access_token ADD COLUMN last_used_at INTEGER;
                    DROP INDEX dashboard_session_by_expiry;
                    CREATE INDEX dashboard_session_by_token ON dashboard_session(token_hash, expires_at);
                    """)
        }
        migrator.registerMigration("v19: tokens that expire") { db in
            try db.execute(sql: "ALTER TABLE access_token ADD COLUMN expires_at INTEGER")
        }
        migrator.registerMigration("v20: requests sent with an idempotency key") { db in
            try db.execute(
                sql: """
                    CREATE TABLE idempotent_request (
                        key_hash TEXT PRIMARY KEY NOT NULL,
                        caller TEXT NOT NULL,
                        fingerprint TEXT NOT NULL,
                        status INTEGER,
                        body TEXT,
                        created_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX idempotent_request_by_caller ON idempotent_request(caller, created_at);
                    """)
        }
        migrator.registerMigration("v21: contact details counted in the rollups") { db in
            // Filled by the recount at start-up: the counters kept are part of the rollup basis.
            for column in [
                "phone_missing", "phone_invalid", "email_missing", "email_invalid", "unreachable", "problem_wrong_length", "problem_not_assignable",
                "problem_fiction", "problem_has_extension", "problem_bad_characters", "problem_bad_address", "problem_bad_domain",
            ] {
                try db.execute(sql: "ALTER TABLE rollup ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
            }
        }
        migrator.registerMigration("v22: texts found by when they were sent") { db in
            // The delivery-receipts rule asks every round for the last hour's sends.
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS message_sent_by_time ON message(at) WHERE direction = 'outbound'")
        }
        migrator.registerMigration("v23: lead temperatures counted in the rollups") { db in
            // Filled by the recount at start-up: the counters kept are part of the rollup basis.
            for column in ["temperature_points", "temperature_points_squared"] {
                try db.execute(sql: "ALTER TABLE rollup ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
            }
        }
        migrator.registerMigration("v24: the scoring check's counters in the rollups") { db in
            // Filled by the recount at start-up, as v23's were. Named here, not taken from
            // RollupCounter, so that a later migration's counters are not added twice.
            let bands = ["0_19", "20_39", "40_59", "60_79", "80_100"].flatMap { ["points_\($0)_leads", "points_\($0)_sold"] }
            let reasons = ["hot_tier", "warm_tier", "cold_tier", "no_tier", "reachable", "vehicle_named", "answered_fast", "replied", "kept_talking", "appointment_set"]
                .flatMap { ["earned_\($0)_leads", "earned_\($0)_sold"] }
            for column in ["leads_sold"] + bands + reasons {
                try db.execute(sql: "ALTER TABLE rollup ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
            }
        }
        migrator.registerMigration("v25: each cohort's lead spend and the revenue its sales brought") { db in
            // Filled by the recount at start-up, as v24's were.
            for column in ["priced_leads", "lead_spend_cents", "cohort_revenue_cents"] {
                try db.execute(sql: "ALTER TABLE rollup ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
            }
        }
        migrator.registerMigration("v26: templated texts found by when they were sent") { db in
            // The template review asks for a window's templated texts and their leads: from
            // this index alone, where the time index fetched every text of the window's row
            // (0.20 s against 0.09 s for 30 days of the year's file). The columns the condition
            // names are in it too: SQLite reads a partial index as covering only then.
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS message_templated_by_time ON message(at, lead_id, direction, template_id, auto_reply)
                WHERE direction = 'outbound' AND template_id IS NOT NULL AND auto_reply = 0
                """)
        }
        migrator.registerMigration("v27: the sales the AI helped, counted") { db in
            // Filled by the recount at start-up, as v25's were.
            try db.execute(sql: "ALTER TABLE rollup ADD COLUMN ai_assisted_sales INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v28: each agent's pick-up of the leads handed to them") { db in
            // Filled by the recount at start-up, as v27's were.
            for column in ["handed_off", "picked_up", "picked_up_within_sla", "pickup_ms_sum"] {
                try db.execute(sql: "ALTER TABLE rollup ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
            }
        }
        migrator.registerMigration("v29: the coaching log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE coaching_session (
                        id TEXT PRIMARY KEY,
                        store_id TEXT NOT NULL,
                        agent TEXT NOT NULL,
                        day INTEGER NOT NULL,
                        focus TEXT NOT NULL,
                        note TEXT,
                        recorded_by TEXT NOT NULL,
                        recorded_at INTEGER NOT NULL
                    )
                    """)
            try db.execute(sql: "CREATE INDEX coaching_session_by_day ON coaching_session(day, store_id)")
        }
        migrator.registerMigration("v30: the change log") { db in
            // A change of every store has no store_id; of every lead, no segment.
            try db.execute(
                sql: """
                    CREATE TABLE process_change (
                        id TEXT PRIMARY KEY,
                        day INTEGER NOT NULL,
                        store_id TEXT,
                        segment TEXT,
                        segment_value TEXT,
                        figure TEXT NOT NULL,
                        title TEXT NOT NULL,
                        note TEXT,
                        recorded_by TEXT NOT NULL,
                        recorded_at INTEGER NOT NULL
                    )
                    """)
            try db.execute(sql: "CREATE INDEX process_change_by_day ON process_change(day)")
        }
        migrator.registerMigration("v31: hand-offs the customer settled before the pick-up was due") { db in
            // Filled by the recount at start-up, as v28's were.
            try db.execute(sql: "ALTER TABLE rollup ADD COLUMN pickup_closed_first INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v32: the agents' pick-up times as a distribution") { db in
            // Filled by the recount at start-up: the rollup basis names the distributions kept.
            try db.execute(sql: "ALTER TABLE rollup ADD COLUMN pickup_times BLOB NOT NULL DEFAULT x''")
        }
        migrator.registerMigration("v33: customers' survey answers") { db in
            // No stored event is a survey answer yet (the type is new), so every lead's answers
            // start empty; the counters are filled by the recount at start-up, as v31's were.
            for column in ["satisfaction INTEGER", "satisfaction_at INTEGER", "satisfaction_event_id TEXT", "recommend INTEGER", "recommend_at INTEGER", "recommend_event_id TEXT"] {
                try db.execute(sql: "ALTER TABLE lead ADD COLUMN \(column)")
            }
            for column in ["satisfaction_answers", "satisfaction_points", "satisfaction_points_squared", "recommend_answers", "promoters", "detractors"] {
                try db.execute(sql: "ALTER TABLE rollup ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
            }
        }
        migrator.registerMigration("v34: how each lead's agent was told of it") { db in
            try db.execute(sql: "ALTER TABLE lead ADD COLUMN notified_via TEXT")
            // Before this version `notified_via` was an unknown field, kept in the stored body:
            // read it from each lead's deciding hand-off, as the decoder now reads it (a text,
            // trimmed and in lower case). The rollups' basis names the new dimension, so the
            // recount at start-up counts it.
            try db.execute(
                sql: """
                    UPDATE lead SET notified_via = (
                        SELECT nullif(lower(trim(json_extract(e.body, '$.notified_via'), ' ' || char(9, 10, 13))), '')
                        FROM event e WHERE e.id = lead.assignment_event_id AND json_type(e.body, '$.notified_via') = 'text')
                    WHERE assignment_event_id IN (SELECT id FROM event WHERE type = 'lead.assigned' AND instr(body, '"notified_via"') > 0)
                    """)
        }
        migrator.registerMigration("v35: the backups made") { db in
            try db.execute(
                sql: """
                    CREATE TABLE backup_run (
                        at INTEGER NOT NULL, file TEXT NOT NULL, bytes INTEGER NOT NULL, seconds REAL NOT NULL,
                        events INTEGER NOT NULL, leads INTEGER NOT NULL)
                    """)
            try db.execute(sql: "CREATE INDEX backup_run_by_time ON backup_run(at)")
        }
        migrator.registerMigration("v36: the database's size, day by day") { db in
            // `day`: days since 1970-01-01 (UTC); the first size noted on a day stands.
            try db.execute(sql: "CREATE TABLE storage_size (day INTEGER PRIMARY KEY, at INTEGER NOT NULL, used_bytes INTEGER NOT NULL)")
        }
        migrator.registerMigration("v37: the restore drills") { db in
            // `mismatches`: the figures that came out differently, one a line; '' when it passed.
            try db.execute(
                sql: """
                    CREATE TABLE restore_drill (
                        at INTEGER NOT NULL, backup_file TEXT NOT NULL, backup_bytes INTEGER NOT NULL, restore_seconds REAL NOT NULL,
                        recount_seconds REAL NOT NULL, events INTEGER NOT NULL, leads INTEGER NOT NULL, figures_compared INTEGER NOT NULL,
                        mismatches TEXT NOT NULL)
                    """)
            try db.execute(sql: "CREATE INDEX restore_drill_by_time ON restore_drill(at)")
        }
        migrator.registerMigration("v38: the delays agents report") { db in
            // `minutes`: what the step costs each lead it touches; `share`: of the leads, 0-1.
            try db.execute(
                sql: """
                    CREATE TABLE reported_delay (
                        id TEXT PRIMARY KEY, store_id TEXT NOT NULL, agent TEXT, day INTEGER NOT NULL, step TEXT NOT NULL,
                        minutes REAL NOT NULL, share REAL NOT NULL, change_id TEXT, note TEXT, recorded_by TEXT NOT NULL,
                        recorded_at INTEGER NOT NULL)
                    """)
            try db.execute(sql: "CREATE INDEX reported_delay_by_day ON reported_delay(day, store_id)")
        }
        return migrator
    }()
}

extension SQLiteStore {
    /// Re-reads every stored reply with `ConsentClassifier` (revocation in words, REVOKE, OPT
    /// OUT, and START / UNSTOP / YES), sets each lead's first and latest opt-out and latest
    /// opt-in, and has every store's KPI rollups recounted when the store opens next.
    static func reclassifyConsent(in db: Database) throws {
        var optOuts: [String: (first: Int64, last: Int64)] = [:]
        var optIns: [String: Int64] = [:]
        let update = try db.makeStatement(sql: "UPDATE message SET is_opt_out = ? WHERE message_id = ? AND direction = 'inbound'")
        let replies = try Row.fetchAll(db, sql: "SELECT message_id, lead_id, at, body, is_opt_out FROM message WHERE direction = 'inbound' AND body IS NOT NULL")
        for reply in replies {
            let (messageID, leadID, at, body, wasOptOut): (String, String, Int64?, String, Bool) = (reply[0], reply[1], reply[2], reply[3], reply[4])
            let reading = ConsentClassifier.read(body)
            let isOptOut = reading?.intent == .optOut
            if isOptOut != wasOptOut { try update.execute(arguments: [isOptOut, messageID]) }
            guard let at else { continue }
            if isOptOut {
                let known = optOuts[leadID]
                optOuts[leadID] = (Swift.min(known?.first ?? at, at), Swift.max(known?.last ?? at, at))
            } else if reading?.intent == .optIn {
                optIns[leadID] = Swift.max(optIns[leadID] ?? at, at)
            }
        }
        for row in try Row.fetchAll(db, sql: "SELECT lead_id, min(occurred_at), max(occurred_at) FROM event WHERE type = 'lead.opted_out' GROUP BY lead_id") {
            let (leadID, first, last): (String, Int64, Int64) = (row[0], row[1], row[2])
            let known = optOuts[leadID]
            optOuts[leadID] = (Swift.min(known?.first ?? first, first), Swift.max(known?.last ?? last, last))
        }
        let setOptOut = try db.makeStatement(sql: "UPDATE lead SET opted_out_at = min(coalesce(opted_out_at, ?1), ?1), last_opt_out_at = ?2 WHERE lead_id = ?3")
        for (leadID, times) in optOuts { try setOptOut.execute(arguments: [times.first, times.last, leadID]) }
        let setOptIn = try db.makeStatement(sql: "UPDATE lead SET last_opt_in_at = ? WHERE lead_id = ?")
        for (leadID, at) in optIns { try setOptIn.execute(arguments: [at, leadID]) }
        // The opt-out counts in the rollups were made by the old rule: recount them all.
        try db.execute(sql: "DELETE FROM rollup_zone")
    }
}
