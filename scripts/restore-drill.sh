#!/usr/bin/env bash
# The backup recipe of docs/operations.md, run for real (make resilience):
# a primary cluster with WAL archiving, a base backup, Quorum serving and
# writes continuing, a point in time chosen mid-stream, more writes, then a
# point-in-time restore into a second cluster on another port. Prints
#   FIGURE restore_lost_acknowledged_writes N   writes acknowledged before the point, missing after restore (want 0)
#   FIGURE restore_audit_verify_failures N      broken chains `quorum audit verify` finds in the restored copy (want 0)
# Loopback only; the drill's clusters live beside the private cluster and are removed after.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BASE_PORT=${QUORUM_PG_PORT:-54329}
PRIMARY_PORT=$((BASE_PORT + 11)) RESTORED_PORT=$((BASE_PORT + 12)) SERVE_PORT=${DRILL_SERVE_PORT:-18099}
WRITE_SECONDS=${DRILL_WRITE_SECONDS:-6}
log() { printf 'restore-drill: %s\n' "$*" >&2; }
as_owner() { if [ "$(id -u)" = 0 ]; then /usr/sbin/runuser -u postgres -- "$@"; else "$@"; fi; }
BIN_DIR=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ "$(id -u)" = 0 ]; then DRILL="/var/tmp/quorum-drill-$(echo -n "$ROOT" | sha256sum | cut -c1-12)"; else DRILL="$ROOT/.quorum/drill"; fi
QUORUM=.build/debug/quorum
[ -x "$QUORUM" ] || { . scripts/build-lib.sh; build_product quorum; }

cleanup() {
    [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null || true
    for data in "$DRILL/primary" "$DRILL/restored"; do
        [ -f "$data/postmaster.pid" ] && as_owner "$BIN_DIR/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    done
    rm -rf "$DRILL"
}
trap cleanup EXIT
cleanup
mkdir -p "$DRILL/archive" "$DRILL/primary"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DRILL"

log "a primary cluster on port $PRIMARY_PORT, archiving its WAL"
as_owner "$BIN_DIR/initdb" -D "$DRILL/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$DRILL/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = ''
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $DRILL/archive/%f && cp %p $DRILL/archive/%f'
log_min_messages = warning
CONF
as_owner "$BIN_DIR/pg_ctl" -D "$DRILL/primary" -l "$DRILL/primary.log" -w -t 60 start >/dev/null
admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d "${2:-postgres}" "${@:3}"; }
admin "$PRIMARY_PORT" postgres -c "CREATE ROLE quorum_owner LOGIN BYPASSRLS" -c "CREATE ROLE quorum_app LOGIN NOBYPASSRLS" \
    -c "CREATE DATABASE quorum OWNER quorum_owner"
url() { echo "postgresql://quorum_$2@127.0.0.1:$1/quorum"; }
DATABASE_URL=$(url $PRIMARY_PORT app) QUORUM_MIGRATION_URL=$(url $PRIMARY_PORT owner) $QUORUM migrate >/dev/null
TOKENS="$DRILL/tokens.json"
DATABASE_URL=$(url $PRIMARY_PORT app) $QUORUM demo-data --tokens-out "$TOKENS" >/dev/null
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DRILL/audit.key"

log "base backup"
as_owner "$BIN_DIR/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DRILL/restored" -Fp -Xnone -c fast

log "serving, and writing for ${WRITE_SECONDS}s on each side of the point in time"
DATABASE_URL=$(url $PRIMARY_PORT app) QUORUM_AUDIT_KEY_FILE="$DRILL/audit.key" QUORUM_AUDIT_ANCHOR_SECONDS=1 \
    QUORUM_PERSON_CONCURRENCY=1000 QUORUM_PERSON_BURST=100000000 QUORUM_PERSON_RATE=100000000 \
    QUORUM_ACCESS_LOG=0 LOG_LEVEL=warning PORT=$SERVE_PORT $QUORUM serve &
