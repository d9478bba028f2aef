// The administrators' import screens in Debian's Chromium: upload through the file input, change the mapping with
// the form (a select sends it at once and the preview follows, focus stays on the select), publish; axe-core finds
// no violation on either page; screenshots under data/screenshots/ for people to look at.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mdsWorkbook } from "./fixtures/make-workbooks.js";
import { launchBrowser, screenshotPath } from "./helpers/browser.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let page: Page;
let file = "";

beforeAll(async () => {
  app = await startApp();
  const admin = new Client(app.base);
  await admin.post("/signup", { email: "browser-admin@kaiji.example", displayName: "管理者", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  await app.db.updateTable("user").set({ is_admin: 1 }).where("email", "=", "browser-admin@kaiji.example").execute();
  file = path.join(tempDir("kaiji-import-browser-"), "MDS構造サンプル.xlsx");
  writeFileSync(file, await mdsWorkbook());
  browser = await launchBrowser();
  await browser.setCookie({ name: "kaiji_session", value: admin.cookies.get("kaiji_session")!, domain: "127.0.0.1", path: "/" });
  page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function violations(): Promise<string[]> {
  const check = await browser.newPage();
  try {
    await check.setBypassCSP(true);
    await check.goto(page.url(), { waitUntil: "networkidle0" });
    await check.addScriptTag({ path: AXE });
    return await check.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(" ")}`);
    });
  } finally {
    await check.close();
  }
}

const previewText = () => page.$eval(".preview-panel", (el) => (el as HTMLElement).innerText);

describe("importing a workbook in the browser", () => {
  it("uploads through the file input and opens the import", async () => {
    await page.goto(`${app.base}/admin/templates`, { waitUntil: "networkidle0" });
    expect(await violations()).toEqual([]);
    await page.screenshot({ path: screenshotPath("admin-templates.png"), fullPage: true });
    const input = await page.$("#upload-file");
    await (input as unknown as { uploadFile: (p: string) => Promise<void> }).uploadFile(file);
    // With JavaScript the form is sent by Remix and the import page is rendered client-side after the redirect.
    await page.click("#upload-heading ~ form button[type=submit]");
    await page.waitForFunction(() => document.querySelector("h1")?.textContent?.startsWith("様式の取込"), { timeout: 30_000 });
    expect(page.url()).toMatch(/\/admin\/templates\/imports\/[0-9a-f-]{36}$/);
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("様式の取込: MDS構造サンプル.xlsx");
    // The first guess leaves the source edition for the administrator: a problem in the preview.
    expect(await previewText()).toContain("出典の版（template.source.edition） が空です。");
  }, 60_000);

  it("updates the preview when a select changes, keeps focus on it, and publishes", async () => {
    await page.type("#map-template-source-edition", "構造サンプル（ブラウザ）");
    await page.type("#map-template-id", "-b");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.click(".mapping-actions button")]);
    await page.waitForFunction(() => document.querySelector(".preview-panel")?.textContent?.includes("このまま公開できます"));
    const items = await page.$eval(".preview-counts", (el) => (el as HTMLElement).innerText);
    expect(items).toMatch(/項目\s+39/);
    // Level from the references column: 39 unknown words; the select sends the form by itself.
    await page.select("#map-columns-level", "F");
    await page.waitForFunction(() => document.querySelector(".preview-panel")?.textContent?.includes("区分「企画管理編 1.1」は対応表にありません"));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("map-columns-level");
    await page.screenshot({ path: screenshotPath("admin-template-import-problems.png"), fullPage: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath("admin-template-import-top.png") });
    await (await page.$(".preview-panel"))!.screenshot({ path: screenshotPath("admin-template-import-preview-problems.png") });
    await page.$eval(".mapping-panel", (el) => el.scrollIntoView());
    await page.screenshot({ path: screenshotPath("admin-template-import-mapping.png") });
    await page.$eval(".level-slot", (el) => el.scrollIntoView());
    await page.screenshot({ path: screenshotPath("admin-template-import-mapping-lower.png") });
    expect(await violations()).toEqual([]);
    await page.select("#map-columns-level", "C");
    await page.waitForFunction(() => document.querySelector(".preview-panel")?.textContent?.includes("このまま公開できます"));
    await page.screenshot({ path: screenshotPath("admin-template-import.png"), fullPage: false });
    expect(await violations()).toEqual([]);
    await page.click("#publish-heading ~ form button");
    await page.waitForFunction(() => document.body.textContent?.includes("を公開しました"), { timeout: 30_000 });
    expect(page.url()).toContain("/admin/templates?published=");
    const stored = await app.db.selectFrom("template_version").select(["template_id", "origin"]).where("origin", "=", "import").execute();
    expect(stored).toEqual([{ template_id: expect.stringMatching(/-b$/), origin: "import" }]);
  }, 90_000);
});
