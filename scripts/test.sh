#!/usr/bin/env bash
# The README's test command: install what the tests need, type-check, build, run every suite on SQLite and on
# PostgreSQL.
# One step after the other; the type-check and build print only when they fail.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
quietly() {
  local name=$1 log
  shift
  log=$(mktemp)
  if "$@" >"$log" 2>&1; then
    echo "$name: ok ($((SECONDS - start)) s)"
    rm -f "$log"
  else
    local status=$?
    cat "$log"
    rm -f "$log"
    echo "$name: failed" >&2
    exit "$status"
  fi
}
bash scripts/install-system.sh
bash scripts/install-node-deps.sh
quietly typecheck npm run --silent typecheck
quietly build npm run --silent build

# The whole suite on each engine, one after the other (each run already uses both cores): SQLite, then
# PostgreSQL on a throwaway cluster reached through a unix socket (scripts/postgres-cluster.sh).
echo "tests on SQLite"
sqlite_start=$SECONDS
npx vitest run "$@"
echo "tests on SQLite: passed in $((SECONDS - sqlite_start)) s"

cluster=$(mktemp -d /tmp/kaiji-pg-XXXXXX)
trap 'bash scripts/postgres-cluster.sh stop "$cluster"' EXIT
echo "tests on PostgreSQL"
postgres_start=$SECONDS
postgres_url=$(bash scripts/postgres-cluster.sh start "$cluster")
KAIJI_TEST_POSTGRES=$postgres_url npx vitest run "$@"
echo "tests on PostgreSQL: passed in $((SECONDS - postgres_start)) s (all steps: $((SECONDS - start)) s)"
