// Watching vendors and disclosures, pinning the approved version, and the private watch-list feed (issue 15, items 4
// and 6), over HTTP: a verified hospital's editor watches from the version and vendor pages, pins 第1版 with a note,
// the vendor publishes 第2版 with a 改版理由, and the watch list shows what changed since the pin; who may not watch;
// the secret feed (Atom, revocable, never a disclosure the hospital can no longer read); certificates expiring within
// 60 days. Time is frozen (Date only) at 01:30 JST on 2 December, still 1 December in UTC.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { SaxesParser } from "saxes";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft, setWithdrawn } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const NOW = Date.parse("2026-12-02T01:30:00+09:00");
vi.useFakeTimers({ toFake: ["Date"], now: NOW });
const ATOM = "http://www.w3.org/2005/Atom";
const REASON = "暗号化の方式をAES-256に更新";

let app: Awaited<ReturnType<typeof startApp>>;
type Account = { org: string; user: string; client: Client; email: string };
const accounts: Record<string, Account> = {};
const ids = { open: "", hospitalsOnly: "", approved: "", locked: "" };
const anonymous = () => new Client(app.base);
const done: ItemResponse = { value: { status: "implemented" } };

async function signUp(name: string, kind: "vendor" | "hospital" | null, orgName = `${name}病院`): Promise<Account> {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@watch.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  if (!kind) return { org: "", user, client, email };
  const created = await client.post("/orgs", { name: orgName, kind });
  expect(created.status).toBe(302);
  return { org: created.headers.get("location")!.split("/").pop()!, user, client, email };
}

const vendorActor = () => ({ userId: accounts.Acme.user, email: accounts.Acme.email });

async function published(serviceName: string, visibility: "public" | "hospitals" | "request") {
  const { org } = accounts.Acme;
  const template = tinyTemplate();
  const serviceId = `svc-${serviceName}`;
  await app.db.insertInto("service").values({ id: serviceId, organization_id: org, name: serviceName, kind: "cloud", description: null, created_at: NOW }).execute();
  const id = await createDisclosure(app.db, vendorActor(), org, { templateId: template.id, templateVersion: template.version, serviceId, visibility }, meta);
  const disclosure = (await getDisclosure(app.db, org, id))!;
  const responses = { name: { value: "アクメ株式会社" }, c1: { ...done, note: "方針は第1版" }, c2: done };
  await saveDraft(app.db, vendorActor(), disclosure, Object.entries(responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, vendorActor(), disclosure, template, meta, NOW - 10 * 86_400_000);
  return id;
}

async function publishV2(id: string, changeReason: string) {
  const disclosure = (await getDisclosure(app.db, accounts.Acme.org, id))!;
  const revision = async (key: string) => (await app.db.selectFrom("draft_response").select("revision").where("disclosure_id", "=", id).where("item_key", "=", key).executeTakeFirst())?.revision ?? 0;
  await saveDraft(app.db, vendorActor(), disclosure, [{ key: "c1", baseRevision: await revision("c1"), response: { ...done, note: "方針は第2版で改訂" } }], meta);
  await publish(app.db, vendorActor(), disclosure, tinyTemplate(), meta, NOW - 86_400_000, { changeReason });
}

const watchPath = () => `/orgs/${accounts.Verified.org}/watch`;
async function watchPage(client = accounts.Verified.client) {
  const page = await client.text(watchPath());
  expect(page.status).toBe(200);
  return { html: page.html, text: visibleText(page.html) };
}
/** The watch list's entry of one disclosure (its <li>), as HTML and visible text. */
function entryOf(html: string, id: string) {
  const start = html.indexOf(`data-disclosure-id="${id}"`);
  if (start < 0) return undefined;
  const body = html.slice(start, html.indexOf("</li>", start));
  return { html: body, text: visibleText(`<div ${body}</div>`) };
}
const watch = (client: Client, kind: "vendor" | "disclosure", targetId: string, extra: Record<string, string> = {}, org = accounts.Verified.org) =>
  client.post(`/orgs/${org}/watch`, { intent: "watch", kind, targetId, ...extra });
const watchRows = (org = accounts.Verified.org) => app.db.selectFrom("watch").select(["kind", "target_id", "pinned_version", "pin_note"]).where("organization_id", "=", org).execute();

type Element = { name: string; children: Element[]; text: string; attributes: Record<string, string> };
function parseAtom(xml: string): Element {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Element[] = [];
  let root: Element | undefined;
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("opentag", (tag) => {
    const element: Element = { name: `{${tag.uri}}${tag.local}`, attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])), children: [], text: "" };
    if (stack.length) stack.at(-1)!.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on("text", (text) => {
    if (stack.length) stack.at(-1)!.text += text;
  });
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  expect(root!.name).toBe(`{${ATOM}}feed`);
  return root!;
}
const childrenNamed = (e: Element, local: string) => e.children.filter((c) => c.name === `{${ATOM}}${local}`);
const entriesOf = (feed: Element) =>
  childrenNamed(feed, "entry").map((e) => ({
    id: childrenNamed(e, "id")[0].text,
    title: childrenNamed(e, "title")[0].text,
    summary: childrenNamed(e, "summary")[0]?.text ?? "",
    href: childrenNamed(e, "link")[0]?.attributes.href ?? "",
  }));

