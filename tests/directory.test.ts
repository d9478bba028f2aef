// The directory and the comparison over HTTP, on a crafted dataset: expired certificates, storage
// abroad, a vendor on an older template edition, restricted and withdrawn disclosures, text in
// notes, a criteria profile. Filters, counts, ranking and visibility are read from the pages.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft, setWithdrawn } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import { buildSnippet, matchExpression } from "../disclosures/search-text.js";
import type { Template } from "../disclosures/template-schema.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";
import { tinyTemplate } from "./helpers/template-fixture.js";
import { tempDir } from "./helpers/db.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
// The clock stands still at 01:30 on 2 December in Japan, when it is still 1 December in UTC: every date rule
// below (certificates in force, "n か月以内") gives another answer if "today" is taken in UTC.
const NOW = Date.parse("2026-12-02T01:30:00+09:00");
vi.useFakeTimers({ toFake: ["Date"], now: NOW });
const MONTH = 30.4375 * 24 * 3600 * 1000;
const TODAY = "2026-12-02";
const YESTERDAY = "2026-12-01"; // still today in UTC
// Six calendar months before today in Japan is 2026-06-02: 23:30 on 1 June (JST) is not within 6 months,
// although it is 14:30 on 1 June in UTC, within six months of the UTC date 2026-12-01.
const JUST_OVER_SIX_MONTHS = Date.parse("2026-06-01T23:30:00+09:00");

// Two editions of one template: 2.0.0 adds a required item c3 and a recommended r1.
const v1 = tinyTemplate();
const v2: Template = structuredClone(v1);
v2.version = "2.0.0";
v2.sections[1].items!.push(
  { key: "c3", number: "3", text: "バックアップを取得している", level: "required", answer: { kind: "status", scale: "check" } },
  { key: "r1", number: "4", text: "訓練を実施している", level: "recommended", answer: { kind: "status", scale: "check" } },
);

let app: Awaited<ReturnType<typeof startApp>>;
const anonymous = () => new Client(app.base);
const vendors: Record<string, { org: string; user: string; client: Client }> = {};
const hospitals: Record<string, { org: string; user: string; client: Client }> = {};
const disclosures: Record<string, string> = {};

async function signUp(name: string, kind: "vendor" | "hospital") {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@directory.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const created = await client.post("/orgs", { name: `${name}株式会社`, kind });
  expect(created.status).toBe(302);
  const org = created.headers.get("location")!.split("/").pop()!;
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return { org, user, client };
}

const ok = (status = "implemented"): ItemResponse => ({ value: { status } });
const planned: ItemResponse = { value: { status: "planned", month: "2027-04" } };
const notApplicable: ItemResponse = { value: { status: "notApplicable", reason: "該当システムなし" } };

async function publishDisclosure(vendor: string, template: Template, responses: Record<string, ItemResponse>, options: { visibility?: "public" | "hospitals" | "request"; at?: number } = {}) {
  const { org, user } = vendors[vendor];
  const actor = { userId: user, email: `${vendor}@directory.example` };
  const id = await createDisclosure(app.db, actor, org, { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: options.visibility ?? "public" }, meta);
  const disclosure = (await getDisclosure(app.db, org, id))!;
  await saveDraft(app.db, actor, disclosure, Object.entries({ name: { value: `${vendor}株式会社` }, ...responses }).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, actor, disclosure, template, meta, options.at ?? NOW - MONTH);
  return id;
}

/** Vendor names of the directory's readable results (`locked`: its locked 申請制 entries), in order. */
function resultNames(html: string, locked = false): string[] {
  return html
    .split('<li class="')
    .filter((part) => part.startsWith(locked ? 'directory-entry locked-entry"' : 'directory-entry"'))
    .flatMap((part) => [...part.matchAll(/class="directory-vendor"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]));
}

async function directory(client: Client, query: string) {
  const page = await client.text(`/directory${query}`);
  expect(page.status).toBe(200);
  return { names: resultNames(page.html), locked: resultNames(page.html, true), html: page.html, text: visibleText(page.html) };
}

