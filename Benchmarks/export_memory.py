#!/usr/bin/env python3
"""Does a CSV export of a year keep the server's memory flat?

Builds (once, in --dir) a store of --leads leads spread over a year across four stores,
each with a first text and its delivery report; starts `pitwall serve`; downloads
/v1/export/leads.csv and /v1/export/messages.csv for one week and for the whole year while
sampling the server's resident memory (VmRSS) every 20 ms, with a fresh server for each;
prints rows, seconds, rows per second, the idle server's memory and the peak during the
export. Flat memory means the year's peak is close to the week's although it carries about
50 times the rows. For scale, the same rows are
written with Python's sqlite3 + csv modules from the same database file (what a user would
otherwise script), timed in the same run.

    python3 Benchmarks/export_memory.py [--dir /tmp/export-bench] [--leads 1000000]

Needs a release build (`swift build -c release`).
"""
import argparse
import csv
import datetime
import io
import json
import os
import pathlib
import random
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

STORES = [("lkt", "America/Chicago"), ("nrh", "America/New_York"), ("dsm", "America/Denver"), ("pcf", "America/Los_Angeles")]
SOURCES = ["cargurus", "autotrader", "website", "facebook", "edmunds", "cars-com"]
YEAR_START = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def build(folder: pathlib.Path, pitwall: str, leads: int) -> None:
    config = folder / "pitwall.yaml"
    config.write_text("stores:\n" + "".join(f"  - {{id: {s}, timezone: {z}}}\n" for s, z in STORES))
    events = folder / "events.ndjson"
    rng = random.Random(7)
    with events.open("w") as out:
        for n in range(leads):
            store = STORES[n % len(STORES)][0]
            created = YEAR_START + datetime.timedelta(seconds=rng.uniform(0, 364 * 86400))
            answered = created + datetime.timedelta(seconds=rng.uniform(5, 600))
            lead = f"L{n:07d}"
            stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            out.write(json.dumps({"id": f"{lead}-c", "type": "lead.created", "occurred_at": stamp(created), "lead_id": lead,
                                  "store_id": store, "source": rng.choice(SOURCES), "tier": rng.choice(["hot", "warm", "cold"]),
                                  "contact": {"first_name": "Test", "last_name": f"Lead {n}", "phone": f"+1312{rng.randint(2000000, 9999999)}",
                                              "email": f"lead{n}@example.com"}}, separators=(",", ":")) + "\n")
            out.write(json.dumps({"id": f"{lead}-s", "type": "message.sent", "occurred_at": stamp(answered), "lead_id": lead,
                                  "message_id": f"M{n}", "channel": "sms", "sender": "ai", "template_id": "first-touch"}, separators=(",", ":")) + "\n")
    database = folder / "pitwall.sqlite"
    started = time.perf_counter()
    subprocess.run([pitwall, "import", str(events), "--db", str(database), "--config", str(config)], check=True, stdout=subprocess.DEVNULL)
    print(f"built {leads:,} leads ({2 * leads:,} events) in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    events.unlink()


def resident_kib(pid: int) -> int:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def download(url: str, token: str, pid: int) -> tuple[int, float, int]:
    """Rows, seconds and peak VmRSS (KiB) while streaming the answer to nowhere."""
    peak = [resident_kib(pid)]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], resident_kib(pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    lines = 0
    with urllib.request.urlopen(request) as answer:
        while chunk := answer.read(1 << 16):
            lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    return lines - 1, elapsed, peak[0]


def plain_sqlite(database: pathlib.Path, first: str, last: str) -> tuple[int, float]:
    """The same leads written as CSV by a short Python script over the same file."""
    started = time.perf_counter()
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    low = int(datetime.datetime.fromisoformat(first).replace(tzinfo=datetime.timezone.utc).timestamp() * 1000) - 14 * 3600_000
    high = int((datetime.datetime.fromisoformat(last) + datetime.timedelta(days=1)).replace(tzinfo=datetime.timezone.utc).timestamp() * 1000) + 14 * 3600_000
    sink = io.StringIO()
    writer = csv.writer(sink)
    rows = 0
    for row in connection.execute("SELECT * FROM lead WHERE created_at >= ? AND created_at < ? ORDER BY created_at", (low, high)):
        writer.writerow(row)
        rows += 1
        if sink.tell() > 1 << 20:
            sink.seek(0)
            sink.truncate()
    return rows, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="/tmp/export-bench")
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--pitwall", default=".build/release/pitwall")
    arguments = parser.parse_args()
    folder = pathlib.Path(arguments.dir)
    folder.mkdir(parents=True, exist_ok=True)
    database, config = folder / "pitwall.sqlite", folder / "pitwall.yaml"
    if not database.exists():
        build(folder, arguments.pitwall, arguments.leads)
    common = ["--db", str(database), "--config", str(config)]
    token = subprocess.run([arguments.pitwall, "token", "create", "--scope", "read", *common], check=True, capture_output=True, text=True).stdout.strip()
    print("| export | window | rows | seconds | rows/s | server idle | peak during the export |")
    print("|---|---|---|---|---|---|---|")
    for table in ["leads", "messages"]:
        for label, first, last in [("one week", "2025-06-02", "2025-06-08"), ("whole year", "2025-01-01", "2025-12-31")]:
            # A fresh server for each export, so no export's peak carries another's leftovers.
            server = subprocess.Popen([arguments.pitwall, "serve", "--port", "0", "--host", "127.0.0.1", *common], stdout=subprocess.PIPE, text=True)
            try:
                base = None
                for line in server.stdout:
                    if "listening on http://" in line:
                        base = line.strip().split("listening on ")[1]
                        break
                assert base, "the server did not start"
                urllib.request.urlopen(base + "/healthz").read()
                idle = resident_kib(server.pid)
                rows, seconds, peak = download(f"{base}/v1/export/{table}.csv?from={first}&to={last}", token, server.pid)
                print(f"| {table}.csv | {label} | {rows:,} | {seconds:.1f} | {rows / seconds:,.0f} | {idle / 1024:.0f} MiB | {peak / 1024:.0f} MiB |")
            finally:
                server.terminate()
                server.wait(timeout=30)
    rows, seconds = plain_sqlite(database, "2025-01-01", "2025-12-31")
    print(f"plain Python sqlite3 + csv over the lead table alone, whole year: {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)")


if __name__ == "__main__":
    main()
