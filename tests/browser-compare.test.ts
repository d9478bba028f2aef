// A hospital in a real browser: picks two vendors in the directory, opens the comparison, applies
// "required only" and "differences only", and reads the cells that remain. No JavaScript is needed
// for any of it (the comparison page is not hydrated), and nothing leaves the app.
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft } from "../app/models/disclosure.server.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { launchBrowser, screenshotPath } from "./helpers/browser.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const hispro = loadTemplateFile(`${TEMPLATES_DIR}/hispro-checksheet@1.0.0.json`);
const REQUIRED_GAP = "1.1.1.2"; // required: 未対応 at Beta
const RECOMMENDED_GAP = "1.1.2.5"; // recommended: 未対応 at Alpha
const meta = { ip: "127.0.0.1", userAgent: "test" };

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

async function vendorWithDisclosure(name: string, unmet: string) {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@browser-compare.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const org = (await client.post("/orgs", { name: `${name}メディカル株式会社`, kind: "vendor" })).headers.get("location")!.split("/").pop()!;
  const userId = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const actor = { userId, email };
  const id = await createDisclosure(app.db, actor, org, { templateId: hispro.id, templateVersion: hispro.version, serviceId: null, visibility: "public" }, meta);
  const disclosure = (await getDisclosure(app.db, org, id))!;
  const changes = [...walkItems(hispro)].map(({ item }) => {
    const response: ItemResponse = item.key === unmet ? { value: { status: "unmet" }, note: `${name}: 来年度に対応予定` } : { value: { status: "met" } };
    return { key: item.key, baseRevision: 0, response };
  });
  await saveDraft(app.db, actor, disclosure, changes, meta);
  await publish(app.db, actor, disclosure, hispro, meta);
}

beforeAll(async () => {
  app = await startApp();
  await vendorWithDisclosure("Alpha", RECOMMENDED_GAP);
  await vendorWithDisclosure("Beta", REQUIRED_GAP);
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: 1366, height: 800 });
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("request", (r) => !r.url().startsWith(app.base) && !r.url().startsWith("data:") && problems.push(`request outside the app: ${r.url()}`));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The item rows of the matrix: item number and the text of each vendor's cell. */
const rows = () =>
  page.$$eval("tr[id^='item-']", (trs) =>
    trs.map((tr) => ({
      number: tr.querySelector(".item-number")?.textContent ?? "",
      cells: [...tr.querySelectorAll("td")].map((td) => (td as HTMLElement).innerText.split("\n")[0].trim()),
    })),
  );

async function submit(selector: string) {
  await Promise.all([page.waitForNavigation({ waitUntil: "networkidle0" }), page.click(selector)]);
}

