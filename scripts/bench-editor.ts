// How soon the disclosure editor is usable after moving to its largest section (issue 12), on loopback:
//   npx tsx scripts/bench-editor.ts [--runs 10] [--out data/bench-editor.json]
// Seeds one vendor with a fully answered HISPRO draft, starts the app (production build), and in Debian's
// Chromium moves between the first section and the largest one through the section list (client-side
// navigation, as a vendor does), timing from the click until every item of the new section is on screen with
// its stored answer and a click on an answer is taken (the radio is checked): "interactive". Target: < 1 s.
// Needs `npm run build` first.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { option, percentile, ROOT, round, seedHisproBench, startApp, stopProcess } from "./bench-helpers.js";

const RUNS = Number(option("runs", "10"));
const OUT = path.resolve(ROOT, option("out", "data/bench-editor.json"));
const PORT = 3919;
const TARGET_MS = 1_000;

const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-bench-editor-"));
process.env.DATABASE_PATH = path.join(dir, "bench.sqlite");
const { createDisclosure, getDisclosure, saveDraft } = await import("../app/models/disclosure.server.js");
const { walkSections } = await import("../disclosures/template-loader.js");
const { startSession } = await import("../app/utils/auth.server.js");
const { launchBrowser } = await import("../tests/helpers/browser.js");

const { db, template, actor, meta, answers } = await seedHisproBench(process.env.DATABASE_PATH);
const id = await createDisclosure(db, actor, "bench-org", { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: "public" }, meta);
await saveDraft(db, actor, (await getDisclosure(db, "bench-org", id))!, answers, meta);
const pages = [...walkSections(template.sections)].filter((s) => s.section.items?.length).map((s) => ({ key: s.section.key, items: s.section.items!.length }));
const largest = pages.reduce((a, b) => (b.items > a.items ? b : a));
const first = pages[0];
const cookie = (await startSession("bench-user", { twoFactorVerified: true, ip: "127.0.0.1", userAgent: "bench" })).split(";")[0].split("=");
await db.destroy();

const app = await startApp(PORT, process.env.DATABASE_PATH);
const browser = await launchBrowser();
try {
  await browser.setCookie({ name: cookie[0], value: cookie.slice(1).join("="), domain: "127.0.0.1", path: "/" });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const editor = `http://127.0.0.1:${PORT}/orgs/bench-org/disclosures/${id}/edit`;
  await page.goto(`${editor}?section=${first.key}`, { waitUntil: "networkidle0" });
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    for (const target of [largest, first]) {
      const start = performance.now();
      await page.click(`.toc a[href$="?section=${encodeURIComponent(target.key)}"]`);
      await page.waitForFunction((n: number) => document.querySelectorAll(".editor-item").length === n && document.querySelectorAll(".editor-item input[type=radio]:checked").length > 0, { timeout: 10_000 }, target.items);
      // Usable: a click on the last item's first answer is taken.
      const radio = `.editor-item:last-of-type input[type=radio]`;
      await page.click(radio);
      await page.waitForFunction((s: string) => (document.querySelector(s) as HTMLInputElement | null)?.checked === true, { timeout: 10_000 }, radio);
      if (target === largest) times.push(performance.now() - start);
      await page.waitForSelector(".save-saved", { timeout: 10_000 });
    }
  }
  const result = {
    at: new Date().toISOString(),
    section: largest,
    runs: times.length,
    medianMs: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    maxMs: round(Math.max(...times)),
    targetMs: TARGET_MS,
    met: percentile(times, 95) < TARGET_MS,
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await stopProcess(app);
  rmSync(dir, { recursive: true, force: true });
}
