# Sourced by the bench scripts: starting a printhub.jar for a figure. Needs GUID and a PIDS array.

# start_printhub <dir> <jar> [java option...]: printhub.jar with its data and deploy directory under <dir> (the
# caller writes deploy/*.cfg first), ScriptX's licence GUID added from the console; ScriptX's URL goes to <dir>/url
# and the console stays open on file descriptor CONSOLE_FD.
start_printhub() {
  local dir=$1 jar=$2
  shift 2
  mkfifo "$dir/console"
  exec {CONSOLE_FD}<>"$dir/console"
  java -Xmx256m "$@" -Dprinthub.data="$dir/data" -Dfelix.fileinstall.dir="$dir/deploy" \
       -Dprinthub.http.port=0 -Dprinthub.shell.port=0 -Dgosh.args=--noshutdown -jar "$jar" \
       <"$dir/console" >"$dir/printhub.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 900); do grep -qs "HTTP listener 'scriptx' at" "$dir/printhub.log" && break; sleep 0.1; done
  for _ in $(seq 300); do
    printf 'licence:add %s Bench\n' "$GUID" >&"$CONSOLE_FD"
    sleep 1
    grep -qs "5091e665-8916-4d21-996e-00a2de5de416  Bench" "$dir/printhub.log" && break
  done
  grep -o "HTTP listener 'scriptx' at http://[^ ]*" "$dir/printhub.log" | head -1 | sed "s/.* at //" > "$dir/url"
}

# start_bare_jetty <dir>: the bare Jetty (bench/jetty) on a free port, files in <dir>/bare; its URL in BARE_URL
start_bare_jetty() {
  [ -d bench/jetty/target/lib ] || flock /tmp/printhub-mvn.lock mvn -B -q -o package -f bench/jetty/pom.xml >/dev/null
  java -cp "bench/jetty/target/classes:bench/jetty/target/lib/*" org.printhub.bench.jetty.BareJetty 0 "$1/bare" \
       >"$1/bare.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do grep -q "^listening on" "$1/bare.log" && break; sleep 0.1; done
  BARE_URL="http://127.0.0.1:$(grep '^listening on' "$1/bare.log" | awk '{print $3}')/"
}
