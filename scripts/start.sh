#!/usr/bin/env bash
# Builds Printhub and starts it with its embedded defaults: data in ./data, deploy/ watched, a 'pdf' file
# printer and a 'demo' virtual printer. On a terminal the Gogo console is interactive; it is also on
# telnet 127.0.0.1:2019 (printhub.shell.port). Extra -D options are passed to java, e.g.
#   scripts/start.sh -Dprinthub.http.port=9000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -DskipTests package
mkdir -p deploy
console=(-Dgosh.args=--nointeractive\ --noshutdown)
if [ -t 0 ]; then console=(-Dgosh.args=--noshutdown); fi
# the JVM options (heap, collector) from scripts/jvm.options unless PRINTHUB_JAVA_OPTS says otherwise
if [ -n "${PRINTHUB_JAVA_OPTS:-}" ]; then
    read -r -a jvm <<< "$PRINTHUB_JAVA_OPTS"
else
    mapfile -t jvm < <(grep -v '^[[:space:]]*\(#\|$\)' scripts/jvm.options)
fi
exec java "${jvm[@]}" "${console[@]}" "$@" -jar launcher/target/printhub.jar
