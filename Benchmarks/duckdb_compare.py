#!/usr/bin/env python3
"""Pitwall's scorecard against DuckDB on the same data, in one run.

Runs `pitwall bench` (which simulates and imports a year of a large group into --dir the
first time, and reuses it afterwards), loads the same NDJSON into DuckDB, answers the same
three scorecard questions and the template review's counts in SQL from the raw events,
checks that DuckDB's counts equal Pitwall's, and prints both times and their ratio.

    python3 Benchmarks/duckdb_compare.py [--dir .build/bench] [--events 10000000] [--postgres postgres://...]

With --postgres, Pitwall imports into and answers from that PostgreSQL database
(organisation `bench`) instead of --dir/bench.sqlite.

For the import it also times the plain-SQL floor: Python's sqlite3 storing only the raw
event rows of the first --plain-events events in a table shaped like Pitwall's `event`
table (same indexes, WAL with synchronous=FULL, 20,000 rows a transaction), without the
per-lead state and rollups Pitwall keeps beside them.

Needs `pip install duckdb pyyaml` and a release build (`swift build -c release`).
"""
import argparse
import datetime
import itertools
import json
import pathlib
import sqlite3
import tempfile
import statistics
import subprocess
import sys
import time

import duckdb
import yaml

STOP_WORDS = "('STOP','STOPALL','UNSUBSCRIBE','CANCEL','END','QUIT')"


