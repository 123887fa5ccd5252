#!/usr/bin/env bash
# 10,000 concurrent SSE subscribers of one node, status changes published through the admin API.
# Usage: bridge-app/bench/sse-load.sh [subscribers] [changes]  (after packaging bridge-app)
set -euo pipefail
n=${1:-10000}
changes=${2:-40}
here=$(cd "$(dirname "$0")" && pwd)
jar=$(ls "$here"/../target/trestle-bridge-app-*.jar | head -1)
token=bench-admin-token-0123456789abcdef
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
cd "$work"
# Run a copy: a rebuild of target/ must not pull classes from under the running node.
cp "$jar" node.jar
java -Xmx1g -jar node.jar --server.port=18080 --management.server.port=18081 \
  --trestle.admin.token=$token --trestle.api.sse-heartbeat=60s >app.log 2>&1 &
app=$!
# The node exits 143 on SIGTERM: || true, or set -e would end the trap before the rm.
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
until grep -q "Trestle API listening" app.log; do sleep 1; kill -0 $app; done
port=$(grep -o 'embedded PostgreSQL on 127.0.0.1:[0-9]*' app.log | head -1 | cut -d: -f2)
pgjar=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | tail -1)
sql() { java -cp "$pgjar" "$here/Sql.java" "$port" "$@"; }
sql -f "$here/seed.sql"
java -Xmx1g "$here/SseFanoutHarness.java" http://127.0.0.1:18080 http://127.0.0.1:18081 $app $token "$n" "$changes"
