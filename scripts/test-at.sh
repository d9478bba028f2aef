#!/usr/bin/env bash
# The whole suite with the process clock at another time, to prove no test depends on the hour it runs:
#   bash scripts/test-at.sh "2026-12-01 23:30:00"     # UTC; Japan is already on 2 December
#   bash scripts/test-at.sh "2026-12-01 14:30:00"     # UTC; the same day in both
# libfaketime (Debian's faketime) starts the clock there and lets it run; Chromium is left on the real clock
# and monotonic clocks are not faked, so timers and timeouts behave.
set -euo pipefail
cd "$(dirname "$0")/.."
at=${1:?usage: bash scripts/test-at.sh "YYYY-MM-DD HH:MM:SS" [vitest arguments] (UTC)}
shift
bash scripts/install-system.sh
if ! command -v faketime >/dev/null 2>&1; then
  echo "apt: installing faketime"
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends faketime >/dev/null
fi
bash scripts/install-node-deps.sh
npm run --silent typecheck
npm run --silent build
# Chromium starts through a wrapper that drops libfaketime, so the browser runs on the real clock.
wrapper_dir=$(mktemp -d)
trap 'rm -rf "$wrapper_dir"' EXIT
printf '#!/bin/sh\nunset LD_PRELOAD FAKETIME FAKETIME_NO_CACHE DONT_FAKE_MONOTONIC\nexec %s "$@"\n' "${CHROMIUM_PATH:-/usr/bin/chromium}" > "$wrapper_dir/chromium"
chmod +x "$wrapper_dir/chromium"
echo "vitest with the clock starting at $at UTC"
TZ=UTC CHROMIUM_PATH="$wrapper_dir/chromium" faketime -m --exclude-monotonic "$at" npx vitest run "$@"
