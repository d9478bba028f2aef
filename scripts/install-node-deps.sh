#!/usr/bin/env bash
# Installs the npm packages when package-lock.json changed since the last install (a second run is quick).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.kaiji-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
# Puppeteer (later) must use Debian's Chromium, never download its own.
# `npm install` honours the committed lock (exact pins); `npm ci` is avoided because npm 11 here writes
# locks without other platforms' optional packages and then refuses them in `npm ci`.
PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund
sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"
