#!/usr/bin/env bash
# Paired A/B of two builds: both jars run at once (each on its own embedded PostgreSQL, seeded as
# api-load.sh seeds) and wrk alternates between them in short slices, so both see the same
# background load (for a shared machine). Usage: bridge-app/bench/api-ab.sh A.jar B.jar [rounds]
# [seconds per slice] [connections]; prints req/s, p50, p99, node+PostgreSQL CPU per request and the
# load average of each slice. Needs wrk; leaves nothing running.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
A=$1; B=$2; rounds=${3:-3}; secs=${4:-10}; c=${5:-64}
work=$(mktemp -d); cd "$work"
pgjar=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | tail -1)
declare -A pid port pg
start() { # name jar httpport
  mkdir -p $1; cp "$2" $1/node.jar
  (cd $1 && exec java -Xmx1g -jar node.jar --server.port=$3 --management.server.port=$(( $3 + 1 )) --trestle.admin.token=bench-admin-token-0123456789abcdef >app.log 2>&1) &
  pid[$1]=$!; port[$1]=$3
}
start A "$A" 18180; start B "$B" 18280
trap 'kill ${pid[A]} ${pid[B]} 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
for n in A B; do until grep -q "Trestle API listening" $n/app.log; do sleep 1; kill -0 ${pid[$n]}; done
  pg[$n]=$(grep -o 'embedded PostgreSQL on 127.0.0.1:[0-9]*' $n/app.log | head -1 | cut -d: -f2)
  java -cp "$pgjar" "$here/Sql.java" ${pg[$n]} -f "$here/seed.sql"
done
java -cp "$pgjar" "$here/Sql.java" ${pg[A]} -c "select '0x' || encode(id, 'hex') from messages where status = 'OBSERVED' order by md5(encode(id, 'hex')) limit 20000" >ids.txt
cp "$here/ids.lua" .
tree() { echo "$1"; for x in $(pgrep -P "$1"); do tree "$x"; done; }
cpu() { local t=0 p; for p in $(tree $1); do t=$((t + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
run() { # name what args...
  local n=$1 what=$2; shift 2; local b a out
  b=$(cpu ${pid[$n]}); out=$(wrk "$@"); a=$(cpu ${pid[$n]})
  echo "$out" | awk -v n=$n -v w="$what" -v t=$((a-b)) -v L="$(cut -d' ' -f1 /proc/loadavg)" '
    /requests in/ {r=$1} /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /timeout/ {to=$0}
    END {printf "%s %-6s req/s %8.0f  p50 %8s  p99 %8s  CPU %5.0f us/req  load %s %s\n", n, w, rps, p50, p99, 1e4*t/r, L, to}'
}
for n in A B; do wrk -t2 -c32 -d10s -s ids.lua http://127.0.0.1:${port[$n]} >/dev/null; wrk -t2 -c32 -d5s http://127.0.0.1:${port[$n]}/v1/ping >/dev/null; done
for r in $(seq $rounds); do
  echo "-- round $r"
  for n in A B; do run $n ping -t2 -c$c -d${secs}s --latency http://127.0.0.1:${port[$n]}/v1/ping; done
  for n in B A; do run $n by-id -t2 -c$c -d${secs}s --latency -s ids.lua http://127.0.0.1:${port[$n]}; done
done
for n in A B; do echo "$n cache: $(curl -s http://127.0.0.1:$(( ${port[$n]} + 1 ))/actuator/prometheus | grep -E '^trestle_api_cache_requests' | tr '\n' ' ')"; done
