// The readable public page of a version (issue 12, item 6), through HTTP: the summary, filters
// that work without JavaScript (query parameters), outcome marks, evidence links, sub-points,
// and the size of the 504-item HISPRO page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft } from "../app/models/disclosure.server.js";
import { canonicalContent, contentHash, type DisclosureContent, type ItemResponse } from "../disclosures/disclosure-content.js";
import { itemGuidance } from "../disclosures/item-guidance.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import type { Template } from "../disclosures/template-schema.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const hispro = loadTemplateFile(`${TEMPLATES_DIR}/hispro-checksheet@1.0.0.json`);
const minimum = loadTemplateFile(`${TEMPLATES_DIR}/minimum-guideline-checklist@1.0.0.json`);
const cyber = loadTemplateFile(`${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`);
const statusKeys = (t: Template) => [...walkItems(t)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
const meta = { ip: "127.0.0.1", userAgent: "test" };
const PUBLISHED_AT = Date.UTC(2026, 9, 31, 16, 0);

let app: Awaited<ReturnType<typeof startApp>>;
let anonymous: Client;
let userId = "";
let orgId = "";
const actor = () => ({ userId, email: "vendor@public-page.example" });
const main = (html: string) => html.match(/<main[\s\S]*<\/main>/)![0];

async function published(template: Template, responses: Record<string, ItemResponse>) {
  const id = await createDisclosure(app.db, actor(), orgId, { templateId: template.id, templateVersion: template.version, serviceId: null, visibility: "public" }, meta);
  const disclosure = (await getDisclosure(app.db, orgId, id))!;
  await saveDraft(app.db, actor(), disclosure, Object.entries(responses).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, actor(), disclosure, template, meta, PUBLISHED_AT);
  return id;
}

/** A version stored directly, bypassing validation: what a hand-edited database could hold. */
async function inserted(content: DisclosureContent) {
  const id = await createDisclosure(app.db, actor(), orgId, { templateId: content.templateId, templateVersion: content.templateVersion, serviceId: null, visibility: "public" }, meta);
  await app.db
    .insertInto("disclosure_version")
    .values({ disclosure_id: id, number: 1, template_id: content.templateId, template_version: content.templateVersion, content: canonicalContent(content), content_hash: contentHash(content), published_at: PUBLISHED_AT, published_by: userId })
    .execute();
  await app.db.updateTable("disclosure").set({ latest_version: 1 }).where("id", "=", id).execute();
  return id;
}

/** Item keys of the rows a page shows, in order. */
const rowKeys = (html: string) => [...html.matchAll(/<tr id="item-([^"]+)"/g)].map((m) => m[1]);

/** Every HISPRO item answered, mixed as the benchmark mixes them (scripts/bench-helpers.ts). */
function hisproResponses(): Record<string, ItemResponse> {
  return Object.fromEntries(
    statusKeys(hispro).map((key, i) => [
      key,
      i % 17 === 0
        ? { value: { status: "notApplicable", reason: "当該サービスではハウジングを提供していないため" } }
        : i % 11 === 0
          ? { value: { status: "unmet" }, note: "2027年度のシステム更改で対応予定" }
          : { value: { status: "met" }, ...(i % 4 === 0 ? { evidence: [{ name: "情報セキュリティ運用規程 第5章", url: "https://vendor.example/security" }] } : {}) },
    ]),
  );
}

beforeAll(async () => {
  app = await startApp();
  anonymous = new Client(app.base);
  const client = new Client(app.base);
  const email = "vendor@public-page.example";
  expect((await client.post("/signup", { email, displayName: "vendor", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const created = await client.post("/orgs", { name: "公開ページ株式会社", kind: "vendor" });
  orgId = created.headers.get("location")!.split("/").pop()!;
  userId = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
});
afterAll(() => app?.close());

// 最低限のガイドライン遵守チェックリスト: 90 items in 10 chapters; three 実施予定, two 対象外, the rest 実施済.
const minimumKeys = statusKeys(minimum);
const PLANNED = [1, 6, 30].map((i) => minimumKeys[i]);
const NOT_APPLICABLE = [2, 40].map((i) => minimumKeys[i]);
function minimumResponses(): Record<string, ItemResponse> {
  return Object.fromEntries(
    minimumKeys.map((key) => [
      key,
      PLANNED.includes(key) ? { value: { status: "planned", month: "2027-03" } } : NOT_APPLICABLE.includes(key) ? { value: { status: "notApplicable", reason: "紙媒体を扱わないため" } } : { value: { status: "implemented" } },
    ]),
  );
}

describe("the summary", () => {
  it("counts each outcome with its mark, and shows the derived results, 最終更新日, version and hash", async () => {
    const id = await published(minimum, minimumResponses());
    const page = await anonymous.text(`/disclosures/${id}/v/1`);
    expect(page.status).toBe(200);
    const summary = visibleText(page.html.match(/<section class="reading-summary"[\s\S]*?<\/section>/)![0]);
    expect(summary).toContain("● 実施済 85");
    expect(summary).toContain("△ 実施予定 3");
    expect(summary).toContain("－ 対象外 2");
    expect(summary).toContain("？ 未回答 0");
    expect(summary).not.toContain("未対応");
    expect(summary).toContain("90項目中 90項目に回答");
    expect(summary).toContain("ガイドラインの遵守: 最低限のガイドラインを遵守していない");
    expect(summary).toContain("最終更新日 2026年11月1日");
    expect(summary).toContain("第1版");
    const { content_hash } = await app.db.selectFrom("disclosure_version").select("content_hash").where("disclosure_id", "=", id).executeTakeFirstOrThrow();
    expect(summary).toContain(content_hash);
    // Each count is a link to the items with that outcome (no script needed); nothing to show, no link.
    expect(page.html).toContain(`<a href="?outcome=planned">`);
    expect(page.html).not.toContain(`href="?outcome=unanswered"`);
  });

  it("counts 未対応 and 未回答 too", async () => {
    const [first, second] = statusKeys(cyber);
    const responses = Object.fromEntries(statusKeys(cyber).map((key) => [key, { value: { status: key === first || key === second ? "no" : "yes" } }]));
    const page = await anonymous.text(`/disclosures/${await published(cyber, responses)}/v/1`);
    const summary = visibleText(page.html.match(/<section class="reading-summary"[\s\S]*?<\/section>/)![0]);
    expect(summary).toContain("● ○ 120");
    expect(summary).toContain("× × 2");
    // 記入者 and 日付 of each of the three sheets that have them are optional and were left empty.
    expect(summary).toContain("？ 未回答 6");
  });
});

describe("filters, without JavaScript", () => {
  let id = "";
  beforeAll(async () => {
    id = await published(minimum, minimumResponses());
  });

  it("offers a GET form and no script", async () => {
    const { html } = await anonymous.text(`/disclosures/${id}/v/1`);
    expect(html).toMatch(new RegExp(`<form method="get" action="/disclosures/${id}/v/1"`));
    expect(html).toContain(`<select name="outcome">`);
    expect(html).toContain(`<select name="chapter">`);
    expect(html).toContain(`<option value="physical">物理的安全対策</option>`);
    expect(html).not.toMatch(/<script/i);
    expect(rowKeys(html)).toEqual(minimumKeys);
  });

  it("by outcome", async () => {
    const page = await anonymous.text(`/disclosures/${id}/v/1?outcome=planned`);
    expect(page.status).toBe(200);
    expect(rowKeys(page.html)).toEqual(PLANNED);
    expect(visibleText(main(page.html))).toContain("3項目を表示中（全90項目）");
    expect(visibleText(main(page.html))).toContain("△ 実施予定（実施時期: 2027年3月）");
    expect(page.html).toContain(`<option value="planned" selected="">`);
    expect(page.html).toContain(`<a href="/disclosures/${id}/v/1">絞り込みを解除</a>`);
    expect(rowKeys((await anonymous.text(`/disclosures/${id}/v/1?outcome=notApplicable`)).html)).toEqual(NOT_APPLICABLE);
    // The summary still counts the whole version.
    expect(visibleText(page.html)).toContain("● 実施済 85");
  });

  it("by chapter, and both", async () => {
    const physical = minimumKeys.slice(5, 11);
    expect(physical.every((k) => k.startsWith("physical."))).toBe(true);
    expect(rowKeys((await anonymous.text(`/disclosures/${id}/v/1?chapter=physical`)).html)).toEqual(physical);
    expect(rowKeys((await anonymous.text(`/disclosures/${id}/v/1?chapter=physical&outcome=planned`)).html)).toEqual([PLANNED[1]]);
    const none = await anonymous.text(`/disclosures/${id}/v/1?chapter=physical&outcome=notApplicable`);
    expect(rowKeys(none.html)).toEqual([]);
    expect(visibleText(main(none.html))).toContain("条件に合う項目はありません。");
  });

  it("ignores unknown values and shows the whole version", async () => {
    for (const query of ["?outcome=nope", "?chapter=%3Cscript%3E", "?outcome=&chapter="]) {
      const page = await anonymous.text(`/disclosures/${id}/v/1${query}`);
      expect(page.status, query).toBe(200);
      expect(rowKeys(page.html), query).toEqual(minimumKeys);
      expect(page.html).not.toContain("<script>");
    }
  });

  it("keeps the bare page cached as before; a filtered view is rendered each time with its own tag", async () => {
    const path = `/disclosures/${id}/v/1`;
    const bare = await anonymous.get(path);
    expect(bare.headers.get("cache-control")).toBe("public, max-age=300");
    const etag = bare.headers.get("etag")!;
    await bare.arrayBuffer();
    const filtered = await anonymous.get(`${path}?outcome=planned`);
    expect(filtered.headers.get("etag")).not.toBe(etag);
    expect((await anonymous.get(`${path}?outcome=planned`, { "if-none-match": filtered.headers.get("etag")! })).status).toBe(304);
    await filtered.arrayBuffer();
    // Renamed behind the cache's back: the kept bare page still shows the old name, a filtered view the new one.
    await app.db.updateTable("organization").set({ name: "改名後株式会社" }).where("id", "=", orgId).execute();
    try {
      expect(await (await anonymous.get(path)).text()).not.toContain("改名後株式会社");
      expect(await (await anonymous.get(`${path}?chapter=physical`)).text()).toContain("改名後株式会社");
    } finally {
      await app.db.updateTable("organization").set({ name: "公開ページ株式会社" }).where("id", "=", orgId).execute();
    }
  });
});

describe("rows", () => {
  it("link evidence only for http(s) URLs, and show the others as text", async () => {
    const [first] = statusKeys(cyber);
    const evidence = [
      { name: "方針", url: "https://example.jp/policy.pdf" },
      { name: "手順", url: "http://example.jp/procedure" },
      { name: "台帳", url: "ftp://example.jp/ledger" },
      { name: "悪意", url: "javascript:alert(1)" },
      { name: "相対", url: "www.example.jp/a" },
      { name: "名前だけ" },
    ];
    const id = await inserted({ templateId: cyber.id, templateVersion: cyber.version, responses: { [first]: { value: { status: "yes" }, note: "備考です", evidence } } });
    const { html } = await anonymous.text(`/disclosures/${id}/v/1`);
    const row = html.match(new RegExp(`<tr id="item-${first.replace(/\./g, "\\.")}">[\\s\\S]*?</tr>`))![0];
    const links = [...row.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    expect(links).toEqual(["https://example.jp/policy.pdf", "http://example.jp/procedure"]);
    const text = visibleText(row);
    for (const e of evidence) expect(text).toContain(e.name);
    for (const url of ["ftp://example.jp/ledger", "javascript:alert(1)", "www.example.jp/a"]) expect(text).toContain(url);
    expect(text).toContain("備考です");
    expect(text).toContain("● ○");
    expect(html).not.toMatch(/href="\s*(javascript|ftp):/i);
  });

  it("show the sub-points the PDF prints under 「次の内容を定めている」 as part of the item", async () => {
    const { html } = await anonymous.text(`/disclosures/${await published(minimum, minimumResponses())}/v/1`);
    const row = html.match(/<tr id="item-organizational\.5">[\s\S]*?<\/tr>/)![0];
    expect(visibleText(row)).toContain("運用管理規程等において次の内容を定めている。");
    const points = [...row.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
    expect(points).toEqual(minimum.sections[0].items!.find((i) => i.key === "organizational.5")!.checkPoints);
    expect(points[0]).toBe("(b) 医療機関等の体制");
    expect(row).not.toContain("<details");
  });

  it("show HISPRO's 対象GL, GLでの参照箇所 and 確認項目 under each item, in the sheet's column order", async () => {
    const { html } = await anonymous.text(`/disclosures/${await published(hispro, hisproResponses())}/v/1`);
    expect(html).not.toContain("sub-points");
    for (const { item } of [...walkItems(hispro)].filter((_, i) => i % 50 === 0)) {
      const row = html.match(new RegExp(`<tr id="item-${item.key.replace(/\./g, "\\.")}">[\\s\\S]*?</tr>`))![0];
      const folded = row.match(/<details class="g"><summary>([^<]*)<\/summary><dl>([\s\S]*?)<\/dl><\/details>/)!;
      expect(folded[1]).toBe("対象GL・GLでの参照箇所・確認項目");
      const terms = [...folded[2].matchAll(/<dt>([^<]*)<\/dt>((?:<dd>[^<]*<\/dd>)*)/g)].map((m) => [m[1], [...m[2].matchAll(/<dd>([^<]*)<\/dd>/g)].map((d) => visibleText(d[1]))]);
      expect(terms).toEqual([
        ["対象GL", item.references!.map((r) => r.guideline)],
        ["GLでの参照箇所", item.references!.map((r) => r.location)],
        ["確認項目", item.checkPoints],
      ]);
    }
    // One item checked word for word against the sheet (seed 004, 1-1-1-1).
    const first = visibleText(html.match(/<tr id="item-1\.1\.1\.1">[\s\S]*?<\/tr>/)![0]);
    expect(first).toContain("総務省ASP-GL");
    expect(first).toContain("II. 1. 1. 1");
    expect(first).toContain("情報セキュリティへの取り組みに関する基本方針が定められ、文書化されているか");
  });

  it("show the 役割分担 checklist's 想定されるリスク, 推奨される対応例 and ガイドライン等関連部分 under its items", async () => {
    const responsibility = loadTemplateFile(`${TEMPLATES_DIR}/responsibility-checklist@1.0.0.json`);
    const { html } = await anonymous.text(`/disclosures/${await published(responsibility, {})}/v/1`);
    const item = [...walkItems(responsibility)].find(({ item }) => item.key === "p2.inspection.4")!.item;
    const row = visibleText(html.match(/<tr id="item-p2\.inspection\.4">[\s\S]*?<\/tr>/)![0]);
    const order = ["想定されるリスク", "推奨される対応例", "ガイドライン等関連部分"].map((label) => row.lastIndexOf(label));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    for (const d of item.details!) expect(row).toContain(d.text);
    for (const r of item.references!) expect(row).toContain(r.guideline);
  });

  it("show the cybersecurity tallies as the sheet's 「チェックの結果」: 分類, 割合 and 項目数, rows without items included", async () => {
    const executive = [...walkItems(cyber)].filter((e) => e.sections[0].key === "executive" && e.item.answer.kind === "status");
    const prevent = executive.filter((e) => e.item.perspective === "prevent");
    // Three of the 予防 items ○: 3/15 = 20.0 %; 発見 has no item on this sheet; 是正 none answered ○.
    const responses = Object.fromEntries(prevent.slice(0, 3).map((e) => [e.item.key, { value: { status: "yes" } }]));
    const { html } = await anonymous.text(`/disclosures/${await inserted({ templateId: cyber.id, templateVersion: cyber.version, responses })}/v/1`);
    const rule = cyber.derived!.find((d) => d.rule === "tally" && d.scope === "executive")!;
    const item = html.match(new RegExp(`<li>${rule.title}:<table class="tally-table">[\\s\\S]*?</table>`))![0];
    const rows = [...item.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1));
    expect(prevent).toHaveLength(15);
    expect(rows).toEqual([
      ["予防", "20.0%", "3/15"],
      ["発見", "-", "0/0"],
      ["是正", "0.0%", "0/3"],
    ]);
  });

  it("name each 様式の説明 link by its section", async () => {
    const { html } = await anonymous.text(`/disclosures/${await published(minimum, minimumResponses())}/v/1`);
    expect(html).toContain(`<a class="help" href="/templates/minimum-guideline-checklist/1.0.0#section-physical" aria-label="様式の説明（物理的安全対策）">様式の説明</a>`);
  });
});

describe("the 504-item HISPRO page", () => {
  // Issue 12 halved the page (416,212 bytes before it, at most 208,106 after). Issue 16 puts the form's own columns
  // beside each item (対象GL, GLでの参照箇所, 確認項目: 137 KB of text): the page may grow by that text and at most
  // 200 bytes of markup per item for it, and not by anything else (measured: 207,906 → 430,202 bytes; gzip 38,760 → 54,171).
  it("is at most half of its former size, plus the form's 対象GL and 確認項目 beside each item", async () => {
    const id = await published(hispro, hisproResponses());
    const page = await anonymous.text(`/disclosures/${id}/v/1`);
    expect(page.status).toBe(200);
    expect(rowKeys(page.html)).toHaveLength(504);
    const bytes = Buffer.byteLength(page.html, "utf8");
    const guidance = [...walkItems(hispro)].map(({ item }) => itemGuidance(hispro, item));
    const guidanceText = Buffer.byteLength(guidance.flatMap((blocks) => blocks.flatMap((b) => [b.label, ...b.lines])).join(""), "utf8");
    expect(guidance.every((blocks) => blocks.length === 3)).toBe(true);
    expect(bytes).toBeLessThanOrEqual(208_106 + guidanceText + 504 * 200);
    // The cache serves the same bytes.
    const cached = await anonymous.get(`/disclosures/${id}/v/1`);
    expect(Buffer.byteLength(await cached.text(), "utf8")).toBe(bytes);
  });
});
