#!/usr/bin/env bash
# make bench: Quorum's throughput figures, measured on this machine in one run.
#
# 1. read_rps         GET /v1/enrolments/{id} as its assessor (token lookup + enrolment
#                     read), wrk, 32 connections
# 2. pgbench_read_tps the same two SQL statements as a pgbench custom script, same
#                     database, same role, prepared, 32 clients
# 3. read_vs_pgbench  read_rps / pgbench_read_tps (target >= 0.6)
# 4. healthz_rps      GET /healthz, wrk, 32 connections
# 5. rss_mb           the server's peak resident memory over the run (target <= 150)
# 6. sufficiency_300_ms  the sufficiency check on a 300-item portfolio, in process (target <= 2)
# 7. sufficiency_p99_ms  GET /v1/enrolments/{id}/sufficiency on a 300-item portfolio, wrk,
#                        32 connections, 99th percentile latency (target <= 25); findings are
#                        cached by exact portfolio revision, so this is the steady state
# 8. sufficiency_uncached_p99_ms  the same with random asOf and knownAt dates within the year so
#                        far, so (almost) every request runs the check afresh (target <= 25); the
#                        year's inputs are cached by exact portfolio revision, the results are not
# 9. read_audit_writer_slowdown  one writer's median latency (recording evidence, one after
#                        another) while 32 connections poll the coordinator's dashboard (whose
#                        reads are recorded), divided by its median alone (target <= 1.2), with the
#                        per-person limits as deployed; _unlimited: the same with them lifted
#
# Each figure prints as `FIGURE <name> <value> <unit>`. Loopback only; every load
# step is bounded by DURATION seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
BENCH_PORT=${BENCH_PORT:-18080}
DB=scripts/local-db.sh
export QUORUM_DB_NAME=quorum_bench

log() { printf 'bench: %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    [ "$(id -u)" = 0 ] || { log "wrk is missing: apt-get install wrk"; exit 1; }
    log "installing wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi
PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -1)

$DB start
$DB resetdb quorum_bench
log "building release"
. scripts/build-lib.sh
build_product quorum -c release
build_product SufficiencyBenchmark -c release
BIN=.build/release/quorum
export DATABASE_URL=$($DB url quorum_bench app) QUORUM_MIGRATION_URL=$($DB url quorum_bench owner)
$BIN migrate >/dev/null
TOKENS=$(mktemp)
$BIN demo-data --tokens-out "$TOKENS" >/dev/null

token_of() { python3 -c "import json,sys;print([p for p in json.load(open('$TOKENS')) if p['email']=='$1'][0]['token'])"; }
TOKEN=$(token_of assessor1@northshire.example)
WRITER_TOKEN=$(token_of nqsw2@northshire.example)
COORDINATOR_TOKEN=$(token_of coordinator@northshire.example)
rm -f "$TOKENS"

# One token stands for many people's reads here: the per-person limits are lifted (the server's capacity is measured).
QUORUM_PERSON_CONCURRENCY=1000 QUORUM_PERSON_BURST=100000000 QUORUM_PERSON_RATE=100000000 QUORUM_ACCESS_LOG=0 LOG_LEVEL=warning PORT=$BENCH_PORT $BIN serve &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
wait_ready "$BENCH_PORT"

ENROLMENT=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$BENCH_PORT/v1/enrolments?limit=1" \
    | python3 -c "import json,sys;print(json.load(sys.stdin)['items'][0]['id'])")
URL="http://127.0.0.1:$BENCH_PORT/v1/enrolments/$ENROLMENT"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null

rps() { awk '/Requests\/sec/ {print $2}'; }
# wrk --latency prints "99%  12.34ms"; convert to milliseconds.
p99_ms() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 }; printf "%.2f", v }'; }

