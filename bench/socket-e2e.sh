#!/usr/bin/env bash
# End to end to a raw-socket printer: N jobs of 1 KiB, from the first submission until the N-th document has
# arrived at the printer, through Printhub's socket driver and through CUPS with its stock socket backend, in
# alternating rounds on the same socat sink (which writes one file per connection). Prints each round and the
# ratio of the medians (Printhub jobs/s / CUPS jobs/s) with the range of per-round ratios.
#   bench/socket-e2e.sh [jobs, default 300] [rounds, default 3]
# Needs root (a private cupsd), socat, cups (cupsd, lpadmin, lp) and a built launcher/target/printhub.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-300}
ROUNDS=${2:-3}
JAR=launcher/target/printhub.jar
[ -f "$JAR" ] || { echo "build $JAR first: mvn -pl launcher -am package -DskipTests" >&2; exit 1; }
for cmd in socat /usr/sbin/cupsd lpadmin lp; do command -v "$cmd" >/dev/null || { echo "missing $cmd" >&2; exit 1; }; done
RUN=$(mktemp -d /tmp/socket-e2e.XXXXXX); chmod 755 "$RUN"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$RUN"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
count() { find "$RUN/sink" -name '*.prn' -size 1024c | wc -l; }
wait_count() { # wait_count N -> seconds since $start when N documents have arrived
  while [ "$(count)" -lt "$1" ]; do sleep 0.02; done
  python3 -c "import time; print(f'{time.time() - $start:.3f}')"
}

SINK_PORT=$(free_port)
mkdir -p "$RUN/sink"
socat -u TCP-LISTEN:"$SINK_PORT",bind=127.0.0.1,reuseaddr,fork,backlog=128 \
  SYSTEM:"cat > $RUN/sink/job-\$(date +%s%N)-\$\$.prn" </dev/null >"$RUN/socat.log" 2>&1 &
PIDS+=($!); wait_port "$SINK_PORT"
head -c 1024 /dev/urandom > "$RUN/doc.bin"

# CUPS: a private cupsd, its stock configuration but for the paths and the port; a raw queue to the sink
CUPS_PORT=$(free_port); C="$RUN/cups"; mkdir -p "$C"/{etc,spool,cache,state,log,tmp}
cat >"$C/etc/cups-files.conf" <<EOF
ServerRoot $C/etc
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/tmp
DataDir /usr/share/cups
ServerBin /usr/lib/cups
DocumentRoot /usr/share/cups/doc-root
AccessLog $C/log/access_log
ErrorLog $C/log/error_log
PageLog $C/log/page_log
User lp
Group lp
SystemGroup root
EOF
cat >"$C/etc/cupsd.conf" <<EOF
Listen 127.0.0.1:$CUPS_PORT
LogLevel warn
MaxJobs 0
WebInterface No
Browsing No
BrowseLocalProtocols none
DefaultAuthType None
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
chown lp:lp "$C/tmp"; chmod 1777 "$C/tmp"
/usr/sbin/cupsd -f -c "$C/etc/cupsd.conf" -s "$C/etc/cups-files.conf" >"$C/log/cupsd.out" 2>&1 &
PIDS+=($!); wait_port "$CUPS_PORT"
lpadmin -h "127.0.0.1:$CUPS_PORT" -p sink -E -v "socket://127.0.0.1:$SINK_PORT"

# Printhub: its socket driver to the same sink; jobs submitted on the console
mkdir -p "$RUN/ph/deploy"
printf 'host=127.0.0.1\nport=%s\n' "$SINK_PORT" > "$RUN/ph/sink.cfg"
mv "$RUN/ph/sink.cfg" "$RUN/ph/deploy/org.printhub.device.socket-sink.cfg"
mkfifo "$RUN/ph/console"
exec 7<>"$RUN/ph/console"
java -Dprinthub.data="$RUN/ph/data" -Dfelix.fileinstall.dir="$RUN/ph/deploy" -Dprinthub.http.port=0 \
     -Dprinthub.shell.port=0 -Dprinthub.defaults=false -Dprinthub.scriptx.port=0 -Dprinthub.myq.port=0 \
     -Dprinthub.cirrus.port=0 -Dgosh.args=--noshutdown -jar "$JAR" <"$RUN/ph/console" >"$RUN/ph/log" 2>&1 &
PIDS+=($!)
for _ in $(seq 600); do grep -q "device sink (socket) added" "$RUN/ph/log" && break; sleep 0.1; done
sleep 2 # the console's commands register once the store is open

printhub_round() {
  rm -f "$RUN"/sink/*.prn
  start=$(python3 -c 'import time; print(time.time())')
  for _ in $(seq "$JOBS"); do echo "job:submit $RUN/doc.bin sink" >&7; done
  wait_count "$JOBS"
}
cups_round() {
  rm -f "$RUN"/sink/*.prn
  start=$(python3 -c 'import time; print(time.time())')
  for _ in $(seq "$JOBS"); do lp -h "127.0.0.1:$CUPS_PORT" -d sink -o raw "$RUN/doc.bin" >/dev/null; done
  wait_count "$JOBS"
}

ratios=(); ours=(); theirs=()
printhub_round >/dev/null; cups_round >/dev/null   # warm-up
for r in $(seq "$ROUNDS"); do
  p=$(printhub_round); c=$(cups_round)
  pr=$(python3 -c "print(f'{$JOBS/$p:.1f}')"); cr=$(python3 -c "print(f'{$JOBS/$c:.1f}')")
  ours+=("$pr"); theirs+=("$cr"); ratios+=("$(python3 -c "print(f'{$pr/$cr:.2f}')")")
  echo "round $r: printhub $JOBS jobs in ${p}s = $pr jobs/s; cups $JOBS jobs in ${c}s = $cr jobs/s; load $(cut -d' ' -f1 /proc/loadavg)"
done
python3 - "$JOBS" "${ours[*]}" "${theirs[*]}" "${ratios[*]}" <<'EOF'
import statistics, sys
jobs = sys.argv[1]
ours, theirs, ratios = ([float(x) for x in a.split()] for a in sys.argv[2:5])
mo, mt = statistics.median(ours), statistics.median(theirs)
print(f"socket-e2e-{jobs}  printhub {mo:.0f} jobs/s  cups+socket backend {mt:.0f} jobs/s  "
      f"ratio {mo/mt:.2f}  [{min(ratios):.2f}-{max(ratios):.2f}]  (target >= 3x)")
EOF