async function issueFeed(): Promise<string> {
  const response = await accounts.Verified.client.post(watchPath(), { intent: "reissue" });
  expect(response.status).toBe(200);
  const html = await response.text();
  const token = /\/watch\/([A-Za-z0-9_-]{43})\/feed\.atom/.exec(html)?.[1];
  expect(token, "the new feed URL is shown once").toBeTruthy();
  return token!;
}

beforeAll(async () => {
  app = await startApp();
  const dir = tempDir("kaiji-watch-");
  writeFileSync(path.join(dir, "tiny@1.0.0.json"), canonicalJson(tinyTemplate()));
  await syncBuiltinTemplates(app.db, dir);

  accounts.Acme = await signUp("Acme", "vendor", "アクメ株式会社");
  accounts.Verified = await signUp("Verified", "hospital");
  accounts.Unverified = await signUp("Unverified", "hospital");
  accounts.Viewer = await signUp("Viewer", null);
  await app.db.insertInto("membership").values({ organization_id: accounts.Verified.org, user_id: accounts.Viewer.user, role: "viewer", created_at: NOW }).execute();
  await app.db.updateTable("organization").set({ verified_at: NOW }).where("id", "=", accounts.Verified.org).execute();

  ids.open = await published("公開クラウド", "public");
  ids.hospitalsOnly = await published("医療機関向けサービス", "hospitals");
  ids.approved = await published("承認済サービス", "request");
  ids.locked = await published("未承認サービス", "request");
  await app.db
    .insertInto("access_request")
    .values({ id: "req-ok", disclosure_id: ids.approved, organization_id: accounts.Verified.org, requested_by: accounts.Verified.user, message: null, status: "approved", created_at: NOW, decided_at: NOW, decided_by: accounts.Acme.user, expires_at: null })
    .execute();

  // Today in Japan is 2026-12-02; 60 days on is 2027-01-31 (from the UTC date it would be 2027-01-30).
  await app.db
    .insertInto("certification")
    .values([
      { organization_id: accounts.Acme.org, kind: "isms", name: null, number: "IS 60DAYS", expires_on: "2027-01-31" },
      { organization_id: accounts.Acme.org, kind: "pmark", name: null, number: "P 61DAYS", expires_on: "2027-02-01" },
      { organization_id: accounts.Acme.org, kind: "ismap", name: null, number: "ISMAP-EXPIRED", expires_on: "2026-12-01" },
    ])
    .execute();
});
afterAll(async () => {
  await app?.close();
  vi.useRealTimers();
});

