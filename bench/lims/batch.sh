#!/usr/bin/env bash
# Batch registrations from one client: bench/lims/batch.sh (see batch_bench.py).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/scripts/build" --target lims-server >/dev/null
data=$(mktemp -d /tmp/natlims-batch-XXXXXX)
port=$((20000 + RANDOM % 20000))
LIMS_ADMIN_PASSWORD=admin-password-1 "$top/build/bin/lims-server" --data "$data" --port "$port" >"$data/out" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$data"' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
python3 "$top/bench/lims/batch_bench.py" "http://127.0.0.1:$port"
