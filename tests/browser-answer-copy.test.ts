// Answer once in a real browser, without reloads: from the editor to the copy page, a preview, the copy, and back
// to the editor showing what was copied; 「組織情報から入力」 refreshes the editor's form with the filled field.
// A screenshot of the preview is kept in data/screenshots/answer-copy-preview.png for people to look at.
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { launchBrowser, screenshotPath } from "./helpers/browser.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const [k1, k2, k3] = [...walkItems(loadTemplateFile(path.join(TEMPLATES_DIR, "minimum-guideline-checklist@1.0.0.json")))].map((e) => e.item.key);

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let owner: Client;
let org = "";
let source = "";
let target = "";
let agency = "";
const problems: string[] = [];

async function create(template: string) {
  return (await owner.post(`${org}/disclosures`, { template, visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
}

async function save(disclosure: string, changes: { key: string; response: unknown }[]) {
  const response = await owner.postJson(`${org}/disclosures/${disclosure}/draft`, { changes: changes.map((c) => ({ ...c, baseRevision: 0 })) });
  expect(response.status).toBe(200);
}

const stored = async (disclosure: string, key: string) => {
  const row = await app.db.selectFrom("draft_response").select("response").where("disclosure_id", "=", disclosure).where("item_key", "=", key).executeTakeFirst();
  return row?.response ? JSON.parse(row.response) : undefined;
};

async function open(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(app.base + url, { waitUntil: "networkidle0" });
  // Gone after a full page load: proves the moves below are client-side.
  await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
  return page;
}
const stillSamePage = (page: Page) => page.evaluate(() => (window as unknown as { kept?: boolean }).kept === true);
const clickText = async (page: Page, selector: string, text: string) => {
  const handle = await page.waitForSelector(`::-p-xpath(//${selector}[contains(normalize-space(.), "${text}")])`);
  await handle!.click();
};

beforeAll(async () => {
  app = await startApp();
  owner = new Client(app.base);
  await owner.post("/signup", { email: "copy@browser.example", displayName: "コピー担当", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  org = (await owner.post("/orgs", { name: "ブラウザ代行株式会社", kind: "vendor" })).headers.get("location")!;
  source = await create("minimum-guideline-checklist@1.0.0");
  await save(source, [
    { key: k1, response: { value: { status: "implemented" } } },
    { key: k2, response: { value: { status: "implemented" }, note: "<img src=x onerror=alert(1)>年1回点検", evidence: [{ name: "入退室管理規程", url: "https://example.jp/rule" }] } },
    { key: k3, response: { value: { status: "planned", month: "2027-03" } } },
  ]);
  target = await create("minimum-guideline-checklist@1.0.0");
  await save(target, [{ key: k2, response: { value: { status: "planned", month: "2026-12" } } }]);
  agency = await create("agency-disclosure@1.0.0");
  await owner.post(`${org}/profile`, { intent: "setAddress", address: "大阪府大阪市北区梅田1-1-1" });
  browser = await launchBrowser();
  await browser.setCookie({ name: "kaiji_session", value: owner.cookies.get("kaiji_session")!, domain: "127.0.0.1", path: "/" });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("answer once in the browser", () => {
  it("editor → copy page → preview → copy → editor, all client-side, the editor showing what was stored", async () => {
    const page = await open(`${org}/disclosures/${target}/edit`);
    await clickText(page, "a", "他の開示書から回答をコピー");
    await page.waitForSelector("#copy-source");
    await page.select("#copy-source", `${source}:draft`);
    await page.click('input[name="mode"][value="overwrite"]');
    await clickText(page, "button", "変更内容を確認する");
    await page.waitForSelector(".copy-preview");
    const preview = await page.$eval(".copy-preview", (el) => (el as HTMLElement).innerText);
    expect(preview).toContain("空欄に入力 2項目");
    expect(preview).toContain("入力済みを上書き 1項目");
    expect(preview).toContain("備考: <img src=x onerror=alert(1)>年1回点検");
    expect(await page.$$eval(".copy-preview img", (els) => els.length)).toBe(0);
    // The whole page at once, so the apply bar (sticky at the bottom of the window) sits where it ends.
    await page.setViewport({ width: 1280, height: await page.evaluate(() => document.documentElement.scrollHeight) });
    await page.screenshot({ path: screenshotPath("answer-copy-preview.png") });
    expect(await stillSamePage(page)).toBe(true);

    await clickText(page, "button", "3項目をコピーする");
    await page.waitForSelector(".form-success");
    expect(await page.$eval(".form-success", (el) => el.textContent)).toContain("3項目をコピーしました（空欄に入力 2・上書き 1）");
    expect(await stored(target, k2)).toEqual({ value: { status: "implemented" }, note: "<img src=x onerror=alert(1)>年1回点検", evidence: [{ name: "入退室管理規程", url: "https://example.jp/rule" }] });

    await clickText(page, "a", "編集画面で確認する");
    await page.waitForSelector(".editor-item");
    const checked = await page.$$eval('input[type="radio"]:checked', (els) => els.map((el) => `${(el as HTMLInputElement).name}=${(el as HTMLInputElement).value}`));
    expect(checked).toEqual(expect.arrayContaining(["items.0.value.status=implemented", "items.1.value.status=implemented", "items.2.value.status=planned"]));
    expect(await page.$eval('textarea[name="items.1.note"]', (el) => (el as HTMLTextAreaElement).value)).toBe("<img src=x onerror=alert(1)>年1回点検");
    expect(await stillSamePage(page)).toBe(true);

    // The 代行機関 form's 別添 from the checklist: the preview names the shared section.
    await page.goto(`${app.base}${org}/disclosures/${agency}/copy?source=${source}:draft&mode=fill`, { waitUntil: "networkidle0" });
    expect(await page.$eval(".copy-preview", (el) => (el as HTMLElement).innerText)).toContain("この開示書の「別添 最低限のガイドライン遵守チェックリスト」の90項目が、コピー元の様式と同じ項目です");
    await page.setViewport({ width: 1280, height: await page.evaluate(() => document.documentElement.scrollHeight) });
    await page.screenshot({ path: screenshotPath("answer-copy-agency-preview.png") });
    await page.close();
  }, 60_000);

  it("「組織情報から入力」 fills the empty address and the editor shows it at once, with nothing left to save", async () => {
    const page = await open(`${org}/disclosures/${agency}/edit`);
    expect(await page.$eval('input[name="items.0.value"]', (el) => (el as HTMLInputElement).value)).toBe("ブラウザ代行株式会社");
    expect(await page.$eval('input[name="items.1.value"]', (el) => (el as HTMLInputElement).value)).toBe("");
    await page.screenshot({ path: screenshotPath("answer-copy-editor.png") });
    await clickText(page, "button", "組織情報から入力（所在地(住所)）");
    await page.waitForSelector(".form-success");
    expect(await page.$eval(".form-success", (el) => el.textContent)).toContain("組織情報から1項目（所在地(住所)）を入力しました");
    await page.waitForFunction(() => (document.querySelector('input[name="items.1.value"]') as HTMLInputElement | null)?.value === "大阪府大阪市北区梅田1-1-1", { timeout: 5_000 });
    expect(await page.$eval(".editor-status", (el) => el.textContent)).toContain("保存済み");
    expect(await stored(agency, "address")).toEqual({ value: "大阪府大阪市北区梅田1-1-1" });
    // The form is the stored draft: typing now saves without a conflict with oneself.
    const answered = page.waitForResponse((r) => r.url().endsWith("/draft") && r.request().method() === "POST");
    await page.type('input[name="items.1.value"]', " 本社");
    await answered;
    await page.waitForSelector(".save-saved");
    expect(await page.$(".conflicts")).toBeNull();
    expect(await stored(agency, "address")).toEqual({ value: "大阪府大阪市北区梅田1-1-1 本社" });
    expect(await stillSamePage(page)).toBe(true);
    await page.close();
  }, 60_000);

  it("the copy page with a preview passes axe-core", async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true);
    await page.goto(`${app.base}${org}/disclosures/${agency}/copy?source=${source}:draft&mode=overwrite`, { waitUntil: "networkidle0" });
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ")}`);
    });
    expect(violations).toEqual([]);
    await page.close();
  }, 60_000);

  it("logged no errors in the browser", () => {
    expect(problems).toEqual([]);
  });
});
