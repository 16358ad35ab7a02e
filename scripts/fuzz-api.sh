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
FUZZ_PORT=${FUZZ_PORT:-18195}
log() { printf 'fuzz: %s\n' "$*" >&2; }

if [ ! -x .quorum/venv/bin/schemathesis ]; then
    log "installing schemathesis into .quorum/venv"
    python3 -m venv .quorum/venv 2>/dev/null || {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && python3 -m venv .quorum/venv; }
    .quorum/venv/bin/pip install -q --disable-pip-version-check schemathesis==4.32.5
fi

. scripts/demo-server.sh
TOKENS=.quorum/fuzz-tokens.json
serve_demo quorum_fuzz "$FUZZ_PORT" "$TOKENS"
python3 Benchmarks/fuzz_api.py "$FUZZ_PORT" "$TOKENS" "$EXAMPLES" "$@"
