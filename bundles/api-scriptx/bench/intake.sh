#!/usr/bin/env bash
# printHtml/print answered per second (1 KiB of HTML, contentType 2, to a paused virtual device) at 16 and 64
# connections, on a server whose acceptance is durable (this module, AFTER_JAR) and on one whose acceptance is not
# (BEFORE_JAR, the same printhub.jar with the api-scriptx bundle of before the intake), next to the bare Jetty's
# durable PUT of 1 KiB (bench/jetty), in alternating rounds; medians. Each wrk run is checked: an answer counts only
# as 200 with "status":1 (QueuedToDevice). Between runs the script waits until the server has prepared and queued
# every job it accepted, and the other server too (their logs say "ScriptX job ... is job N"), so that no run pays
# for an earlier one's backlog; the run's own jobs are rendered (renderer=java) and submitted while it runs, as
# they would be. The waits are long: the before server accepts thousands of jobs a second, renders about 50.
# Usage: BEFORE_JAR=/tmp/printhub-before.jar bundles/api-scriptx/bench/intake.sh [seconds per run, default 5]
#   BENCH_ROUNDS (default 3); AFTER_JAR (default launcher/target/printhub.jar); BENCH_CONNECTIONS (default "16 64")
set -euo pipefail
cd "$(dirname "$0")/../../.."
SECONDS_PER_RUN=${1:-5}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-16 64}
AFTER_JAR=${AFTER_JAR:-launcher/target/printhub.jar}
BEFORE_JAR=${BEFORE_JAR:?set BEFORE_JAR to a printhub.jar with the earlier api-scriptx bundle}
GUID='{5091E665-8916-4D21-996E-00A2DE5DE416}'
AUTH="Basic $(printf '%s:' "$GUID" | base64 -w0)"
RUN=$(mktemp -d /tmp/scriptx-intake-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$RUN"; }
trap cleanup EXIT
. bundles/api-scriptx/bench/printhub.sh

# start_server <name> <jar>: printhub with a paused virtual device 'bench', ScriptX on a free port, a licence
start_server() {
  local name=$1 jar=$2 dir="$RUN/$1"
  mkdir -p "$dir/deploy"
  printf 'port=0\ndefaultPrinter=bench\nmaxWaiting=1000000\n' > "$dir/deploy/org.printhub.api.scriptx.cfg"
  printf 'renderer=java\n' > "$dir/deploy/org.printhub.render.cfg"
  printf 'pagesPerMinute=0\n' > "$dir/deploy/org.printhub.device.virtual-bench.cfg"
  start_printhub "$dir" "$jar" -Dprinthub.defaults=false
  for _ in $(seq 60); do
    printf 'device:pause bench\n' >&"$CONSOLE_FD"
    sleep 1
    grep -qis "paused" "$dir/printhub.log" && break
  done
  echo 0 > "$dir/accepted"
}

# drained <name>: waits until the server has queued every job it accepted (at most 10 minutes)
drained() {
  local dir="$RUN/$1" want queued
  want=$(cat "$dir/accepted")
  for _ in $(seq 6000); do
    queued=$(grep -c "ScriptX job [0-9a-f]* is job" "$dir/printhub.log" || true)
    [ "$queued" -ge "$want" ] && return 0
    sleep 0.1
  done
  echo "$1: only $queued of $want accepted jobs were queued within 10 minutes" >&2
}

quiet() {
  for _ in $(seq 60); do
    awk '{exit !($1 < 2.0)}' /proc/loadavg && break
    sleep 1
  done
  cut -d' ' -f1 /proc/loadavg
}

# run <label> <url> <connections> <seconds> KEY=VALUE...: one wrk run; prints "rate p99_ms ok"
run() {
  local label=$1 url=$2 conns=$3 secs=$4
  shift 4
  local out
  out=$(env "$@" wrk -t 2 -c "$conns" -d "${secs}s" --timeout 10s -s bench/wrk/load.lua "$url")
  python3 -c '
import json, re, sys
m = re.search(r"WRK-JSON (\{.*\})", sys.stdin.read())
f = json.loads(m.group(1))
bad = f["bad"] + f["connect"] + f["read"] + f["write"] + f["timeout"]
print("%.1f %.2f %d %d %s" % (f["ok"] / (f["duration_us"] / 1e6), f["p99_us"] / 1000, f["ok"], bad,
      json.dumps(f["first_bad"])))' <<<"$out"
}

start_server before "$BEFORE_JAR"
start_server after "$AFTER_JAR"
start_bare_jetty "$RUN"
JETTY="$BARE_URL"put

HTML="<!DOCTYPE html><html><head><title>Bench</title></head><body><h1>Invoice</h1>$(printf '<p>Line of the invoice, item and price.</p>%.0s' $(seq 24))</body></html>"
HTML=${HTML:0:1024}
printf '{"contentType":2,"content":"%s","device":{"printerName":"bench"}}' "$HTML" > "$RUN/print.json"
head -c 1024 /dev/urandom > "$RUN/doc.bin"
PRINT=(WRK_METHOD=POST "WRK_BODY_FILE=$RUN/print.json" "WRK_AUTH=$AUTH" WRK_CTYPE=application/json 'WRK_OK="status":1')
PUT=(WRK_METHOD=PUT "WRK_BODY_FILE=$RUN/doc.bin" WRK_CTYPE=application/octet-stream WRK_OK=1024)

printhub_run() {
  local name=$1 conns=$2 secs=$3 label=$4 r
  # both: a server still rendering its backlog takes the CPU from the one measured
  drained before; drained after
  local load
  load=$(quiet)
  r=$(run "$label" "$(cat "$RUN/$name/url")api/v1/printHtml/print" "$conns" "$secs" "${PRINT[@]}")
  echo $(( $(cat "$RUN/$name/accepted") + $(echo "$r" | cut -d' ' -f3) )) > "$RUN/$name/accepted"
  echo "$label $name: $(echo "$r" | awk '{printf "%s/s p99 %s ms ok %s refused %s", $1, $2, $3, $4}') load $load" >&2
  echo "$r"
}

echo "date $(date -u +%Y-%m-%dT%H:%MZ)  $(nproc) cores  java $(java -version 2>&1 | head -1 | cut -d'"' -f2)  $(df -T "$RUN" | awk 'NR==2{print $2}') on $RUN"
for c in $CONNECTIONS; do
  # warm-up of each side: the JIT, Chromium-free rendering, the store's first writes
  printhub_run before "$c" 2 "warm-up c=$c" >/dev/null
  printhub_run after "$c" 2 "warm-up c=$c" >/dev/null
  run warm "$JETTY" "$c" 2 "${PUT[@]}" >/dev/null
  B=(); A=(); J=(); BP=(); AP=(); JP=()
  for round in $(seq "$ROUNDS"); do
    r=$(printhub_run before "$c" "$SECONDS_PER_RUN" "c=$c round $round"); B+=("$(cut -d' ' -f1 <<<"$r")"); BP+=("$(cut -d' ' -f2 <<<"$r")")
    r=$(printhub_run after "$c" "$SECONDS_PER_RUN" "c=$c round $round"); A+=("$(cut -d' ' -f1 <<<"$r")"); AP+=("$(cut -d' ' -f2 <<<"$r")")
    drained before; drained after
    load=$(quiet)
    r=$(run jetty "$JETTY" "$c" "$SECONDS_PER_RUN" "${PUT[@]}"); J+=("$(cut -d' ' -f1 <<<"$r")"); JP+=("$(cut -d' ' -f2 <<<"$r")")
    echo "c=$c round $round jetty: $(echo "$r" | awk '{printf "%s/s p99 %s ms ok %s refused %s", $1, $2, $3, $4}') load $load" >&2
  done
  python3 - "$c" "${B[*]}" "${BP[*]}" "${A[*]}" "${AP[*]}" "${J[*]}" "${JP[*]}" <<'EOF'
import statistics, sys
c = sys.argv[1]
b, bp, a, ap, j, jp = ([float(x) for x in s.split()] for s in sys.argv[2:8])
m = statistics.median
print(f"RESULT printHtml-accept c={c}  before (in memory) {m(b):.0f}/s p99 {m(bp):.1f} ms  after (intake record) "
      f"{m(a):.0f}/s p99 {m(ap):.1f} ms  bare Jetty durable PUT {m(j):.0f}/s p99 {m(jp):.1f} ms  "
      f"after/Jetty {m(a) / m(j):.2f}  after/before {m(a) / m(b):.2f}  [{len(a)} interleaved rounds, medians]")
EOF
done
for s in before after; do echo "$s: $(cat "$RUN/$s/accepted") jobs accepted, $(grep -c 'ScriptX job [0-9a-f]* is job' "$RUN/$s/printhub.log") queued"; done
