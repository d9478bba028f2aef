// Puppeteer drives Debian's Chromium (/usr/bin/chromium, installed by scripts/install-system.sh):
// no install ever downloads a browser of its own.
/** @type {import("puppeteer").Configuration} */
module.exports = {
  skipDownload: true,
  chrome: { skipDownload: true },
  "chrome-headless-shell": { skipDownload: true },
  firefox: { skipDownload: true },
};
