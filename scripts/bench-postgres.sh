#!/usr/bin/env bash
# Herald on PostgreSQL beside its ceilings, in one run, on a throwaway cluster (fsync and
# synchronous_commit on, as in production; pg_stat_statements loaded):
#
#   ingest    herald bench ingest on PostgreSQL (one process) against pgbench running the same
#             statements per message (message insert with its version check, delivery insert,
#             notify) over as many connections as Herald's pool       target ≥ 0.5
#   delivery  one process draining a backlog to 4 endpoints, PostgreSQL against SQLite  target ≥ 0.5
#   scale     three processes draining the same backlog against one          target ≥ 0.8
#             p99 accept → arrival at 500 messages/s accepted through three   target ≤ 50 ms
#   cost      statements and WAL bytes per accepted message and per delivery
#
# Usage: scripts/bench-postgres.sh [HERALD_BINARY] [MESSAGES]
# (build first: swift build -c release --product herald). As root, PostgreSQL runs as `postgres`.
set -euo pipefail

bin=$(realpath "${1:-.build/release/herald}")
messages=${2:-10000}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/herald-bench-postgres.XXXXXX)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_postgres "$pgbin/initdb" -D "$work/data" -U herald --auth=trust >/dev/null
cat >> "$work/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
max_connections = 200
shared_buffers = 512MB
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
CONF
as_postgres "$pgbin/pg_ctl" -D "$work/data" -l "$work/data/log" -w start >/dev/null
trap 'as_postgres "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

url="postgres://herald@127.0.0.1:$port"
sql() { local db=$1; shift; "$pgbin/psql" -h 127.0.0.1 -p "$port" -U herald -d "$db" -X -q -t -A "$@"; }
for db in ingest delivery scale; do sql postgres -c "CREATE DATABASE $db"; done
reset_stats() { sql "$1" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" -c "SELECT pg_stat_reset_shared('wal')" >/dev/null; }
# Statements and WAL bytes since the last reset, in database $1.
statements() { sql "$1" -c "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$1')"; }
wal_bytes() { sql "$1" -c "SELECT wal_bytes FROM pg_stat_wal"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
per() { python3 -c "print(f'{$1 / $2:.1f}')"; }

echo "== ingest: herald bench ingest on PostgreSQL, then pgbench with the same statements"
sql ingest -c "SELECT 1" >/dev/null
"$bin" serve --role api --database "$url/ingest" --port 0 --api-token warmup >/dev/null 2>&1 & warm=$!
sleep 2; kill $warm; wait $warm 2>/dev/null || true   # tables created, so stats count only the run
reset_stats ingest
ingest_out=$("$bin" bench ingest --database "$url/ingest" --messages "$messages" --connections 32)
echo "$ingest_out"
herald_accepts=$(awk '/durable accepts/ {print $5}' <<<"$ingest_out")
accepted=$(sql ingest -c "SELECT count(*) FROM messages")
ingest_statements=$(statements ingest); ingest_wal=$(wal_bytes ingest)
app=$(sql ingest -c "SELECT id FROM applications LIMIT 1")
# The statement Herald runs for a message without an idempotency key or event id (one round
# trip: the message with its version check, its deliveries, the notification), prepared as
# Herald prepares it (pgbench -M prepared).
cat > "$work/accept.sql" <<SQL
WITH stored AS (
    INSERT INTO messages (id, app_id, event_type, event_id, version, payload, created_at)
    SELECT 'msg_pgbench_' || gen_random_uuid(), '$app', 'bench.event', NULL, NULL, convert_to(repeat('x', 256), 'UTF8'), 0
    WHERE EXISTS (SELECT 1 FROM applications WHERE id = '$app') AND EXISTS (SELECT 1 FROM event_types WHERE name = 'bench.event')
    RETURNING id),
made AS (
    INSERT INTO deliveries (message_id, endpoint_id, status, attempts, next_attempt_at, created_at)
    SELECT s.id, e.id, 'pending', 0, 0, 0 FROM stored s JOIN endpoints e ON e.app_id = '$app'
    WHERE NOT e.disabled
      AND (e.all_event_types OR EXISTS (SELECT 1 FROM endpoint_event_types f WHERE f.endpoint_id = e.id AND f.event_type = 'bench.event'))
    RETURNING id),
announced AS (SELECT pg_notify('herald_deliveries', '') FROM (SELECT 1 FROM made LIMIT 1) AS any_made)
SELECT (SELECT count(*) FROM stored), (SELECT count(*) FROM made), (SELECT count(*) FROM announced);
SQL
pgbench_out=$("$pgbin/pgbench" -h 127.0.0.1 -p "$port" -U herald -n -M prepared -c 16 -j 2 -T 15 -f "$work/accept.sql" ingest 2>&1)
pgbench_tps=$(awk '/^tps/ {print $3; exit}' <<<"$pgbench_out")
echo "pgbench, the same statement prepared, 16 connections: $pgbench_tps transactions/s"

echo "== delivery: one process drains $messages messages × 4 endpoints, SQLite then PostgreSQL"
sqlite_out=$("$bin" bench scale --endpoints 4 --messages "$messages")
echo "$sqlite_out"
reset_stats delivery
pg1_out=$("$bin" bench scale --database "$url/delivery" --endpoints 4 --messages "$messages")
echo "$pg1_out"
delivery_statements=$(statements delivery); delivery_wal=$(wal_bytes delivery)
delivered=$(sql delivery -c "SELECT count(*) FROM deliveries WHERE status = 'succeeded'")
delivery_messages=$(sql delivery -c "SELECT count(*) FROM messages")

echo "== scale: three processes drain the same backlog; then 500 messages/s through three"
pg3_out=$("$bin" bench scale --database "$url/scale" --workers 3 --endpoints 4 --messages "$messages" --rate 500 --paced-seconds 10)
echo "$pg3_out"

rate_of() { grep -o '[0-9.]* deliveries/s' <<<"$1" | awk '{print $1}'; }
sqlite_rate=$(rate_of "$sqlite_out"); pg1_rate=$(rate_of "$pg1_out"); pg3_rate=$(rate_of "$pg3_out")
accept_statements=$(per "$ingest_statements" "$accepted")
accept_wal=$(per "$ingest_wal" "$accepted")
# The delivery database's figures include accepting its backlog: take the ingest's per-message cost off.
delivery_only_statements=$(python3 -c "print(f'{($delivery_statements - $accept_statements * $delivery_messages) / $delivered:.2f}')")
delivery_only_wal=$(python3 -c "print(f'{($delivery_wal - $accept_wal * $delivery_messages) / $delivered:.0f}')")

echo
echo "== summary"
echo "ingest     herald $herald_accepts accepts/s, pgbench $pgbench_tps tx/s: ratio $(ratio "$herald_accepts" "$pgbench_tps")  (target ≥ 0.5)"
echo "delivery   PostgreSQL $pg1_rate /s, SQLite $sqlite_rate /s: ratio $(ratio "$pg1_rate" "$sqlite_rate")  (target ≥ 0.5)"
echo "scale      three processes $pg3_rate /s, one $pg1_rate /s: ratio $(ratio "$pg3_rate" "$pg1_rate")  (target ≥ 0.8)"
grep '500/s via' <<<"$pg3_out" || true
echo "cost       per accepted message: $accept_statements statements, $accept_wal WAL bytes"
echo "           per delivery (4 endpoints, unbatched): $delivery_only_statements statements, $delivery_only_wal WAL bytes"
