#!/usr/bin/env bash
# GET /v1/messages/{id} over 100,000 stored messages vs GET /v1/ping, same app, same run.
# Usage: bridge-app/bench/api-load.sh  (after ./mvnw -pl bridge-app -am package -DskipTests)
# Needs wrk (apt-get install -y wrk). Prints wrk's summaries; leaves nothing running.
# Environment: CONNECTIONS (wrk -c of the measured runs, default 64), IDS (how many distinct
# message ids wrk cycles through, default 20000), JAVA_OPTS (e.g. a JFR recording:
# -XX:StartFlightRecording=filename=/tmp/api.jfr), JAR (another build's jar, for an A/B run),
# DURATION (wrk -d of each measured run, default 20s), WARMUP (wrk -d of each of the two warm-up
# runs, by-id then ping, default 60s: after 20 s of by-id load plus 20 s of ping, C2 still took 4 s
# of CPU during a 20 s by-id run, 15 % of the node's; after 60 s it took 0.15 s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$(ls "$here"/../target/trestle-bridge-app-*.jar | head -1)}
work=$(mktemp -d)
cd "$work"
# Run a copy: a rebuild of target/ must not pull classes from under the running node.
cp "$jar" node.jar
c=${CONNECTIONS:-64}
d=${DURATION:-20s}
# shellcheck disable=SC2086
java -Xmx1g ${JAVA_OPTS:-} -jar node.jar --server.port=18080 --management.server.port=18081 \
  --trestle.admin.token=bench-admin-token-0123456789abcdef >app.log 2>&1 &
app=$!
# The node exits 143 on SIGTERM: || true, or set -e would end the trap before the rm.
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
until grep -q "Trestle API listening" app.log; do sleep 1; kill -0 $app; done
port=$(grep -o 'embedded PostgreSQL on 127.0.0.1:[0-9]*' app.log | head -1 | cut -d: -f2)
pgjar=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | tail -1)
sql() { java -cp "$pgjar" "$here/Sql.java" "$port" "$@"; }
sql -f "$here/seed.sql"
sql -c "select '0x' || encode(id, 'hex') from messages where status = 'OBSERVED' order by md5(encode(id, 'hex')) limit ${IDS:-20000}" >ids.txt
echo "stored messages: $(sql -c 'select count(*) from messages')"
cp "$here/ids.lua" .
# CPU ticks used so far by the node (its JVM) and by its PostgreSQL (every other process of the
# tree: postmaster and backends), from /proc.
tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
ticks() { awk '{print $14 + $15 + $16 + $17}' /proc/"$1"/stat 2>/dev/null || echo 0; }
cpu() {
  local node pg=0 p
  node=$(ticks $app)
  for p in $(tree $app); do
    [ "$p" = "$app" ] || pg=$((pg + $(ticks "$p")))
  done
  echo "$node $pg"
}
# wrk plus the node's and PostgreSQL's CPU time per completed request (figures that other load on
# the machine disturbs much less than req/s do).
# Transactions PostgreSQL has finished (each statement outside a transaction is one): round trips.
xacts() { sql -c "select xact_commit + xact_rollback from pg_stat_database where datname = current_database()"; }
measure() {
  local before after out x0 x1
  x0=$(xacts)
  before=$(cpu)
  out=$(wrk "$@")
  after=$(cpu)
  sleep 1 # PostgreSQL publishes its statistics at most once a second
  x1=$(xacts)
  echo "$out"
  echo "$out" | awk -v b="$before" -v a="$after" -v hz="$(getconf CLK_TCK)" -v x=$((x1 - x0 - 1)) '
    /requests in/ {
      split(b, x1, " "); split(a, y, " "); n = (y[1] - x1[1]) / hz; p = (y[2] - x1[2]) / hz
      printf "node+postgres CPU: %.1f s, %.0f us per request (node %.0f, postgres %.0f);",
        n + p, 1e6 * (n + p) / $1, 1e6 * n / $1, 1e6 * p / $1
      printf " %.2f PostgreSQL transactions per request\n", x / $1
    }'
}
# Warm-up (JIT, pools), then alternate measured runs.
w=${WARMUP:-60s}
wrk -t2 -c32 -d"$w" -s ids.lua http://127.0.0.1:18080 >/dev/null
wrk -t2 -c32 -d"$w" http://127.0.0.1:18080/v1/ping >/dev/null
for round in 1 2; do
  echo "== round $round: GET /v1/ping"
  measure -t2 -c"$c" -d"$d" --latency http://127.0.0.1:18080/v1/ping
  echo "== round $round: GET /v1/messages/{id} (random of ${IDS:-20000} ids among 100,000 rows)"
  measure -t2 -c"$c" -d"$d" --latency -s ids.lua http://127.0.0.1:18080
done
echo "== node metrics after the runs (cache of rendered message resources)"
curl -s http://127.0.0.1:18081/actuator/prometheus | grep -E '^trestle_api_cache' || true
