#!/usr/bin/env bash
# make resilience: the resilience suite (Benchmarks/resilience.py) plus the figures
# the test suite proves (audit tampering, row-level security). Loopback only,
# bounded in time; RESILIENCE_QUICK=1 runs a tenth of each.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=scripts/local-db.sh
log() { printf 'resilience: %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    [ "$(id -u)" = 0 ] || { log "wrk is missing: apt-get install wrk"; exit 1; }
    log "installing wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi
$DB start
$DB resetdb quorum_resilience
log "building"
. scripts/build-lib.sh
build_product quorum
export DATABASE_URL=$($DB url quorum_resilience app) QUORUM_MIGRATION_URL=$($DB url quorum_resilience owner)
.build/debug/quorum migrate >/dev/null
.build/debug/quorum demo-data --tokens-out .quorum/resilience-tokens.json >/dev/null
rm -rf .quorum/resilience-logs

python3 Benchmarks/resilience.py

log "schemathesis, every role"
# The figures print either way; a fuzz that found a 5xx or a contract
# violation fails the suite at the end, so a printed figure is never mistaken for green.
fuzz_status=0
if [ "${RESILIENCE_QUICK:-0}" = 1 ]; then scripts/fuzz-api.sh 1 coordinator assessor || fuzz_status=$?; else scripts/fuzz-api.sh 3 || fuzz_status=$?; fi

log "figures the test suite proves"
$DB resetdb quorum_test
QUORUM_TEST_DATABASE_URL="$($DB url quorum_test app)" \
QUORUM_TEST_OWNER_URL="$($DB url quorum_test owner)" \
QUORUM_TEST_ADMIN_URL="$($DB url quorum_test admin)" \
QUORUM_MODEL_SEQUENCES=$([ "${RESILIENCE_QUICK:-0}" = 1 ] && echo 200 || echo 10000) \
QUORUM_RACE_TRIALS=$([ "${RESILIENCE_QUICK:-0}" = 1 ] && echo 20 || echo 200) \
swift test --filter 'hundredTamperings_allDetected|backdatedEvents_areRefusedOrDetected|appRole_seesOnlyTheEnteredOrganisation|readMatrix_matchesTheDocument|everyChange_matchesTheDocument|panelCommands_matchTheModel|decisionAndAmendment_exactlyOneStands' 2>&1 \
  | grep -E '^FIGURE|✘' \
  | awk '/^FIGURE authz_(change_)?matrix_differences/ { differences += $3; cells += $6; next } { print }
         END { print "FIGURE authz_matrix_differences " differences " cells (of " cells ", reads and changes)" }' || true

log "backup and point-in-time restore drill"
scripts/restore-drill.sh 2>/dev/null | grep -E '^FIGURE' || echo "FIGURE restore_lost_acknowledged_writes failed"

if [ "$fuzz_status" != 0 ]; then
    log "schemathesis found 5xx replies or contract violations (see the fuzz lines above)"
    exit 1
fi
