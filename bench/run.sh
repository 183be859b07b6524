#!/usr/bin/env bash
# The core engine's benchmarks, each Printhub figure measured in the same run as its comparison:
#   bench/run.sh [durable-submit-1t] [durable-submit-4t] [cold-start]     (default: all three)
# Builds what it needs (printhub.jar only if missing, the bench bundle, the bare Felix + Jetty jar), prints one
# line per scenario,  name  printhub  comparison  ratio-of-medians  [min-max of per-round ratios],  and rewrites
# the generated part of BENCHMARKS.md. Logs and raw figures of the last run stay in bench/out/.
# Environment: BENCH_ROUNDS (5), BENCH_COUNT (2000 jobs or files per measurement), BENCH_JFR=<file> (record the
# durable-submit JVM with JFR; settings BENCH_JFR_SETTINGS, by default the JDK's profile.jfc with every file
# force/read/write and every lock wait over 1 ms recorded), BENCH_JAVA_OPTS (extra JVM options for every JVM started), BENCH_REBUILD=1
# (rebuild the reactor first), BENCH_NO_MARKDOWN=1 (leave BENCHMARKS.md alone).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=bench/out
mkdir -p "$out"
buildlog=$out/build.log
: > "$buildlog"

# One Maven build at a time on this machine; offline first, online only if an artifact is missing.
mvn_() {
  if ! flock /tmp/printhub-mvn.lock mvn -B -o "$@" >> "$buildlog" 2>&1; then
    echo "offline build failed, retrying online: mvn $*" >> "$buildlog"
    flock /tmp/printhub-mvn.lock mvn -B "$@" >> "$buildlog" 2>&1 || { tail -40 "$buildlog" >&2; exit 1; }
  fi
}

printhub=launcher/target/printhub.jar
if [ ! -f "$printhub" ] || [ "${BENCH_REBUILD:-}" = 1 ]; then
  if ! grep -Eq '^[[:space:]]*<module>launcher</module>' pom.xml; then
    echo "bench: $printhub is missing and the launcher is not in the reactor yet" >&2
    exit 2
  fi
  echo "bench: building the reactor for $printhub" >&2
  mvn_ -DskipTests package
elif [ -n "$(find bundles bundles-devices launcher/printhub.bndrun cnf -newer "$printhub" -type f \
             -not -path '*/target/*' 2>/dev/null | head -1)" ]; then
  echo "bench: note: sources changed after $printhub was built; BENCH_REBUILD=1 rebuilds it" >&2
fi
if [ ! -f "$HOME/.m2/repository/org/printhub/org.printhub.job/0.1.0-SNAPSHOT/org.printhub.job-0.1.0-SNAPSHOT.jar" ]; then
  mvn_ -f bundles/job/pom.xml -DskipTests install   # the bench bundle compiles against the job API
fi
mvn_ -f bench/bundle/pom.xml package
bare=bench/bare/target/bare.jar
if [ ! -f "$bare" ] || [ bench/bare.bndrun -nt "$bare" ] || [ bench/bare/pom.xml -nt "$bare" ]; then
  mvn_ -f bench/bare/pom.xml package
fi
bundle=$(ls bench/bundle/target/org.printhub.bench-*.jar | head -1)

work=$(mktemp -d "${TMPDIR:-/tmp}/printhub-bench.XXXXXX")
py=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$py" ] && kill -0 "$py" 2>/dev/null; then kill -TERM "$py" 2>/dev/null; wait "$py" 2>/dev/null || true; fi
  if [ -s "$work/pids" ]; then   # JVMs the harness started and did not get to stop
    while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done < "$work/pids"
    sleep 2
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done < "$work/pids"
  fi
  cp "$work"/*.log "$work"/results.json "$out"/ 2>/dev/null || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -f "$out"/*.log "$out"/results.json
opts=()
for o in ${BENCH_JAVA_OPTS:-}; do opts+=(--jvm-opt="$o"); done
if [ -n "${BENCH_JFR:-}" ]; then
  jfc=${BENCH_JFR_SETTINGS:-}
  if [ -z "$jfc" ]; then
    jfc=$root/$out/io.jfc
    java_home=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.home/ {print $2}')
    sed -e 's/control="file-threshold">[^<]*</control="file-threshold">0 ms</' \
        -e 's/control="locking-threshold">[^<]*</control="locking-threshold">1 ms</' \
        "$java_home/lib/jfr/profile.jfc" > "$jfc"
  fi
  opts+=(--jfr "$(realpath -m "$BENCH_JFR")" --jfr-settings "$(realpath "$jfc")")
fi
[ "${BENCH_NO_MARKDOWN:-}" = 1 ] || opts+=(--markdown "$root/BENCHMARKS.md")
python3 bench/bench.py --printhub "$root/$printhub" --bare "$root/$bare" --bench-bundle "$root/$bundle" \
  --workdir "$work" --repo "$root" --rounds "${BENCH_ROUNDS:-5}" --count "${BENCH_COUNT:-2000}" \
  --results "$work/results.json" ${opts[@]+"${opts[@]}"} "$@" &
py=$!
wait "$py"
