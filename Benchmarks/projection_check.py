#!/usr/bin/env python3
"""How well "heading for" projections of young windows' conversion come true, on a Pitwall SQLite file.

    python3 Benchmarks/projection_check.py --db DIR/pitwall.sqlite [--back 40 35 30] [--windows 7 30]

Pretends "now" was BACK days before the newest lead, looks only at what was known then (the sales
closed by then), and projects each window of the last N days the way Pitwall does: the sales so far
divided by the share of sales that usually come by the leads' age, that share measured on the leads
30 to 90 days old at the time. It then prints the projection beside what the window's conversion
came to with everything in the file. Written apart from Pitwall's code (its own queries, each
lead's exact age rather than its day's), so it checks the method, not the implementation; the
Swift test `projectionOnSimulatedData` checks the implementation.
"""

import argparse
import bisect
import sqlite3

DAY = 86_400_000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--back", type=int, nargs="+", default=[40, 35, 30], help="days before the newest lead to stand at")
    parser.add_argument("--windows", type=int, nargs="+", default=[7, 30], help="window lengths in days")
    arguments = parser.parse_args()

    db = sqlite3.connect(f"file:{arguments.db}?mode=ro", uri=True)
    leads = [c for (c,) in db.execute("SELECT created_at FROM lead WHERE created_at IS NOT NULL")]
    sales = db.execute("SELECT l.created_at, s.closed_at FROM sale s JOIN lead l USING (lead_id) WHERE l.created_at IS NOT NULL").fetchall()
    first_sale = db.execute(
        "SELECT l.created_at, min(s.closed_at) FROM sale s JOIN lead l USING (lead_id) WHERE l.created_at IS NOT NULL GROUP BY l.lead_id").fetchall()
    newest = max(leads)
    print(f"{len(leads):,} leads, {len(sales):,} sales; newest lead {newest}")
    print(f"{'as of':>6} {'window':>6} {'leads':>6} {'so far':>7} {'in':>5} {'heading':>8} {'came to':>8} {'miss (pts)':>10}")
    for back in arguments.back:
        now = newest - back * DAY
        reference = sorted(
            (sold - created) / 1000 for created, sold in first_sale if now - 90 * DAY <= created < now - 30 * DAY and sold <= now)
        if len(reference) < 30:
            print(f"{back:>5}d: fewer than 30 reference sales, nothing to say")
            continue
        for days in arguments.windows:
            start = now - days * DAY
            cohort = [created for created in leads if start <= created < now]
            if not cohort:
                continue
            so_far = sum(1 for created, closed in sales if start <= created < now and closed <= now)
            final = sum(1 for created, _ in sales if start <= created < now)
            share = sum(bisect.bisect_right(reference, (now - created) / 1000) for created in cohort) / len(reference) / len(cohort)
            heading = so_far / len(cohort) / share if share >= 0.25 else None
            came_to = final / len(cohort)
            heading_text = f"{100 * heading:7.2f}%" if heading is not None else "    --  "
            miss = f"{100 * (heading - came_to):+10.2f}" if heading is not None else "        --"
            print(f"{back:>5}d {days:>5}d {len(cohort):>6} {100 * so_far / len(cohort):6.2f}% {100 * share:4.0f}% {heading_text} {100 * came_to:7.2f}% {miss}")


if __name__ == "__main__":
    main()
