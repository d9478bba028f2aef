// The hospital's follow loop in the browser (issue 15, "Must show"), with e-mail through a real SMTP server on
// loopback: a hospital finds a 申請制 disclosure in the directory, accepts the vendor's terms and requests access; the
// vendor gets the e-mail and approves; the hospital reads it, watches it and pins 第1版; the vendor publishes 第2版
// with a 改版理由; the hospital gets the e-mail and sees 「固定した版から変更あり」 on its watch list. Pages are reached by
// clicking links (client-side navigation where the page is hydrated), not only by fresh loads.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../disclosures/canonical-json.js";
import { launchBrowser, screenshotPath } from "./helpers/browser.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { freePort, startSmtp, waitForMail, type ReceivedMail } from "./helpers/mail.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const SERVICE = "申請制クラウド";
const TERMS = "閲覧した内容を第三者に開示しないこと。";
const REASON = "バックアップの保管先を国内2拠点に変更";

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let stopSmtp: () => Promise<void>;
const received: ReceivedMail[] = [];
const problems: string[] = [];
const people = { vendor: { org: "", email: "owner@vendor.example", user: "", client: null as unknown as Client }, hospital: { org: "", email: "editor@hospital.example", user: "", client: null as unknown as Client } };
let disclosureId = "";

async function signUp(who: "vendor" | "hospital", orgName: string) {
  const client = new Client(app.base);
  const { email } = people[who];
  await client.post("/signup", { email, displayName: who === "vendor" ? "事業者オーナー" : "病院の担当者", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  const org = (await client.post("/orgs", { name: orgName, kind: who })).headers.get("location")!.split("/").pop()!;
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  people[who] = { org, email, user, client };
}

async function signedInPage(who: "vendor" | "hospital"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.createBrowserContext();
  await context.setCookie({ name: "kaiji_session", value: people[who].client.cookies.get("kaiji_session")!, domain: "127.0.0.1", path: "/" });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`${who}: ${String(e)}`));
  page.on("console", (m) => (m.type() === "error" ? problems.push(`${who}: ${m.text()}`) : undefined));
  return { context, page };
}

/** Clicks the element and waits for the navigation (a full load or a client-side one) it starts to settle. */
async function clickAndWait(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation({ waitUntil: "networkidle0" }), page.click(selector)]);
}

const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);
/** Waits until the page shows `text` (a client-side navigation renders a moment after the URL changes). */
const waitForText = (page: Page, text: string) => page.waitForFunction((t) => document.body.innerText.includes(t), { timeout: 10_000 }, text);

beforeAll(async () => {
  const port = await freePort();
  stopSmtp = await startSmtp(port, received);
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  app = await startApp();
  const { syncBuiltinTemplates } = await import("../app/models/template.server.js");
  const dir = tempDir("kaiji-loop-");
  writeFileSync(path.join(dir, "tiny@1.0.0.json"), canonicalJson(tinyTemplate()));
  await syncBuiltinTemplates(app.db, dir);

  await signUp("vendor", "アクメ・クラウド株式会社");
  await signUp("hospital", "みなと総合病院");
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", people.hospital.org).execute();

  // The vendor's 申請制 disclosure, 第1版, and its terms for requests.
  const { createDisclosure, getDisclosure, publish, saveDraft } = await import("../app/models/disclosure.server.js");
  const actor = { userId: people.vendor.user, email: people.vendor.email };
  const template = tinyTemplate();
  await app.db.insertInto("service").values({ id: "svc-loop", organization_id: people.vendor.org, name: SERVICE, kind: "cloud", description: null, created_at: Date.now() }).execute();
  disclosureId = await createDisclosure(app.db, actor, people.vendor.org, { templateId: template.id, templateVersion: template.version, serviceId: "svc-loop", visibility: "request" }, meta);
  const draft = (await getDisclosure(app.db, people.vendor.org, disclosureId))!;
  const done = { value: { status: "implemented" } };
  await saveDraft(app.db, actor, draft, [{ key: "name", baseRevision: 0, response: { value: "アクメ・クラウド株式会社" } }, { key: "c1", baseRevision: 0, response: { ...done, note: "バックアップは東京の1拠点" } }, { key: "c2", baseRevision: 0, response: done }], meta);
  await publish(app.db, actor, draft, template, meta);
  const terms = await people.vendor.client.post(`/orgs/${people.vendor.org}/disclosures/${disclosureId}`, { intent: "terms", terms: TERMS });
  expect(terms.status).toBe(200);

  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await stopSmtp?.();
  delete process.env.SMTP_URL;
});

