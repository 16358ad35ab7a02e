# Sourced by the scripts that test a running server (browser tests, the API
# fuzzer): a fresh demo database served on loopback until the script exits.
#
#   serve_demo DATABASE PORT TOKENS_FILE
#
# Resets DATABASE in the private cluster, migrates it, loads the demo data
# (writing each demo person's token to TOKENS_FILE), starts `quorum serve` on
# PORT in the background, stops it on exit, and waits until it is ready.
. scripts/build-lib.sh

serve_demo() {
    local database=$1 port=$2 tokens=$3 db=scripts/local-db.sh
    $db start >/dev/null
    $db resetdb "$database" >/dev/null 2>&1
    build_product quorum
    DATABASE_URL=$($db url "$database" app) QUORUM_MIGRATION_URL=$($db url "$database" owner) .build/debug/quorum migrate >/dev/null
    DATABASE_URL=$($db url "$database" app) .build/debug/quorum demo-data --tokens-out "$tokens" >/dev/null
    # The fuzzer and the journeys send one person's requests as fast as they can: the per-person limits would answer 429.
    DATABASE_URL=$($db url "$database" app) QUORUM_PERSON_CONCURRENCY=1000 QUORUM_PERSON_BURST=100000000 QUORUM_PERSON_RATE=100000000 \
        QUORUM_ACCESS_LOG=0 LOG_LEVEL=warning PORT=$port .build/debug/quorum serve >/dev/null 2>&1 &
    DEMO_SERVER=$!
    trap 'kill $DEMO_SERVER 2>/dev/null || true' EXIT
    wait_ready "$port"
}
