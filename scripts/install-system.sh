#!/usr/bin/env bash
# Installs the Debian packages the app needs when they are missing: Chromium (PDF rendering,
# browser tests) and Japanese fonts (IPAex Gothic, Noto CJK). Never downloads a browser from elsewhere.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# IPAex Gothic: TrueType outlines, so PDFs embed it as a CID font (Noto CJK, being CFF, only as Type 3).
dpkg -s fonts-ipaexfont-gothic >/dev/null 2>&1 || missing+=(fonts-ipaexfont-gothic)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
# pdftoppm/pdftotext, for reading generated PDFs in tests.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: ${missing[*]} missing and not running as root (install them with apt-get)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