beforeAll(async () => {
  app = await startApp();
  const dir = tempDir("kaiji-directory-");
  for (const t of [v1, v2]) writeFileSync(path.join(dir, `${t.id}@${t.version}.json`), canonicalJson(t));
  await syncBuiltinTemplates(app.db, dir);

  for (const name of ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"]) vendors[name] = await signUp(name, "vendor");
  for (const name of ["Hospital", "Clinic"]) hospitals[name] = await signUp(name, "hospital");
  // Hospitals read 医療機関のみ and approved 申請制 disclosures once verified (issue 11; tests/security-hospitals.test.ts).
  await app.db.updateTable("organization").set({ verified_at: NOW }).where("id", "in", [hospitals.Hospital.org, hospitals.Clinic.org]).execute();

  // Alpha: verified, ISMS in force, data only in Japan, everything met, updated a month ago.
  await app.db.updateTable("organization").set({ verified_at: NOW }).where("id", "=", vendors.Alpha.org).execute();
  await app.db.insertInto("certification").values({ organization_id: vendors.Alpha.org, kind: "isms", name: null, number: "IS 1", expires_on: TODAY }).execute();
  await app.db.insertInto("storage_location").values([{ organization_id: vendors.Alpha.org, country: "JP", region: "東京" }, { organization_id: vendors.Alpha.org, country: "JP", region: "大阪" }]).execute();
  disclosures.Alpha = await publishDisclosure("Alpha", v2, { c1: { ...ok(), note: "データセンターを三重化している" }, c2: ok(), c3: ok(), r1: ok() });
  // Beta: ISMS expired yesterday in Japan (P mark in force), Japan and the US, c2 planned and r1 not applicable,
  // published just over six months ago.
  await app.db.insertInto("certification").values([
    { organization_id: vendors.Beta.org, kind: "isms", name: null, number: "IS 2", expires_on: YESTERDAY },
    { organization_id: vendors.Beta.org, kind: "pmark", name: null, number: "P 2", expires_on: null },
  ]).execute();
  await app.db.insertInto("storage_location").values([{ organization_id: vendors.Beta.org, country: "JP", region: null }, { organization_id: vendors.Beta.org, country: "US", region: "Oregon" }]).execute();
  disclosures.Beta = await publishDisclosure("Beta", v2, { c1: { ...ok(), note: "通信を暗号化している" }, c2: planned, c3: ok(), r1: notApplicable }, { at: JUST_OVER_SIX_MONTHS });
  // Gamma: the older edition (no c3, no r1), Singapore, 20 months old.
  await app.db.insertInto("storage_location").values({ organization_id: vendors.Gamma.org, country: "SG", region: null }).execute();
  disclosures.Gamma = await publishDisclosure("Gamma", v1, { c1: ok(), c2: ok() }, { at: NOW - 20 * MONTH });
  // Delta: for signed-in hospitals only. Epsilon: on request. Zeta: withdrawn.
  disclosures.Delta = await publishDisclosure("Delta", v2, { c1: ok(), c2: ok(), c3: ok(), r1: ok() }, { visibility: "hospitals" });
  disclosures.Epsilon = await publishDisclosure("Epsilon", v2, { c1: ok(), c2: ok(), c3: ok(), r1: ok() }, { visibility: "request" });
  disclosures.Zeta = await publishDisclosure("Zeta", v2, { c1: ok(), c2: ok(), c3: ok(), r1: ok() });
  await setWithdrawn(app.db, { userId: vendors.Zeta.user, email: "zeta@directory.example" }, { id: disclosures.Zeta, organization_id: vendors.Zeta.org }, true, meta);
});
afterAll(async () => {
  await app?.close();
  vi.useRealTimers();
});

describe("the directory", () => {
  it("lists only what the reader may read: public, not withdrawn", async () => {
    const { names, locked, text } = await directory(anonymous(), "?template=tiny");
    expect(names).toEqual(["Alpha株式会社", "Beta株式会社", "Gamma株式会社"]);
    expect(text).not.toContain("Delta");
    // The 申請制 one is a locked entry (tests/vendor-page.test.ts), nothing more.
    expect(locked).toEqual(["Epsilon株式会社"]);
    expect(text).not.toContain("Zeta");
  });

  it("shows hospitals-only disclosures to hospital members, on-request ones once approved", async () => {
    const hospital = hospitals.Hospital.client;
    expect((await directory(hospital, "?template=tiny")).names).toEqual(["Alpha株式会社", "Beta株式会社", "Delta株式会社", "Gamma株式会社"]);
    await app.db
      .insertInto("access_request")
      .values({ id: "req-directory-1", disclosure_id: disclosures.Epsilon, organization_id: hospitals.Hospital.org, requested_by: hospitals.Hospital.user, message: null, status: "approved", created_at: NOW, decided_at: NOW, decided_by: vendors.Epsilon.user, expires_at: null })
      .execute();
    expect((await directory(hospital, "?template=tiny")).names).toContain("Epsilon株式会社");
    // Another hospital without approval, and a vendor, do not see it.
    expect((await directory(hospitals.Clinic.client, "?template=tiny")).names).not.toContain("Epsilon株式会社");
    expect((await directory(vendors.Alpha.client, "?template=tiny")).names).toEqual(["Alpha株式会社", "Beta株式会社", "Gamma株式会社"]);
    // The vendor's own members see their restricted disclosure.
    expect((await directory(vendors.Epsilon.client, "?template=tiny")).names).toContain("Epsilon株式会社");
  });

  it("filters on certifications in force only, and counts each option", async () => {
    const isms = await directory(anonymous(), "?template=tiny&cert=isms");
    expect(isms.names).toEqual(["Alpha株式会社"]);
    expect((await directory(anonymous(), "?template=tiny&cert=pmark")).names).toEqual(["Beta株式会社"]);
    // Counts: with the template filter on, one vendor holds ISMS in force and one the P mark.
    const all = await directory(anonymous(), "?template=tiny");
    expect(all.text).toContain("ISMS（ISO/IEC 27001） （1）");
    expect(all.text).toContain("Pマーク （1）");
    expect((await directory(anonymous(), "?template=tiny&cert=isms&cert=pmark")).names).toEqual([]);
  });

  it("filters on storage location, verification, coverage and freshness", async () => {
    expect((await directory(anonymous(), "?template=tiny&storage=jp-only")).names).toEqual(["Alpha株式会社"]);
    expect((await directory(anonymous(), "?template=tiny&storage=US")).names).toEqual(["Beta株式会社"]);
    expect((await directory(anonymous(), "?template=tiny&storage=SG")).names).toEqual(["Gamma株式会社"]);
    expect((await directory(anonymous(), "?template=tiny&verified=1")).names).toEqual(["Alpha株式会社"]);
    // Beta has 2 of 3 required items met (c2 planned); Gamma all of its (older) required items.
    expect((await directory(anonymous(), "?template=tiny&coverage=all")).names).toEqual(["Alpha株式会社", "Gamma株式会社"]);
    expect((await directory(anonymous(), "?template=tiny&months=6")).names).toEqual(["Alpha株式会社"]);
    expect((await directory(anonymous(), "?template=tiny&months=12")).names).toEqual(["Alpha株式会社", "Beta株式会社"]);
    const two = await directory(anonymous(), "?template=tiny&coverage=all&storage=jp-only");
    expect(two.names).toEqual(["Alpha株式会社"]);
    expect(two.text).toContain("1件");
  });

  it("searches names and what the disclosures say, including two-character and one-character Japanese queries", async () => {
    expect((await directory(anonymous(), `?q=${encodeURIComponent("三重化")}`)).names).toEqual(["Alpha株式会社"]);
    expect((await directory(anonymous(), `?q=${encodeURIComponent("暗号")}`)).names).toEqual(["Beta株式会社"]);
    expect((await directory(anonymous(), `?q=${encodeURIComponent("gamma")}`)).names).toEqual(["Gamma株式会社"]);
    // Full-width letters match too (NFKC); terms are ANDed.
    expect((await directory(anonymous(), `?q=${encodeURIComponent("ＢＥＴＡ 暗号化")}`)).names).toEqual(["Beta株式会社"]);
    expect((await directory(anonymous(), `?q=${encodeURIComponent("暗号 三重化")}`)).names).toEqual([]);
    // FTS syntax is never interpreted.
    expect((await directory(anonymous(), `?q=${encodeURIComponent('"* OR NEAR( body:')}`)).names).toEqual([]);
    // Restricted disclosures are not found by their text either.
    expect((await directory(anonymous(), `?q=Delta`)).names).toEqual([]);
  });

  it("sorts by name, freshness and coverage", async () => {
    expect((await directory(anonymous(), "?template=tiny&sort=fresh")).names).toEqual(["Alpha株式会社", "Beta株式会社", "Gamma株式会社"]);
    expect((await directory(anonymous(), "?template=tiny&sort=coverage")).names).toEqual(["Alpha株式会社", "Gamma株式会社", "Beta株式会社"]);
  });

  it("falls back to defaults on malformed parameters", async () => {
    const page = await directory(anonymous(), "?template=tiny&months=7&sort=bogus&page=-3&coverage=50&cert=nope&storage=<script>&verified=yes");
    expect(page.names).toEqual(["Alpha株式会社", "Beta株式会社", "Gamma株式会社"]);
    expect(page.html).not.toContain("<script>&");
  });

  it("ranks by a hospital's criteria profile", async () => {
    // c2 is what this hospital cares about most; r1 is irrelevant to it.
    await app.db
      .insertInto("criteria_profile")
      .values({ id: "profile-1", organization_id: hospitals.Hospital.org, name: "当院の基準", template_id: "tiny", items: JSON.stringify({ c2: { weight: 5 }, r1: { mode: "ignore" }, c1: { mode: "must" } }), created_by: hospitals.Hospital.user, updated_at: NOW })
      .execute();
    const ranked = await directory(hospitals.Hospital.client, "?profile=profile-1");
    // Beta's c2 is only planned: a required item missing, so it ranks last.
    expect(ranked.names.indexOf("Beta株式会社")).toBe(ranked.names.length - 1);
    expect(ranked.text).toContain("当院の基準");
    expect(ranked.text).toMatch(/1位/);
    // Another hospital cannot use this profile: a notice, and no ranking.
    const other = await directory(hospitals.Clinic.client, "?profile=profile-1");
    expect(other.text).toContain("指定された評価基準が見つからない");
    expect(other.text).not.toMatch(/\d位/);
  });
});

describe("the comparison", () => {
  const compare = (client: Client, query: string) => client.text(`/compare${query}`);
  const ids = (...names: string[]) => names.map((n) => `d=${disclosures[n]}`).join("&");

  it("puts vendors side by side with a summary, and compares only shared items across editions", async () => {
    const page = await compare(anonymous(), `?${ids("Alpha", "Beta", "Gamma")}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("異なる版の様式（1.0.0、2.0.0）が含まれるため、すべての版に共通する4項目のみを比較しています（共通でない2項目は除外）");
    expect(text).not.toContain("バックアップを取得している");
    // Summary rows: required met per vendor on the shared items (c1, c2).
    expect(text).toMatch(/必須項目 対応 2\/2 1\/2 2\/2/);
    expect(text).toMatch(/実施予定 0件 1件 0件/);
    expect(text).toContain("実施時期: 2027年4月");
    expect(page.html).toContain("データセンターを三重化している");
  });

  it("filters to required items, differences and gaps", async () => {
    const all = visibleText((await compare(anonymous(), `?${ids("Alpha", "Beta")}`)).html);
    expect(all).toContain("訓練を実施している");
    const required = visibleText((await compare(anonymous(), `?${ids("Alpha", "Beta")}&level=required`)).html);
    expect(required).not.toContain("訓練を実施している");
    expect(required).toContain("バックアップを取得している");
    const differences = visibleText((await compare(anonymous(), `?${ids("Alpha", "Beta")}&diff=1`)).html);
    expect(differences).toContain("教育を行っている");
    expect(differences).toContain("訓練を実施している");
    expect(differences).not.toContain("方針を定めている");
    expect(differences).not.toContain("バックアップを取得している");
    const gaps = visibleText((await compare(anonymous(), `?${ids("Alpha", "Beta")}&gaps=1`)).html);
    expect(gaps).toContain("教育を行っている");
    expect(gaps).not.toContain("訓練を実施している");
    // Malformed filters fall back to defaults.
    const bad = visibleText((await compare(anonymous(), `?${ids("Alpha", "Beta")}&level=bogus&diff=yes&section=../../x`)).html);
    expect(bad).toContain("方針を定めている");
  });

  it("skips unknown and unreadable disclosures with a notice that names none of them", async () => {
    const page = await compare(anonymous(), `?${ids("Alpha", "Beta", "Delta", "Zeta")}&d=no-such-id`);
    const text = visibleText(page.html);
    expect(page.status).toBe(200);
    expect(text).toContain("2件の開示書は、見つからないか閲覧する権限がないため比較から除きました");
    expect(text).not.toContain("Delta");
    // Withdrawn versions stay readable to those who could read them, marked as such.
    expect(text).toContain("取り下げ済");
    const short = await compare(anonymous(), `?${ids("Alpha", "Delta")}`);
    expect(visibleText(short.html)).toContain("2件以上必要です");
    expect(short.html).not.toContain("Delta");
  });

  it("refuses more than 20 vendors with a clear message", async () => {
    const many = Array.from({ length: 19 }, (_, i) => `d=missing-${i}`).join("&");
    const page = await compare(anonymous(), `?${ids("Alpha", "Beta", "Gamma")}&${many}`);
    expect(page.status).toBe(200);
    const twentyOne = Array.from({ length: 21 }, () => ids("Alpha")).join("&");
    expect((await compare(anonymous(), `?${twentyOne}`)).status).toBe(200); // duplicates collapse to one
    // 21 readable vendors do not exist here: the limit is checked on the disclosures that remain.
    const { loadComparison } = await import("../app/models/comparison.server.js");
    const { parseComparisonParams } = await import("../app/models/comparison.js");
    const extra: string[] = [];
    for (let i = 0; i < 19; i++) extra.push(await publishDisclosure("Alpha", v2, { c1: ok(), c2: ok(), c3: ok(), r1: ok() }));
    const params = new URLSearchParams([...[disclosures.Alpha, disclosures.Beta, ...extra].map((d) => ["d", d])]);
    const outcome = await loadComparison(app.db, null, parseComparisonParams(params));
    expect(outcome.kind).toBe("message");
    const response = await compare(anonymous(), `?${params}`);
    expect(response.status).toBe(400);
    expect(visibleText(response.html)).toContain("一度に比較できるのは20社までです（指定された開示書: 21件）");
  });

  it("opens a shortlist's comparison for members of that hospital only, ranked by its profile", async () => {
    await app.db.insertInto("shortlist").values({ id: "list-1", organization_id: hospitals.Hospital.org, name: "電子カルテ候補", created_by: hospitals.Hospital.user, created_at: NOW, updated_at: NOW }).execute();
    await app.db
      .insertInto("shortlist_entry")
      .values([
        { shortlist_id: "list-1", disclosure_id: disclosures.Beta, note: "価格が安い", added_by: hospitals.Hospital.user, added_at: NOW },
        { shortlist_id: "list-1", disclosure_id: disclosures.Alpha, note: null, added_by: hospitals.Hospital.user, added_at: NOW + 1 },
        { shortlist_id: "list-1", disclosure_id: disclosures.Delta, note: null, added_by: hospitals.Hospital.user, added_at: NOW + 2 },
      ])
      .execute();
    const url = "?shortlist=list-1&template=tiny&profile=profile-1";
    const page = await compare(hospitals.Hospital.client, url);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("候補リスト「電子カルテ候補」");
    expect(text).toContain("価格が安い");
    // Ranked: Beta (a must-have only planned) comes last although it was added first.
    const order = [...page.html.matchAll(/<th scope="col">[\s\S]*?>(\w+)株式会社<\/a>/g)].map((m) => m[1]);
    expect(order).toEqual(["Alpha", "Delta", "Beta"]);
    expect(text).toMatch(/評価（当院の基準）/);
    // Another hospital and anonymous visitors get a 404, not the list.
    expect((await compare(hospitals.Clinic.client, url)).status).toBe(404);
    expect((await compare(anonymous(), url)).status).toBe(404);
  });
});

describe("text-search snippets", () => {
  // The excerpt (`<p class="directory-snippet">…</p>`) of each listed entry of a vendor (`locked`: of its locked ones), as HTML.
  const snippetsOf = (html: string, vendor: string, locked = false) =>
    html
      .split('<li class="directory-entry')
      .filter((part) => part.startsWith(locked ? ' locked-entry"' : '"') && part.includes(`>${vendor}株式会社</a>`))
      .map((part) => part.match(/<p class="directory-snippet">([\s\S]*?)<\/p>/)?.[1] ?? null);
  const search = (client: Client, q: string) => directory(client, `?q=${encodeURIComponent(q)}`);
  // The results part of a page (the query itself is echoed in the title, the search box and the hydration data).
  const results = (html: string) => {
    const start = html.indexOf('id="directory-results"');
    return html.slice(start, html.indexOf("<script", start));
  };
  const padding = "本サービスでは運用手順書に従って定期的に点検を行い、結果を記録して保管しています。".repeat(4);

  beforeAll(async () => {
    for (const name of ["Eta", "Theta"]) vendors[name] = await signUp(name, "vendor");
    // Eta (public): a hostile note, a long answer with the word in the middle, half-width katakana.
    disclosures.Eta = await publishDisclosure("Eta", v2, {
      c1: { ...ok(), note: `脆弱性診断は年1回<script>alert("x")</script><mark>偽装</mark>` },
      c2: { ...ok(), note: `${padding}ｸﾗｳﾄﾞ基盤はTLS1.3で転送を保護しています。${padding}` },
      c3: ok(),
      r1: ok(),
    });
    // Theta: a 申請制 disclosure and a hospitals-only one, each with a word found nowhere else.
    disclosures.Theta = await publishDisclosure("Theta", v2, { c1: { ...ok(), note: "量子暗号通信を採用している" }, c2: ok(), c3: ok(), r1: ok() }, { visibility: "request" });
    disclosures.ThetaHospitals = await publishDisclosure("Theta", v2, { c1: { ...ok(), note: "秘匿回線で接続している" }, c2: ok(), c3: ok(), r1: ok() }, { visibility: "hospitals" });
  });

  it("shows an excerpt of the matching answer with the words marked, and says which item it is from", async () => {
    const page = await search(anonymous(), "三重化");
    expect(page.names).toEqual(["Alpha株式会社"]);
    const [snippet] = snippetsOf(page.html, "Alpha");
    expect(snippet).toContain("<mark>三重化</mark>");
    expect(visibleText(snippet!)).toContain("1 方針を定めている（備考）：");
    expect(visibleText(snippet!).replace(/ /g, "")).toContain("データセンターを三重化している");
    // Without a text search there is no excerpt.
    expect((await directory(anonymous(), "?template=tiny")).html).not.toContain("directory-snippet");
  });

  it("marks what was typed in full-width or half-width forms on the text as the vendor wrote it, cut to about 100 characters", async () => {
    const page = await search(anonymous(), "クラウド基盤 ｔｌｓ");
    expect(page.names).toEqual(["Eta株式会社"]);
    const [snippet] = snippetsOf(page.html, "Eta");
    expect(snippet).toContain("<mark>ｸﾗｳﾄﾞ基盤</mark>");
    expect(snippet).toContain("<mark>TLS</mark>");
    // The excerpt is cut around the match (Japanese is counted in characters), with … where it was cut.
    const excerpt = visibleText(snippet!).replace(/^.*?：/, "").replace(/ /g, "");
    expect(excerpt.startsWith("…") && excerpt.endsWith("…")).toBe(true);
    expect([...excerpt].length).toBeGreaterThanOrEqual(80);
    expect([...excerpt].length).toBeLessThanOrEqual(122);
  });

  it("shows what a vendor wrote as text: tags in an answer are escaped, never markup", async () => {
    const page = await search(anonymous(), "脆弱性診断");
    expect(page.names).toEqual(["Eta株式会社"]);
    const [snippet] = snippetsOf(page.html, "Eta");
    expect(snippet).toContain("<mark>脆弱性診断</mark>");
    expect(snippet).toContain("&lt;script&gt;alert(");
    expect(snippet).toContain("&lt;mark&gt;偽装&lt;/mark&gt;");
    expect(page.html).not.toContain('<script>alert("x")');
    expect(page.html).not.toContain("<mark>偽装");
  });

  it("never finds or shows a locked 申請制 entry by its content: its excerpt comes from the names it lists", async () => {
    for (const client of [anonymous(), hospitals.Clinic.client]) {
      const byContent = await search(client, "量子暗号");
      expect(byContent.names).toEqual([]);
      expect(byContent.locked).toEqual([]);
      expect(results(byContent.html)).not.toContain("量子暗号");
      const byName = await search(client, "theta");
      expect(byName.locked).toEqual(["Theta株式会社"]);
      // (The hospital also reads Theta's hospitals-only disclosure, listed apart as a readable entry.)
      const [snippet] = snippetsOf(byName.html, "Theta", true);
      expect(snippet).toContain("事業者名：");
      expect(snippet).toContain("<mark>Theta</mark>株式会社");
      expect(byName.html).not.toContain("量子暗号");
      // Name and content together: the content term cannot match, so nothing is found.
      expect((await search(client, "theta 量子暗号")).locked).toEqual([]);
    }
  });

  it("never shows a hospitals-only disclosure's content to anonymous readers; a verified hospital gets its excerpt", async () => {
    const anon = await search(anonymous(), "秘匿回線");
    expect(anon.names).toEqual([]);
    expect(anon.locked).toEqual([]);
    expect(results(anon.html)).not.toContain("秘匿回線");
    const hospital = await search(hospitals.Clinic.client, "秘匿回線");
    expect(hospital.names).toEqual(["Theta株式会社"]);
    expect(snippetsOf(hospital.html, "Theta")).toContain("<span class=\"directory-snippet-label\">1 方針を定めている（備考）：</span><mark>秘匿回線</mark>で接続している");
  });
});

describe("buildSnippet (the excerpt's rules, without HTTP)", () => {
  const marked = (sources: { label: string; text: string }[], q: string) => {
    const s = buildSnippet(sources, q);
    return s && `${s.label}|${s.clippedStart ? "…" : ""}${s.parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join("")}${s.clippedEnd ? "…" : ""}`;
  };

  it("marks what the index matched: a one-character query only where it begins a bigram, a word only at its start", () => {
    // 「号」 is a prefix query over bigrams: 「号令」 matches, the 「号」 that ends 「暗号」 does not.
    expect(marked([{ label: "a", text: "暗号 号令" }], "号")).toBe("a|暗号 [号]令");
    expect(marked([{ label: "a", text: "AES と TLS1.3" }], "tls")).toBe("a|AES と [TLS]1.3");
    expect(marked([{ label: "a", text: "AES と TLS1.3" }], "es")).toBeUndefined();
    expect(matchExpression("es")).toBeDefined();
  });

  it("takes the source with the most terms, merges overlapping marks, and cuts long text by characters", () => {
    const sources = [
      { label: "one", text: "暗号化のみ" },
      { label: "both", text: "保存データを暗号化し、鍵は国内で管理" },
    ];
    expect(marked(sources, "暗号化 国内")).toBe("both|保存データを[暗号化]し、鍵は[国内]で管理");
    expect(marked(sources, "暗号 号化")).toBe("one|[暗号化]のみ");
    const long = `${"あ".repeat(150)}目印${"い".repeat(150)}`;
    const s = buildSnippet([{ label: "l", text: long }], "目印")!;
    const text = s.parts.map((p) => p.text).join("");
    expect([...text]).toHaveLength(100);
    expect(s.clippedStart && s.clippedEnd).toBe(true);
    expect(text.indexOf("目印")).toBe(30);
  });
});
