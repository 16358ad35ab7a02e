#!/usr/bin/env bash
# The project's private PostgreSQL cluster: install, start, stop, status, ensure a database.
#
#   scripts/local-db.sh deps              install missing system packages (Debian, as root)
#   scripts/local-db.sh start             init the cluster if needed and start it (idempotent)
#   scripts/local-db.sh stop | restart | status
#   scripts/local-db.sh createdb NAME     create database NAME (owned by quorum_owner) if missing
#   scripts/local-db.sh resetdb NAME      drop and recreate database NAME
#   scripts/local-db.sh url NAME [app|owner]   print the libpq URL for NAME
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# `postgres` user (created by Debian's package). Data lives under .quorum/ in
# the project unless that folder is not reachable by `postgres`, in which case
# a folder under /var/tmp named after the project path is used.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${QUORUM_PG_PORT:-54329}
HOST=127.0.0.1
STATE="$ROOT/.quorum"

log() { printf 'local-db: %s\n' "$*" >&2; }

need_packages() {
    local missing=()
    command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
    [ -f "$(pg_config --includedir 2>/dev/null)/libpq-fe.h" ] || missing+=(libpq-dev)
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    printf '%s\n' "${missing[@]}" | sort -u | grep -v '^$' || true
}

deps() {
    local missing
    missing=$(need_packages)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        log "missing packages: $missing — run as root or install them"; exit 1
    fi
    log "installing: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq $missing >/dev/null
}

bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$dir" ] || { log "PostgreSQL server binaries not found; run: $0 deps"; exit 1; }
    echo "$dir"
}

# Run a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" = 0 ]; then /usr/sbin/runuser -u postgres -- "$@"; else "$@"; fi
}

datadir() {
    if [ "$(id -u)" != 0 ]; then echo "$STATE/pg"; return; fi
    mkdir -p "$STATE"
    chown postgres:postgres "$STATE" 2>/dev/null || true
    if /usr/sbin/runuser -u postgres -- test -w "$STATE"; then
        echo "$STATE/pg"
    else
        local alt="/var/tmp/quorum-$(echo -n "$ROOT" | sha256sum | cut -c1-12)"
        mkdir -p "$alt" && chown postgres:postgres "$alt"
        echo "$alt/pg"
    fi
}

clear_stale_pid() {
    local data=$1 pidfile="$1/postmaster.pid" pid
    [ -f "$pidfile" ] || return 0
    pid=$(head -1 "$pidfile")
    if [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && grep -q postgres "/proc/$pid/comm"; then
        return 0
    fi
    log "removing stale postmaster.pid (pid $pid is not a running postgres)"
    rm -f "$pidfile"
}

start() {
    deps
    local bin data
    bin=$(bindir)
    data=$(datadir)
    if [ ! -f "$data/PG_VERSION" ]; then
        log "initialising cluster in $data"
        mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
        as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >> "$data/postgresql.conf" <<CONF
# Quorum's private development/test cluster: loopback only.
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
log_min_messages = warning
CONF
    fi
    clear_stale_pid "$data"
    if as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "running on $HOST:$PORT ($data)"
    else
        if ! as_owner "$bin/pg_ctl" -D "$data" -l "$data/../postgres.log" -w -t 60 start >/dev/null; then
            log "PostgreSQL did not start; the end of its log:"
            tail -n 15 "$data/../postgres.log" >&2 || true
            log "(another server on port $PORT? set QUORUM_PG_PORT to use another port)"
            exit 1
        fi
        log "started on $HOST:$PORT ($data)"
    fi
    roles
}

psql_admin() {
    psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U postgres "$@"
}

# quorum_owner owns the schema and runs migrations; quorum_app is what the
# server connects as: it may not alter the schema or rewrite the audit trail.
roles() {
    psql_admin -d postgres <<'SQL'
SELECT 'CREATE ROLE quorum_owner LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'quorum_owner')\gexec
SELECT 'CREATE ROLE quorum_app LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'quorum_app')\gexec
-- The owner runs migrations and `quorum audit verify` across organisations; the
-- app role stays inside row-level security.
ALTER ROLE quorum_owner BYPASSRLS;
ALTER ROLE quorum_app NOBYPASSRLS;
SQL
}

createdb_() {
    local name=$1
    [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || { log "bad database name: $name"; exit 1; }
    psql_admin -d postgres -v name="$name" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER quorum_owner', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name')\gexec
SQL
}

# Drop and recreate NAME: the test suite starts from an empty database every run.
resetdb() {
    local name=$1
    [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || { log "bad database name: $name"; exit 1; }
    psql_admin -d postgres -v name="$name" <<'SQL'
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'name')\gexec
SQL
    createdb_ "$name"
}

stop() {
    local bin data
    bin=$(bindir)
    data=$(datadir)
    [ -f "$data/PG_VERSION" ] || { log "no cluster"; return 0; }
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    log "stopped"
}

# A fast restart (the resilience suite's database fault).
restart() {
    local bin data
    bin=$(bindir)
    data=$(datadir)
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 60 -l "$data/../postgres.log" restart >/dev/null
}

status() {
    local bin data
    bin=$(bindir)
    data=$(datadir)
    if [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        echo "running on $HOST:$PORT ($data)"
    else
        echo "stopped ($data)"; return 3
    fi
}

url() {
    local name=$1 who=${2:-app}
    case $who in
        app) echo "postgresql://quorum_app@$HOST:$PORT/$name" ;;
        owner) echo "postgresql://quorum_owner@$HOST:$PORT/$name" ;;
        admin) echo "postgresql://postgres@$HOST:$PORT/$name" ;;
        *) log "unknown role $who"; exit 1 ;;
    esac
}

case ${1:-} in
    deps) deps ;;
    start) start ;;
    stop) stop ;;
    restart) restart ;;
    status) status ;;
    createdb) createdb_ "${2:?database name}" ;;
    resetdb) resetdb "${2:?database name}" ;;
    url) url "${2:?database name}" "${3:-app}" ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
esac