describe("watching and pinning", () => {
  it("watches a disclosure from its version page and a vendor from the vendor page, and comes back", async () => {
    const { client } = accounts.Verified;
    const versionPage = `/disclosures/${ids.open}/v/1`;
    const before = await client.text(versionPage);
    expect(visibleText(before.html)).toContain("ウォッチする");
    expect(before.html).toContain(`action="/orgs/${accounts.Verified.org}/watch"`);
    // Anonymous readers get no form (their page is cached whole).
    expect(visibleText((await anonymous().text(versionPage)).html)).not.toContain("ウォッチする");

    const watched = await watch(client, "disclosure", ids.open, { redirectTo: versionPage });
    expect(watched.status).toBe(302);
    expect(watched.headers.get("location")).toBe(versionPage);
    expect(visibleText((await client.text(versionPage)).html)).toContain("ウォッチをやめる");
    // Watching twice changes nothing.
    expect((await watch(client, "disclosure", ids.open)).status).toBe(302);

    const vendorPage = `/vendors/${accounts.Acme.org}`;
    expect(visibleText((await client.text(vendorPage)).html)).toContain("ウォッチする");
    const vendor = await watch(client, "vendor", accounts.Acme.org, { redirectTo: vendorPage });
    expect(vendor.status).toBe(302);
    expect(vendor.headers.get("location")).toBe(vendorPage);
    expect(visibleText((await client.text(vendorPage)).html)).toContain("ウォッチをやめる");

    expect((await watchRows()).map((r) => `${r.kind}:${r.target_id}`).sort()).toEqual([`disclosure:${ids.open}`, `vendor:${accounts.Acme.org}`].sort());
    const { text } = await watchPage();
    expect(text).toContain("公開クラウド");
    expect(text).toContain("固定 なし");
  });

  it("pins 第1版 with a note; after 第2版 with a 改版理由 the list shows latest vs pinned, the reason, the changed items and the diff", async () => {
    const { client } = accounts.Verified;
    const pinned = await client.post(watchPath(), { intent: "pin", disclosureId: ids.open, version: "1", note: "情報システム委員会で承認（<b>2026-11</b>）" });
    expect(pinned.status).toBe(302);
    let entry = entryOf((await watchPage()).html, ids.open)!;
    expect(entry.text).toContain("最新 第1版");
    expect(entry.text).toContain("固定 第1版");
    // Plain text: the markup in the note is escaped, never rendered.
    expect(entry.html).toContain("メモ：情報システム委員会で承認（&lt;b&gt;2026-11&lt;/b&gt;）");
    expect(entry.html).not.toContain("<b>2026-11</b>");
    expect(entry.text).not.toContain("固定した版から変更あり");

    await publishV2(ids.open, REASON);
    entry = entryOf((await watchPage()).html, ids.open)!;
    expect(entry.text).toContain("最新 第2版");
    expect(entry.text).toContain("固定 第1版");
    expect(entry.text).toContain(`改版理由：${REASON}`);
    expect(entry.text).toMatch(/固定した版から変更あり\s*（変更された項目 1件）/);
    const diff = `/disclosures/${ids.open}/diff?from=1&amp;to=2`;
    expect(entry.html).toContain(`href="${diff}"`);
    const diffPage = await client.text(diff.replace("&amp;", "&"));
    expect(diffPage.status).toBe(200);
    expect(visibleText(diffPage.html)).toContain("方針は第2版で改訂");

    // Re-pinning the later version replaces the pin; the audit log keeps both.
    expect((await client.post(watchPath(), { intent: "pin", disclosureId: ids.open, version: "2", note: "第2版も承認" })).status).toBe(302);
    entry = entryOf((await watchPage()).html, ids.open)!;
    expect(entry.text).toContain("固定 第2版");
    expect(entry.text).not.toContain("固定した版から変更あり");
    const pins = await app.db.selectFrom("audit_log").select(["detail"]).where("action", "=", "watch.pinned").where("organization_id", "=", accounts.Verified.org).orderBy("id").execute();
    expect(pins.map((p) => JSON.parse(p.detail!).version)).toEqual([1, 2]);
  });

  it("refuses a note over 500 characters and a version that does not exist", async () => {
    const { client } = accounts.Verified;
    const long = await client.post(watchPath(), { intent: "pin", disclosureId: ids.open, version: "1", note: "あ".repeat(501) });
    expect(long.status).toBe(400);
    expect(visibleText(await long.text())).toContain("メモは500文字以内で入力してください");
    expect((await client.post(watchPath(), { intent: "pin", disclosureId: ids.open, version: "9", note: "" })).status).toBe(400);
    expect((await watchRows()).find((r) => r.target_id === ids.open)?.pinned_version).toBe(2);
  });

  it("lists a watched vendor's readable disclosures and its certificates expiring within 60 days (Japanese dates)", async () => {
    const { html } = await watchPage();
    const start = html.indexOf(`data-vendor-id="${accounts.Acme.org}"`);
    expect(start).toBeGreaterThan(0);
    const text = visibleText(`<div ${html.slice(start, html.indexOf('aria-labelledby="watch-feed"', start))}`);
    expect(text).toContain("60日以内に有効期限を迎える認証");
    expect(text).toContain("IS 60DAYS（有効期限 2027-01-31）");
    expect(text).not.toContain("P 61DAYS");
    expect(text).not.toContain("ISMAP-EXPIRED");
    expect(text).toContain("医療機関向けサービス");
    expect(text).toContain("承認済サービス");
    expect(text).not.toContain("未承認サービス");
    expect(text).toMatch(/公開クラウド）\s*第2版 最終更新日 2026年12月1日/);
  });

  it("cannot watch a disclosure the organisation may not read", async () => {
    const response = await watch(accounts.Verified.client, "disclosure", ids.locked);
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("指定された開示書は見つからないか、閲覧する権限がありません");
    expect((await watch(accounts.Verified.client, "disclosure", "no-such-disclosure")).status).toBe(400);
    expect((await watchRows()).some((r) => r.target_id === ids.locked)).toBe(false);
    // …nor is it offered on its page (which the hospital cannot open at all).
    expect((await accounts.Verified.client.text(`/disclosures/${ids.locked}/v/1`)).status).toBe(404);
  });

  it("lets viewers read the list but not change it", async () => {
    const { client } = accounts.Viewer;
    const { text } = await watchPage(client);
    expect(text).toContain("公開クラウド");
    expect(text).not.toContain("固定する");
    expect(text).not.toContain("ウォッチをやめる");
    expect((await watch(client, "disclosure", ids.hospitalsOnly)).status).toBe(403);
    expect((await client.post(watchPath(), { intent: "unwatch", kind: "disclosure", targetId: ids.open })).status).toBe(403);
    expect((await client.post(watchPath(), { intent: "reissue" })).status).toBe(403);
    // No 「ウォッチする」 on pages for a viewer.
    expect(visibleText((await client.text(`/disclosures/${ids.open}/v/2`)).html)).not.toContain("ウォッチ");
    expect((await watchRows()).length).toBe(2);
  });

  it("refuses an unverified hospital, a vendor's member and anonymous visitors as the other hospital tools do", async () => {
    const unverified = await watch(accounts.Unverified.client, "disclosure", ids.open, {}, accounts.Unverified.org);
    expect(unverified.status).toBe(403);
    expect(visibleText(await unverified.text())).toContain("運営者の確認を受けた医療機関");
    expect(visibleText((await accounts.Unverified.client.text(`/disclosures/${ids.open}/v/2`)).html)).not.toContain("ウォッチ");
    // A vendor's own organisation has no watch list (404, like shortlists), and another's is not theirs (404).
    expect((await watch(accounts.Acme.client, "disclosure", ids.open, {}, accounts.Acme.org)).status).toBe(404);
    expect((await accounts.Acme.client.get(`/orgs/${accounts.Acme.org}/watch`)).status).toBe(404);
    expect((await watch(accounts.Acme.client, "disclosure", ids.open)).status).toBe(404);
    const anon = await watch(anonymous(), "disclosure", ids.open);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect((await app.db.selectFrom("watch").select("target_id").where("organization_id", "in", [accounts.Unverified.org, accounts.Acme.org]).execute()).length).toBe(0);
  });
});

