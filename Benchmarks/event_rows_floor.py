#!/usr/bin/env python3
"""The floor under any import into one SQLite file: storing only the raw event rows.

    python3 Benchmarks/event_rows_floor.py --ndjson DIR/bench.ndjson [--lines 1000000]

Reads the first LINES events (decoding is not timed), then stores them twice into a fresh file
shaped like Pitwall's `event` table (WAL, synchronous=FULL, 20,000 rows a transaction): once with
the id and lead indexes kept up to date during the inserts, as Pitwall does, and once with the
indexes built after the last insert, as a bulk load of history could. Nothing else: no lead
state, no rollups. Whatever an import does beyond this costs more.
"""

import argparse
import json
import os
import sqlite3
import tempfile
import time


def store(rows, indexes_first, folder):
    path = os.path.join(folder, "floor.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "cache_size=-65536", "wal_autocheckpoint=16384"):
        db.execute(f"PRAGMA {pragma}")
    db.execute(
        "CREATE TABLE event (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, lead_id TEXT NOT NULL, "
        "occurred_at INTEGER NOT NULL, ingested_at INTEGER NOT NULL, body TEXT NOT NULL)")
    indexes = ["CREATE UNIQUE INDEX event_id ON event(id)", "CREATE INDEX event_by_lead ON event(lead_id, occurred_at)"]
    if indexes_first:
        for statement in indexes:
            db.execute(statement)
    started = time.perf_counter()
    for start in range(0, len(rows), 20_000):
        db.execute("BEGIN")
        db.executemany("INSERT INTO event (id, type, lead_id, occurred_at, ingested_at, body) VALUES (?,?,?,?,?,?)", rows[start:start + 20_000])
        db.execute("COMMIT")
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    if not indexes_first:
        for statement in indexes:
            db.execute(statement)
    built = time.perf_counter() - started
    db.close()
    return inserted, built


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ndjson", required=True)
    parser.add_argument("--lines", type=int, default=1_000_000)
    arguments = parser.parse_args()
    rows = []
    with open(arguments.ndjson) as lines:
        for number, line in enumerate(lines):
            if number >= arguments.lines:
                break
            event = json.loads(line)
            rows.append((event["id"], event["type"], event.get("lead_id", ""), number, number, line.strip()))
    with tempfile.TemporaryDirectory() as folder:
        for label, first in (("indexes kept during the inserts", True), ("indexes built after", False)):
            inserted, built = store(rows, first, folder)
            total = inserted + built
            print(f"{label:32s} inserts {inserted:5.2f} s + indexes {built:5.2f} s = {total:5.2f} s: {len(rows) / total:9,.0f} rows/s")


if __name__ == "__main__":
    main()
