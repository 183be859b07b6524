#!/usr/bin/env bash
# Issue 8's durable-http scenario (bench/run.sh durable-http: 1 KiB multipart uploads, a new file name per request,
# every surface and the bare Jetty in the same run) on two printhub.jar builds that differ only in this bundle:
# the current launcher/target/printhub.jar, and a copy with OLD_BUNDLE (an older org.printhub.api.octoprint jar)
# swapped in. Each build gets its own run, after the load average is under 2; compare each run's ratio to the bare
# Jetty, not the raw figures of two runs.
#   bundles/api-octoprint/bench/durable-swap.sh <old bundle jar> [tag]
# Environment: BENCH_ROUNDS (default 1), BENCH_SECONDS (default 3), passed to bench/run.sh; JFR=1 records each
# Printhub (/tmp/octo-<tag>-<old|new>.jfr, read with java bench/jfr/JfrSummary.java).
# bench/run.sh always runs launcher/target/printhub.jar: it is swapped for the moment run.sh takes its copy, and put
# back unless someone rebuilt it meanwhile.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OLD_BUNDLE=${1:?usage: durable-swap.sh <old bundle jar> [tag]}
TAG=${2:-swap}
CURRENT=launcher/target/printhub.jar
ENTRY=jar/org.printhub.api.octoprint-0.1.0-SNAPSHOT.jar
WORK=$(mktemp -d /tmp/octo-swap.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
unzip -l "$CURRENT" "$ENTRY" >/dev/null || { echo "$CURRENT holds no $ENTRY" >&2; exit 2; }
cp -p "$CURRENT" "$WORK/new.jar"
cp -p "$CURRENT" "$WORK/old.jar"
mkdir -p "$WORK/zip/jar"
cp "$OLD_BUNDLE" "$WORK/zip/$ENTRY"
(cd "$WORK/zip" && zip -q "$WORK/old.jar" "$ENTRY")

run() { # build name
    while [ "$(cut -d' ' -f1 /proc/loadavg | cut -d. -f1)" -ge 2 ]; do sleep 5; done
    local out=/tmp/octo-$TAG-$2.out opts=()
    [ "${JFR:-}" = 1 ] && opts=(BENCH_PRINTHUB_OPTS=-XX:StartFlightRecording=filename=/tmp/octo-$TAG-$2.jfr,settings=profile)
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$out"
    cp -p "$CURRENT" "$WORK/saved.jar"
    touch "$WORK/started"
    cp "$1" "$CURRENT"
    env BENCH_ROUNDS="${BENCH_ROUNDS:-1}" BENCH_SECONDS="${BENCH_SECONDS:-3}" BENCH_NO_MARKDOWN=1 "${opts[@]}" \
        bench/run.sh durable-http >> "$out" 2>&1 &
    local bench=$!
    # run.sh copies the jar into a new run directory before it starts the first server
    for _ in $(seq 120); do
        for d in $(find /tmp -maxdepth 1 -name 'printhub-bench.*' -newer "$WORK/started" 2>/dev/null); do
            [ -f "$d/printhub.jar" ] && cmp -s "$1" "$d/printhub.jar" && break 2
        done
        sleep 1
    done
    cmp -s "$1" "$CURRENT" && cp -p "$WORK/saved.jar" "$CURRENT"
    wait $bench || true
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
    echo "== $2 ($out)"
    grep -E "octoprint-upload|cirrus-putfile-64c-vs" "$out" | grep -v "^quiet" || true
}
run "$WORK/old.jar" old
run "$WORK/new.jar" new
