// axe-core in Debian's Chromium: the violations on one page, one line each (rule, impact, how many nodes, the first
// target), so a failing test names what to fix. The same check tests/browser-accessibility.test.ts runs inline.
import { createRequire } from "node:module";
import type { Browser } from "puppeteer";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export async function axeViolations(browser: Browser, url: string, options: { width?: number } = {}): Promise<string[]> {
  const page = await browser.newPage();
  try {
    if (options.width) await page.setViewport({ width: options.width, height: 800 });
    await page.setBypassCSP(true);
    await page.goto(url, { waitUntil: "networkidle0" });
    await page.addScriptTag({ path: AXE });
    return await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(" ")}`);
    });
  } finally {
    await page.close();
  }
}
