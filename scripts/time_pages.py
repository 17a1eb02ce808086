"""Signs in to a running Pitwall, then times N requests of each path with the session
cookie (and N API requests with the bearer token). Prints medians in ms."""
import sys, time, re, statistics, urllib.request, urllib.parse, http.cookiejar
base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
paths = sys.argv[4:]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
form = opener.open(base + "/sign-in").read().decode()
guard = re.search(r'name="guard" value="([^"]+)"', form).group(1)
opener.open(base + "/sign-in", data=urllib.parse.urlencode({"guard": guard, "token": token, "next": "/alerts"}).encode()).read()
for path in paths:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        opener.open(base + path).read()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{path}: median {statistics.median(times):.2f} ms, p90 {sorted(times)[int(n*0.9)]:.2f} ms")
times = []
for _ in range(n):
    request = urllib.request.Request(base + "/v1/status", headers={"Authorization": "Bearer " + token})
    start = time.perf_counter()
    urllib.request.urlopen(request).read()
    times.append((time.perf_counter() - start) * 1000)
print(f"GET /v1/status (bearer): median {statistics.median(times):.2f} ms, p90 {sorted(times)[int(n*0.9)]:.2f} ms")
