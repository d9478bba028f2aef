// Debian's Chromium driven by puppeteer (no browser download: .puppeteerrc.cjs), with the flags this
// closed-network machine needs. No vitest imports: benchmark scripts use it too.
import { mkdirSync } from "node:fs";
import path from "node:path";
import puppeteer, { type Browser } from "puppeteer";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
}

/** Where a browser test keeps a screenshot for people to look at: data/screenshots/ (git ignores data/). */
export function screenshotPath(name: string): string {
  const dir = path.resolve(import.meta.dirname, "../../data/screenshots");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