describe("comparing vendors in the browser", () => {
  it("picks vendors in the directory, then narrows the matrix to required items and differences", async () => {
    await page.goto(`${app.base}/directory?template=hispro-checksheet`, { waitUntil: "networkidle0" });
    const names = await page.$$eval(".directory-vendor", (labels) => labels.map((l) => l.textContent));
    expect(names).toEqual(["Alphaメディカル株式会社", "Betaメディカル株式会社"]);
    for (const checkbox of await page.$$("input[name=d]")) await checkbox.click();
    await submit("#compare-form button[type=submit]");
    expect(new URL(page.url()).pathname).toBe("/compare");
    const headers = await page.$$eval(".compare-table thead th a", (as) => as.map((a) => a.textContent));
    expect(headers).toEqual(["Alphaメディカル株式会社", "Betaメディカル株式会社"]);
    expect(await rows()).toHaveLength(504);
    // The summary: Beta misses one required item, Alpha one recommended item.
    const summary = await page.$$eval(".summary-row", (trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, " ").trim()));
    expect(summary).toContain("必須項目 対応 429/429 428/429");
    expect(summary).toContain("推奨項目 対応 74/75 75/75");

    await page.select("select[name=level]", "required");
    await submit(".compare-filters button[type=submit]");
    const required = await rows();
    expect(required).toHaveLength(429);
    expect(required.some((r) => r.number === "1-1-2-5")).toBe(false);
    expect(required.find((r) => r.number === "1-1-1-2")?.cells).toEqual(["● 対応済", "× 未対応"]);

    await page.click("input[name=diff]");
    await submit(".compare-filters button[type=submit]");
    expect(await rows()).toEqual([{ number: "1-1-1-2", cells: ["● 対応済", "× 未対応"] }]);
    // The filters are in the URL: a colleague opening it sees the same view.
    const url = new URL(page.url());
    expect(url.searchParams.get("level")).toBe("required");
    expect(url.searchParams.get("diff")).toBe("1");
    // A one-line note shows in its cell, with nothing to open.
    expect(await page.$eval("tr[id^='item-'] td:last-child > p", (p) => (p as HTMLElement).innerText)).toBe("備考: Beta: 来年度に対応予定");
    await page.screenshot({ path: screenshotPath("compare.png") });
    expect(problems).toEqual([]);
  }, 60_000);

  // Issue 19, item 1: the overview above the matrix counts what the matrix shows, 章 by 章.
  it("shows an overview whose numbers are the matrix's own counts for every 章, and whose cells filter the matrix", async () => {
    await page.goto(`${app.base}/directory?template=hispro-checksheet`, { waitUntil: "networkidle0" });
    for (const checkbox of await page.$$("input[name=d]")) await checkbox.click();
    await submit("#compare-form button[type=submit]");
    const counted = await page.evaluate(() => {
      // Walk the matrix: a depth-0 section header starts a 章; count each vendor's cells by state.
      const chapters: { title: string; met: number[]; applicable: number[] }[] = [];
      for (const body of document.querySelectorAll(".compare-table tbody")) {
        const head = body.querySelector(".section-row th");
        if (head?.classList.contains("section-depth-0")) chapters.push({ title: head.textContent ?? "", met: [], applicable: [] });
        const chapter = chapters[chapters.length - 1];
        for (const tr of body.querySelectorAll("tr[id^='item-']")) {
          [...tr.querySelectorAll("td")].forEach((td, i) => {
            const state = [...td.classList].find((c) => c.startsWith("cell-"))?.slice(5) ?? "";
            chapter.met[i] = (chapter.met[i] ?? 0) + (state === "met" || state === "assigned" ? 1 : 0);
            chapter.applicable[i] = (chapter.applicable[i] ?? 0) + (["met", "assigned", "planned", "unmet", "unanswered"].includes(state) ? 1 : 0);
          });
        }
      }
      return chapters;
    });
    const shown = await page.$$eval(".heatmap tbody tr", (trs) =>
      trs.map((tr) => ({
        title: tr.querySelector("th")?.textContent ?? "",
        met: [...tr.querySelectorAll("td")].map((td) => Number(td.getAttribute("data-met"))),
        applicable: [...tr.querySelectorAll("td")].map((td) => Number(td.getAttribute("data-applicable"))),
      })),
    );
    expect(shown).toEqual(counted);
    expect(shown).toHaveLength(3);
    // Beta misses one required item in the first 章; Alpha one recommended item.
    expect(shown[0].met[0] + shown[0].met[1]).toBe(shown[0].applicable[0] + shown[0].applicable[1] - 2);
    // Each 章 has one link (its row's heading), and a click anywhere on its row narrows the matrix to it.
    expect(await page.$$eval(".heatmap tbody a", (links) => links.map((a) => a.textContent))).toEqual(shown.map((row) => row.title));
    await submit(".heatmap tbody tr:nth-child(3) td:last-child");
    expect(new URL(page.url()).searchParams.get("section")).toBeTruthy();
    const sections = await page.$$eval(".compare-table .section-depth-0", (ths) => ths.map((th) => th.textContent));
    expect(sections).toEqual([shown[2].title]);
    expect(problems).toEqual([]);
  }, 60_000);
});
