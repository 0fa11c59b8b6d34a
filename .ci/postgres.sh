#!/usr/bin/env bash
# Starts a local PostgreSQL for the storage tests and prints `export STROMA_PG=...`.
# Idempotent: installs Debian's postgresql when missing, starts the cluster when stopped, creates the
# role and database when absent. Use either way:
#   eval "$(bash .ci/postgres.sh)"     or     source .ci/postgres.sh
# The role gets CREATEDB because the tests create (and drop) one throw-away database per test class.
set -euo pipefail

PG_ROLE="${STROMA_PG_ROLE:-stroma}"
PG_DB="${STROMA_PG_DB:-stroma}"
PG_PORT="${STROMA_PG_PORT:-5432}"
# No fixed password: a fresh random one each run (the role's password is reset below, so re-running stays idempotent).
PG_PASSWORD="${STROMA_PG_PASSWORD:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"

log() { echo "postgres.sh: $*" >&2; }
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  apt-get install -y -qq postgresql >&2
fi

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PG_VERSION="$(basename "$(dirname "$PG_BIN")")"

if command -v pg_ctlcluster >/dev/null 2>&1; then
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}' | grep -qx "$PG_VERSION/main"; then
    log "creating cluster $PG_VERSION/main"
    pg_createcluster "$PG_VERSION" main -p "$PG_PORT" >&2
  fi
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
    log "starting cluster $PG_VERSION/main"
    pg_ctlcluster "$PG_VERSION" main start >&2
  fi
  PG_PORT="$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $3}')"
else
  # No Debian wrappers: a private data folder driven by pg_ctl as the postgres user.
  DATA=/var/lib/postgresql/stroma-data
  if [ ! -s "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA" && chown postgres:postgres "$DATA"
    as_postgres "$PG_BIN/initdb -D $DATA -A trust" >&2
  fi
  if ! as_postgres "$PG_BIN/pg_ctl -D $DATA status" >/dev/null 2>&1; then
    as_postgres "$PG_BIN/pg_ctl -D $DATA -o '-p $PG_PORT -k /tmp' -l $DATA/log -w start" >&2
  fi
fi

# Wait until the server accepts connections (a fresh start can take a moment).
for _ in $(seq 1 30); do
  if as_postgres "psql -h 127.0.0.1 -p $PG_PORT -d postgres -Atqc 'select 1'" >/dev/null 2>&1 \
     || as_postgres "psql -p $PG_PORT -d postgres -Atqc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done

psql_su() { as_postgres "psql -p $PG_PORT -d postgres -v ON_ERROR_STOP=1 -Atqc \"$1\""; }
if [ "$(psql_su "select 1 from pg_roles where rolname='$PG_ROLE'")" != 1 ]; then
  log "creating role $PG_ROLE"
  psql_su "create role $PG_ROLE login createdb password '$PG_PASSWORD'" >&2
else
  psql_su "alter role $PG_ROLE login createdb password '$PG_PASSWORD'" >&2
fi
if [ "$(psql_su "select 1 from pg_database where datname='$PG_DB'")" != 1 ]; then
  log "creating database $PG_DB"
  psql_su "create database $PG_DB owner $PG_ROLE" >&2
fi

STROMA_PG="Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DB;Username=$PG_ROLE;Password=$PG_PASSWORD"
export STROMA_PG
echo "export STROMA_PG='$STROMA_PG'"
