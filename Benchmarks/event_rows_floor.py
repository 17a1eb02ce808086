#!/usr/bin/env python3
"""The floor under any import into one SQLite file: storing only the raw event rows.

    python3 Benchmarks/event_rows_floor.py --ndjson DIR/bench.ndjson [--lines 1000000]

Reads the first LINES events (decoding is not timed), then stores them twice into a fresh file
shaped like Pitwall's `event` table (WAL, synchronous=FULL, 20,000 rows a transaction): once with
the id and lead indexes kept up to date during the inserts, as Pitwall does, and once with the
indexes built after the last insert, as a bulk load of history could. Nothing else: no lead
state, no rollups. Whatever an import does beyond this costs more.

A third run keeps the events out of rows altogether: their bodies in pages of 64 (one row a
page), and only each id in a B-tree of its own (id -> page), which is the least a file must
index to tell a retried event from a new one. What that still costs an event is what no
design keeping its ids in SQLite can save.
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


def store_paged(rows, folder, per_page=64):
    path = os.path.join(folder, "paged.sqlite")
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "cache_size=-65536", "wal_autocheckpoint=16384"):
        db.execute(f"PRAGMA {pragma}")
    db.execute("CREATE TABLE event_page (page INTEGER PRIMARY KEY, bodies TEXT NOT NULL)")
    db.execute("CREATE TABLE event_id (id TEXT PRIMARY KEY, page INTEGER NOT NULL) WITHOUT ROWID")
    started = time.perf_counter()
    page = 0
    for start in range(0, len(rows), 20_000):
        batch = rows[start:start + 20_000]
        pages, ids = [], []
        for first in range(0, len(batch), per_page):
            chunk = batch[first:first + per_page]
            pages.append((page, "\n".join(row[5] for row in chunk)))
            ids.extend((row[0], page) for row in chunk)
            page += 1
        db.execute("BEGIN")
        db.executemany("INSERT INTO event_page (page, bodies) VALUES (?,?)", pages)
        db.executemany("INSERT INTO event_id (id, page) VALUES (?,?)", ids)
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


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
        paged = store_paged(rows, folder)
        print(f"{'pages of 64, ids indexed':32s} {paged:36.2f} s: {len(rows) / paged:9,.0f} events/s")


if __name__ == "__main__":
    main()
