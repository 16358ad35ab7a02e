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
PORT=${BROWSER_PORT:-18196}
log() { printf 'browser-test: %s\n' "$*" >&2; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
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

. scripts/demo-server.sh
TOKENS=.quorum/browser-tokens.json
serve_demo quorum_browser "$PORT" "$TOKENS"
# Selenium Manager must not look for a driver online: the Debian one is named explicitly.
rm -f docs/screenshots/failed-*.png  # a failure's screenshot belongs to that run only
SE_OFFLINE=true "$VENV/bin/python" Tests/browser/journeys.py "http://127.0.0.1:$PORT" "$TOKENS" docs/screenshots