describe("the private feed", () => {
  let token = "";

  it("is Atom listing the new versions of watched disclosures with their 改版理由, and withdrawals", async () => {
    const { client } = accounts.Verified;
    expect((await watch(client, "disclosure", ids.approved)).status).toBe(302);
    await setWithdrawn(app.db, vendorActor(), { id: ids.hospitalsOnly, organization_id: accounts.Acme.org }, true, meta);
    expect((await watch(client, "disclosure", ids.hospitalsOnly)).status).toBe(302);
    token = await issueFeed();
    const stored = await app.db.selectFrom("watch_feed_token").select("token_hash").where("organization_id", "=", accounts.Verified.org).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const response = await anonymous().get(`/watch/${token}/feed.atom`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const entries = entriesOf(parseAtom(await response.text()));
    const v2 = entries.find((e) => e.id.endsWith(`/disclosures/${ids.open}/v/2`));
    expect(v2?.title).toContain("第2版");
    expect(v2?.summary).toBe(`改版理由：${REASON}`);
    expect(entries.some((e) => e.id.endsWith(`/disclosures/${ids.open}/v/1`))).toBe(true);
    expect(entries.some((e) => e.id.endsWith(`/disclosures/${ids.approved}/v/1`))).toBe(true);
    expect(entries.find((e) => e.id.includes(`/disclosures/${ids.hospitalsOnly}/versions#withdrawn-`))?.title).toContain("取り下げ");
    expect(entries.some((e) => e.id.includes(ids.locked))).toBe(false);
    // Newest first: the withdrawal (now) before 第2版 (yesterday).
    expect(entries[0].title).toContain("取り下げ");
    const { text } = await watchPage();
    expect(entryOf((await watchPage()).html, ids.hospitalsOnly)!.text).toContain("取り下げ（2026年12月2日）");
    expect(text).toContain("に発行したURLが有効です");
  });

  it("drops a disclosure once its approval expires, from the feed and the list", async () => {
    await app.db.updateTable("access_request").set({ expires_at: NOW - 1 }).where("id", "=", "req-ok").execute();
    const feed = await anonymous().text(`/watch/${token}/feed.atom`);
    expect(feed.status).toBe(200);
    const entries = entriesOf(parseAtom(feed.html));
    expect(entries.some((e) => e.id.includes(ids.approved))).toBe(false);
    expect(entries.some((e) => e.id.includes(ids.open))).toBe(true);
    const { html, text } = await watchPage();
    expect(entryOf(html, ids.approved)).toBeUndefined();
    expect(text).toContain("現在は閲覧できない開示書が1件あります");
  });

  it("is a 404 with the old secret after 再発行, and for a wrong one", async () => {
    const fresh = await issueFeed();
    expect(fresh).not.toBe(token);
    expect((await anonymous().get(`/watch/${token}/feed.atom`)).status).toBe(404);
    expect((await anonymous().get(`/watch/${fresh}/feed.atom`)).status).toBe(200);
    const wrong = `${fresh.slice(0, -1)}${fresh.endsWith("A") ? "B" : "A"}`;
    expect((await anonymous().get(`/watch/${wrong}/feed.atom`)).status).toBe(404);
    expect((await anonymous().get("/watch/nothing/feed.atom")).status).toBe(404);
    const issued = await app.db.selectFrom("audit_log").select("id").where("action", "=", "watch.feed_issued").where("organization_id", "=", accounts.Verified.org).execute();
    expect(issued).toHaveLength(2);
  });
});

describe("unwatching", () => {
  it("removes a disclosure and a vendor from the list", async () => {
    const { client } = accounts.Verified;
    expect((await client.post(watchPath(), { intent: "unwatch", kind: "disclosure", targetId: ids.open })).status).toBe(302);
    const back = await client.post(watchPath(), { intent: "unwatch", kind: "vendor", targetId: accounts.Acme.org, redirectTo: `/vendors/${accounts.Acme.org}` });
    expect(back.headers.get("location")).toBe(`/vendors/${accounts.Acme.org}`);
    const { html, text } = await watchPage();
    expect(entryOf(html, ids.open)).toBeUndefined();
    expect(text).toContain("ウォッチしている事業者はありません");
    expect((await watchRows()).map((r) => r.target_id).sort()).toEqual([ids.approved, ids.hospitalsOnly].sort());
    const removed = await app.db.selectFrom("audit_log").select("detail").where("action", "=", "watch.removed").execute();
    expect(removed.map((r) => JSON.parse(r.detail!).pinned_version)).toContain(2);
  });
});
