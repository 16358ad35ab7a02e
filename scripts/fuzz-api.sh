#!/usr/bin/env bash
# Schemathesis against the running API with demo tokens: no 5xx, no response
# that differs from openapi.yaml.
#
#   scripts/fuzz-api.sh EXAMPLES [ROLE ...]    (make test: 1 coordinator; make resilience: 3, every role)
#
# Installs schemathesis (pinned, from PyPI) into .quorum/venv on first use, serves
# a fresh demo database on loopback, and prints the schemathesis_* FIGURE lines.
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${1:-1}; shift || true
DB=scripts/local-db.sh
FUZZ_PORT=${FUZZ_PORT:-18195}
log() { printf 'fuzz: %s\n' "$*" >&2; }

if [ ! -x .quorum/venv/bin/schemathesis ]; then
    log "installing schemathesis into .quorum/venv"
    python3 -m venv .quorum/venv 2>/dev/null || {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && python3 -m venv .quorum/venv; }
    .quorum/venv/bin/pip install -q --disable-pip-version-check schemathesis==4.32.5
fi

$DB start >/dev/null
$DB resetdb quorum_fuzz >/dev/null 2>&1
swift build --product quorum 2>&1 | grep -E 'error' || true
export DATABASE_URL=$($DB url quorum_fuzz app) QUORUM_MIGRATION_URL=$($DB url quorum_fuzz owner)
.build/debug/quorum migrate >/dev/null
TOKENS=.quorum/fuzz-tokens.json
.build/debug/quorum demo-data --tokens-out "$TOKENS" >/dev/null
QUORUM_ACCESS_LOG=0 LOG_LEVEL=warning PORT=$FUZZ_PORT .build/debug/quorum serve >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$FUZZ_PORT/readyz" >/dev/null && break; sleep 0.1; done
python3 Benchmarks/fuzz_api.py "$FUZZ_PORT" "$TOKENS" "$EXAMPLES" "$@"
