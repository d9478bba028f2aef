#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (scripts/test.sh), owned by a non-root user and reached only
# through a unix socket in its own folder: nothing listens on the network and nothing outlives the run.
#   bash scripts/postgres-cluster.sh start DIR   creates and starts it; prints its URL (for KAIJI_TEST_POSTGRES)
#   bash scripts/postgres-cluster.sh stop DIR    stops it and removes DIR
# Durability is switched off (fsync, synchronous_commit): the data lives as long as one test run. With
# POSTGRES_CLUSTER_DURABLE=1 it keeps PostgreSQL's defaults (the benchmarks compare engines at equal durability).
set -euo pipefail
command=${1:?usage: postgres-cluster.sh start|stop DIR}
dir=${2:?usage: postgres-cluster.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/pg_ctl" ] || { echo "postgres-cluster: PostgreSQL's server is not installed (bash scripts/install-system.sh installs it)" >&2; exit 1; }

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user the Debian package creates.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
owner=$([ "$(id -u)" -eq 0 ] && echo postgres || id -un)

case $command in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U "$owner" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${POSTGRES_CLUSTER_DURABLE:-0}" = 1 ] && durability=""
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' $durability -c max_connections=400 -c shared_buffers=128MB" >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://$owner@localhost/postgres?host=$dir"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
