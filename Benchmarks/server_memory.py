#!/usr/bin/env python3
"""A server's resident memory while it takes events for leads all over a large store.

Copies --db (a file `pitwall bench` made) to a scratch file, makes an ingest token, starts
`pitwall serve` on 127.0.0.1, sends --events `message.sent` events in batches of --batch,
each for a lead drawn at random (fixed seed) from every lead of the file, and prints the
server's resident memory (VmRSS) before and after. Leads from the whole year are the worst
case for the writer's caches: live traffic mostly touches the last days' leads.

    python3 Benchmarks/server_memory.py --db /tmp/bench10m/bench.sqlite --config /tmp/bench10m/bench.yaml

Needs a release build (`swift build -c release`) and nothing outside Python's standard library.
"""
import argparse
import json
import pathlib
import random
import shutil
import sqlite3
import subprocess
import tempfile
import time
import urllib.request


def resident_mb(pid):
    line = next(l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS"))
    return int(line.split()[1]) // 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--pitwall", default=".build/release/pitwall")
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--port", type=int, default=18_190)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    random.seed(args.seed)

    with tempfile.TemporaryDirectory(dir=pathlib.Path(args.db).parent) as folder:
        copy = pathlib.Path(folder) / "server-memory.sqlite"
        # A consistent copy even if a server left the source's write-ahead log behind.
        source = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        source.backup(target)
        target.close()
        leads = [row[0] for row in source.execute("SELECT lead_id FROM lead WHERE created_at IS NOT NULL")]
        source.close()
        token = subprocess.run([args.pitwall, "token", "create", "--scope", "ingest", "--db", str(copy), "--config", args.config],
                               check=True, capture_output=True, text=True).stdout.strip()
        server = subprocess.Popen([args.pitwall, "serve", "--db", str(copy), "--config", args.config, "--host", "127.0.0.1",
                                   "--port", str(args.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{args.port}"
            deadline = time.time() + 120
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz").read()
                    break
                except OSError:
                    if time.time() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start")
                    time.sleep(0.2)
            idle = resident_mb(server.pid)
            started = time.time()
            accepted = 0
            for batch in range(0, args.events, args.batch):
                events = [{"id": f"memory-{batch + i}", "type": "message.sent", "occurred_at": "2026-01-04T15:00:00Z",
                           "lead_id": random.choice(leads), "message_id": f"memory-m-{batch + i}", "channel": "sms",
                           "sender": "agent", "agent_id": "memory-test"} for i in range(min(args.batch, args.events - batch))]
                request = urllib.request.Request(base + "/v1/events", data=json.dumps(events).encode(),
                                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
                accepted += json.loads(urllib.request.urlopen(request).read())["accepted"]
            seconds = time.time() - started
            print(f"{len(leads):,} leads in the file; server resident memory idle {idle} MB; after {accepted:,} events "
                  f"for random leads ({seconds:.0f} s): {resident_mb(server.pid)} MB")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