SERVER=$!
. scripts/build-lib.sh
wait_ready "$SERVE_PORT"
python3 - "$SERVE_PORT" "$TOKENS" "$WRITE_SECONDS" "$DRILL/acknowledged.txt" "$DRILL/point.txt" <<'PY'
import datetime, http.client, json, sys, time
port, tokens, seconds, acknowledged, point = int(sys.argv[1]), json.load(open(sys.argv[2])), float(sys.argv[3]), sys.argv[4], sys.argv[5]
token = next(p["token"] for p in tokens if p["email"] == "nqsw2@northshire.example")
coordinator = next(p["token"] for p in tokens if p["email"] == "coordinator@northshire.example")
# Thousands of writes to one year: the evidence cap is raised to its maximum for the drill.
policy = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
policy.request("POST", "/v1/policies/year", headers={"Authorization": f"Bearer {coordinator}", "Content-Type": "application/json"},
               body=json.dumps({"nineMonthReview": True, "maximumCalendarMonths": 24, "limitWarningDays": 60, "maximumEvidenceItems": 10000, "reason": "drill"}))
assert policy.getresponse().status == 201
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
connection.request("GET", "/v1/enrolments?limit=1", headers=headers)
enrolment = json.loads(connection.getresponse().read())["items"][0]["id"]
today = time.strftime("%Y-%m-%d")
def write(until, out):
    n = 0
    while time.monotonic() < until:
        n += 1
        connection.request("POST", f"/v1/enrolments/{enrolment}/evidence", headers=headers,
                           body=json.dumps({"kind": "direct_observation", "practiceDate": today, "description": f"Drill write {time.time()}", "statements": ["KSS-CF-1"]}))
        response = connection.getresponse()
        body = response.read()
        if response.status == 201:
            out.append(json.loads(body)["id"])
before, after = [], []
write(time.monotonic() + seconds, before)
# The point in time: after every write above was acknowledged, before any below.
time.sleep(0.2)
stamp = datetime.datetime.now(datetime.timezone.utc).isoformat()
time.sleep(0.2)
write(time.monotonic() + seconds, after)
open(acknowledged, "w").write("\n".join(before))
open(point, "w").write(stamp)
print(f"{len(before)} writes acknowledged before the point, {len(after)} after", file=sys.stderr)
PY
sleep 2 # one more anchoring round
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
admin "$PRIMARY_PORT" postgres -At -c "SELECT pg_switch_wal()" >/dev/null
sleep 2 # the archiver copies the last segment
as_owner "$BIN_DIR/pg_ctl" -D "$DRILL/primary" -m fast -w stop >/dev/null

log "restoring to $(cat "$DRILL/point.txt") on port $RESTORED_PORT"
as_owner sed -i "s/^port = $PRIMARY_PORT/port = $RESTORED_PORT/; /^archive_mode/d; /^archive_command/d" "$DRILL/restored/postgresql.conf"
as_owner tee -a "$DRILL/restored/postgresql.conf" >/dev/null <<CONF
restore_command = 'cp $DRILL/archive/%f %p'
recovery_target_time = '$(cat "$DRILL/point.txt")'
recovery_target_action = 'promote'
CONF
as_owner touch "$DRILL/restored/recovery.signal"
as_owner "$BIN_DIR/pg_ctl" -D "$DRILL/restored" -l "$DRILL/restored.log" -w -t 120 start >/dev/null
for _ in $(seq 1 120); do
    [ "$(admin "$RESTORED_PORT" postgres -At -c 'SELECT pg_is_in_recovery()')" = f ] && break
    sleep 0.5
done

ACKNOWLEDGED=$(wc -l < "$DRILL/acknowledged.txt"); ACKNOWLEDGED=$((ACKNOWLEDGED + 1))
PRESENT=$(admin "$RESTORED_PORT" quorum -At -c "SELECT count(*) FROM evidence_items WHERE id = ANY(string_to_array('$(paste -sd, "$DRILL/acknowledged.txt")', ',')::uuid[])")
LOST=$((ACKNOWLEDGED - PRESENT))
VERIFY=$(QUORUM_MIGRATION_URL=$(url $RESTORED_PORT owner) $QUORUM audit verify --key-file "$DRILL/audit.key" 2>&1 || true)
echo "$VERIFY" >&2
BROKEN=$(grep -c '^BROKEN' <<<"$VERIFY" || true)
grep -q 'intact' <<<"$VERIFY" || [ "$BROKEN" -gt 0 ] || BROKEN=1
echo "FIGURE restore_lost_acknowledged_writes $LOST of $ACKNOWLEDGED"
echo "FIGURE restore_audit_verify_failures $BROKEN"
