#!/usr/bin/env bash
# Herald's one-endpoint delivery rate to an nginx on loopback, against wrk's rate to the same
# nginx with as many connections as Herald uses for one endpoint (10).
#
#   scripts/bench-nginx.sh [messages]     (needs nginx and wrk: apt-get install nginx wrk)
#   HERALD=path/to/herald scripts/bench-nginx.sh   uses that binary instead of building one
#
# nginx answers every request with `return 200` from one worker process per core, so the
# ceiling is what this machine's loopback and nginx can take, not what Herald's receiver can.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-40000}
port=${NGINX_PORT:-18080}
work=$(mktemp -d)
. scripts/nginx-sink.sh
trap 'stop_nginx_sink "$work"; rm -rf "$work"' EXIT
start_nginx_sink "$work" "$port" 200 auto

herald=${HERALD:-.build/release/herald}
if [ -z "${HERALD:-}" ]; then swift build -c release --product herald >/dev/null; fi
echo "== wrk, 10 connections, 2 threads, 10 s, against nginx =="
wrk_rate=$(wrk -t2 -c10 -d10s "http://127.0.0.1:$port/hook" | tee /dev/stderr | awk '/Requests\/sec/ {print $2}')
echo "== herald bench delivery --receiver-url, $messages messages =="
"$herald" bench delivery --receiver-url "http://127.0.0.1:$port/hook" --messages "$messages" | tee "$work/herald.txt"
herald_rate=$(awk '/^drain, 1 endpoint/ {print $4}' "$work/herald.txt")
batched_rate=$(awk '/^drain, batched/ {print $5}' "$work/herald.txt")
awk -v h="$herald_rate" -v b="$batched_rate" -v w="$wrk_rate" 'BEGIN {
  printf "herald drain / wrk: %.0f / %.0f = %.3f   (target ≥ 0.1)\n", h, w, h / w
  if (b != "") printf "herald batched events/s / wrk requests/s: %.0f / %.0f = %.2f\n", b, w, b / w
}'
