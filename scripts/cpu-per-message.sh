#!/usr/bin/env bash
# The serving process's CPU time per message (user + system, from /proc/PID/stat): a steadier
# measure than throughput ratios on a noisy machine, for judging small changes.
#
#   scripts/cpu-per-message.sh [herald-binary] [seconds] [deliver|accept]
#
# deliver (default): a full `herald serve` accepts messages posted by wrk (32 connections) for
#   the given seconds and delivers each to nginx (`return 204`) on loopback; CPU is counted until
#   every delivery succeeded, over every message.
# accept: `herald serve --role api`, CPU over the messages wrk got accepted.
# PERF_OUT=file also records `perf record -g` of the server while wrk posts.
# Needs nginx, wrk and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
herald=${1:-.build/release/herald}
secs=${2:-5}
mode=${3:-deliver}
work=$(mktemp -d)
api_port=18190
sink_port=18181
token=cpu-token
. scripts/nginx-sink.sh
. scripts/herald-load.sh
cleanup() {
  stop_nginx_sink "$work"
  if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
role=all
if [ "$mode" = accept ]; then role=api; else start_nginx_sink "$work" "$sink_port" 204 1; fi

"$herald" serve --role $role --port $api_port --data-dir "$work/data" --api-token $token --allowed-networks 127.0.0.1/32 --log-level error >/dev/null 2>&1 &
server=$!
wait_for_herald
app=$(bench_app cpu "http://127.0.0.1:$sink_port/hook")
write_post_lua "$work/post.lua"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
before=$(cpu_ticks)
started=$(date +%s.%N)
if [ -n "${PERF_OUT:-}" ]; then perf record -F 999 -g -p "$server" -o "$PERF_OUT" -- sleep "$secs" >/dev/null 2>&1 & fi
accepted=$(wrk -t1 -c32 -d"${secs}s" -s "$work/post.lua" "http://127.0.0.1:$api_port/api/v1/apps/$app/messages" | awk '/requests in/ {print $1}')
if [ "$mode" = accept ]; then
  messages=$accepted
else
  messages=$(python3 - "$work/data/herald.sqlite" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for _ in range(600):
    total, done = db.execute("SELECT count(*), sum(status = 'succeeded') FROM deliveries").fetchone()
    if total and done == total:
        break
    time.sleep(0.1)
print(done)
PY
)
fi
after=$(cpu_ticks)
ended=$(date +%s.%N)
python3 -c "
ticks, n, wall = $after - $before, $messages, $ended - $started
print(f'$mode: {n} messages in {wall:.2f} s = {n / wall:.0f}/s; herald CPU {ticks / 100:.2f} s = {ticks * 10000 / n:.0f} us per message')"
