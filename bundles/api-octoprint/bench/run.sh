#!/usr/bin/env bash
# OctoPrint figures, each next to its comparison from the same run:
#   GET /api/job req/s, p50 and p99 on 64 connections, against a bare embedded Jetty's small GET (bench/jetty),
#   in alternating rounds (BENCH_ROUNDS, default 3);
#   MB/s of a 100 MB G-code upload (durable when answered) against the bare Jetty's streamed PUT with fsync;
#   the server's heap growth during a 1 GB upload (jstat samples every 250 ms; the figure is the highest heap in
#   use during the upload minus the heap in use after a full GC before it).
# Usage: bundles/api-octoprint/bench/run.sh [seconds per rate, default 10] [upload MiB, default 100] [big MiB, default 1024]
# Environment: PRINTHUB_JAR (default launcher/target/printhub.jar, e.g. an older build to compare with),
#   PRINTHUB_OPTS (more options for the server's JVM, e.g. -XX:StartFlightRecording=filename=/tmp/o.jfr,settings=profile)
set -euo pipefail
cd "$(dirname "$0")/../../.."
SECONDS_PER_RATE=${1:-10}
MIB=${2:-100}
BIG=${3:-1024}
JAR=${PRINTHUB_JAR:-launcher/target/printhub.jar}
[ -f "$JAR" ] || { echo "build $JAR first (mvn -pl launcher package)"; exit 1; }
RUN=$(mktemp -d /tmp/octoprint-bench.XXXXXX)
PID=
BARE_PID=
JSTAT_PID=
cleanup() {
    [ -n "$JSTAT_PID" ] && kill "$JSTAT_PID" 2>/dev/null
    [ -n "$PID" ] && kill "$PID" 2>/dev/null
    [ -n "$BARE_PID" ] && kill "$BARE_PID" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$RUN"
}
trap cleanup EXIT
mkdir -p "$RUN/deploy"
printf 'device.id=bench\nport=0\nmaxUploadMiB=%d\n' $(( BIG + 64 )) > "$RUN/deploy/org.printhub.api.octoprint-bench.cfg"
printf 'pagesPerMinute=60\n' > "$RUN/deploy/org.printhub.device.virtual-bench.cfg"
mkfifo "$RUN/console"
exec 7<>"$RUN/console"
java -Xmx256m ${PRINTHUB_OPTS:-} -Dprinthub.data="$RUN/data" -Dfelix.fileinstall.dir="$RUN/deploy" -Dprinthub.http.port=0 \
     -Dprinthub.shell.port=0 -Dprinthub.defaults=false -Dgosh.args=--noshutdown -jar "$JAR" \
     <"$RUN/console" >"$RUN/printhub.log" 2>&1 &
PID=$!
for _ in $(seq 600); do grep -q "listener 'octoprint' at" "$RUN/printhub.log" && grep -q "device bench (virtual) added" "$RUN/printhub.log" && break; sleep 0.1; done
URL=$(grep -o "listener 'octoprint' at http://[^ ]*" "$RUN/printhub.log" | head -1 | sed "s/.* at //")
printf 'octoprint:user bench benchbench\noctoprint:key bench bench\n' >&7
for _ in $(seq 100); do grep -q "^  secret " "$RUN/printhub.log" && break; sleep 0.1; done
KEY=$(grep "^  secret " "$RUN/printhub.log" | tail -1 | awk '{print $2}')
(cd bench/jetty && mvn -B -q -o package 2>/dev/null || mvn -B -q package) >/dev/null
java -cp "bench/jetty/target/classes:bench/jetty/target/lib/*" org.printhub.bench.jetty.BareJetty 0 "$RUN/bare" \
     >"$RUN/bare.log" 2>&1 &
BARE_PID=$!
for _ in $(seq 100); do grep -q "^listening on" "$RUN/bare.log" && break; sleep 0.1; done
BARE_URL="http://127.0.0.1:$(grep '^listening on' "$RUN/bare.log" | awk '{print $3}')/"
used_kb() { jcmd "$PID" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}' | tr -d K; }
# GET /api/job with wrk (64 connections, 2 threads), alternating with the bare Jetty's GET
wrk_line() { # name url [header]: "name req/s p50 p99"
    local out
    if [ -n "${3:-}" ]; then out=$(wrk -t2 -c64 -d"${SECONDS_PER_RATE}s" --latency -H "$3" "$2"); else out=$(wrk -t2 -c64 -d"${SECONDS_PER_RATE}s" --latency "$2"); fi
    local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    echo "$1 $(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}') non2xx=${non2xx:-0}"
}
for round in $(seq "${BENCH_ROUNDS:-3}"); do
    wrk_line octoprint-get-job-64c "${URL}api/job" "X-Api-Key: $KEY" | tee -a "$RUN/get.txt"
    wrk_line bare-jetty-get-64c "${BARE_URL}get" | tee -a "$RUN/get.txt"
done
awk '{v[$1]=v[$1] " " $2} END {for (k in v) print k ":" v[k]}' "$RUN/get.txt" | sort
java bundles/api-octoprint/bench/OctoPrintBench.java "$URL" "$KEY" 0 "$BARE_URL" "${BENCH_ROUNDS:-3}" "$MIB"
jcmd "$PID" GC.run >/dev/null
BEFORE=$(used_kb)
jstat -gc "$PID" 250 >"$RUN/jstat.out" &
JSTAT_PID=$!
java bundles/api-octoprint/bench/OctoPrintBench.java "$URL" "$KEY" 1 "$BARE_URL" 0 1 "$BIG" | grep "upload-${BIG}MB" &
UPLOAD=$!
# the live heap: a full GC every 2 s while the upload runs
LIVE=0
while kill -0 $UPLOAD 2>/dev/null; do
    sleep 2
    jcmd "$PID" GC.run >/dev/null 2>&1 || true
    U=$(used_kb || echo 0); [ "${U:-0}" -gt "$LIVE" ] && LIVE=$U
done
wait $UPLOAD || true
kill "$JSTAT_PID"; JSTAT_PID=
# jstat -gc columns: S0U S1U EU OU are 6, 7, 9, 11 (KB); the peak includes garbage not yet collected
PEAK=$(awk 'NR>1 {u=$6+$7+$9+$11; if (u>m) m=u} END {printf "%d", m}' "$RUN/jstat.out")
echo "heap during ${BIG} MB upload: ${BEFORE} KB live before; live (after full GCs every 2 s) at most ${LIVE} KB," \
     "growth $(( (LIVE - BEFORE) / 1024 )) MB; peak in use incl. garbage ${PEAK} KB (-Xmx256m)"
