#!/usr/bin/env bash
# The README's test command: install what the tests need, type-check, build, run every suite.
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
npx vitest run "$@"