# A 300-item portfolio for the sufficiency endpoint: written straight into the bench
# database (bench data, not audited), spread over the year, mapped, judged, mostly verified.
# Written as the owner: bench data is loaded beside row-level security, not through it.
SUFFICIENCY_ENROLMENT=$(psql -X -qtA "$QUORUM_MIGRATION_URL" <<SQL
WITH e AS (SELECT e.id, e.organisation_id, e.assessor_id, e.start_date FROM enrolments e
             JOIN people p ON p.id = e.assessor_id WHERE p.email = 'assessor1@northshire.example'
            ORDER BY e.start_date LIMIT 1),
items AS (
  INSERT INTO evidence_items (id, organisation_id, enrolment_id, kind, practice_date, added_on, author_id, description, verified_by, verified_on)
  SELECT gen_random_uuid(), e.organisation_id, e.id,
         (ARRAY['direct_observation','person_feedback','professional_feedback','written_report','critical_reflection','supervision_note','other'])[1 + n % 7],
         least(e.start_date + (n * 360 / 300), current_date), least(e.start_date + (n * 360 / 300), current_date), e.assessor_id,
         'Bench evidence item ' || n, CASE WHEN n % 3 = 0 THEN NULL ELSE e.assessor_id END,
         CASE WHEN n % 3 = 0 THEN NULL ELSE least(e.start_date + (n * 360 / 300), current_date) END
    FROM e, generate_series(1, 300) AS n
  RETURNING id, organisation_id, author_id),
mapped AS (
  INSERT INTO evidence_mappings (evidence_id, organisation_id, framework_id, code)
  SELECT i.id, i.organisation_id, 'kss-child-family-2014', 'KSS-CF-' || (1 + abs(hashtext(i.id::text)) % 10) FROM items i
  RETURNING evidence_id),
judged AS (
  INSERT INTO evidence_judgements (evidence_id, organisation_id, judge_id, level, feedback, recorded_on)
  SELECT i.id, i.organisation_id, i.author_id, (ARRAY['meets','meets','partly_meets'])[1 + abs(hashtext(i.id::text)) % 3], 'Bench feedback', current_date
    FROM items i
  RETURNING evidence_id)
SELECT id FROM e
SQL
)
# Statistics, as autovacuum would gather them after such a load.
psql -X -q "$QUORUM_MIGRATION_URL" -c "ANALYZE"

