// The disclosure editor in a real browser: autosave of changed items, reload restores the draft,
// 実施予定 asks for 実施時期, two tabs editing the same item get the conflict view, and a hostile
// note stays text.
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./helpers/browser.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let editorUrl = "";
let owner: Client;
let disclosureId = "";
const problems: string[] = [];

beforeAll(async () => {
  app = await startApp();
  owner = new Client(app.base);
  await owner.post("/signup", { email: "editor@vendor.example", displayName: "編集 太郎", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  const org = (await owner.post("/orgs", { name: "エディタ株式会社", kind: "vendor" })).headers.get("location")!;
  editorUrl = (await owner.post(`${org}/disclosures`, { template: "minimum-guideline-checklist@1.0.0", visibility: "public" })).headers.get("location")!;
  disclosureId = editorUrl.split("/").at(-2)!;
  browser = await launchBrowser();
  await browser.setCookie({ name: "kaiji_session", value: owner.cookies.get("kaiji_session")!, domain: "127.0.0.1", path: "/" });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function openEditor(): Promise<Page> {
  const page = await browser.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(app.base + editorUrl, { waitUntil: "networkidle0" });
  await page.waitForSelector(".editor-item");
  return page;
}

const saved = (page: Page) => page.waitForSelector(".save-saved", { timeout: 10_000 });
/** Runs `act` and waits until the autosave it triggers has answered and the page says 保存済み. */
async function savedAfter(page: Page, act: () => Promise<unknown>) {
  await page.bringToFront();
  const answered = page.waitForResponse((r) => r.url().endsWith("/draft") && r.request().method() === "POST", { timeout: 10_000 });
  await act();
  await answered;
  await saved(page);
}
const radio = (index: number, value: string) => `input[name="items.${index}.value.status"][value="${value}"]`;
async function draftRow(index: number) {
  const keys = await app.db.selectFrom("draft_response").select(["item_key", "response", "revision"]).where("disclosure_id", "=", disclosureId).execute();
  return keys;
}

describe("disclosure editor", () => {
  it("autosaves changed items, restores them on reload and asks 実施時期 for 実施予定", async () => {
    const page = await openEditor();
    await savedAfter(page, async () => {
      await page.click(radio(0, "implemented"));
      await page.click(radio(1, "planned"));
      await page.waitForSelector('input[name="items.1.value.month"]');
      // Chromium's month picker does not take typed text reliably: set the value as an input event would.
      await page.$eval('input[name="items.1.value.month"]', (el) => {
        const input = el as HTMLInputElement;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input, "2027-03");
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
    const rows = await draftRow(0);
    const byKey = Object.fromEntries(rows.map((r) => [r.item_key, JSON.parse(r.response!)]));
    expect(Object.values(byKey)).toContainEqual({ value: { status: "implemented" } });
    expect(Object.values(byKey)).toContainEqual({ value: { status: "planned", month: "2027-03" } });

    await page.reload({ waitUntil: "networkidle0" });
    expect(await page.$eval(radio(0, "implemented"), (el) => (el as HTMLInputElement).checked)).toBe(true);
    expect(await page.$eval('input[name="items.1.value.month"]', (el) => (el as HTMLInputElement).value)).toBe("2027-03");
    expect(await page.$eval(".editor-status", (el) => el.textContent)).toMatch(/必須 2\/\d+/);
    await page.close();
  }, 60_000);

  it("shows both values when two editors change the same item, and saves the chosen one", async () => {
    const first = await openEditor();
    const second = await openEditor();
    await savedAfter(first, () => first.click(radio(2, "implemented")));
    await second.bringToFront();
    await second.click(radio(2, "notApplicable"));
    await second.type('input[name="items.2.value.reason"]', "該当する設備なし");
    await second.waitForSelector(".conflicts", { timeout: 10_000 });
    const text = await second.$eval(".conflicts", (el) => el.textContent!);
    expect(text).toContain("実施済");
    expect(text).toContain("対象外");
    // Nothing was overwritten while the conflict is open.
    const before = (await draftRow(0)).map((r) => JSON.parse(r.response!)).filter((r) => r.value?.status === "notApplicable");
    expect(before).toEqual([]);
    await savedAfter(second, () => second.click(".conflict button:not(.button-secondary)"));
    const after = (await draftRow(0)).map((r) => JSON.parse(r.response!));
    expect(after).toContainEqual({ value: { status: "notApplicable", reason: "該当する設備なし" } });
    await first.close();
    await second.close();
  }, 60_000);

  it("shows exactly the stored draft after moving between sections without reloads, even while a save is pending", async () => {
    const { loadTemplateFile } = await import("../disclosures/template-loader.js");
    const { TEMPLATES_DIR } = await import("./helpers/db.js");
    const template = loadTemplateFile(`${TEMPLATES_DIR}/minimum-guideline-checklist@1.0.0.json`);
    const keysOf = (section: string) => template.sections.find((s) => s.key === section)!.items!.map((i) => i.key);
    /** What each status item of the page shows: the checked option, or null. */
    const onScreen = (page: Page) =>
      page.$$eval(".editor-item", (items) => items.map((item) => (item.querySelector('input[type="radio"]:checked') as HTMLInputElement | null)?.value ?? null));
    /** What the database holds for a section's items, in the same order. */
    const stored = async (section: string) => {
      const rows = await app.db.selectFrom("draft_response").select(["item_key", "response"]).where("disclosure_id", "=", disclosureId).execute();
      const byKey = new Map(rows.map((r) => [r.item_key, r.response ? (JSON.parse(r.response).value?.status ?? null) : null]));
      return keysOf(section).map((k) => byKey.get(k) ?? null);
    };
    const heading = (page: Page, text: string) => page.waitForFunction((t) => document.querySelector("h1")?.textContent?.includes(t), { timeout: 10_000 }, text);

    const page = await browser.newPage();
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(`${app.base}${editorUrl}?section=disposal`, { waitUntil: "networkidle0" });
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await savedAfter(page, async () => {
      await page.click(radio(0, "implemented"));
      await page.click(radio(1, "implemented"));
    });
    expect(await onScreen(page)).toEqual(["implemented", "implemented", null, null]);

    // 「次のセクション」: a client-side navigation to a section nobody has answered.
    await page.click(".pager a:last-child");
    await heading(page, "医療情報システムの改造と保守");
    expect(await onScreen(page)).toEqual(await stored("maintenance"));
    expect(await onScreen(page)).toEqual(Array(10).fill(null));

    // Answer, and leave through the section list before the autosave's delay has passed.
    await page.click(radio(2, "implemented"));
    await page.click('.toc a[href$="?section=disposal"]');
    await heading(page, "情報の破棄");
    await page.waitForSelector(".save-saved", { timeout: 10_000 });
    expect(await onScreen(page)).toEqual(["implemented", "implemented", null, null]);
    expect(await stored("maintenance")).toEqual([null, null, "implemented", null, null, null, null, null, null, null]);

    // Back to it: the answer given just before leaving is there, and editing it is no conflict with oneself.
    await page.click('.toc a[href$="?section=maintenance"]');
    await heading(page, "医療情報システムの改造と保守");
    expect(await onScreen(page)).toEqual(await stored("maintenance"));
    await page.click(radio(2, "notApplicable"));
    await page.type('input[name="items.2.value.reason"]', "保守を委託していない");
    await expect.poll(() => stored("maintenance"), { timeout: 10_000 }).toEqual([null, null, "notApplicable", null, null, null, null, null, null, null]);
    await page.waitForSelector(".save-saved", { timeout: 10_000 });
    expect(await page.$(".conflicts")).toBeNull();

    // Back and forward in history, then a reload: the screen always equals the database.
    await page.goBack();
    await heading(page, "情報の破棄");
    expect(await onScreen(page)).toEqual(await stored("disposal"));
    await page.goForward();
    await heading(page, "医療情報システムの改造と保守");
    expect(await onScreen(page)).toEqual(await stored("maintenance"));
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.reload({ waitUntil: "networkidle0" });
    expect(await onScreen(page)).toEqual(await stored("maintenance"));
    await page.close();
    expect(problems.filter((p) => !/status of (400|404)/.test(p))).toEqual([]);
  }, 90_000);

  it("answers every unanswered item of a section at once, leaving answered ones alone", async () => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(`${app.base}${editorUrl}?section=takeout`, { waitUntil: "networkidle0" });
    await page.click(radio(0, "notApplicable"));
    await page.type('input[name="items.0.value.reason"]', "持ち出しを認めていない");
    const button = await page.waitForSelector(".bulk-answer button");
    expect(await button!.evaluate((b) => b.textContent)).toBe("未回答の9項目をすべて「実施済」にする");
    await savedAfter(page, () => button!.click());
    expect(await page.$(".bulk-answer")).toBeNull();
    const { loadTemplateFile } = await import("../disclosures/template-loader.js");
    const { TEMPLATES_DIR } = await import("./helpers/db.js");
    const keys = loadTemplateFile(`${TEMPLATES_DIR}/minimum-guideline-checklist@1.0.0.json`).sections.find((s) => s.key === "takeout")!.items!.map((i) => i.key);
    await expect
      .poll(async () => {
        const rows = await app.db.selectFrom("draft_response").select(["item_key", "response"]).where("disclosure_id", "=", disclosureId).where("item_key", "in", keys).execute();
        const byKey = new Map(rows.map((r) => [r.item_key, JSON.parse(r.response!).value]));
        return keys.map((k) => byKey.get(k) ?? null);
      }, { timeout: 10_000 })
      .toEqual([{ status: "notApplicable", reason: "持ち出しを認めていない" }, ...Array(9).fill({ status: "implemented" })]);
    await page.close();
  }, 60_000);

  it("keeps what was typed when the session ends, says so, and saves it once signed in again", async () => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(`${app.base}${editorUrl}?section=personnelStaff`, { waitUntil: "networkidle0" });
    // The session ends (expired, or signed out elsewhere) while the page is open.
    await app.db.deleteFrom("session").execute();
    await page.click(radio(0, "implemented"));
    await page.waitForSelector(".save-signedOut", { timeout: 10_000 });
    expect(await page.$eval(".editor-status", (el) => el.textContent)).toContain("セッションが終了しました");
    expect(await page.$eval(".editor-status a[target=_blank]", (a) => a.getAttribute("href"))).toMatch(/^\/login\?redirectTo=/);
    // Signed in again (another tab), 「今すぐ保存」 sends what was pending.
    const again = new Client(app.base);
    expect((await again.post("/login", { email: "editor@vendor.example", password: STRONG_PASSWORD })).status).toBe(302);
    await browser.setCookie({ name: "kaiji_session", value: again.cookies.get("kaiji_session")!, domain: "127.0.0.1", path: "/" });
    await savedAfter(page, () => page.click(".editor-status button"));
    const key = (await import("../disclosures/template-loader.js")).loadTemplateFile(`${(await import("./helpers/db.js")).TEMPLATES_DIR}/minimum-guideline-checklist@1.0.0.json`).sections.find((s) => s.key === "personnelStaff")!.items![0].key;
    const row = await app.db.selectFrom("draft_response").select("response").where("disclosure_id", "=", disclosureId).where("item_key", "=", key).executeTakeFirstOrThrow();
    expect(JSON.parse(row.response!)).toEqual({ value: { status: "implemented" } });
    // Other tests in this file go on with this session.
    owner.cookies.set("kaiji_session", again.cookies.get("kaiji_session")!);
    await page.close();
  }, 60_000);

  it("keeps a hostile note as text: nothing runs", async () => {
    const page = await openEditor();
    await page.click(".editor-item:nth-of-type(1) .item-extra summary");
    const hostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
    await savedAfter(page, () => page.type('textarea[name="items.0.note"]', hostile));
    await page.reload({ waitUntil: "networkidle0" });
    expect(await page.$eval('textarea[name="items.0.note"]', (el) => (el as HTMLTextAreaElement).value)).toBe(hostile);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
    expect(problems.filter((p) => !/status of (400|404)/.test(p))).toEqual([]);
  }, 60_000);

  it("publishes, and the public page shows hostile strings as text without running anything", async () => {
    const orgPath = editorUrl.split("/disclosures/")[0];
    const keys = await app.db.selectFrom("draft_response").select(["item_key", "revision"]).where("disclosure_id", "=", disclosureId).execute();
    const revision = Object.fromEntries(keys.map((k) => [k.item_key, k.revision]));
    const { loadTemplateFile, walkItems } = await import("../disclosures/template-loader.js");
    const { TEMPLATES_DIR } = await import("./helpers/db.js");
    const all = [...walkItems(loadTemplateFile(`${TEMPLATES_DIR}/minimum-guideline-checklist@1.0.0.json`))].map((e) => e.item.key);
    const changes = all.map((key, i) => ({
      key,
      baseRevision: revision[key] ?? 0,
      response: i === 0 ? { value: { status: "implemented" }, note: `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`, evidence: [{ name: "<b>規程</b>", url: "https://example.jp/?q=<script>" }] } : { value: { status: "implemented" } },
    }));
    const save = await owner.postJson(`${orgPath}/disclosures/${disclosureId}/draft`, { changes });
    expect(save.status).toBe(200);
    // (A javascript: evidence link cannot be saved at all; tests/disclosure-reading.test.ts plants one in the database.)
    expect((await owner.post(`${orgPath}/disclosures/${disclosureId}`, { intent: "publish" })).status).toBe(200);

    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goto(`${app.base}/disclosures/${disclosureId}/v/1`, { waitUntil: "networkidle0" });
    const text = await page.$eval("main", (m) => (m as HTMLElement).innerText);
    expect(text).toContain(`<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`);
    expect(text).toContain("<b>規程</b>");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$eval("a[href^='javascript:']", (links) => links.length)).toBe(0);
    expect(await page.$$eval("img[src='x']", (imgs) => imgs.length)).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 60_000);
});
