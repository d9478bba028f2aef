#!/usr/bin/env bash
# Installs the npm packages exactly as package-lock.json pins them (`npm ci`), only when the lock changed
# since the last install, so a second run is quick. `npm ci` never writes the lock: the tree stays clean.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.kaiji-lock-sha256
want=$( { sha256sum package-lock.json; node --version; } | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
start=$SECONDS
echo "npm: installing the packages pinned in package-lock.json (npm ci)…"
# Puppeteer drives Debian's Chromium: .puppeteerrc.cjs skips its browser download, and its install
# script is not allowed to run at all (package.json "allowScripts").
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
echo "npm: done in $((SECONDS - start)) s"