def kpi_sql(group_by_source: bool) -> str:
    """Every scorecard count for local days [$from, $to], from the raw events."""
    group = "source" if group_by_source else "'all'"
    return f"""
    WITH created AS (
        SELECT e.lead_id, e.source, e.occurred_at, coalesce(e.submitted_at, e.occurred_at) AS started, s.zone
        FROM ev e JOIN stores s USING (store_id) WHERE e.type = 'lead.created'
    ),
    cohort AS (
        SELECT c.lead_id, c.source, c.started,
            count(*) FILTER (WHERE x.type = 'message.sent') AS sent,
            count(*) FILTER (WHERE x.type = 'message.received') AS received,
            count(DISTINCT x.sale_id) FILTER (WHERE x.type = 'sale.closed') AS sales,
            count(DISTINCT x.appointment_id) FILTER (WHERE x.type = 'appointment.set') AS appointments,
            bool_or(x.type = 'lead.opted_out' OR (x.type = 'message.received'
                AND upper(trim(x.body, ' .!?,;:"''')) IN {STOP_WORDS})) AS opted_out,
            min(x.occurred_at) FILTER (WHERE x.type = 'message.sent' AND NOT coalesce(x.auto_reply, false)) AS first_response,
            -- Each survey question's latest answer, by time and then id.
            arg_max(x.satisfaction, lpad(CAST(epoch_ms(x.occurred_at) AS VARCHAR), 15, '0') || x.id)
                FILTER (WHERE x.type = 'survey.answered' AND x.satisfaction IS NOT NULL) AS satisfaction,
            arg_max(x.recommend, lpad(CAST(epoch_ms(x.occurred_at) AS VARCHAR), 15, '0') || x.id)
                FILTER (WHERE x.type = 'survey.answered' AND x.recommend IS NOT NULL) AS recommend
        FROM created c JOIN ev x USING (lead_id)
        WHERE CAST(timezone(c.zone, c.occurred_at) AS DATE) BETWEEN $from AND $to
        GROUP BY c.lead_id, c.source, c.started
    ),
    cohort_figures AS (
        SELECT {group} AS grp,
            count(*) AS leads,
            sum(sales) AS cohort_sales,
            count(*) FILTER (WHERE sent > 0) AS contacted,
            count(*) FILTER (WHERE sent > 0 AND received > 0) AS responded,
            sum(appointments) AS appointments_set,
            count(*) FILTER (WHERE sent > 0 AND opted_out) AS opted_out,
            -- An answer dated before the lead started is a clock error: counted apart, not averaged.
            count(first_response) FILTER (WHERE first_response >= started) AS answered,
            quantile_disc(epoch(first_response) - epoch(started), 0.5) FILTER (WHERE first_response >= started) AS median_response,
            sum(sent + received) FILTER (WHERE received > 0) AS conversation_messages,
            count(*) FILTER (WHERE received > 0) AS conversations,
            count(satisfaction) AS satisfaction_answers,
            coalesce(sum(satisfaction), 0) AS satisfaction_points,
            count(recommend) AS recommend_answers,
            count(*) FILTER (WHERE recommend >= 9) - count(*) FILTER (WHERE recommend <= 6) AS promoters_less_detractors
        FROM cohort GROUP BY grp
    ),
    latest_status AS (
        SELECT message_id, arg_max(status, epoch_ms(occurred_at) * 4
            + CASE status WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END) AS status
        FROM ev WHERE type = 'message.status' GROUP BY message_id
    ),
    in_window AS (
        SELECT x.*, c.source, c.zone FROM ev x JOIN created c USING (lead_id)
        WHERE x.type IN ('message.sent', 'lead.complained', 'sale.closed')
          AND CAST(timezone(c.zone, x.occurred_at) AS DATE) BETWEEN $from AND $to
    ),
    message_figures AS (
        SELECT {group} AS grp,
            count(*) FILTER (WHERE w.type = 'message.sent') AS messages_sent,
            count(*) FILTER (WHERE w.type = 'message.sent' AND l.status = 'delivered') AS delivered,
            count(*) FILTER (WHERE w.type = 'message.sent' AND l.status IN ('undelivered', 'failed')) AS failed,
            count(*) FILTER (WHERE w.type = 'lead.complained') AS complaints
        FROM in_window w LEFT JOIN latest_status l USING (message_id) GROUP BY grp
    ),
    touches AS (
        SELECT lead_id,
            min(occurred_at) FILTER (WHERE type = 'message.sent' AND sender = 'ai') AS first_ai,
            min(occurred_at) FILTER (WHERE type = 'message.received') AS first_reply
        FROM ev WHERE type IN ('message.sent', 'message.received') GROUP BY lead_id
    ),
    sale_figures AS (
        SELECT {group} AS grp, count(*) AS sales_closed, sum(amount) AS revenue,
            sum(amount) FILTER (WHERE t.first_ai <= w.occurred_at AND t.first_reply <= w.occurred_at) AS ai_revenue
        FROM in_window w LEFT JOIN touches t USING (lead_id) WHERE w.type = 'sale.closed' GROUP BY grp
    ),
    appointment_sets AS (
        SELECT appointment_id, lead_id, arg_max(scheduled_for, occurred_at) AS scheduled_for
        FROM ev WHERE type = 'appointment.set' GROUP BY appointment_id, lead_id
    ),
    appointment_outcomes AS (
        SELECT appointment_id, arg_max(type, occurred_at) AS outcome
        FROM ev WHERE type LIKE 'appointment.%' GROUP BY appointment_id
    ),
    appointment_figures AS (
        SELECT {group} AS grp,
            count(*) FILTER (WHERE o.outcome = 'appointment.attended') AS attended,
            count(*) FILTER (WHERE o.outcome = 'appointment.no_show') AS no_show
        FROM appointment_sets a JOIN created c USING (lead_id) JOIN appointment_outcomes o USING (appointment_id)
        WHERE CAST(timezone(c.zone, a.scheduled_for) AS DATE) BETWEEN $from AND $to GROUP BY grp
    )
    SELECT * FROM cohort_figures
        LEFT JOIN message_figures USING (grp) LEFT JOIN sale_figures USING (grp) LEFT JOIN appointment_figures USING (grp)
    ORDER BY grp
    """


# The created leads with their store's zone, each sent message once (its first copy), and
# each message's latest delivery status (at one instant, a final status beats queued and sent).
MESSAGES = """
    WITH leads AS (
        SELECT DISTINCT e.lead_id, s.zone FROM ev e JOIN stores s USING (store_id) WHERE e.type = 'lead.created'
    ),
    sent AS (
        SELECT lead_id, message_id, min(occurred_at) AS sent_at, any_value(template_id) AS template_id,
            bool_or(coalesce(auto_reply, false)) AS auto_reply, any_value(sender) AS sender
        FROM ev WHERE type = 'message.sent' GROUP BY lead_id, message_id
    ),
    latest AS (
        SELECT message_id, arg_max(status, (occurred_at, CASE status WHEN 'queued' THEN 1 WHEN 'sent' THEN 2 ELSE 3 END)) AS status
        FROM ev WHERE type = 'message.status' GROUP BY message_id
    ),
"""


