#!/usr/bin/env bash
# CirrusPrint figures, each next to its comparison from the same run:
#   putfile 1 KiB jobs/s on 16 and 64 connections (durable: each answer means on disk), to a paused file printer;
#   MB/s of a segmented upload (each segment forced to disk) against dd conv=fdatasync of the same size;
#   the server's heap after a full GC, before and after.
# Usage: bundles/api-cirrus/bench/run.sh [upload MiB, default 1024] [seconds per rate, default 15]
#   each putfile rate against a bare embedded Jetty's durable PUT of the same 1 KiB (bench/jetty), in alternating
#   rounds (BENCH_ROUNDS, default 3), as the ratio of the medians with the range of per-round ratios.
set -euo pipefail
cd "$(dirname "$0")/../../.."
MIB=${1:-1024}
SECONDS_PER_RATE=${2:-15}
JAR=launcher/target/printhub.jar
[ -f "$JAR" ] || { echo "build $JAR first (mvn -pl launcher package)"; exit 1; }
RUN=$(mktemp -d /tmp/cirrus-bench.XXXXXX)
PID=
BARE_PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "$BARE_PID" ] && kill "$BARE_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$RUN"; }
trap cleanup EXIT
mkdir -p "$RUN/deploy"
printf 'port=0\n' > "$RUN/deploy/org.printhub.api.cirrus.cfg"
printf 'fileName={id}.bin\n' > "$RUN/deploy/org.printhub.device.file-bench.cfg"
printf 'maxBodyBytes=%d\n' $(( (MIB + 64) << 20 )) > "$RUN/deploy/org.printhub.http.limits.cfg"
mkfifo "$RUN/console"
exec 7<>"$RUN/console"
java -Xmx256m -Dprinthub.data="$RUN/data" -Dfelix.fileinstall.dir="$RUN/deploy" -Dprinthub.http.port=0 \
     -Dprinthub.shell.port=0 -Dprinthub.defaults=false -Dgosh.args=--noshutdown -jar "$JAR" \
     <"$RUN/console" >"$RUN/printhub.log" 2>&1 &
PID=$!
for _ in $(seq 600); do grep -q "listener 'cirrus' at" "$RUN/printhub.log" && grep -q "device bench (file) added" "$RUN/printhub.log" && break; sleep 0.1; done
URL=$(grep -o "listener 'cirrus' at http://[^ ]*" "$RUN/printhub.log" | head -1 | sed "s/.* at //")
printf 'device:pause bench\ncirrus:company acme Acme\ncirrus:location acme HQ HQ\ncirrus:device acme HQ bench\ncirrus:key acme\n' >&7
for _ in $(seq 100); do grep -q "^  secret " "$RUN/printhub.log" && break; sleep 0.1; done
KEY=$(grep "^  secret " "$RUN/printhub.log" | tail -1 | awk '{print $2}')
(cd bench/jetty && mvn -B -q -o package 2>/dev/null || mvn -B -q package) >/dev/null
java -cp "bench/jetty/target/classes:bench/jetty/target/lib/*" org.printhub.bench.jetty.BareJetty 0 "$RUN/bare" \
     >"$RUN/bare.log" 2>&1 &
BARE_PID=$!
for _ in $(seq 100); do grep -q "^listening on" "$RUN/bare.log" && break; sleep 0.1; done
BARE_URL="http://127.0.0.1:$(grep '^listening on' "$RUN/bare.log" | awk '{print $3}')/"
heap() { jcmd "$PID" GC.run >/dev/null; jcmd "$PID" GC.heap_info | awk '/used/ {print $(NF-2) " " $0; exit}' | sed -E 's/.*used ([0-9]+K).*/\1/'; }
echo "heap-before $(heap)"
java bundles/api-cirrus/bench/CirrusBench.java "$URL" "$KEY" "$SECONDS_PER_RATE" $(( MIB << 20 )) $(( 64 << 20 )) \
     "$BARE_URL" "${BENCH_ROUNDS:-3}"
echo "heap-after $(heap)"
dd if=/dev/zero of="$RUN/dd.bin" bs=1M count="$MIB" conv=fdatasync 2>&1 | tail -1 | sed 's/^/dd-fdatasync /'
