# Sourced by the profiling scripts, after they set api_port and token: a Herald on
# 127.0.0.1:$api_port with one application, the bench.event type and one endpoint, and a wrk
# script that posts a typical message to it.
#
#   herald_api ARGS...                     curl with the token and a JSON content type
#   wait_for_herald                        until /health answers (exits after 10 s)
#   bench_app NAME ENDPOINT_URL [EXTRA]    creates them; prints the application's id
#   write_post_lua FILE                    the wrk script
herald_api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }

wait_for_herald() {
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$api_port/health" >/dev/null && return; sleep 0.1; done
  echo "herald did not start" >&2
  exit 1
}

bench_app() {
  local name=$1 url=$2 extra=${3:-} app
  app=$(herald_api -X POST "http://127.0.0.1:$api_port/api/v1/apps" -d "{\"name\":\"$name\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  herald_api -X POST "http://127.0.0.1:$api_port/api/v1/event-types" -d '{"name":"bench.event"}' >/dev/null
  herald_api -X POST "http://127.0.0.1:$api_port/api/v1/apps/$app/endpoints" -d "{\"url\":\"$url\"$extra}" >/dev/null
  echo "$app"
}

write_post_lua() {
  cat > "$1" <<LUA
wrk.method = "POST"
wrk.body = '{"eventType":"bench.event","payload":{"n":1,"fill":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
}
