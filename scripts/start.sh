#!/usr/bin/env bash
# The README's start command: install, build, migrate, load templates and demo data, serve.
# Idempotent: run it again and it keeps the data in data/ (or DATABASE_PATH, or the PostgreSQL database at DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
bash scripts/install-node-deps.sh
npm run --silent build
npm run --silent migrate
npm run --silent seed
# The site's address printed in PDFs and invitation links (never taken from requests): on this machine unless
# set. Opening the app from elsewhere: PUBLIC_URL=http://<server-ip>:3000 bash scripts/start.sh (README).
export PUBLIC_URL="${PUBLIC_URL:-http://localhost:${PORT:-3000}}"
exec node --import tsx server.ts
