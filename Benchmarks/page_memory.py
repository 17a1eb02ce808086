"""The server's resident memory while it serves each page: signs in to a running Pitwall,
then for each path resets the process's peak (Linux's /proc/PID/clear_refs), fetches the
path N times, and prints the status, the size, the median time and the peak resident memory
the path took the server to. Paths under /v1 are fetched with the bearer token, the others
with the session cookie.

    python3 Benchmarks/page_memory.py http://127.0.0.1:8111 TOKEN PID 3 /follow-ups "/team?from=2025-01-06&to=2026-01-05"
"""
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def peak_kilobytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    base, token, pid, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/sign-in").read().decode()
    guard = re.search(r'name="guard" value="([^"]+)"', form).group(1)
    opener.open(base + "/sign-in", data=urllib.parse.urlencode({"guard": guard, "token": token, "next": "/"}).encode()).read()
    highest = 0
    for path in sys.argv[5:]:
        with open(f"/proc/{pid}/clear_refs", "w") as reset:
            reset.write("5")
        times, size, status = [], 0, 0
        for _ in range(count):
            started = time.perf_counter()
            try:
                if path.startswith("/v1"):
                    answer = urllib.request.urlopen(urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token}))
                else:
                    answer = opener.open(base + path)
                size, status = len(answer.read()), answer.status
            except urllib.error.HTTPError as error:
                size, status = len(error.read()), error.code
            times.append((time.perf_counter() - started) * 1000)
        peak = peak_kilobytes(pid)
        highest = max(highest, peak)
        print(f"{status} {size:9d} bytes {statistics.median(times):9.1f} ms  peak {peak / 1024:6.0f} MB  {path}")
    print(f"highest peak {highest / 1024:.0f} MB")


main()
