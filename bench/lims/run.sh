#!/usr/bin/env bash
# Server benchmark (issues 2, 6, 7): durable registrations/s with latency percentiles, server
# RSS, database bytes per registration, the dashboard's first load and result lookups/s with all
# those registrations stored, and population import rows/s, on this machine.
#   bench/lims/run.sh [SECONDS=60] [CONNECTIONS=256] [IMPORT_ROWS=1000000]
# Builds Release into build/, runs everything on loopback in a temporary data directory, prints a
# Markdown table on stdout (paste it into docs/benchmarks.md with the date and the command).
# Server memory is shown as anonymous / file-backed: the file-backed part is the database held
# in memory (store.keep_in_memory_mb), counted once per mapping of it.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
connections=${2:-256}
import_rows=${3:-1000000}
"$top/scripts/build" --target lims-server lims-loadgen >/dev/null
cfg=$(mktemp --suffix=.ini /tmp/natlims-bench-XXXXXX)
# The benchmark is one client address: lift the per-client lookup limit for it.
printf '[lookup]\nper_client_per_minute = 100000000\n' > "$cfg"
bin=$top/build/bin
# BENCH_KEEP_DATA=DIR keeps the data directory (in DIR, which must not exist) for reads.sh.
if [ -n "${BENCH_KEEP_DATA:-}" ]; then
  mkdir "$BENCH_KEEP_DATA"
  data=$(cd "$BENCH_KEEP_DATA" && pwd)
  trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -f "$cfg"' EXIT
else
  data=$(mktemp -d /tmp/natlims-bench-XXXXXX)
  trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$data" "$cfg"' EXIT
fi
port=$((20000 + RANDOM % 20000))
LIMS_ADMIN_PASSWORD=bench-admin-pass "$bin/lims-server" --data "$data" --port "$port" --config "$cfg" >"$data/out" 2>"$data/err" &
server_pid=$!
for _ in $(seq 50); do grep -q listening "$data/out" 2>/dev/null && break; sleep 0.1; done
base=http://127.0.0.1:$port
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
token=$(curl -sf -XPOST "$base/api/v1/session" -d '{"username":"admin","password":"bench-admin-pass"}' | json '["token"]')
auth="Authorization: Bearer $token"
curl -sf -XPOST "$base/api/v1/users" -H "$auth" -d '{"username":"bench-sampler","password":"bench-sampler-pass","role":"sampler"}' >/dev/null
campaign=$(curl -sf -XPOST "$base/api/v1/campaigns" -H "$auth" \
  -d '{"name":"bench","area":"Bench District","starts_at":"2026-11-23T00:00:00+08:00"}' | json '["id"]')

reg=$(LIMS_PASSWORD=bench-sampler-pass "$bin/lims-loadgen" --server "$base" --user bench-sampler --campaign "$campaign" \
  --connections "$connections" --seconds "$seconds" --json) || echo "lims-loadgen reported unexpected answers or errors: $reg" >&2
rss_anon_kb=$(awk '/RssAnon/ {print $2}' /proc/$server_pid/status)
rss_file_kb=$(awk '/RssFile/ {print $2}' /proc/$server_pid/status)
regs=$(echo "$reg" | json '["registrations"]')
next_person=$(echo "$reg" | json '["next_person"]')
# Bytes per registration: the whole database (all tables and indexes, WAL checkpointed), divided
# by the registrations it holds (each of a person not in the register, so a person row too).
sqlite3 "$data/lims.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
db_bytes=$(stat -c %s "$data/lims.db")
# The coordinators' dashboard with every registration stored: first load, then a warm one.
dash_first=$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$base/api/v1/campaigns/$campaign/dashboard")
dash_warm=$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$base/api/v1/campaigns/$campaign/dashboard")
look=$(LIMS_PASSWORD=bench-sampler-pass "$bin/lims-loadgen" --server "$base" --user bench-sampler --lookups "$next_person" \
  --connections 64 --seconds 20 --json) || echo "lookups reported unexpected answers or errors: $look" >&2
rss2_anon_kb=$(awk '/RssAnon/ {print $2}' /proc/$server_pid/status)
imp=$(LIMS_PASSWORD=bench-admin-pass "$bin/lims-loadgen" --server "$base" --user admin --import-rows "$import_rows" \
  --first-person "$((next_person + 1000000))" --json)

cat <<TABLE
| figure | measured |
|---|---|
| durable registrations/s ($connections connections, ${seconds} s) | $(echo "$reg" | json '["registrations_per_second"]' | cut -d. -f1) |
| registrations stored in the run | $regs |
| latency p50 / p99 / p99.9 (ms) | $(echo "$reg" | json '["p50_ms"]') / $(echo "$reg" | json '["p99_ms"]') / $(echo "$reg" | json '["p999_ms"]') |
| mistyped IDs refused (422) / unexpected answers / connection errors | $(echo "$reg" | json '["refused_as_expected"]') / $(echo "$reg" | json '["unexpected"]') / $(echo "$reg" | json '["errors"]') |
| server RSS after the run: anonymous / file-backed (MiB) | $((rss_anon_kb / 1024)) / $((rss_file_kb / 1024)) |
| database bytes per registration | $((db_bytes / regs)) |
| population import ($import_rows rows) rows/s | $(echo "$imp" | json '["rows_per_second"]' | cut -d. -f1) |
| dashboard first / warm load with $regs registrations stored (s) | $dash_first / $dash_warm |
| result lookups/s (64 connections, 20 s, random registered people) | $(echo "$look" | json '["registrations_per_second"]' | cut -d. -f1) |
| lookup latency p50 / p99 (ms) | $(echo "$look" | json '["p50_ms"]') / $(echo "$look" | json '["p99_ms"]') |
| server anonymous RSS after lookups (MiB) | $((rss2_anon_kb / 1024)) |
TABLE
