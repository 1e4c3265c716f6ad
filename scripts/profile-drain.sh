#!/usr/bin/env bash
# Profiles `herald serve` while it drains a backlog to one endpoint served by nginx on loopback:
#
#   scripts/profile-drain.sh [herald-binary] [seconds-of-accepts] [perf-output]
#
# 1. nginx answers 204 to everything on 127.0.0.1:18081;
# 2. `herald serve --role api` accepts messages for one endpoint there, posted by wrk (32
#    connections) for the given seconds; then it stops;
# 3. a full `herald serve` on the same data delivers the backlog under `perf record -g`;
#    the script waits (reading the SQLite file with Python) until every delivery succeeded.
# Prints the deliveries, the drain rate from the attempts' own times, and `perf report`'s top
# symbols of the serving process. Needs nginx, wrk, perf (linux-perf) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
herald=${1:-.build/release/herald}
accept_seconds=${2:-3}
out=${3:-perf-drain.data}
api_port=18090
sink_port=18081
token=profile-token
work=$(mktemp -d)
. scripts/nginx-sink.sh
. scripts/herald-load.sh
cleanup() {
  stop_nginx_sink "$work"
  if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_nginx_sink "$work" "$sink_port" 204 1

serve() { exec "$herald" serve --port $api_port --data-dir "$work/data" --api-token $token --allowed-networks 127.0.0.1/32 --log-level error "$@"; }

serve --role api >/dev/null 2>&1 &
server=$!
wait_for_herald
app=$(bench_app profile "http://127.0.0.1:$sink_port/hook" "${ENDPOINT_OPTIONS:-}")
write_post_lua "$work/post.lua"
wrk -t2 -c32 -d"${accept_seconds}s" -s "$work/post.lua" "http://127.0.0.1:$api_port/api/v1/apps/$app/messages" | grep -E "requests in|Non-2xx" || true
# kill -9: every accepted message is durable, and the backlog is what is wanted.
kill -KILL $server; wait $server || true

perf record -F 999 -g -o "$out" -- "$herald" serve --port $api_port --data-dir "$work/data" --api-token $token \
  --allowed-networks 127.0.0.1/32 --log-level error >/dev/null 2>&1 &
server=$!
python3 - "$work/data/herald.sqlite" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
deadline = time.time() + 600
while time.time() < deadline:
    total, done = db.execute("SELECT count(*), sum(status = 'succeeded') FROM deliveries").fetchone()
    if total and done == total:
        break
    time.sleep(0.2)
first, last, attempts = db.execute("SELECT min(started_at), max(started_at + duration_ms), count(*) FROM attempts").fetchone()
requests = db.execute("SELECT count(DISTINCT batch_id) + sum(batch_id IS NULL) FROM attempts").fetchone()[0] if any(
    c[1] == "batch_id" for c in db.execute("PRAGMA table_info(attempts)")) else attempts
print(f"{done} of {total} deliveries succeeded; {attempts} attempts in {requests} requests; "
      f"drain {done / ((last - first) / 1000):.0f} deliveries/s over {(last - first) / 1000:.2f} s")
PY
kill -TERM $server; wait $server || true
perf report -i "$out" --no-children -g none --percent-limit 0.7 --sort dso,symbol --stdio 2>/dev/null | grep -v "^#" | grep -v "^$" | cut -c1-160 | head -40 | swift demangle --simplified
