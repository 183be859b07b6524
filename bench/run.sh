#!/usr/bin/env bash
# Printhub's benchmarks, one entry point. Each scenario measures Printhub and its comparison (CUPS, a bare
# Jetty, a bare Felix + Jetty, dd) alternately in every round, after waiting for a quiet machine:
#   bench/run.sh [scenario...]        durable-core durable-http status-polling e2e latency upload queued kill9 cold-start
#                                     (default: all, about 35 minutes)
# Prints one line per figure,  name  printhub  comparison  ratio-of-medians  [min-max of per-round ratios]  target,
# and rewrites the generated block of BENCHMARKS.md. Logs and raw figures of the last run stay in bench/out/.
# Installs what it lacks (wrk, cups-daemon, cups-client, cups-ipp-utils, socat, dbus-daemon, avahi-daemon; root), builds the bench bundle, the bare
# Felix + Jetty jar and the bare Jetty, and printhub.jar only if it is missing or BENCH_REBUILD=1.
# Environment (defaults in brackets):
#   BENCH_ROUNDS [5]  BENCH_SECONDS [3] per wrk measurement  BENCH_COUNT [4000] most IPP requests per CUPS measurement
#   BENCH_CORE_COUNT [1000] jobs or files per durable-core measurement  BENCH_HISTORY [1000] jobs in history (status-polling)  BENCH_E2E_JOBS [300]  BENCH_E2E_IPP_JOBS [20]
#   BENCH_LATENCY_JOBS [20] per round  BENCH_WARMUP_JOBS [1500] unmeasured jobs each side before e2e (a tenth per path before latency)
#   BENCH_UPLOAD_MB [1024]  BENCH_QUEUED [10000]  BENCH_KILL_JOBS [1000]
#   BENCH_JAVA_OPTS (options for every JVM started)  BENCH_PRINTHUB_OPTS (options for the Printhub JVMs only,
#   e.g. -XX:StartFlightRecording=filename=/tmp/p.jfr,settings=profile)  BENCH_REBUILD=1 (rebuild printhub.jar)
#   BENCH_QUIET_CAP [5] s most waited for a quiet machine before one measurement, BENCH_QUIET_BUDGET [300] s in all
#   BENCH_NO_MARKDOWN=1 (leave BENCHMARKS.md alone)  BENCH_NO_INSTALL=1 (install nothing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=bench/out
mkdir -p "$out"
buildlog=$out/build.log
: > "$buildlog"

