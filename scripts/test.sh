#!/usr/bin/env bash
# Installs what the tests need on a fresh machine and runs every test: unit tests (Surefire), Pax Exam
# integration tests and the process-level kill -9 test (Failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
mvn -B verify "$@"
