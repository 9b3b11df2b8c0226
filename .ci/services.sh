#!/usr/bin/env bash
# PostgreSQL and Redis answering on 127.0.0.1:$PG_PORT and :$REDIS_PORT (CI, `.ci/run`).
#
# Whatever is already there is used: a server that answers is left alone. Otherwise Debian's
# packages are installed when missing (apt-get, as root), and PostgreSQL runs from the cluster
# configured on $PG_PORT, whatever its version; with none there (no cluster at all, or only
# clusters of other versions or on other ports) one is created on $PG_PORT with the newest
# installed version. The postgres role may then connect over loopback without a password
# (trust, loopback only), as the tests do.
set -euo pipefail

PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
export DEBIAN_FRONTEND=noninteractive

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

as_postgres() { runuser -u postgres -- "$@"; }

# "version name" of the cluster configured on $PG_PORT (`pg_lsclusters -h` prints
# "version name port status owner datadir logfile"), or nothing.
cluster_on_port() {
  pg_lsclusters -h | awk -v port="$PG_PORT" '$3 == port { print $1, $2; exit }'
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; then return; fi
  if ! command -v pg_lsclusters >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "Installing PostgreSQL (Debian's package)…"
    apt_install postgresql
  fi
  local cluster version name
  cluster="$(cluster_on_port)"
  if [ -z "$cluster" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    name=main
    if pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
      name=ci
    fi
    echo "Creating the PostgreSQL cluster $version/$name on port $PG_PORT…"
    pg_createcluster --port "$PG_PORT" "$version" "$name" >/dev/null
    cluster="$version $name"
  fi
  read -r version name <<<"$cluster"
  echo "Starting PostgreSQL $version/$name on 127.0.0.1:$PG_PORT…"
  pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p "$PG_PORT"
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -w -Atc "select 1" >/dev/null 2>&1; then
    local hba
    hba="$(as_postgres psql -p "$PG_PORT" -Atc "show hba_file")"
    echo "Letting the postgres role in over loopback without a password ($hba)…"
    sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
    as_postgres psql -p "$PG_PORT" -Atc "select pg_reload_conf()" >/dev/null
  fi
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -w -Atc "select 'PostgreSQL ' || current_setting('server_version') || ' ready'"
}

ensure_redis() {
  if command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    return
  fi
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    echo "Installing Redis (Debian's package)…"
    apt_install redis-server
  fi
  echo "Starting Redis on 127.0.0.1:$REDIS_PORT…"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
  for _ in $(seq 1 30); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 1
  done
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
}

ensure_postgres
ensure_redis
