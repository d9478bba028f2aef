// A vendor's page (/vendors/:orgId) and locked 申請制 entries in the directory, over HTTP: the profile facts,
// what each kind of visitor sees listed, that a locked entry never carries content, the way to ask for it,
// searching and grouping in the directory, and the 「12か月以上更新なし」 flag at its Japanese-date boundary.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft, setVisibility, setWithdrawn } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
// 01:30 on 2 December in Japan, still 1 December in UTC: a rule that takes "today" in UTC answers differently.
const NOW = Date.parse("2026-12-02T01:30:00+09:00");
vi.useFakeTimers({ toFake: ["Date"], now: NOW });
const TODAY = "2026-12-02";
const YESTERDAY = "2026-12-01";
// Twelve calendar months before today in Japan is 2025-12-02: published at 00:30 that day (JST) is within 12
// months — although it was still 1 December in UTC — and 23:30 the day before is not.
const JUST_WITHIN_12_MONTHS = Date.parse("2025-12-02T00:30:00+09:00");
const JUST_OVER_12_MONTHS = Date.parse("2025-12-01T23:30:00+09:00");
const SECRET = "鍵付回答ひみつ語"; // only in the 申請制 disclosure's content
const SECRET_NAME = "秘匿名称ゼータ株式会社"; // its answer to 機関名
const HOSPITALS_ONLY_SERVICE = "病院限定サービス";

let app: Awaited<ReturnType<typeof startApp>>;
type Account = { org: string; user: string; client: Client };
const accounts: Record<string, Account> = {};
const ids = { open: "", old: "", hospitalsOnly: "", onRequest: "" };
const anonymous = () => new Client(app.base);

async function signUp(name: string, kind: "vendor" | "hospital", orgName = `${name}株式会社`) {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@vendor-page.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const created = await client.post("/orgs", { name: orgName, kind });
  expect(created.status).toBe(302);
  const org = created.headers.get("location")!.split("/").pop()!;
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return { org, user, client };
}

const done: ItemResponse = { value: { status: "implemented" } };