log "warming up"
wrk -t2 -c"$CONNECTIONS" -d3s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
log "read endpoint: ${DURATION}s at $CONNECTIONS connections"
READ_RPS=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "Authorization: Bearer $TOKEN" "$URL" | tee /dev/stderr | rps)
log "healthz: ${DURATION}s"
HEALTHZ_RPS=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$BENCH_PORT/healthz" | rps)
log "sufficiency endpoint (300 items): ${DURATION}s at 32 connections"
SUFFICIENCY_URL="http://127.0.0.1:$BENCH_PORT/v1/enrolments/$SUFFICIENCY_ENROLMENT/sufficiency"
curl -sf -H "Authorization: Bearer $TOKEN" "$SUFFICIENCY_URL" >/dev/null || { log "sufficiency endpoint failed"; exit 1; }
SUFFICIENCY_P99=$(wrk -t2 -c32 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$SUFFICIENCY_URL" | tee /dev/stderr | p99_ms)
log "sufficiency endpoint, uncached (random as-of dates): ${DURATION}s at 32 connections"
read -r FIRST_DAY LAST_DAY < <(psql -X -qtA -F' ' "$QUORUM_MIGRATION_URL" -c \
    "SELECT start_date - DATE '1970-01-01', (now() AT TIME ZONE 'Europe/London')::date - DATE '1970-01-01' FROM enrolments WHERE id = '$SUFFICIENCY_ENROLMENT'")
export FIRST_DAY LAST_DAY
UNCACHED_OUT=$(wrk -t2 -c32 -d"${DURATION}s" --latency -s Benchmarks/uncached-asof.lua -H "Authorization: Bearer $TOKEN" "$SUFFICIENCY_URL")
echo "$UNCACHED_OUT" >&2
# A refused request is fast and would flatter the figure: every reply must be a check.
if grep -q "Non-2xx" <<<"$UNCACHED_OUT"; then log "the uncached sufficiency run had refused requests"; exit 1; fi
SUFFICIENCY_UNCACHED_P99=$(p99_ms <<<"$UNCACHED_OUT")
log "a writer alone, then while $CONNECTIONS connections poll the dashboard: ${DURATION}s each"
# The writer adds thousands of items to one year: the year policy's evidence cap is raised to its maximum for the run.
curl -sf -X POST -H "Authorization: Bearer $COORDINATOR_TOKEN" -H "Content-Type: application/json" "http://127.0.0.1:$BENCH_PORT/v1/policies/year" \
    -d '{"nineMonthReview": true, "maximumCalendarMonths": 24, "limitWarningDays": 60, "maximumEvidenceItems": 10000, "reason": "bench writes"}' >/dev/null
WRITER_ENROLMENT=$(curl -sf -H "Authorization: Bearer $WRITER_TOKEN" "http://127.0.0.1:$BENCH_PORT/v1/enrolments?limit=1" \
    | python3 -c "import json,sys;print(json.load(sys.stdin)['items'][0]['id'])")
# writer_beside_polling PORT: one writer alone, then while $CONNECTIONS connections poll the
# dashboard as the coordinator; prints "alone_ms polled_ms writes polls_refused" and logs the dashboard's rate.
writer_beside_polling() {
    local port=$1 alone polled writes out
    read -r alone _ _ < <(python3 Benchmarks/writer_latency.py "$port" "$WRITER_TOKEN" "$WRITER_ENROLMENT" "$DURATION")
    out=$(mktemp)
    wrk -t2 -c"$CONNECTIONS" -d"$((DURATION + 2))s" -H "Authorization: Bearer $COORDINATOR_TOKEN" "http://127.0.0.1:$port/v1/dashboard" >"$out" &
    local polling=$!
    sleep 1
    read -r polled writes _ < <(python3 Benchmarks/writer_latency.py "$port" "$WRITER_TOKEN" "$WRITER_ENROLMENT" "$DURATION")
    wait $polling
    log "port $port: writer median alone ${alone} ms, while polled ${polled} ms ($writes writes); dashboard $(rps < "$out") req/s"
    echo "$alone $polled $writes $(awk '/Non-2xx/ {print $NF}' "$out" | grep . || echo 0)"
    rm -f "$out"
}
read -r WRITER_ALONE WRITER_POLLED _ REFUSED < <(writer_beside_polling "$BENCH_PORT")
# A refused poll is cheap and would flatter the figure: with the limits lifted, every poll must be a dashboard.
if [ "$REFUSED" != 0 ]; then log "the dashboard polls were refused"; exit 1; fi
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT

# The same, against a server with the per-person limits as deployed: the 32
# pollers are one coordinator, held to two requests in flight (the rest are
# answered 429 after a pause), so the writer keeps the CPU it needs.
LIMITED_PORT=$((BENCH_PORT + 1))
QUORUM_ACCESS_LOG=0 LOG_LEVEL=warning PORT=$LIMITED_PORT $BIN serve &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
wait_ready "$LIMITED_PORT"
read -r LIMITED_ALONE LIMITED_POLLED _ LIMITED_REFUSED < <(writer_beside_polling "$LIMITED_PORT")
log "with the per-person limits, $LIMITED_REFUSED polls were answered 429"
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT

# The statements the endpoint runs, as the server sends them (Tokens.callerQuery, which
# also enters the caller's organisation for row-level security, and
# EnrolmentRepository.findQuery), with this run's token digest and id as constants, in
# one pipeline with one Sync — one round trip and one implicit transaction, as the server.
DIGEST=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
SCRIPT=$(mktemp)
cat > "$SCRIPT" <<SQL
\\startpipeline
SELECT person_id, organisation_id, roles FROM quorum_authenticate('\\x$DIGEST'::bytea);
SELECT e.id, e.organisation_id, e.nqsw_id, e.setting, e.start_date, e.fte, e.assessor_id, e.line_manager_id, e.status, e.version, e.created_at, e.updated_at, n.name, a.name, l.name, e.kss_framework_id, e.pcf_framework_id, e.portfolio_revision FROM enrolments e JOIN people n ON n.id = e.nqsw_id JOIN people a ON a.id = e.assessor_id JOIN people l ON l.id = e.line_manager_id WHERE e.id = '$ENROLMENT'::uuid;
\\endpipeline
SQL
log "pgbench: same statements, ${DURATION}s at $CONNECTIONS clients"
PGBENCH_TPS=$("$PGBENCH" -n -M prepared -c "$CONNECTIONS" -j 2 -T "$DURATION" -f "$SCRIPT" "$DATABASE_URL" 2>/dev/null \
    | awk '/^tps/ {print $3; exit}')
rm -f "$SCRIPT"

RATIO=$(python3 -c "print(f'{$READ_RPS / $PGBENCH_TPS:.2f}')")
echo "FIGURE read_rps $READ_RPS req/s"
echo "FIGURE pgbench_read_tps $PGBENCH_TPS tx/s"
echo "FIGURE read_vs_pgbench $RATIO ratio"
echo "FIGURE healthz_rps $HEALTHZ_RPS req/s"
echo "FIGURE rss_mb $((RSS_KB / 1024)) MB"
echo "FIGURE sufficiency_p99_ms $SUFFICIENCY_P99 ms"
echo "FIGURE sufficiency_uncached_p99_ms $SUFFICIENCY_UNCACHED_P99 ms"
echo "FIGURE read_audit_writer_slowdown $(python3 -c "print(f'{$LIMITED_POLLED / $LIMITED_ALONE:.2f}')") ratio (writer median $LIMITED_ALONE ms alone, $LIMITED_POLLED ms while one coordinator polls the dashboard at $CONNECTIONS connections, per-person limits as deployed)"
echo "FIGURE read_audit_writer_slowdown_unlimited $(python3 -c "print(f'{$WRITER_POLLED / $WRITER_ALONE:.2f}')") ratio (the same with the limits lifted: $WRITER_ALONE ms alone, $WRITER_POLLED ms polled; two cores shared by $CONNECTIONS pollers)"
.build/release/SufficiencyBenchmark
