#!/usr/bin/env bash
# npm ci when package-lock.json changed since the last install (so a second run is quick).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.kaiji-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
# Puppeteer (later) must use Debian's Chromium, never download its own.
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
echo "$want" > "$stamp"