describe("the follow loop in the browser", () => {
  it("request with terms, approval by e-mail, reading, watching and pinning, a new version by e-mail, changed since pinned", async () => {
    const hospital = await signedInPage("hospital");
    const vendor = await signedInPage("vendor");
    const h = hospital.page;
    const v = vendor.page;

    // The hospital finds the locked entry in the directory and asks, accepting the terms.
    await h.goto(`${app.base}/directory?q=${encodeURIComponent(SERVICE)}`, { waitUntil: "networkidle0" });
    expect(await bodyText(h)).toContain("申請制");
    await clickAndWait(h, `a[href^="/disclosures/${disclosureId}/request"]`);
    await waitForText(h, TERMS);
    await h.type("textarea[name=message]", "電子カルテ更新の比較検討のため");
    await h.click("input[name=acceptTerms]");
    await Promise.all([h.waitForResponse((r) => r.request().method() === "POST"), h.click("main form:has(textarea[name=message]) button[type=submit]")]);
    await waitForText(h, "申請中");

    // The vendor's owner gets the e-mail, follows it to the disclosure's page and approves.
    const requestMail = await waitForMail(received, people.vendor.email, /閲覧申請/);
    expect(requestMail).toContain("みなと総合病院");
    expect(requestMail).toContain("電子カルテ更新の比較検討のため");
    const link = requestMail.match(/http:\/\/localhost:\d+(\/orgs\/\S+)/)![1];
    expect(link).toBe(`/orgs/${people.vendor.org}/disclosures/${disclosureId}`);
    await v.goto(app.base + link, { waitUntil: "networkidle0" });
    await waitForText(v, "みなと総合病院");
    await Promise.all([v.waitForResponse((r) => r.request().method() === "POST"), v.click("button[name=intent][value=approve]")]);
    await v.waitForFunction(() => /承認/.test(document.body.innerText), { timeout: 10_000 });
    const decision = await waitForMail(received, people.hospital.email, /承認されました/);
    expect(decision).toContain(SERVICE);

    // The hospital reads 第1版 (reached from its request page), watches it and pins it on its watch list.
    await h.goto(`${app.base}/disclosures/${disclosureId}/request`, { waitUntil: "networkidle0" });
    await clickAndWait(h, `main a[href^="/disclosures/${disclosureId}"]:not([href$="/request"])`);
    await waitForText(h, "バックアップは東京の1拠点");
    if (!h.url().includes("/v/1")) await h.goto(`${app.base}/disclosures/${disclosureId}/v/1`, { waitUntil: "networkidle0" });
    await clickAndWait(h, "form.watch-button button[type=submit]");
    await waitForText(h, "ウォッチ中");
    await h.goto(`${app.base}/orgs/${people.hospital.org}/watch`, { waitUntil: "networkidle0" });
    await h.type(`li[data-disclosure-id="${disclosureId}"] input[name=note]`, "院内審査で承認");
    await Promise.all([h.waitForResponse((r) => r.request().method() === "POST"), h.click(`li[data-disclosure-id="${disclosureId}"] form:has(input[value=pin]) button`)]);
    await waitForText(h, "固定 第1版");

    // The vendor changes an answer and publishes 第2版 with a 改版理由 on the confirmation page.
    const { getDisclosure, saveDraft } = await import("../app/models/disclosure.server.js");
    const draft = (await getDisclosure(app.db, people.vendor.org, disclosureId))!;
    const revision = (await app.db.selectFrom("draft_response").select("revision").where("disclosure_id", "=", disclosureId).where("item_key", "=", "c1").executeTakeFirstOrThrow()).revision;
    await saveDraft(app.db, { userId: people.vendor.user, email: people.vendor.email }, draft, [{ key: "c1", baseRevision: revision, response: { value: { status: "implemented" }, note: "バックアップは東京と大阪の2拠点" } }], meta);
    await v.goto(`${app.base}/orgs/${people.vendor.org}/disclosures/${disclosureId}/publish`, { waitUntil: "networkidle0" });
    await v.type("#reason", REASON);
    await Promise.all([v.waitForResponse((r) => r.request().method() === "POST"), v.click("main form:has(#reason) button[type=submit]")]);
    await waitForText(v, "第2版を公開しました");

    // The hospital gets the e-mail and sees what changed since its pin.
    const versionMail = await waitForMail(received, people.hospital.email, /第2版/);
    expect(versionMail).toContain(`改版理由: ${REASON}`);
    expect(versionMail).toContain("変更 1 項目");
    await h.goto(`${app.base}/orgs/${people.hospital.org}/watch`, { waitUntil: "networkidle0" });
    await waitForText(h, "固定した版から変更あり");
    const watchList = await bodyText(h);
    expect(watchList).toContain("固定した版から変更あり");
    expect(watchList).toContain("変更された項目 1件");
    expect(watchList).toContain(REASON);
    // And in the app: the header counts its unread notifications.
    expect(watchList).toMatch(/お知らせ（\d+）/);
    await h.screenshot({ path: screenshotPath("follow-loop-watch-list.png"), fullPage: true });

    await hospital.context.close();
    await vendor.context.close();
    expect(problems, problems.join("\n")).toEqual([]);
  }, 120_000);
});