def outreach_sql() -> str:
    """Each template's texts sent on local days [$from, $to], arrived and answered: a reply
    within a day of the text and before the lead's next templated text."""
    return MESSAGES + """
    outbound AS (
        SELECT *, row_number() OVER (PARTITION BY lead_id ORDER BY sent_at) AS nth FROM sent WHERE NOT auto_reply
    ),
    templated AS (
        SELECT o.lead_id, o.sent_at, o.template_id, o.nth = 1 AS first_touch, l.status,
            lead(o.sent_at) OVER (PARTITION BY o.lead_id ORDER BY o.sent_at) AS next_at
        FROM outbound o LEFT JOIN latest l USING (message_id) WHERE o.template_id IS NOT NULL
    ),
    replies AS (SELECT lead_id, occurred_at AS reply_at FROM ev WHERE type = 'message.received')
    SELECT t.template_id, t.first_touch, count(*) AS sent,
        count(*) FILTER (WHERE coalesce(t.status, '') NOT IN ('undelivered', 'failed')) AS reached,
        count(*) FILTER (WHERE coalesce(t.status, '') NOT IN ('undelivered', 'failed') AND EXISTS (
            SELECT 1 FROM replies r WHERE r.lead_id = t.lead_id AND r.reply_at > t.sent_at
            AND r.reply_at <= least(t.sent_at + INTERVAL 1 DAY, coalesce(t.next_at, t.sent_at + INTERVAL 1 DAY)))) AS answered
    FROM templated t JOIN leads l USING (lead_id)
    WHERE CAST(timezone(l.zone, t.sent_at) AS DATE) BETWEEN $from AND $to
    GROUP BY ALL ORDER BY ALL
    """


# The chase's leads and their messages: those whose first message that reached them (before
# any reply of theirs) was a template, with their first reply and whether it was a stop word.
CHASE = """
    first_reply AS (
        SELECT lead_id, min(occurred_at) AS reply_at,
            regexp_replace(upper(arg_min(body, occurred_at)), '^[[:space:][:punct:]]+|[[:space:][:punct:]]+$', '', 'g')
                IN ('STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT') AS stop
        FROM ev WHERE type = 'message.received' GROUP BY lead_id
    ),
    chase AS (
        SELECT s.lead_id, s.sent_at, s.template_id, f.reply_at, f.stop,
            row_number() OVER (PARTITION BY s.lead_id ORDER BY s.sent_at) AS nth, count(*) OVER (PARTITION BY s.lead_id) AS messages
        FROM sent s LEFT JOIN latest l USING (message_id) LEFT JOIN first_reply f USING (lead_id)
        WHERE NOT s.auto_reply AND coalesce(l.status, '') NOT IN ('undelivered', 'failed') AND (f.reply_at IS NULL OR s.sent_at < f.reply_at)
    ),
    starts AS (SELECT lead_id, sent_at FROM chase WHERE nth = 1 AND template_id IS NOT NULL)
"""


def chase_sql() -> str:
    """The chase of leads first texted by a template on local days [$from, $to]: every
    message that reached the lead before its first reply, by number (the 6th and later as
    one), and whether that reply, within a day of the last of them, was a stop keyword."""
    return MESSAGES + CHASE + """
    SELECT least(c.nth, 6) AS message, count(*) AS sent,
        count(*) FILTER (WHERE c.nth = c.messages AND c.reply_at <= c.sent_at + INTERVAL 1 DAY AND NOT c.stop) AS answered,
        count(*) FILTER (WHERE c.nth = c.messages AND c.reply_at <= c.sent_at + INTERVAL 1 DAY AND c.stop) AS opted_out
    FROM chase c JOIN starts s USING (lead_id) JOIN leads l USING (lead_id)
    WHERE CAST(timezone(l.zone, s.sent_at) AS DATE) BETWEEN $from AND $to
    GROUP BY ALL ORDER BY ALL
    """


