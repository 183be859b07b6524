#!/usr/bin/env bash
# ScriptX.Services figures, each next to its comparison from the same run:
#   (a) status polls/s, GET /api/v1/printHtml/status/{token} with 1,000 jobs in history, against a bare embedded
#       Jetty GET (bench/jetty), on 16 and 64 connections, in alternating rounds: ratio of the medians, p99 of each
#       (the polled server renders with renderer=java, only so that its 1,000 jobs are made in seconds: a status
#       call never touches the renderer);
#   (b) HTML to PDF pages/s for a 10-page document, one job at a time, on a server reusing its browser against
#       one started with browserPerDocument=true (a cold Chromium per job), in alternating rounds.
# Usage: bundles/api-scriptx/bench/run.sh [seconds per rate, default 10]
#   BENCH_ROUNDS (default 5) rounds each; BENCH_HISTORY (default 1000) jobs in history; BENCH_RENDER_JOBS (default 5)
#   documents per render round; BENCH_PARTS (default "polls render") which figures; BENCH_JFR=<file> records the
#   polled server with JFR (java bench/jfr/JfrSummary.java <file> shows where its time went).
set -euo pipefail
cd "$(dirname "$0")/../../.."
SECONDS_PER_RATE=${1:-10}
ROUNDS=${BENCH_ROUNDS:-5}
PARTS=${BENCH_PARTS:-polls render}
HISTORY=${BENCH_HISTORY:-1000}
RENDER_JOBS=${BENCH_RENDER_JOBS:-5}
GUID='{5091E665-8916-4D21-996E-00A2DE5DE416}'
JAR=launcher/target/printhub.jar
[ -f "$JAR" ] || { echo "build $JAR first (mvn -pl launcher package)"; exit 1; }
RUN=$(mktemp -d /tmp/scriptx-bench.XXXXXX)
PIDS=()
# the servers, and a bench client still running when the script is stopped (its own children only)
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; pkill -P $$ 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$RUN"; }
trap cleanup EXIT
. bundles/api-scriptx/bench/printhub.sh

# start_server <name> [render cfg line]: a printhub.jar with the ScriptX surface on a free port and a licence
start_server() {
  local name=$1 dir="$RUN/$1" jfr=()
  mkdir -p "$dir/deploy"
  printf 'port=0\n' > "$dir/deploy/org.printhub.api.scriptx.cfg"
  [ -n "${2:-}" ] && printf '%s\n' "$2" > "$dir/deploy/org.printhub.render.cfg"
  [ "$name" = polled ] && [ -n "${BENCH_JFR:-}" ] && jfr=("-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile,dumponexit=true")
  start_printhub "$dir" "$JAR" "${jfr[@]}"
}

start_server polled "renderer=java"
start_server reused
start_server cold "browserPerDocument=true"
POLLED=$(cat "$RUN/polled/url")
REUSED=$(cat "$RUN/reused/url")
COLD=$(cat "$RUN/cold/url")

start_bare_jetty "$RUN"

BENCH="bundles/api-scriptx/bench/ScriptxBench.java"
echo "date $(date -u +%Y-%m-%dT%H:%MZ)  $(nproc) cores  java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
if [[ " $PARTS " == *" polls "* ]]; then
  java "$BENCH" history "$POLLED" "$GUID" "$HISTORY" "$RUN/tokens"
  java "$BENCH" polls "$POLLED" "$GUID" "$RUN/tokens" "$BARE_URL" "$SECONDS_PER_RATE" "$ROUNDS" 16 64
fi
if [[ " $PARTS " == *" render "* ]]; then
  mkdir -p "$RUN/pdf"
  java "$BENCH" render "$REUSED" "$COLD" "$GUID" "$RENDER_JOBS" "$ROUNDS" "$RUN/pdf"
fi
for s in polled reused cold; do grep -h "HTML is rendered with" "$RUN/$s/printhub.log" | sed "s/^.* - /renderer $s: /"; done
