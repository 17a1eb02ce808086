#!/usr/bin/env python3
"""Times dashboard pages and API answers of a running Pitwall server, as a browser asks them.

    python3 Benchmarks/page_latency.py --url http://127.0.0.1:18080 --token pw_... [--runs 9] [PATH ...]

Signs in to the dashboard with the token (a read token will do), then asks each path `--runs`
times in a row over one connection at a time and prints the median and slowest time, the status
and the size. Paths under /v1/ are sent with the token as a bearer; the others with the session
cookie. Without paths it asks the pages and answers a manager and a marketer open all day.
"""

import argparse
import http.cookiejar
import re
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request

DEFAULT_PATHS = [
    "/", "/kpis", "/sla", "/alerts",
    "/v1/sla/open", "/v1/sla/rolling", "/v1/sla/agents", "/v1/compliance/violations", "/v1/contacts/quality",
]


def sign_in(opener, base, token):
    form = opener.open(f"{base}/sign-in").read().decode()
    guard = re.search(r'name="guard" value="([^"]+)"', form)
    if not guard:
        raise SystemExit("the sign-in page has no form guard: is this a Pitwall server?")
    body = urllib.parse.urlencode({"token": token, "guard": guard.group(1)}).encode()
    opener.open(urllib.request.Request(f"{base}/sign-in", data=body, method="POST")).read()


def timed(opener, base, path, token, runs):
    headers = {"Authorization": f"Bearer {token}"} if path.startswith("/v1/") else {}
    seconds, status, size = [], None, 0
    for _ in range(runs):
        request = urllib.request.Request(base + path, headers=headers)
        started = time.perf_counter()
        try:
            with opener.open(request) as response:
                size = len(response.read())
                status = response.status
        except urllib.error.HTTPError as error:  # an answer too: timed and shown with its status
            size = len(error.read())
            status = error.code
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), max(seconds), status, size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--token", required=True)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    args = parser.parse_args()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    base = args.url.rstrip("/")
    sign_in(opener, base, args.token)
    width = max(32, *(len(path) for path in args.paths))
    print(f"{'path':<{width}} {'median':>10} {'slowest':>10}  status  bytes")
    for path in args.paths:
        median, slowest, status, size = timed(opener, base, path, args.token, args.runs)
        print(f"{path:<{width}} {median * 1000:>8.1f} ms {slowest * 1000:>7.1f} ms  {status}     {size:,}")


if __name__ == "__main__":
    main()
