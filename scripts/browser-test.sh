#!/usr/bin/env bash
# Browser tests (issue 8): the journeys in headless Chromium, every page
# checked with axe-core, screenshots written to docs/screenshots/.
#
#   scripts/browser-test.sh        (make browser-test)
#
# Chromium and its driver come from Debian; Selenium and axe-core (inside the
# axe-playwright-python wheel, installed without its dependencies) from PyPI,
# pinned, into .quorum/venv-browser. Serves a fresh demo database on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=scripts/local-db.sh
PORT=${BROWSER_PORT:-18196}
log() { printf 'browser-test: %s\n' "$*" >&2; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
VENV=.quorum/venv-browser
if [ ! -f "$VENV/ready" ]; then
    log "installing selenium and axe-core into $VENV"
    python3 -m venv "$VENV" 2>/dev/null || {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$VENV"; }
    "$VENV/bin/pip" install -q --disable-pip-version-check selenium==4.45.0
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps axe-playwright-python==0.1.8
    touch "$VENV/ready"
fi

$DB start >/dev/null
$DB resetdb quorum_browser >/dev/null 2>&1
swift build --product quorum 2>&1 | grep -E 'error' || true
export DATABASE_URL=$($DB url quorum_browser app) QUORUM_MIGRATION_URL=$($DB url quorum_browser owner)
.build/debug/quorum migrate >/dev/null
TOKENS=.quorum/browser-tokens.json
.build/debug/quorum demo-data --tokens-out "$TOKENS" >/dev/null
QUORUM_ACCESS_LOG=0 LOG_LEVEL=warning PORT=$PORT .build/debug/quorum serve >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
# Selenium Manager must not look for a driver online: the Debian one is named explicitly.
rm -f docs/screenshots/failed-*.png  # a failure's screenshot belongs to that run only
SE_OFFLINE=true "$VENV/bin/python" Tests/browser/journeys.py "http://127.0.0.1:$PORT" "$TOKENS" docs/screenshots
