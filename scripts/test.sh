#!/usr/bin/env bash
# The README's test command: install what the tests need, type-check, build, run every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
bash scripts/install-node-deps.sh
npm run --silent typecheck
npm run --silent build
npx vitest run "$@"