def hand_off_sql() -> str:
    """The chase's leads who answered (not STOP): by the wait from their first reply to a
    person's first message that did not fail, leads and those booked within 3 days of the
    reply; booked before answering and replies younger than 3 days apart. Opening hours and
    closed hours together."""
    return MESSAGES + CHASE + """,
    cohort AS (
        SELECT s.lead_id, f.reply_at FROM starts s JOIN leads l USING (lead_id) JOIN first_reply f USING (lead_id)
        WHERE CAST(timezone(l.zone, s.sent_at) AS DATE) BETWEEN $from AND $to AND NOT f.stop
    ),
    person AS (
        SELECT s.lead_id, min(s.sent_at) AS person_at FROM sent s JOIN cohort c USING (lead_id) LEFT JOIN latest l USING (message_id)
        WHERE s.sender = 'agent' AND NOT s.auto_reply AND coalesce(l.status, '') NOT IN ('undelivered', 'failed') AND s.sent_at >= c.reply_at
        GROUP BY s.lead_id
    ),
    booking AS (SELECT lead_id, min(occurred_at) AS set_at FROM ev WHERE type = 'appointment.set' GROUP BY lead_id)
    SELECT CASE
            WHEN b.set_at <= c.reply_at THEN 'booked_before_reply'
            WHEN c.reply_at > current_timestamp - INTERVAL 3 DAY THEN 'too_recent'
            WHEN p.person_at IS NULL OR p.person_at > c.reply_at + INTERVAL 3 DAY THEN 'no_person'
            WHEN p.person_at < c.reply_at + INTERVAL 5 MINUTE THEN 'under_5_minutes'
            WHEN p.person_at < c.reply_at + INTERVAL 15 MINUTE THEN '5_to_15_minutes'
            WHEN p.person_at < c.reply_at + INTERVAL 60 MINUTE THEN '15_to_60_minutes'
            WHEN p.person_at < c.reply_at + INTERVAL 4 HOUR THEN '1_to_4_hours'
            ELSE '4_hours_or_more' END AS wait,
        count(*) AS leads, count(*) FILTER (WHERE b.set_at > c.reply_at AND b.set_at <= c.reply_at + INTERVAL 3 DAY) AS booked
    FROM cohort c LEFT JOIN person p USING (lead_id) LEFT JOIN booking b USING (lead_id)
    GROUP BY ALL ORDER BY ALL
    """


def hand_off_counts(hand_off) -> list:
    """`pitwall outreach`'s hand_off as hand_off_sql() counts it: each wait, open and closed
    hours together, with leads; then the leads left out."""
    rows = []
    for open_row, closed_row in zip(hand_off["open_hours"], hand_off["closed_hours"]):
        leads = open_row["leads"] + closed_row["leads"]
        if leads:
            rows.append((open_row["wait"], leads, open_row["booked"] + closed_row["booked"]))
    for name in ("booked_before_reply", "too_recent"):
        if hand_off[name]:
            rows.append((name, hand_off[name], 0))
    return sorted(rows)