# What the scenarios run: wrk (HTTP load), cupsd + lpadmin/cupsdisable (the comparison), ipptool and
# ippeveprinter (IPP load, an IPP Everywhere printer), socat (a raw-socket printer), jcmd/jstat (the JDK's).
need=()
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/sbin/cupsd ] || need+=(cups-daemon)
command -v lpadmin >/dev/null && command -v cupsdisable >/dev/null || need+=(cups-client)
command -v ipptool >/dev/null && command -v ippeveprinter >/dev/null || need+=(cups-ipp-utils)
command -v socat >/dev/null || need+=(socat)
command -v dbus-daemon >/dev/null || need+=(dbus-daemon)      # ippeveprinter needs DNS-SD even with -r off:
command -v avahi-daemon >/dev/null || need+=(avahi-daemon)    # a private bus and avahi, in their own namespaces
if [ ${#need[@]} -gt 0 ]; then
  if [ "${BENCH_NO_INSTALL:-}" = 1 ] || [ "$(id -u)" != 0 ]; then
    echo "bench: missing ${need[*]} (apt-get install -y ${need[*]})" >&2; exit 2
  fi
  echo "bench: installing ${need[*]}" >&2
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"; } >> "$buildlog" 2>&1 \
    || { tail -20 "$buildlog" >&2; exit 2; }
fi
command -v jcmd >/dev/null && command -v jstat >/dev/null || { echo "bench: needs a JDK (jcmd, jstat)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "bench: run as root (a private cupsd drops to lp)" >&2; exit 2; }

# One Maven build at a time on this machine; offline first, online only if an artifact is missing.
mvn_() {
  if ! flock /tmp/printhub-mvn.lock mvn -B -o "$@" >> "$buildlog" 2>&1; then
    echo "offline build failed, retrying online: mvn $*" >> "$buildlog"
    flock /tmp/printhub-mvn.lock mvn -B "$@" >> "$buildlog" 2>&1 || { tail -40 "$buildlog" >&2; exit 1; }
  fi
}

printhub=launcher/target/printhub.jar
if [ ! -f "$printhub" ] || [ "${BENCH_REBUILD:-}" = 1 ]; then
  echo "bench: building the reactor for $printhub" >&2
  mvn_ -DskipTests package
elif [ -n "$(find bundles bundles-devices launcher/printhub.bndrun cnf -newer "$printhub" -type f \
             -not -path '*/target/*' 2>/dev/null | head -1)" ]; then
  echo "bench: note: sources changed after $printhub was built; BENCH_REBUILD=1 rebuilds it" >&2
fi
if [ ! -f "$HOME/.m2/repository/org/printhub/org.printhub.job/0.1.0-SNAPSHOT/org.printhub.job-0.1.0-SNAPSHOT.jar" ]; then
  mvn_ -f bundles/job/pom.xml -DskipTests install   # the bench bundle compiles against the job API
fi
bundle_jar=$(ls bench/bundle/target/org.printhub.bench-*.jar 2>/dev/null | head -1 || true)
if [ -z "$bundle_jar" ] || [ -n "$(find bench/bundle/src bench/bundle/pom.xml bench/bundle/bnd.bnd -newer "$bundle_jar" 2>/dev/null | head -1)" ]; then
  mvn_ -f bench/bundle/pom.xml -DskipTests package
fi
bare=bench/bare/target/bare.jar
if [ ! -f "$bare" ] || [ bench/bare.bndrun -nt "$bare" ] || [ bench/bare/pom.xml -nt "$bare" ]; then
  mvn_ -f bench/bare/pom.xml package
  touch "$bare"   # bnd writes the jar with its entries' old time; this marks it as built now
fi
jetty_class=bench/jetty/target/classes/org/printhub/bench/jetty/BareJetty.class
if [ ! -f "$jetty_class" ] || [ -n "$(find bench/jetty/src bench/jetty/pom.xml -newer "$jetty_class" 2>/dev/null | head -1)" ]; then
  mvn_ -f bench/jetty/pom.xml package
fi
bundle=$(ls bench/bundle/target/org.printhub.bench-*.jar | head -1)

# cupsd runs its backends as lp, so the run directory must be reachable by others
work=$(mktemp -d "${TMPDIR:-/tmp}/printhub-bench.XXXXXX")
chmod 755 "$work"
# the run uses a copy of printhub.jar: a launcher build during the run must not change it under the scenarios
cp -p "$printhub" "$work/printhub.jar"
py=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$py" ] && kill -0 "$py" 2>/dev/null; then kill -TERM "$py" 2>/dev/null; wait "$py" 2>/dev/null || true; fi
  if [ -s "$work/pids" ]; then   # processes the harness started and did not get to stop (each its own group)
    while read -r pid; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done < "$work/pids"
    sleep 2
    while read -r pid; do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done < "$work/pids"
  fi
  cp "$work"/*.log "$work"/results.json "$out"/ 2>/dev/null || true
  find "$work" -maxdepth 3 -path '*/cups-*/log/error_log' -exec sh -c 'cp "$1" "'"$out"'/$(basename "$(dirname "$(dirname "$1")")")-error_log"' _ {} \; 2>/dev/null || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -f "$out"/*.log "$out"/*error_log "$out"/results.json
opts=()
for o in ${BENCH_JAVA_OPTS:-}; do opts+=(--jvm-opt="$o"); done
for o in ${BENCH_PRINTHUB_OPTS:-}; do opts+=(--printhub-opt="$o"); done
[ "${BENCH_NO_MARKDOWN:-}" = 1 ] || opts+=(--markdown "$root/BENCHMARKS.md")
python3 bench/bench.py --printhub "$work/printhub.jar" --bare "$root/$bare" --bench-bundle "$root/$bundle" \
  --workdir "$work" --repo "$root" --results "$work/results.json" \
  --rounds "${BENCH_ROUNDS:-5}" --seconds "${BENCH_SECONDS:-3}" --count "${BENCH_COUNT:-4000}" \
  --core-count "${BENCH_CORE_COUNT:-1000}" --history "${BENCH_HISTORY:-1000}" --e2e-jobs "${BENCH_E2E_JOBS:-300}" --e2e-ipp-jobs "${BENCH_E2E_IPP_JOBS:-20}" \
  --latency-jobs "${BENCH_LATENCY_JOBS:-20}" --warmup-jobs "${BENCH_WARMUP_JOBS:-1500}" --upload-mb "${BENCH_UPLOAD_MB:-1024}" --queued "${BENCH_QUEUED:-10000}" \
  --kill-jobs "${BENCH_KILL_JOBS:-1000}" --quiet-cap "${BENCH_QUIET_CAP:-5}" --quiet-budget "${BENCH_QUIET_BUDGET:-300}" \
  ${opts[@]+"${opts[@]}"} "$@" &
py=$!
wait "$py"
