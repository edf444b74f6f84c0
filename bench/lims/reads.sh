#!/usr/bin/env bash
# Read side at scale (issues 6 and 7): on a data directory that already holds millions of
# registrations (one filled by `bench/lims/run.sh` with BENCH_KEEP_DATA set, or by lims-loadgen),
# starts lims-server, optionally after dropping the OS page cache, and measures
#   - how long the server takes to open the store (migrations included) and answer,
#   - the coordinators' dashboard: first load, then a warm one,
#   - result lookups/s and their latency (64 connections, random registered people, after 10 s
#     of lookups not counted).
#   bench/lims/reads.sh DATA_DIR [CAMPAIGN=1] [PEOPLE] [--cold]
# PEOPLE is the number of people lims-loadgen registered (its "next_person"); default: the
# campaign's registration count. --cold drops the page cache first (needs root).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
data=${1:?usage: reads.sh DATA_DIR [CAMPAIGN] [PEOPLE] [--cold]}
campaign=${2:-1}
people=${3:-}
cold=${4:-}
"$top/scripts/build" --target lims-server lims-loadgen >/dev/null
bin=$top/build/bin
cfg=$(mktemp --suffix=.ini /tmp/natlims-reads-XXXXXX)
printf '[lookup]\nper_client_per_minute = 100000000\n' > "$cfg"
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -f "$cfg"' EXIT
[ -z "$people" ] && people=$(sqlite3 "$data/lims.db" "SELECT registrations FROM campaigns WHERE id = $campaign")
if [ "$cold" = "--cold" ]; then
  sync
  echo 3 > /proc/sys/vm/drop_caches
fi
port=$((20000 + RANDOM % 20000))
started=$(date +%s.%N)
LIMS_ADMIN_PASSWORD=bench-admin-pass "$bin/lims-server" --data "$data" --port "$port" --config "$cfg" >>"$data/out" 2>>"$data/err" &
server_pid=$!
base=http://127.0.0.1:$port
until curl -sf "$base/healthz" >/dev/null 2>&1; do sleep 0.05; done
ready=$(python3 -c "print(round($(date +%s.%N) - $started, 2))")
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
token=$(curl -sf -XPOST "$base/api/v1/session" -d '{"username":"admin","password":"bench-admin-pass"}' | json '["token"]')
auth="Authorization: Bearer $token"
dash_first=$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$base/api/v1/campaigns/$campaign/dashboard")
dash_warm=$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$base/api/v1/campaigns/$campaign/dashboard")
curl -sf -XPOST "$base/api/v1/users" -H "$auth" -d '{"username":"reads-bench","password":"reads-bench-pass","role":"sampler"}' >/dev/null || true
# 10 s of lookups first, not counted: the steady state is measured, after each reader
# connection has mapped the pages it reads.
LIMS_PASSWORD=reads-bench-pass "$bin/lims-loadgen" --server "$base" --user reads-bench --lookups "$people" \
  --connections 64 --seconds 10 --json >/dev/null || true
look=$(LIMS_PASSWORD=reads-bench-pass "$bin/lims-loadgen" --server "$base" --user reads-bench --lookups "$people" \
  --connections 64 --seconds 20 --json) || echo "lookups reported unexpected answers or errors: $look" >&2
# RSS counts the mapped database file once per mapping (the warmer's and each reader's): the
# anonymous part is the server's own memory.
anon_kb=$(awk '/RssAnon/ {print $2}' /proc/$server_pid/status)
file_kb=$(awk '/RssFile/ {print $2}' /proc/$server_pid/status)
cat <<TABLE
| figure | measured |
|---|---|
| registrations stored / database size | $(sqlite3 "$data/lims.db" "SELECT registrations FROM campaigns WHERE id = $campaign") / $(du -h "$data/lims.db" | cut -f1) |
| page cache | $([ "$cold" = "--cold" ] && echo "dropped before the start" || echo "as left by earlier runs") |
| server start until /healthz answers (s) | $ready |
| dashboard first / warm load (s) | $dash_first / $dash_warm |
| result lookups/s (64 connections, 20 s) | $(echo "$look" | json '["registrations_per_second"]' | cut -d. -f1) |
| lookup latency p50 / p99 (ms) | $(echo "$look" | json '["p50_ms"]') / $(echo "$look" | json '["p99_ms"]') |
| unexpected answers / errors | $(echo "$look" | json '["unexpected"]') / $(echo "$look" | json '["errors"]') |
| server RSS: anonymous / file-backed (MiB) | $((anon_kb / 1024)) / $((file_kb / 1024)) |
TABLE