def timed(action, iterations):
    times = []
    result = None
    for _ in range(iterations):
        started = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def plain_sqlite_rates(path, limit):
    """Events a second for Python reading the NDJSON and sqlite3 storing the raw rows, and for
    the inserts alone: what storing each event once costs with no derived state."""
    with open(path, "rb") as source:
        lines = list(itertools.islice(source, limit))
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(pathlib.Path(folder) / "plain.sqlite", isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("""CREATE TABLE event (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
                      lead_id TEXT NOT NULL, occurred_at INTEGER NOT NULL, ingested_at INTEGER NOT NULL, body TEXT NOT NULL)""")
        db.execute("CREATE INDEX event_by_lead ON event(lead_id, occurred_at)")
        started = time.perf_counter()
        rows = []
        now = int(time.time() * 1000)
        for line in lines:
            event = json.loads(line)
            at = datetime.datetime.fromisoformat(event["occurred_at"].replace("Z", "+00:00"))
            rows.append((event["id"], event["type"], event.get("lead_id", ""), int(at.timestamp() * 1000), now, line.decode()))
        decoded = time.perf_counter()
        for start in range(0, len(rows), 20_000):
            db.execute("BEGIN")
            db.executemany("INSERT INTO event (id, type, lead_id, occurred_at, ingested_at, body) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                           rows[start:start + 20_000])
            db.execute("COMMIT")
        finished = time.perf_counter()
        db.close()
    return len(rows) / (finished - started), len(rows) / (finished - decoded)


def outlook_sql() -> str:
    """Each store's new leads, texts sent, sales and revenue by its local day in [$from, $to]:
    a lead on its first lead.created, a text on its first message.sent, a sale on its first
    sale.closed, each at the store of the lead."""
    return """
    WITH created AS (
        SELECT lead_id, arg_min(store_id, occurred_at) AS store_id, min(occurred_at) AS happened FROM ev WHERE type = 'lead.created' GROUP BY lead_id
    ),
    texts AS (SELECT lead_id, min(occurred_at) AS happened FROM ev WHERE type = 'message.sent' GROUP BY lead_id, message_id),
    sales AS (
        SELECT lead_id, min(occurred_at) AS happened, arg_min(amount, occurred_at) AS amount FROM ev WHERE type = 'sale.closed' GROUP BY lead_id, sale_id
    ),
    facts AS (
        SELECT store_id, happened, 1.0 AS leads, 0.0 AS texts, 0.0 AS sales, 0.0 AS revenue FROM created
        UNION ALL SELECT c.store_id, t.happened, 0, 1, 0, 0 FROM texts t JOIN created c USING (lead_id)
        UNION ALL SELECT c.store_id, s.happened, 0, 0, 1, s.amount FROM sales s JOIN created c USING (lead_id)
    )
    SELECT f.store_id, CAST(timezone(s.zone, f.happened) AS DATE) AS day,
        sum(leads)::DOUBLE, sum(texts)::DOUBLE, sum(sales)::DOUBLE, sum(revenue)::DOUBLE
    FROM facts f JOIN stores s USING (store_id)
    WHERE CAST(timezone(s.zone, f.happened) AS DATE) BETWEEN $from AND $to GROUP BY ALL
    """


def outlook_check(daily, stores, as_of, outlook):
    """The outlook's figures so far, the month before's and the week ahead's expected leads
    (each weekday's mean over the 56 days through as_of, holidays left out; a holiday to come
    at the share of its weekday that the store's holidays of the last year brought), worked
    out from DuckDB's daily counts; returns the disagreements."""
    metrics = ["leads", "texts_sent", "sales", "revenue"]
    by_day = {(store, day): values for store, day, *values in daily}
    ids = [s["id"] for s in stores]
    holidays = {s["id"]: {datetime.date.fromisoformat(str(h)) for h in s.get("holidays", [])} for s in stores}
    month_start = (as_of + datetime.timedelta(days=1)).replace(day=1)
    previous_end = month_start - datetime.timedelta(days=1)
    previous_start = previous_end.replace(day=1)

    def total(index, start, end):
        days = (end - start).days + 1
        return sum(by_day.get((store, start + datetime.timedelta(days=n)), [0, 0, 0, 0])[index] for store in ids for n in range(days))

    problems = []
    for index, metric in enumerate(metrics):
        ours = next(m for m in outlook["metrics"] if m["metric"] == metric)
        theirs = (total(index, month_start, as_of) if month_start <= as_of else 0, total(index, previous_start, previous_end))
        if abs(ours["to_date"] - theirs[0]) > 0.01 or abs(ours["previous_period"] - theirs[1]) > 0.01:
            problems.append(f"outlook {metric}: pitwall so far {ours['to_date']}, before {ours['previous_period']}; duckdb {theirs}")
    learned = [as_of - datetime.timedelta(days=n) for n in range(56)]
    first = {store: min((d for (s, d), values in by_day.items() if s == store and any(values)), default=as_of) for store in ids}

    def mean(store, weekday):
        same = [d for d in learned if d.isoweekday() == weekday and d not in holidays[store]]
        return sum(by_day.get((store, d), [0])[0] for d in same) / len(same)

    def holiday_share(store):
        past = [h for h in holidays[store] if first[store] <= h <= as_of and h > as_of - datetime.timedelta(days=365)]
        usual = sum(mean(store, h.isoweekday()) for h in past)
        return sum(by_day.get((store, h), [0])[0] for h in past) / usual if usual > 0 else 1.0

    for ahead in outlook["next_days"]:
        day = datetime.date.fromisoformat(ahead["date"])
        expected = 0.0
        for store in ids:
            expected += mean(store, day.isoweekday()) * (holiday_share(store) if day in holidays[store] else 1.0)
        if abs(ahead["metrics"]["leads"]["expected"] - round(expected, 2)) > 0.011:
            problems.append(f"outlook {day}: pitwall expects {ahead['metrics']['leads']['expected']} leads, duckdb {expected:.2f}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default=".build/bench")
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--pitwall", default=".build/release/pitwall")
    parser.add_argument("--iterations", type=int, default=5, help="timed runs of each DuckDB query")
    parser.add_argument("--postgres", help="benchmark Pitwall on this PostgreSQL database (postgres://...) instead of the SQLite file")
    parser.add_argument("--plain-events", type=int, default=1_000_000, help="events for the plain sqlite3 import floor (0 skips it)")
    args = parser.parse_args()
    folder = pathlib.Path(args.dir)

    print(f"pitwall bench on {folder} (simulates and imports {args.events:,} events the first time)...", file=sys.stderr)
    ours = json.loads(subprocess.run(
        [args.pitwall, "bench", "--dir", str(folder), "--events", str(args.events), "--reuse", "--json"]
        + (["--db", args.postgres] if args.postgres else []),
        check=True, capture_output=True, text=True).stdout)
    first = datetime.date(1970, 1, 1) + datetime.timedelta(days=int(ours["first_day"]))
    last = datetime.date(1970, 1, 1) + datetime.timedelta(days=int(ours["last_day"]))
    month_start = last - datetime.timedelta(days=29)

    print("loading the same NDJSON into DuckDB...", file=sys.stderr)
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    started = time.perf_counter()
    db.execute(f"""
        CREATE TABLE ev AS SELECT * FROM read_json('{folder / "bench.ndjson"}', format = 'newline_delimited', columns = {{
            id: 'VARCHAR', type: 'VARCHAR', occurred_at: 'TIMESTAMPTZ', lead_id: 'VARCHAR', store_id: 'VARCHAR',
            source: 'VARCHAR', submitted_at: 'TIMESTAMPTZ', message_id: 'VARCHAR', sender: 'VARCHAR',
            auto_reply: 'BOOLEAN', status: 'VARCHAR', body: 'VARCHAR', amount: 'DOUBLE', appointment_id: 'VARCHAR', template_id: 'VARCHAR',
            scheduled_for: 'TIMESTAMPTZ', sale_id: 'VARCHAR', satisfaction: 'INTEGER', recommend: 'INTEGER'}})""")
    duckdb_load = time.perf_counter() - started
    events = db.execute("SELECT count(*) FROM ev").fetchone()[0]
    stores = yaml.safe_load((folder / "bench.yaml").read_text())["stores"]
    db.execute("CREATE TABLE stores (store_id VARCHAR, zone VARCHAR)")
    db.executemany("INSERT INTO stores VALUES (?, ?)", [(s["id"], s["timezone"]) for s in stores])

    questions = [
        ("scorecard_30_days", month_start, last, False),
        ("scorecard_30_days_by_source", month_start, last, True),
        ("scorecard_365_days", first, last, False),
    ]
    rows = []
    answers = {}
    for name, start, end, by_source in questions:
        sql = kpi_sql(by_source)
        median, result = timed(lambda: db.execute(sql, {"from": start, "to": end}).fetchall(), args.iterations)
        answers[name] = (result, [d[0] for d in db.description])
        rows.append((name, ours[f"{name}_median_ms"], median))

    # The template review: DuckDB's counts by template and kind must be Pitwall's.
    median, duck_templates = timed(lambda: db.execute(outreach_sql(), {"from": month_start, "to": last}).fetchall(), args.iterations)
    rows.append(("outreach_30_days", ours["outreach_30_days_median_ms"], median))
    outreach = json.loads(subprocess.run(
        [args.pitwall, "outreach", "--from", str(month_start), "--to", str(last), "--json", "--config", str(folder / "bench.yaml")]
        + (["--db", args.postgres, "--org", "bench"] if args.postgres else ["--db", str(folder / "bench.sqlite")]),
        check=True, capture_output=True, text=True).stdout)
    ours_templates = sorted((t["template"], t["role"] == "first_touch", t["sent"], t["reached"], t["answered"]) for t in outreach["templates"])
    duck_templates = sorted(tuple(row) for row in duck_templates)
    template_mismatches = [] if ours_templates == duck_templates else [f"templates: pitwall {ours_templates} duckdb {duck_templates}"]
    # The chase of the same leads: each message's sent, answered and STOP counts.
    duck_chase = [tuple(row) for row in db.execute(chase_sql(), {"from": month_start, "to": last}).fetchall()]
    ours_chase = [(m["message"], m["sent"], m["answered"], m["opted_out"]) for m in outreach["chase"]["messages"]]
    if ours_chase != duck_chase:
        template_mismatches.append(f"chase: pitwall {ours_chase} duckdb {duck_chase}")
    # When a person took over after those leads answered, and how many booked.
    duck_hand_off = sorted(tuple(row) for row in db.execute(hand_off_sql(), {"from": month_start, "to": last}).fetchall())
    ours_hand_off = hand_off_counts(outreach["hand_off"])
    if ours_hand_off != duck_hand_off:
        template_mismatches.append(f"hand-off: pitwall {ours_hand_off} duckdb {duck_hand_off}")

    # The outlook: DuckDB's daily counts give the same figures so far, the same month before
    # and the same expected leads for each day of the week ahead.
    as_of = datetime.date(1970, 1, 1) + datetime.timedelta(days=int(ours["outlook_as_of"]))
    history_start = min(as_of - datetime.timedelta(days=392), ((as_of + datetime.timedelta(days=1)).replace(day=1) - datetime.timedelta(days=1)).replace(day=1))
    median, daily = timed(lambda: db.execute(outlook_sql(), {"from": history_start, "to": as_of}).fetchall(), args.iterations)
    rows.append(("outlook", ours["outlook_median_ms"], median))
    outlook = json.loads(subprocess.run(
        [args.pitwall, "outlook", "--as-of", str(as_of), "--json", "--config", str(folder / "bench.yaml")]
        + (["--db", args.postgres, "--org", "bench"] if args.postgres else ["--db", str(folder / "bench.sqlite")]),
        check=True, capture_output=True, text=True).stdout)
    outlook_mismatches = outlook_check(daily, stores, as_of, outlook)
    template_mismatches += outlook_mismatches

    # The counts must agree, or the times compare different questions.
    kpi = json.loads(subprocess.run(
        [args.pitwall, "kpi", "--from", str(month_start), "--to", str(last), "--json",
         "--config", str(folder / "bench.yaml")]
        + (["--db", args.postgres, "--org", "bench"] if args.postgres else ["--db", str(folder / "bench.sqlite")]),
        check=True, capture_output=True, text=True).stdout)["kpis"]
    result, columns = answers["scorecard_30_days"]
    duck = dict(zip(columns, result[0]))
    checks = {
        "leads": (kpi["lead_to_sale_conversion"]["denominator"], duck["leads"]),
        "sales of the cohort": (kpi["lead_to_sale_conversion"]["numerator"], duck["cohort_sales"]),
        "contacted": (kpi["lead_response_rate"]["denominator"], duck["contacted"]),
        "responded": (kpi["lead_response_rate"]["numerator"], duck["responded"]),
        "appointments set": (kpi["appointment_setting_rate"]["numerator"], duck["appointments_set"]),
        "opted out": (kpi["opt_out_rate"]["numerator"], duck["opted_out"]),
        "answered": (kpi["first_response_time"]["count"], duck["answered"]),
        "messages with a final status": (kpi["message_delivery_rate"]["denominator"], duck["delivered"] + duck["failed"]),
        "delivered": (kpi["message_delivery_rate"]["numerator"], duck["delivered"]),
        "complaints": (kpi["complaint_rate"]["numerator"], duck["complaints"]),
        "sales closed": (kpi["average_sale_value"]["denominator"], duck["sales_closed"]),
        "attended": (kpi["appointment_show_rate"]["numerator"], duck["attended"]),
        "satisfaction answers": (kpi["customer_satisfaction"]["denominator"], duck["satisfaction_answers"]),
        "satisfaction points": (kpi["customer_satisfaction"]["numerator"], duck["satisfaction_points"]),
        "recommend answers": (kpi["net_promoter_score"]["denominator"], duck["recommend_answers"]),
        "promoters less detractors": (kpi["net_promoter_score"]["numerator"], duck["promoters_less_detractors"]),
    }
    mismatches = [f"{name}: pitwall {a} duckdb {b}" for name, (a, b) in checks.items() if abs(float(a) - float(b)) > 0.001] + template_mismatches
    revenue_gap = abs(kpi["average_sale_value"]["numerator"] - duck["revenue"])
    median_gap = abs(kpi["first_response_time"]["value"] - duck["median_response"]) / max(duck["median_response"], 1e-9)

    print(f"\n{events:,} events, {len(stores)} stores, {first} to {last}")
    print(f"import: pitwall {ours.get('import_events_per_second', float('nan')):,.0f} events/s "
          f"(into {'PostgreSQL' if args.postgres else 'SQLite'} with per-lead state and rollups); DuckDB loads the raw NDJSON at {events / duckdb_load:,.0f} events/s")
    if args.plain_events > 0:
        print(f"timing plain sqlite3 on the first {args.plain_events:,} events...", file=sys.stderr)
        with_decoding, inserts_only = plain_sqlite_rates(folder / "bench.ndjson", args.plain_events)
        ours_rate = ours.get("import_events_per_second", float("nan"))
        print(f"plain SQL floor (Python sqlite3, raw event rows only, first {min(args.plain_events, events):,} events): "
              f"{with_decoding:,.0f} events/s with JSON decoding, {inserts_only:,.0f} events/s inserts alone; "
              f"pitwall / plain = {ours_rate / with_decoding:.2f}x")
    print(f"pitwall resident memory after the queries: {ours['resident_memory_mb']:.0f} MB\n")
    print(f"{'question':<30} {'pitwall ms':>11} {'duckdb ms':>11} {'duckdb/pitwall':>15}")
    for name, pitwall_ms, duck_ms in rows:
        print(f"{name:<30} {pitwall_ms:>11.2f} {duck_ms:>11.1f} {duck_ms / pitwall_ms:>14.0f}x")
    print(f"\ntemplate review: {'the same' if not template_mismatches else 'DIFFERENT'} sent, arrived and answered counts for "
          f"{len(ours_templates)} templates by kind ({sum(t[2] for t in ours_templates):,} texts)")
    print(f"hand-off: {'the same' if ours_hand_off == duck_hand_off else 'DIFFERENT'} leads and bookings for {len(ours_hand_off)} waits "
          f"({sum(leads for wait, leads, _ in ours_hand_off if wait not in ('booked_before_reply', 'too_recent')):,} leads who answered)")
    print(f"chase: {'the same' if ours_chase == duck_chase else 'DIFFERENT'} sent, answered and STOP counts for messages 1 to {len(ours_chase)} "
          f"({outreach['chase']['leads']:,} leads first texted by a template)")
    print(f"outlook as of {as_of}: {'the same' if not outlook_mismatches else 'DIFFERENT'} figures so far and month before for 4 figures, "
          f"and expected leads for the {len(outlook['next_days'])} days ahead")
    print(f"counts agree on {len(checks) - len(mismatches) + len(template_mismatches)} of {len(checks)} checks; revenue differs by ${revenue_gap:.2f}; "
          f"median first response differs by {median_gap * 100:.2f} %")
    if mismatches or revenue_gap > 1 or median_gap > 0.01:
        sys.exit("DuckDB and Pitwall disagree: " + "; ".join(mismatches))


if __name__ == "__main__":
    main()