async function published(serviceId: string | null, visibility: "public" | "hospitals" | "request", at: number, note: string, name = "アクメ株式会社") {
  const { org, user } = accounts.Acme;
  const actor = { userId: user, email: "acme@vendor-page.example" };
  const template = tinyTemplate();
  const id = await createDisclosure(app.db, actor, org, { templateId: template.id, templateVersion: template.version, serviceId, visibility }, meta);
  const disclosure = (await getDisclosure(app.db, org, id))!;
  const responses = { name: { value: name }, c1: { ...done, note }, c2: done };
  await saveDraft(app.db, actor, disclosure, Object.entries(responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, actor, disclosure, template, meta, at);
  return id;
}

async function page(client: Client, url: string) {
  const response = await client.text(url);
  return { status: response.status, html: response.html, text: visibleText(response.html) };
}

/** The list items of a page, each with its disclosure id (from a link or a request link) and text. */
function entries(html: string) {
  return html
    .split('<li class="')
    .slice(1)
    .filter((part) => part.startsWith("directory-entry"))
    .map((part) => {
      const body = part.slice(0, part.indexOf("</li>"));
      const id = /data-disclosure-id="([^"]+)"/.exec(body)?.[1] ?? "";
      return { id, locked: /^directory-entry[^"]*locked-entry/.test(body), html: body, text: visibleText(body) };
    });
}
const entryOf = (html: string, id: string) => entries(html).find((e) => e.id === id);
const vendorPage = (client: Client) => page(client, `/vendors/${accounts.Acme.org}`);

beforeAll(async () => {
  app = await startApp();
  const dir = tempDir("kaiji-vendor-page-");
  writeFileSync(path.join(dir, "tiny@1.0.0.json"), canonicalJson(tinyTemplate()));
  await syncBuiltinTemplates(app.db, dir);

  accounts.Acme = await signUp("Acme", "vendor", "アクメ株式会社");
  accounts.Other = await signUp("Other", "vendor");
  for (const name of ["Unverified", "Verified", "Approved", "Asker"]) accounts[name] = await signUp(name, "hospital", `${name}病院`);
  // An administrator verified these hospitals (tests/security-hospitals.test.ts): they read 医療機関のみ and ask for 申請制.
  await app.db.updateTable("organization").set({ verified_at: NOW }).where("id", "in", [accounts.Verified.org, accounts.Approved.org, accounts.Asker.org]).execute();

  // The vendor: verified, two services, ISMS in force through today (Japan), a P mark that expired yesterday,
  // data in Tokyo and Oregon, foreign law may apply.
  const acme = accounts.Acme.org;
  await app.db.updateTable("organization").set({ verified_at: NOW, foreign_law: "yes" }).where("id", "=", acme).execute();
  await app.db
    .insertInto("service")
    .values([
      { id: "svc-cloud", organization_id: acme, name: "アクメ安心クラウド", kind: "cloud", description: "電子カルテのクラウド版", created_at: NOW },
      { id: "svc-request", organization_id: acme, name: "アクメ申請制サービス", kind: "system", description: null, created_at: NOW },
      { id: "svc-hospitals", organization_id: acme, name: HOSPITALS_ONLY_SERVICE, kind: "system", description: null, created_at: NOW },
    ])
    .execute();
  await app.db
    .insertInto("certification")
    .values([
      { organization_id: acme, kind: "isms", name: null, number: "IS 123456", expires_on: TODAY },
      { organization_id: acme, kind: "pmark", name: null, number: "P 999", expires_on: YESTERDAY },
    ])
    .execute();
  await app.db.insertInto("storage_location").values([{ organization_id: acme, country: "JP", region: "東京" }, { organization_id: acme, country: "US", region: "Oregon" }]).execute();

  ids.open = await published("svc-cloud", "public", JUST_WITHIN_12_MONTHS, "公開している回答メモ");
  ids.old = await published(null, "public", JUST_OVER_12_MONTHS, "古い回答メモ");
  ids.hospitalsOnly = await published("svc-hospitals", "hospitals", NOW - 86_400_000, "医療機関向けの回答メモ");
  ids.onRequest = await published("svc-request", "request", NOW - 86_400_000, `${SECRET}を記載`, SECRET_NAME);
  await app.db
    .insertInto("access_request")
    .values({ id: "req-approved", disclosure_id: ids.onRequest, organization_id: accounts.Approved.org, requested_by: accounts.Approved.user, message: null, status: "approved", created_at: NOW, decided_at: NOW, decided_by: accounts.Acme.user, expires_at: null })
    .execute();
});
afterAll(async () => {
  await app?.close();
  vi.useRealTimers();
});

describe("a vendor's page", () => {
  it("shows the organisation, its services, certifications in force, storage and foreign law; shared only among anonymous readers", async () => {
    const response = await anonymous().get(`/vendors/${accounts.Acme.org}`);
    expect(response.status).toBe(200);
    // Kept by the page cache for anonymous readers (the last describe below); private for anyone signed in.
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    expect((await accounts.Verified.client.get(`/vendors/${accounts.Acme.org}`)).headers.get("cache-control")).toBe("private, no-store");
    const { text } = await vendorPage(anonymous());
    expect(text).toContain("アクメ株式会社");
    expect(text).toContain("確認済");
    expect(text).toMatch(/アクメ安心クラウド\s*（クラウドサービス（ASP・SaaS））/);
    expect(text).toContain("電子カルテのクラウド版");
    // In force through today in Japan; the P mark expired yesterday (it would still count on the UTC date).
    expect(text).toMatch(/ISMS（ISO\/IEC 27001） 登録番号 IS 123456\s*（有効期限 2026-12-02）/);
    expect(text).not.toContain("Pマーク");
    expect(text).toContain("日本（東京）、米国（Oregon）");
    expect(text).toMatch(/外国の法令が適用される可能性\s*ある/);
    // An unverified vendor has no badge.
    expect((await page(anonymous(), `/vendors/${accounts.Other.org}`)).text).not.toContain("確認済");
  });

  it("lists what each kind of visitor may read, 申請制 ones they may not as locked entries, 医療機関のみ ones not at all", async () => {
    const seen = async (client: Client) => {
      const { html } = await vendorPage(client);
      const list = entries(html);
      return { readable: list.filter((e) => !e.locked).map((e) => e.id).sort(), locked: list.filter((e) => e.locked).map((e) => e.id), html };
    };
    const publicOnes = [ids.open, ids.old].sort();
    const cases: [string, Client, string[], string[]][] = [
      ["anonymous", anonymous(), publicOnes, [ids.onRequest]],
      ["an unverified hospital", accounts.Unverified.client, publicOnes, [ids.onRequest]],
      ["another vendor", accounts.Other.client, publicOnes, [ids.onRequest]],
      ["a verified hospital without approval", accounts.Verified.client, [...publicOnes, ids.hospitalsOnly].sort(), [ids.onRequest]],
      ["a verified hospital with approval", accounts.Approved.client, Object.values(ids).sort(), []],
      ["the vendor's own member", accounts.Acme.client, Object.values(ids).sort(), []],
    ];
    for (const [who, client, readable, locked] of cases) {
      const result = await seen(client);
      expect(result.readable, who).toEqual(readable);
      expect(result.locked, who).toEqual(locked);
      if (!readable.includes(ids.hospitalsOnly)) {
        // The service is the vendor's (listed under サービス・製品); its hospitals-only disclosure is not.
        expect(result.html, who).not.toContain(ids.hospitalsOnly);
        for (const e of entries(result.html)) expect(e.text, who).not.toContain(HOSPITALS_ONLY_SERVICE);
      }
    }
  });

  it("shows a locked entry's template, service, version and date only — no content, no link to it", async () => {
    const { html } = await vendorPage(anonymous());
    const locked = entryOf(html, ids.onRequest)!;
    expect(locked.locked).toBe(true);
    expect(locked.text).toContain("小さな様式");
    expect(locked.text).toContain("アクメ申請制サービス");
    expect(locked.text).toContain("第1版");
    expect(locked.text).toContain("最終更新日 2026年12月1日");
    expect(locked.text).toContain("申請制"); // in words, not only the icon
    expect(locked.html).not.toContain(`href="/disclosures/${ids.onRequest}"`);
    for (const content of [SECRET, SECRET_NAME, "方針を定めている", "実施済"]) expect(html).not.toContain(content);
    // Readable entries link to the disclosure.
    expect(entryOf(html, ids.open)!.html).toContain(`href="/disclosures/${ids.open}"`);
  });

  it("offers the request flow: sign in, ask, see the request's status; other vendors are told hospitals ask", async () => {
    const requestPath = `/disclosures/${ids.onRequest}/request`;
    const anon = entryOf((await vendorPage(anonymous())).html, ids.onRequest)!;
    expect(anon.text).toContain("ログインして申請");
    expect(anon.html).toContain(`href="/login?redirectTo=${encodeURIComponent(requestPath)}"`);

    const other = entryOf((await vendorPage(accounts.Other.client)).html, ids.onRequest)!;
    expect(other.text).toContain("医療機関の組織から");
    expect(other.text).not.toContain("閲覧を申請");

    const asker = accounts.Asker.client;
    const before = entryOf((await vendorPage(asker)).html, ids.onRequest)!;
    expect(before.text).toContain("閲覧を申請");
    expect(before.html).toContain(`href="${requestPath}"`);
    const form = await page(asker, requestPath);
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="hospitalId"');
    expect((await asker.post(requestPath, { hospitalId: accounts.Asker.org, message: "比較検討のため" })).status).toBe(200);
    const after = entryOf((await vendorPage(asker)).html, ids.onRequest)!;
    expect(after.locked).toBe(true);
    expect(after.text).toContain("あなたの申請: 申請中（Asker病院・2026年12月2日）");
    // The directory says the same.
    expect(entryOf((await page(asker, "/directory?template=tiny")).html, ids.onRequest)!.text).toContain("あなたの申請: 申請中");
  });

  it("answers 404 for an unknown organisation and for a hospital", async () => {
    expect((await anonymous().get("/vendors/no-such-organisation")).status).toBe(404);
    expect((await anonymous().get(`/vendors/${accounts.Verified.org}`)).status).toBe(404);
    expect((await accounts.Verified.client.get(`/vendors/${accounts.Verified.org}`)).status).toBe(404);
  });
});

describe("locked entries in the directory", () => {
  it("lists the 申請制 disclosure as a locked entry, linked to the vendor's page and the request, without content or a compare box", async () => {
    const { html, text } = await page(anonymous(), "/directory?template=tiny");
    const locked = entryOf(html, ids.onRequest)!;
    expect(locked.locked).toBe(true);
    expect(locked.text).toContain("申請制");
    expect(locked.text).toContain("小さな様式");
    expect(locked.text).toContain("第1版");
    expect(locked.text).toContain("ログインして申請");
    expect(locked.html).toContain(`href="/vendors/${accounts.Acme.org}"`);
    expect(locked.html).not.toContain(`value="${ids.onRequest}"`);
    expect(locked.text).not.toMatch(/必須 \d/);
    for (const content of [SECRET, SECRET_NAME]) expect(html).not.toContain(content);
    expect(text).not.toContain(HOSPITALS_ONLY_SERVICE);
    // Vendor names link to their pages.
    expect(entryOf(html, ids.open)!.html).toMatch(new RegExp(`href="/vendors/${accounts.Acme.org}"[^>]*>アクメ株式会社<`));
  });

  it("never matches a locked entry's content in a search, only its names", async () => {
    const search = async (client: Client, q: string) => entries((await page(client, `/directory?q=${encodeURIComponent(q)}`)).html).map((e) => e.id);
    // The word is indexed: the vendor's own member finds its disclosure by it.
    expect(await search(accounts.Acme.client, SECRET)).toEqual([ids.onRequest]);
    expect(await search(anonymous(), SECRET)).toEqual([]);
    expect(await search(accounts.Verified.client, SECRET)).toEqual([]);
    expect(await search(anonymous(), "ゼータ")).toEqual([]);
    // Its service, organisation and template names find it.
    expect(await search(anonymous(), "申請制サービス")).toEqual([ids.onRequest]);
    expect((await search(anonymous(), "アクメ")).sort()).toEqual([ids.open, ids.old, ids.onRequest].sort());
    expect(await search(anonymous(), "小さな様式 申請制")).toEqual([ids.onRequest]);
  });

  it("applies filters on what a locked entry reveals, and none on what it hides", async () => {
    const listed = async (query: string) => entries((await page(anonymous(), `/directory?template=tiny${query}`)).html).map((e) => e.id);
    expect(await listed("&verified=1")).toContain(ids.onRequest);
    expect(await listed("&kind=system")).toEqual([ids.onRequest]);
    expect(await listed("&kind=cloud")).toEqual([ids.open]);
    expect(await listed("&cert=isms&storage=US")).toContain(ids.onRequest);
    // Coverage comes from the answers: a locked entry never matches it.
    expect(await listed("&coverage=all")).not.toContain(ids.onRequest);
    expect(await listed("&coverage=all")).toContain(ids.open);
  });

  it("groups entries under each vendor's name with ?group=vendor", async () => {
    const flat = await page(anonymous(), "/directory?template=tiny");
    expect(flat.html.match(/class="directory-vendor"[^>]*>アクメ株式会社</g)).toHaveLength(3);
    expect(flat.html).toContain('name="group" value="vendor"');
    expect(flat.html).not.toMatch(/<input[^>]*name="group"[^>]*checked=""/);
    const grouped = await page(anonymous(), "/directory?template=tiny&group=vendor");
    const sections = grouped.html.split('<section class="directory-group"').slice(1);
    expect(sections).toHaveLength(1);
    expect(sections[0].match(/class="directory-vendor"[^>]*>([^<]+)</g)).toHaveLength(1);
    expect(sections[0]).toContain("アクメ株式会社");
    expect(entries(sections[0]).map((e) => e.id).sort()).toEqual([ids.open, ids.old, ids.onRequest].sort());
    expect(grouped.html).toMatch(/<input[^>]*name="group"[^>]*checked=""/);
  });
});

describe("「12か月以上更新なし」", () => {
  const FLAG = "12か月以上更新なし";
  it("flags a disclosure last updated more than 12 months ago (Japanese dates), on the vendor's page, in the directory and on its page", async () => {
    for (const url of [`/vendors/${accounts.Acme.org}`, "/directory?template=tiny"]) {
      const { html } = await page(anonymous(), url);
      expect(entryOf(html, ids.old)!.text, url).toContain(FLAG);
      expect(entryOf(html, ids.open)!.text, url).not.toContain(FLAG);
      expect(entryOf(html, ids.onRequest)!.text, url).not.toContain(FLAG);
    }
    expect((await page(anonymous(), `/disclosures/${ids.old}/v/1`)).text).toContain(FLAG);
    expect((await page(anonymous(), `/disclosures/${ids.open}/v/1`)).text).not.toContain(FLAG);
  });
});

describe("the vendor page in the page cache (anonymous readers)", () => {
  const url = () => `/vendors/${accounts.Acme.org}`;
  const actor = () => ({ userId: accounts.Acme.user, email: "acme@vendor-page.example" });

  it("is one document for every anonymous reader: no scripts, an ETag and 304s", async () => {
    const first = await anonymous().get(url());
    const html = await first.text();
    expect(html).not.toContain("<script");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"vnd-/);
    const again = await anonymous().get(url());
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe(html);
    expect((await anonymous().get(url(), { "If-None-Match": etag })).status).toBe(304);
  });

  it("shows a publish, a visibility change and a withdrawal on the next anonymous load", async () => {
    const before = await vendorPage(anonymous());
    const count = entries(before.html).length;
    // The clock stands still in this file, so without the purge the kept copy would be served for ever.
    const id = await published("svc-cloud", "public", NOW, "新たに公開した回答メモ");
    const afterPublish = await vendorPage(anonymous());
    expect(entries(afterPublish.html)).toHaveLength(count + 1);
    expect(entryOf(afterPublish.html, id)).toBeDefined();
    await setVisibility(app.db, actor(), { id, organization_id: accounts.Acme.org }, "hospitals", meta);
    expect(entryOf((await vendorPage(anonymous())).html, id)).toBeUndefined();
    await setVisibility(app.db, actor(), { id, organization_id: accounts.Acme.org }, "public", meta);
    expect(entryOf((await vendorPage(anonymous())).html, id)).toBeDefined();
    await setWithdrawn(app.db, actor(), { id, organization_id: accounts.Acme.org }, true, meta);
    expect(entryOf((await vendorPage(anonymous())).html, id)).toBeUndefined();
  });

  it("never gives a signed-in reader the anonymous copy", async () => {
    await vendorPage(anonymous());
    const approved = await vendorPage(accounts.Approved.client);
    // The approved hospital reads the 申請制 disclosure; the anonymous copy has it locked.
    expect(entryOf(approved.html, ids.onRequest)!.locked).toBe(false);
    expect(entryOf((await vendorPage(anonymous())).html, ids.onRequest)!.locked).toBe(true);
  });
});
