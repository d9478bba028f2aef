// axe-core in Debian's Chromium on the pages people work in: the editor of every template, the public
// disclosure page, the directory and the comparison. No violation is acceptable.
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./helpers/browser.js";
import { Client, publishAllAnswered, STRONG_PASSWORD } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const TEMPLATES = ["agency-disclosure", "minimum-guideline-checklist", "hispro-checksheet", "responsibility-checklist", "cybersecurity-checklist"];

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let org = "";
const editors: Record<string, string> = {};
const published: string[] = [];

beforeAll(async () => {
  app = await startApp();
  const vendor = new Client(app.base);
  await vendor.post("/signup", { email: "a11y@vendor.example", displayName: "アクセシビリティ", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  org = (await vendor.post("/orgs", { name: "読み上げ株式会社", kind: "vendor" })).headers.get("location")!;
  for (const template of TEMPLATES) editors[template] = (await vendor.post(`${org}/disclosures`, { template: `${template}@1.0.0`, visibility: "public" })).headers.get("location")!;
  for (const template of ["cybersecurity-checklist"]) {
    const id = editors[template].split("/").at(-2)!;
    await publishAllAnswered(vendor, org, id, path.join(TEMPLATES_DIR, `${template}@1.0.0.json`), "yes");
    published.push(id);
  }
  // A second vendor, for a comparison.
  const other = new Client(app.base);
  await other.post("/signup", { email: "a11y2@vendor.example", displayName: "二社目", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  const otherOrg = (await other.post("/orgs", { name: "比較対象株式会社", kind: "vendor" })).headers.get("location")!;
  const otherId = (await other.post(`${otherOrg}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
  await publishAllAnswered(other, otherOrg, otherId, path.join(TEMPLATES_DIR, "cybersecurity-checklist@1.0.0.json"), "no");
  published.push(otherId);
  browser = await launchBrowser();
  await browser.setCookie({ name: "kaiji_session", value: vendor.cookies.get("kaiji_session")!, domain: "127.0.0.1", path: "/" });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** axe-core's violations on the page at `url`, one line each: rule, impact, how many nodes, the first target. */
async function violations(url: string): Promise<string[]> {
  const page: Page = await browser.newPage();
  try {
    await page.setBypassCSP(true);
    await page.goto(app.base + url, { waitUntil: "networkidle0" });
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(" ")}`);
    });
    return result;
  } finally {
    await page.close();
  }
}

describe("accessibility (axe-core)", () => {
  it.each(TEMPLATES)("the editor of %s has no violation", async (template) => {
    expect(await violations(editors[template])).toEqual([]);
  }, 60_000);

  it("names every answer in the editor by its item's number and text", async () => {
    const page = await browser.newPage();
    await page.goto(app.base + editors["minimum-guideline-checklist"], { waitUntil: "networkidle0" });
    const names = await page.$$eval('[role="radiogroup"]', (groups) =>
      groups.map((g) => g.getAttribute("aria-labelledby")!.split(" ").map((id) => document.getElementById(id)?.textContent?.trim()).join(" ")),
    );
    await page.close();
    const { loadTemplateFile } = await import("../disclosures/template-loader.js");
    const first = loadTemplateFile(path.join(TEMPLATES_DIR, "minimum-guideline-checklist@1.0.0.json")).sections[0].items!;
    expect(names).toEqual(first.map((item) => `${item.number} ${item.text}`));
  }, 60_000);

  it("the public disclosure page, the directory and the comparison have no violation", async () => {
    expect(await violations(`/disclosures/${published[0]}/v/1`)).toEqual([]);
    // All 未対応 (red cells), and a filtered view (issue 12).
    expect(await violations(`/disclosures/${published[1]}/v/1?outcome=unmet&chapter=executive`)).toEqual([]);
    expect(await violations("/directory")).toEqual([]);
    expect(await violations(`/compare?d=${published[0]}&d=${published[1]}`)).toEqual([]);
  }, 60_000);

  it("the landing page and the notifications page have no violation", async () => {
    expect(await violations("/")).toEqual([]);
    expect(await violations("/account/notifications")).toEqual([]);
  }, 60_000);
});
