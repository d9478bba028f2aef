#!/usr/bin/env bash
# Installs the Debian packages the app needs when they are missing: Chromium (PDF rendering,
# browser tests), Japanese fonts (IPAex Gothic, Noto CJK) and PostgreSQL (the tests run on it as well as on
# SQLite; scripts/postgres-cluster.sh). Never downloads a browser from elsewhere.
# Installs nothing (and says nothing) when everything is present.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# IPAex Gothic: TrueType outlines, so PDFs embed it as a CID font (Noto CJK, being CFF, only as Type 3).
dpkg -s fonts-ipaexfont-gothic >/dev/null 2>&1 || missing+=(fonts-ipaexfont-gothic)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
# pdftoppm/pdftotext, for reading generated PDFs in tests.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# The server (initdb, pg_ctl) and its clients (psql, pg_dump, pg_restore). Debian's package does not start a
# cluster that matters to us: the tests make their own.
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "error: ${missing[*]} missing and not running as root (install them with apt-get)" >&2
  exit 1
fi

start=$SECONDS
step() { echo "apt: $* ($((SECONDS - start)) s)"; }
export DEBIAN_FRONTEND=noninteractive
# A machine that has just booted often runs its own apt/dpkg for a while: wait for the lock (bounded)
# instead of failing at once.
apt=("${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)

step "missing ${missing[*]}; updating the package lists"
if ! "${apt[@]}" update -qq; then
  step "apt-get update failed; retrying once in 10 s"
  sleep 10
  "${apt[@]}" update -qq
fi
step "installing ${missing[*]} (Chromium and the CJK fonts take a few minutes)"
log=$(mktemp)
if ! "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  echo "apt: installing ${missing[*]} failed" >&2
  exit 1
fi
rm -f "$log"
step "done"
