#!/usr/bin/env bash
# Installs what the tests need on a fresh machine and runs every test: unit tests (Surefire), Pax Exam
# integration tests, the process-level tests (Failsafe) and the tests against real print peers and clients.
set -euo pipefail
cd "$(dirname "$0")/.."
# command the tests run -> the Debian package that has it
declare -A packages=(
  [java]=openjdk-17-jdk-headless [mvn]=maven
  [socat]=socat                                   # raw 9100 peer, G-code simulator pty
  [lpd]=lpr                                       # Debian's BSD lpd
  [cupsd]=cups [ipptool]=cups-ipp-utils [ippeveprinter]=cups-ipp-utils [lpstat]=cups-client
  [dbus-daemon]=dbus-daemon [avahi-daemon]=avahi-daemon  # ippeveprinter needs DNS-SD even with -r off (device-ipp tests run both privately)
  [pdftotext]=poppler-utils [pdfinfo]=poppler-utils
  [gs]=ghostscript                                # PDF -> PostScript/raster converter, test documents
  [chromium]=chromium                             # the reference HTML renderer and the browser tests
  [npm]=npm                                       # the vendors' own JavaScript clients
  [curl]=curl                                     # CirrusPrint's documented calls (7.87+ for --url-query)
)
need=()
for cmd in "${!packages[@]}"; do
  command -v "$cmd" >/dev/null || [ -x "/usr/sbin/$cmd" ] || need+=("${packages[$cmd]}")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u)
fi
(cd integration-tests/js && npm ci --no-audit --no-fund)   # MeadCo's scriptxprint-html and playwright-core
# FDM Monster, @jamesgopsill/octoprint-client and sockjs-client (OctoPrintClientsIT). better-sqlite3 has no prebuilt
# binary here without GitHub, so it compiles against the running node's own headers (g++ and make are on the machine).
(cd integration-tests/js-octoprint && npm_config_nodedir="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")" \
   npm ci --no-audit --no-fund)
# install, not only verify: DriverGuideIT builds the driver guide's sample on its own, against the parent pom and the
# job API this build puts in the local repository
mvn -B install "$@"
