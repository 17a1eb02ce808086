#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster on 127.0.0.1 beside it, and the
# cluster's address in PITWALL_TEST_POSTGRES, so that the tests run every storage and API
# check against PostgreSQL as well as SQLite. The cluster lives in a temporary folder, runs
# as a non-root user (PostgreSQL refuses root), and is stopped and deleted afterwards.
#
#   scripts/with_postgres.sh swift test
#
# Needs PostgreSQL's server programs (Debian: apt-get install postgresql). Without them it
# says so and runs the command against SQLite only, unless PITWALL_REQUIRE_POSTGRES=1.
set -euo pipefail

bin_dir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")"; do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then bin_dir=$candidate; break; fi
done
if [ -z "$bin_dir" ]; then
    if [ "${PITWALL_REQUIRE_POSTGRES:-}" = "1" ]; then
        echo "with_postgres: PostgreSQL's server programs (initdb, pg_ctl) are not installed" >&2
        exit 1
    fi
    echo "=== with_postgres: no PostgreSQL server programs here; running against SQLite only ===" >&2
    exec "$@"
fi

folder=$(mktemp -d /tmp/pitwall-postgres.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_owner=()
if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$folder"
    as_owner=(runuser -u postgres --)
fi

stop() {
    "${as_owner[@]}" "$bin_dir/pg_ctl" -D "$folder/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$folder"
}
trap stop EXIT

"${as_owner[@]}" "$bin_dir/initdb" -D "$folder/data" -A trust -U pitwall --no-sync >/dev/null
# fsync off: the cluster is thrown away, and the tests' durability is not PostgreSQL's to prove.
"${as_owner[@]}" "$bin_dir/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
"$bin_dir/psql" -h 127.0.0.1 -p "$port" -U pitwall -d postgres -qc "CREATE DATABASE pitwall_test" >/dev/null 2>&1 \
    || "${as_owner[@]}" "$bin_dir/psql" -h 127.0.0.1 -p "$port" -U pitwall -d postgres -qc "CREATE DATABASE pitwall_test"

export PITWALL_TEST_POSTGRES="postgres://pitwall@127.0.0.1:$port/pitwall_test"
echo "=== with_postgres: PostgreSQL $("$bin_dir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ===" >&2
status=0
"$@" || status=$?
exit $status
