// The print layouts (HTML for Chromium's PDF renderer), checked at the HTML level: every built-in
// form with realistic answers, the marks in the right rows, the summary numbers of the official
// sheets, escaping of hostile strings everywhere (body, header, footer), no external resources,
// the draft watermark, and a safe file name.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderDisclosureDocument } from "../app/pdf/disclosure-document.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { loadTemplateDirectory, validateTemplate, walkItems, walkSections } from "../disclosures/template-loader.js";
import type { Item, Template } from "../disclosures/template-schema.js";
import { ROOT, TEMPLATES_DIR } from "./helpers/db.js";
import { marginRule, marginText, styleSheet } from "./helpers/page-margins.js";

const templates = new Map(loadTemplateDirectory(TEMPLATES_DIR).map((t) => [t.id, t]));
const template = (id: string) => templates.get(id)!;

const HASH = "9c1185a5c5e9fc54612808977ee8f548b2258d31a4f1ec1e0b4e9d8c0f1a2b3c";
const PUBLIC_URL = "https://kaiji.example/disclosures/d-123/v/3";
const VENDOR = "デモ医療クラウド株式会社";
const SERVICE = "クラウド電子カルテ「デモカルテ」";
const PUBLISHED_AT = Date.parse("2025-07-07T10:00:00+09:00");

type Meta = Parameters<typeof renderDisclosureDocument>[0]["meta"];

function meta(over: Partial<Meta> = {}): Meta {
  return {
    vendorName: VENDOR,
    serviceName: SERVICE,
    versionNumber: 3,
    lastUpdated: PUBLISHED_AT,
    contentHash: HASH,
    publicUrl: PUBLIC_URL,
    draft: false,
    generatedAt: Date.parse("2025-07-08T09:00:00+09:00"),
    ...over,
  };
}

const draftMeta = (over: Partial<Meta> = {}) => meta({ versionNumber: null, lastUpdated: null, contentHash: null, publicUrl: null, draft: true, ...over });

function render(t: Template, responses: Record<string, ItemResponse>, over: Partial<Meta> = {}) {
  const content: DisclosureContent = { templateId: t.id, templateVersion: t.version, responses };
  return renderDisclosureDocument({ template: t, content, meta: meta(over) });
}

// ---- answers ------------------------------------------------------------------------------

const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8")) as {
  answers: Record<string, ItemResponse["value"]>;
  notes: Record<string, string>;
};

/** The real answers of seed 003, with its remarks. */
function agencyResponses(): Record<string, ItemResponse> {
  const out: Record<string, ItemResponse> = {};
  for (const [key, value] of Object.entries(example.answers)) out[key] = { value };
  for (const [key, note] of Object.entries(example.notes)) out[key] = { ...out[key], note };
  return out;
}

const statusItems = (t: Template) => [...walkItems(t)].filter((e) => e.item.answer.kind === "status").map((e) => e.item);

/**
 * Realistic status answers: mostly met, every 7th not applicable (with a reason), every 11th
 * planned or unmet; evidence on every 5th met item, a remark on the unmet ones.
 */
function statusResponses(t: Template): Record<string, ItemResponse> {
  const out: Record<string, ItemResponse> = {};
  statusItems(t).forEach((item, i) => {
    if (item.answer.kind !== "status") return;
    const scale = t.scales!.find((s) => s.key === (item.answer as { scale: string }).scale)!;
    const by = (outcome: string) => scale.options.find((o) => o.outcome === outcome);
    let option = by("met") ?? scale.options[i % 3];
    if (i % 7 === 6 && by("notApplicable")) option = by("notApplicable")!;
    else if (i % 11 === 10) option = by("planned") ?? by("unmet") ?? option;
    const value: Record<string, unknown> = { status: option.value };
    if (option.requires === "month") value.month = "2027-03";
    if (option.requires === "reason") value.reason = "当該サービスでは該当する設備がないため";
    if (option.requires === "date") value.date = "2026-10-01";
    if (scale.fields?.length) value.fields = { [scale.fields[0].key]: "2026-10-01" };
    const response: ItemResponse = { value: value as ItemResponse["value"] };
    if (option.outcome === "met" && i % 5 === 0) response.evidence = [{ name: "情報セキュリティ基本方針 第4版", url: "https://vendor.example.jp/docs/policy.pdf" }];
    if (option.outcome === "unmet") response.note = "次期システム更改（2027年度）で対応予定";
    out[item.key] = response;
  });
  return out;
}

function realisticResponses(t: Template): Record<string, ItemResponse> {
  return t.id === "agency-disclosure" ? agencyResponses() : statusResponses(t);
}

// ---- reading the HTML -----------------------------------------------------------------------

/** The whole element (with its nested elements) whose start tag contains `marker`. */
function element(html: string, marker: string): string {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`no element with ${marker}`);
  const start = html.lastIndexOf("<", at);
  const tag = /^<([a-z0-9]+)/i.exec(html.slice(start))![1];
  const re = new RegExp(`<${tag}[\\s>]|</${tag}>`, "gi");
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[0].startsWith("</") ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index + m[0].length);
  }
  throw new Error(`unclosed element with ${marker}`);
}

/** What a reader sees: tags removed, entities decoded, white space collapsed. */
function text(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** Text without any spaces, so 「■ 有」 and 「■有」 compare alike. */
const flat = (fragment: string) => text(fragment).replace(/\s+/g, "");

const row = (html: string, key: string) => element(html, `data-item="${key}"`);
const cell = (rowHtml: string, className: string) => flat(element(rowHtml, className));

const EXTERNAL_REFERENCE = [
  /<[a-z][^>]*\s(?:src|href|srcset|action|data|poster)\s*=\s*["']?\s*(?:https?:|file:|\/\/)/i,
  /url\(\s*["']?\s*(?:https?:|file:|\/\/)/i,
  /@import/i,
];

function expectNoExternalReference(fragment: string) {
  for (const pattern of EXTERNAL_REFERENCE) expect(fragment).not.toMatch(pattern);
  expect(fragment).not.toMatch(/<(?:link|img|iframe|script|object|embed|base|video|audio|source)[\s>/]/i);
}

/** For long documents: says what is missing instead of printing the whole document. */
function expectText(body: string, expected: string) {
  expect(body.includes(expected), `document should contain ${JSON.stringify(expected)}`).toBe(true);
}

/** How each official sheet prints an answer. */
const MARKS: Record<string, string[]> = {
  "agency-disclosure": ["■", "□"],
  "minimum-guideline-checklist": ["■", "□"],
  "responsibility-checklist": ["■", "□"],
  "hispro-checksheet": ["対応済", "未対応", "対象外"],
  "cybersecurity-checklist": ["○"],
};

// ---- every built-in template ------------------------------------------------------------------

describe("every built-in template", () => {
  it("has its own layout", () => {
    expect([...templates.keys()].sort()).toEqual(["agency-disclosure", "cybersecurity-checklist", "hispro-checksheet", "minimum-guideline-checklist", "responsibility-checklist"]);
  });

  for (const id of ["agency-disclosure", "minimum-guideline-checklist", "hispro-checksheet", "responsibility-checklist", "cybersecurity-checklist"]) {
    it(`${id}: a complete, self-contained document with vendor, 最終更新日, version and hash`, () => {
      const t = template(id);
      const doc = render(t, realisticResponses(t));
      expect(doc.html.startsWith('<!DOCTYPE html><html lang="ja">')).toBe(true);
      expect(doc.html.endsWith("</html>")).toBe(true);
      expect(doc.html).toContain(`data-layout="${id}"`);
      expect(doc.html.match(/<style>/g)).toHaveLength(1);
      const body = text(doc.html);
      for (const expected of [VENDOR, SERVICE, "最終更新日", "2025年7月7日", "第3版", HASH, PUBLIC_URL, ...MARKS[id]]) expectText(body, expected);
      expect(body.includes("下書き")).toBe(false);
      // Every item of the form is printed, in form order.
      const keys = [...walkItems(t)].map((e) => e.item.key);
      const positions = keys.map((k) => doc.html.indexOf(`data-item="${k}"`));
      expect(positions.filter((p) => p < 0)).toEqual([]);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expectNoExternalReference(doc.html);
      expect(doc.html).not.toMatch(/<a[\s>]/i);
    });

    it(`${id}: header and footer carry vendor, service, form, edition, version, date and page numbers`, () => {
      const t = template(id);
      const doc = render(t, realisticResponses(t));
      const header = `${marginText(doc.html, "top-left")} ${marginText(doc.html, "top-right")}`;
      expect(header).toContain(VENDOR);
      expect(header).toContain(SERVICE);
      expect(header).toContain(t.title);
      expect(header).toContain(t.source.edition);
      const footer = marginText(doc.html, "bottom-left");
      expect(footer).toContain("第3版");
      expect(footer).toContain("最終更新日 2025年7月7日");
      expect(marginRule(doc.html, "bottom-right")).toContain('content: counter(page) " / " counter(pages) " ページ";');
      for (const box of ["top-left", "top-right", "bottom-left", "bottom-right"] as const) {
        const rule = marginRule(doc.html, box);
        const sizes = [...rule.matchAll(/font-size:\s*([\d.]+)px/g)].map((m) => Number(m[1]));
        expect(sizes.length).toBeGreaterThan(0);
        for (const size of sizes) expect(size).toBeGreaterThanOrEqual(7);
        expect(rule).not.toMatch(/font-size:\s*[\d.]+(?:pt|em|rem|%)/);
        expectNoExternalReference(rule);
      }
    });
  }

  it("the style sheet prints on A4 with system fonts, repeated table headers and wrapping text", () => {
    const { html } = render(template("hispro-checksheet"), {});
    const css = /<style>([\s\S]*)<\/style>/.exec(html)![1];
    expect(css).toMatch(/@page\s*{\s*size:\s*A4;\s*margin:\s*[\d.]+mm/);
    expect(css).toContain('font-family: "IPAexGothic", "Noto Sans CJK JP", "Noto Serif CJK JP", sans-serif');
    expect(css).toMatch(/thead\s*{\s*display:\s*table-header-group;/);
    expect(css).toMatch(/\btr\s*{\s*break-inside:\s*avoid;/);
    expect(css).toMatch(/overflow-wrap:\s*anywhere/);
    expect(css).toMatch(/table-layout:\s*fixed/);
    expect(css).not.toMatch(/url\(|@import|@font-face/);
  });
});

// ---- 代行機関 -------------------------------------------------------------------------------

describe("agency-disclosure: the official form", () => {
  const t = template("agency-disclosure");

  it("prints 最終更新日 at the top, before the first block", () => {
    const { html } = render(t, agencyResponses());
    const updated = element(html, 'data-block="updated"');
    expect(flat(updated)).toBe("更新情報最終更新日2025年7月7日");
    expect(html.indexOf(updated)).toBeLessThan(html.indexOf('data-section="basic"'));
  });

  it("prints every option of a choice with ■ on the chosen one and □ on the others", () => {
    const { html } = render(t, agencyResponses());
    const agencyType = flat(row(html, "agencyType"));
    expect(agencyType).toContain("■健診・保健指導機関サイド（健診機関グループ以外）");
    expect(agencyType).toContain("□医療保険者サイド");
    expect(agencyType).toContain("□健診・保健指導機関サイド（健診機関グループ）");
    expect(agencyType.match(/■/g)).toHaveLength(1);
    expect(flat(row(html, "trackRecord"))).toContain("■有（内容：健診代行業務）□無");
    expect(flat(row(html, "serviceSelection.insurer"))).toBe("利用者によるサービスの選択保険者□可（選択可能な機能：）■否");
    expect(flat(row(html, "serviceSelection.checkupProvider"))).toBe("健診・保健指導機関□可（選択可能な機能：）■否");
    expect(flat(row(html, "dataExchange.inbound"))).toContain("■オンライン（回線種別：IP-VPN）□オフライン（送付手段：）");
  });

  it("prints 「その他（…）」 text inline when that option is chosen", () => {
    const responses = agencyResponses();
    responses["service.content"] = { value: { selected: ["officeCheck", "other"], extra: { other: "健診結果の個人通知" } } };
    const { html } = render(t, responses);
    expect(flat(row(html, "service.content"))).toContain("■事務点検□健診・保健指導データの受領・振分・送付■その他（健診結果の個人通知）");
  });

  it("lays out the block name and grouped rows as row groups", () => {
    const { html } = render(t, agencyResponses());
    const basic = element(html, 'data-section="basic"');
    expect(basic).toMatch(/<th class="section-cell[^"]*" rowspan="8"[^>]*>基本情報<\/th>/);
    const facilities = element(html, 'data-section="facilities"');
    expect(facilities).toMatch(/rowspan="2"[^>]*data-group="提供するサービス"/);
    expect(facilities).toMatch(/rowspan="2"[^>]*data-group="利用者によるサービスの選択"/);
    expect(flat(row(html, "service.target"))).toMatch(/^提供するサービス対象■保険者向け□健診・保健指導機関向け$/);
    expect(flat(row(html, "service.content")).startsWith("内容")).toBe(true);
  });

  it("lays out the staff counts and fees as tables with units", () => {
    const { html } = render(t, agencyResponses());
    const staff = row(html, "staff");
    expect(flat(element(element(staff, 'data-row="dedicated"'), 'data-column="agency"'))).toBe("10人");
    expect(flat(element(element(staff, 'data-row="concurrent"'), 'data-column="agency"'))).toBe("人");
    expect(flat(element(staff, 'data-row="allStaff"'))).toBe("全職員の数人人");
    const fees = row(html, "feeAmounts");
    expect(flat(element(element(fees, 'data-row="initialCost"'), 'data-column="checkupProvider"'))).toBe("別途お見積");
    expect(flat(row(html, "sites"))).toBe("施設数(サポート拠点数)1箇所（都道府県名：東京都）");
    expect(flat(row(html, "serviceStartDate"))).toContain("2024年10月1日");
  });

  it("computes 「ガイドラインの遵守」 from the checklist by 注8, never from a typed value", () => {
    // The real example's six 対象外 are the form's 「実施予定（対象事項無）」: by 注8 it is 遵守していない (issue 16 item 4).
    const asPublished = render(t, agencyResponses()).html;
    expect(flat(row(asPublished, "guidelineCompliance"))).toContain("□最低限のガイドラインを遵守済■最低限のガイドラインを遵守していない（チェックリストから注8による判定）");
    const allImplemented = agencyResponses();
    for (const [key, response] of Object.entries(allImplemented))
      if ((response.value as { status?: string } | undefined)?.status === "notApplicable") allImplemented[key] = { value: { status: "implemented" } };
    const passing = render(t, allImplemented).html;
    expect(flat(row(passing, "guidelineCompliance"))).toContain("■最低限のガイドラインを遵守済□最低限のガイドラインを遵守していない");

    const responses = allImplemented;
    responses["appendix.technical.3"] = { value: { status: "planned", month: "2027-03" } };
    responses.guidelineCompliance = { value: "最低限のガイドラインを遵守済" };
    const failing = render(t, responses).html;
    expect(flat(row(failing, "guidelineCompliance"))).toContain("□最低限のガイドラインを遵守済■最低限のガイドラインを遵守していない");
    const planned = row(failing, "appendix.technical.3");
    expect(cell(planned, "col-met")).toBe("□");
    expect(cell(planned, "col-planned")).toBe("■（2027年3月）");

    const blank = render(t, {}).html;
    expect(flat(row(blank, "guidelineCompliance"))).toContain("□最低限のガイドラインを遵守済□最低限のガイドラインを遵守していない（チェックリストに未回答の項目があります）");
  });

  it("prints the notes 注1–注12 under their blocks", () => {
    const { html } = render(t, agencyResponses());
    const order = ["basic", "facilities", "system", "operation", "fees"].map((k) => html.indexOf(`data-section="${k}"`));
    const note = (id: string) => html.indexOf(`data-note="${id}"`);
    for (let n = 1; n <= 12; n++) expect(note(`注${n}`)).toBeGreaterThan(0);
    expect(note("注3")).toBeGreaterThan(order[0]);
    expect(note("注3")).toBeLessThan(order[1]);
    expect(note("注8")).toBeGreaterThan(order[1]);
    expect(note("注8")).toBeLessThan(order[2]);
    expect(note("注12")).toBeGreaterThan(order[4]);
    expect(flat(element(html, 'data-note="注3"'))).toMatch(/^注3\)いずれか一つを選択。/);
    expect(flat(row(html, "agencyType"))).toContain("代行機関の分類注3)");
  });

  it("prints the 別添 checklist on a new page with ■/□ under 実施済 and 実施予定, 対象外 as the form shows it: 実施予定（対象事項無）", () => {
    const { html } = render(t, agencyResponses());
    const appendix = element(html, 'data-block="appendix"');
    expect(appendix.slice(0, 80)).toMatch(/class="page-break"/);
    expect(html).toMatch(/\.page-break\s*{\s*break-before:\s*page;/);
    expect(html.indexOf(appendix)).toBeGreaterThan(html.indexOf('data-section="other"'));
    expect(flat(element(appendix, "<thead>"))).toBe("Noチェック項目実施済実施予定(実施時期)");
    expect(flat(element(appendix, 'data-block="updated"'))).toContain("最終更新日2025年7月7日");

    const implemented = row(html, "appendix.organizational.1");
    expect(cell(implemented, "col-met")).toBe("■");
    expect(cell(implemented, "col-planned")).toBe("□（）");

    const notApplicable = row(html, "appendix.takeout.1");
    expect(cell(notApplicable, "col-met")).toBe("□");
    expect(cell(notApplicable, "col-planned")).toBe("■（対象事項無）");
    // The example's reason is 「対象事項無」 itself: printed once, in the cell, and the word 対象外 (not on the form) never.
    expect(flat(notApplicable)).toContain("を定めている。□■（対象事項無）");
    expect(flat(appendix)).not.toContain("対象外");

    // Its notes are printed as the sheet numbers them, and remarks stay with their row.
    expect(flat(element(appendix, 'data-note="別添注1"'))).toMatch(/^注1\)動作確認用データ/);
    expect(flat(row(html, "appendix.technical.5"))).toContain("注1)");
    expect(text(appendix)).not.toContain("別添注");
    expect(flat(row(html, "appendix.technical.18"))).toContain("備考：IoT機器ではなくIT機器として回答");
  });
});

// ---- 最低限のガイドライン遵守チェックリスト ----------------------------------------------------------

describe("minimum-guideline-checklist", () => {
  const t = template("minimum-guideline-checklist");

  it("prints the checklist block with ■/□ per row and the computed compliance", () => {
    const responses = statusResponses(t);
    const { html } = render(t, responses);
    const keys = statusItems(t).map((i) => i.key);
    const met = keys.find((k) => (responses[k].value as { status: string }).status === "implemented")!;
    const planned = keys.find((k) => (responses[k].value as { status: string }).status === "planned")!;
    const na = keys.find((k) => (responses[k].value as { status: string }).status === "notApplicable")!;
    expect(cell(row(html, met), "col-met")).toBe("■");
    expect(cell(row(html, met), "col-planned")).toBe("□（）");
    expect(cell(row(html, planned), "col-met")).toBe("□");
    expect(cell(row(html, planned), "col-planned")).toBe("■（2027年3月）");
    // 対象外 is printed as the form shows it (issue 16 item 4): 実施予定 with 「対象事項無」, the reason beside the item.
    expect(cell(row(html, na), "col-met")).toBe("□");
    expect(cell(row(html, na), "col-planned")).toBe("■（対象事項無）");
    expect(flat(row(html, na))).toContain("対象事項無：当該サービスでは該当する設備がないため");
    expect(text(html)).not.toContain("対象外");
    expect(flat(element(html, 'data-block="compliance"'))).toContain("□最低限のガイドラインを遵守済■最低限のガイドラインを遵守していない（チェックリストから注8による判定）");
    // The checklist alone does not print 注8 (a note of the 代行機関 form): its words are quoted under the verdict.
    expect(flat(element(html, 'data-basis="注8"'))).toMatch(/^注8）別添指定様式.*を選ぶこと。（事業運営上開示すべき重要事項の概要［代行機関］）$/);
    expect(flat(element(html, 'data-block="updated"'))).toBe("更新情報最終更新日2025年7月7日");
    expect(html.match(/<thead>/g)).toHaveLength(t.sections.length);
  });
});

// ---- HISPRO ----------------------------------------------------------------------------------

describe("hispro-checksheet", () => {
  const t = template("hispro-checksheet");

  it("prints 大分類/中分類/小分類 headings and a table with a repeated header row per block", () => {
    const { html } = render(t, statusResponses(t));
    const withItems = [...walkSections(t.sections)].filter(({ section }) => section.items?.length).length;
    const heads = [...html.matchAll(/<thead>[\s\S]*?<\/thead>/g)].map((m) => flat(m[0]));
    expect(heads).toHaveLength(withItems);
    for (const head of heads) expect(head).toBe("項番必須・推奨対策項目回答根拠資料備考");
    expect(flat(element(html, 'data-section="s1"')).startsWith("大分類1設備・運用中分類1-1一般的条件小分類1-1-1組織・運用への対策項目")).toBe(true);
  });

  it("puts the answer, the evidence and the remark in their columns", () => {
    const responses: Record<string, ItemResponse> = {
      "1.1.1.1": { value: { status: "met" }, evidence: [{ name: "情報セキュリティ基本方針 第4版", url: "https://vendor.example.jp/policy.pdf" }], note: "毎年4月に見直し" },
      "1.1.1.2": { value: { status: "notApplicable", reason: "自社では医療情報を保存しないため" } },
      "1.1.1.3": { value: { status: "unmet" } },
    };
    const { html } = render(t, responses);
    const first = row(html, "1.1.1.1");
    expect(cell(first, "col-answer")).toBe("対応済");
    expect(cell(first, "col-evidence")).toBe("情報セキュリティ基本方針第4版（https://vendor.example.jp/policy.pdf）");
    expect(cell(first, "col-note")).toBe("毎年4月に見直し");
    expect(flat(first)).toMatch(/^1-1-1-1必須経営陣は、/);
    expect(cell(row(html, "1.1.1.2"), "col-answer")).toBe("対象外（理由：自社では医療情報を保存しないため）");
    expect(cell(row(html, "1.1.1.3"), "col-answer")).toBe("未対応");
    expect(cell(row(html, "1.1.1.4"), "col-answer")).toBe("未回答");
    const recommended = [...walkItems(t)].find((e) => e.item.level === "recommended")!.item;
    expect(flat(row(html, recommended.key))).toContain(`${recommended.number}推奨`);
  });
});

// ---- 役割分担 -----------------------------------------------------------------------------------

describe("responsibility-checklist", () => {
  const t = template("responsibility-checklist");

  it("prints 分担 as ■/□ over 医療機関 事業者 共同 対象外 with 確認日 and メモ", () => {
    const responses: Record<string, ItemResponse> = {
      "p1.a.1": { value: { status: "vendor", fields: { confirmedOn: "2026-10-01" } }, note: "SDSを受領済み" },
      "p1.a.2": { value: { status: "notApplicable" } },
    };
    const { html } = render(t, responses);
    const first = row(html, "p1.a.1");
    expect(cell(first, "col-share")).toBe("□医療機関■事業者□共同□対象外");
    expect(cell(first, "col-field")).toBe("2026年10月1日");
    expect(cell(first, "col-memo")).toBe("SDSを受領済み");
    expect(flat(first)).toMatch(/^1事業者からの開示資料の確認事業者からサービス仕様適合開示書/);
    expect(cell(row(html, "p1.a.2"), "col-share")).toBe("□医療機関□事業者□共同■対象外");
    expect(cell(row(html, "p1.a.3"), "col-share")).toBe("□医療機関□事業者□共同□対象外");
    expect(cell(row(html, "p1.a.3"), "col-field")).toBe("（／）");
  });

  it("has 項番 / 項目 / 内容 / 分担 / 確認日 / メモ, and 分類 in Part2", () => {
    const { html } = render(t, statusResponses(t));
    const part1 = element(html, 'data-section="p1"');
    const part2 = element(html, 'data-section="p2"');
    expect(flat(element(part1, "<thead>"))).toBe("項番項目内容分担確認日メモ");
    expect(flat(element(part2, "<thead>"))).toBe("項番分類項目内容分担確認日メモ");
    expect(flat(row(html, "p2.a.1"))).toMatch(/^1全般2省ガイドラインの確認/);
    expect(text(element(html, 'data-block="glossary"'))).toContain("厚労省ガイドライン");
  });
});

// ---- サイバーセキュリティ対策チェックリスト ----------------------------------------------------------

function summary(html: string, key: string): string[] {
  const block = element(html, `data-derived-key="${key}"`);
  return [...block.matchAll(/<tr data-perspective="[^"]+">[\s\S]*?<\/tr>/g)].map((m) => text(m[0]));
}

describe("cybersecurity-checklist", () => {
  const t = template("cybersecurity-checklist");

  it("reproduces the sheet's summaries for a blank answer set", () => {
    const { html } = render(t, {});
    expect(summary(html, "executiveSummary")).toEqual(["予防 0.0% 0/15", "発見 - 0/0", "是正 0.0% 0/3"]);
    expect(summary(html, "systemAdminSummary")).toEqual(["予防 0.0% 0/84", "発見 0.0% 0/7", "是正 0.0% 0/1"]);
    expect(summary(html, "onlineEligibilitySummary")).toEqual(["予防 0.0% 0/1", "発見 0.0% 0/1", "是正 - 0/0"]);
    expect(summary(html, "staffSummary")).toEqual(["0.0% 0/10"]);
    expect(flat(element(element(html, 'data-derived-key="executiveSummary"'), "<thead>"))).toBe("分類割合項目数");
    expect(flat(element(element(html, 'data-derived-key="staffSummary"'), "<thead>"))).toBe("割合項目数");
    expect(cell(row(html, "executive.1"), "col-check")).toBe("");
  });

  it("prints ○ / × per item, blank when unanswered, and counts met items per 視点", () => {
    const responses: Record<string, ItemResponse> = {
      "executive.1": { value: { status: "yes" } },
      "executive.2": { value: { status: "yes" } },
      "executive.3": { value: { status: "yes" } },
      "executive.4": { value: { status: "no" }, note: "来年度に予算化" },
      "executive.16": { value: { status: "yes" } },
      "executive.filledBy": { value: "情報システム部 山田" },
      "executive.filledOn": { value: "2025-06-30" },
      "staff.1": { value: { status: "yes" } },
    };
    const { html } = render(t, responses);
    expect(cell(row(html, "executive.1"), "col-check")).toBe("○");
    expect(cell(row(html, "executive.4"), "col-check")).toBe("×");
    expect(cell(row(html, "executive.5"), "col-check")).toBe("");
    expect(flat(row(html, "executive.4"))).toContain("備考：来年度に予算化");
    expect(flat(row(html, "executive.1"))).toMatch(/^1予防医療情報システムの安全管理に関する方針/);
    expect(flat(row(html, "executive.16"))).toMatch(/^16是正/);
    expect(flat(row(html, "staff.1"))).toMatch(/^1業務に不要なWEBサイト/);
    expect(flat(row(html, "executive.filledBy"))).toBe("記入者情報システム部山田");
    expect(flat(row(html, "executive.filledOn"))).toBe("日付2025年6月30日");
    expect(summary(html, "executiveSummary")).toEqual(["予防 20.0% 3/15", "発見 - 0/0", "是正 33.3% 1/3"]);
    expect(summary(html, "staffSummary")).toEqual(["10.0% 1/10"]);
    const staff = element(html, 'data-section="staff"');
    expect(flat(element(staff, "<thead>"))).toBe("NOチェック項目チェック欄（○or×）");
    expect(flat(element(element(html, 'data-section="executive"'), "<thead>"))).toBe("NO視点チェック項目チェック欄（○or×）");
  });
});

// ---- any other template ---------------------------------------------------------------------------

describe("a template without a layout of its own", () => {
  const custom = validateTemplate(
    {
      id: "custom-form",
      version: "1.0.0",
      title: "独自の開示様式",
      language: "ja",
      source: { document: "独自の開示様式", edition: "第1版" },
      scales: [{ key: "yn", options: [{ value: "yes", label: "はい", outcome: "met" }, { value: "no", label: "いいえ", outcome: "unmet" }] }],
      sections: [
        {
          key: "a",
          title: "体制",
          notes: [{ id: "注1", text: "責任者は役員とする。" }],
          items: [
            { key: "a.1", number: "1", text: "責任者の氏名", level: "required", answer: { kind: "text" } },
            { key: "a.2", number: "2", text: "監査の実施", level: "required", answer: { kind: "status", scale: "yn" } },
          ],
        },
      ],
    },
    "custom-form@1.0.0.json",
  );

  it("prints a generic table 番号 / 項目 / 回答 / 根拠資料 / 備考 per section", () => {
    const { html } = render(custom, { "a.1": { value: "山田太郎", note: "2025年4月就任" }, "a.2": { value: { status: "yes" }, evidence: [{ name: "監査報告書" }] } });
    expect(html).toContain('data-layout="generic"');
    expect(flat(element(html, "<thead>"))).toBe("番号項目回答根拠資料備考");
    expect(flat(row(html, "a.1"))).toBe("1責任者の氏名山田太郎2025年4月就任");
    expect(flat(row(html, "a.2"))).toBe("2監査の実施はい監査報告書");
    expect(flat(element(html, 'data-note="注1"'))).toBe("注1)責任者は役員とする。");
  });
});

// ---- hostile strings -------------------------------------------------------------------------------

const HOSTILE = [
  "<script>alert(1)</script>",
  "<img src=http://evil.example/x.png>",
  "<iframe src=file:///etc/passwd></iframe>",
  "</style><style>*{display:none}",
  '"><b>bold</b>',
].join(" ");

function hostileResponses(t: Template): Record<string, ItemResponse> {
  const responses = realisticResponses(t);
  const evidence = [
    { name: HOSTILE, url: "https://evil.example/<script>" },
    { name: "file", url: "file:///etc/passwd" },
    { name: "js", url: "javascript:alert(1)" },
  ];
  let reasons = 0;
  for (const { item } of walkItems(t)) {
    const kind = item.answer.kind;
    const current = responses[item.key] ?? {};
    if (["text", "multiline"].includes(kind)) responses[item.key] = { ...current, value: HOSTILE };
    if (kind === "choice") {
      const withExtra = item.answer.kind === "choice" ? item.answer.options.find((o) => o.extra) : undefined;
      if (withExtra) responses[item.key] = { value: { selected: item.answer.kind === "choice" && item.answer.multiple ? [withExtra.value] : withExtra.value, extra: { [withExtra.value]: HOSTILE } } };
    }
    if (kind === "status" && reasons < 5) {
      const scale = t.scales!.find((s) => s.key === (item.answer as { scale: string }).scale)!;
      const na = scale.options.find((o) => o.outcome === "notApplicable");
      if (na) {
        responses[item.key] = { value: { status: na.value, reason: HOSTILE } };
        reasons++;
      }
    }
    if (kind !== "derived") responses[item.key] = { ...responses[item.key], note: HOSTILE, evidence };
  }
  return responses;
}

function expectEscaped(fragment: string) {
  expect(fragment).not.toMatch(/<script[\s>]/i);
  expect(fragment).not.toMatch(/<img[\s>]/i);
  expect(fragment).not.toMatch(/<iframe[\s>]/i);
  expect(fragment).not.toMatch(/<b>/i);
  expect(fragment).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  expect(fragment).toContain("&lt;img src=http://evil.example/x.png&gt;");
  expect(fragment).toContain("&lt;iframe src=file:///etc/passwd&gt;");
  expect(fragment).toContain("&lt;/style&gt;&lt;style&gt;*{display:none}");
  expect(fragment).toMatch(/(?:&quot;|&#34;)&gt;&lt;b&gt;bold&lt;\/b&gt;/);
  expectNoExternalReference(fragment);
}

describe("hostile strings in answers, notes, evidence, vendor and service names", () => {
  for (const id of ["agency-disclosure", "minimum-guideline-checklist", "hispro-checksheet", "responsibility-checklist", "cybersecurity-checklist"]) {
    it(`${id}: are printed as text in the document, the header and the footer`, () => {
      const t = template(id);
      const doc = render(t, hostileResponses(t), { vendorName: `悪意株式会社 ${HOSTILE}`, serviceName: HOSTILE, publicUrl: `https://kaiji.example/${HOSTILE}` });
      expectEscaped(doc.html);
      expect(doc.html.match(/<style>/g)).toHaveLength(1);
      expect(doc.html.match(/<\/style>/g)).toHaveLength(1);
      expect(doc.html).not.toMatch(/<a[\s>]/i);
      expect(styleSheet(doc.html)).not.toMatch(/[<>]/);
      expect(marginText(doc.html, "bottom-left")).toContain("悪意株式会社 <script>alert(1)</script>");
      // The text survives: the reader sees exactly what was written.
      expect(text(doc.html)).toContain(HOSTILE);
      expect(marginText(doc.html, "top-left")).toContain(HOSTILE);
      expect(doc.fileName).not.toMatch(/[\/\\:*?"<>|\u0000-\u001f]/);
    });
  }

  it("a stored value of the wrong shape is printed as text, never rendered as markup", () => {
    const t = template("agency-disclosure");
    const responses: Record<string, ItemResponse> = {
      agencyType: { value: "<script>x</script>" as never },
      staff: { value: 5 as never },
      sites: { value: ["<b>x</b>"] as never },
      "appendix.organizational.1": { value: { status: "<iframe>" } as never },
      "service.target": { value: { selected: ["insurers", "<img>"] } as never },
    };
    const { html } = render(t, responses);
    expect(html).not.toMatch(/<(?:script|b|iframe|img)[\s>]/);
    expect(flat(row(html, "agencyType"))).toContain("<script>x</script>");
    expect(flat(row(html, "service.target"))).toContain("■保険者向け");
    expect(flat(row(html, "service.target"))).toContain("<img>");
  });
});

// ---- drafts ------------------------------------------------------------------------------------

describe("drafts", () => {
  it("carry a 下書き watermark and 下書き instead of a version, and no hash", () => {
    const t = template("hispro-checksheet");
    const doc = renderDisclosureDocument({ template: t, content: { templateId: t.id, templateVersion: t.version, responses: statusResponses(t) }, meta: draftMeta() });
    expect(doc.html).toMatch(/<body[^>]*>\s*<div class="watermark"[^>]*>下書き<\/div>/);
    expect(doc.html).toMatch(/\.watermark\s*{\s*position:\s*fixed;/);
    expect(marginText(doc.html, "bottom-left")).toContain("下書き");
    expect(marginText(doc.html, "bottom-left")).not.toMatch(/第\d+版/);
    expect(flat(element(doc.html, 'data-block="hash"'))).toBe("下書きのためハッシュはありません");
    expect(flat(element(doc.html, 'data-block="doc-info"'))).toContain("版下書き");
    expect(doc.fileName).toBe(`${VENDOR}_HISPRO外部保存ASP_SaaSチェックシート_下書き.pdf`);
    expect(doc.title).toContain("下書き");
  });

  it("published versions have no watermark", () => {
    for (const t of templates.values()) {
      const doc = render(t, realisticResponses(t));
      expect(doc.html).not.toContain('class="watermark"');
      expect(flat(element(doc.html, 'data-block="hash"'))).toBe(HASH);
    }
  });
});

// ---- file names and long texts ----------------------------------------------------------------------

describe("file name and title", () => {
  it("names the file 事業者名_様式名_第N版.pdf", () => {
    const doc = render(template("hispro-checksheet"), {});
    expect(doc.fileName).toBe("デモ医療クラウド株式会社_HISPRO外部保存ASP_SaaSチェックシート_第3版.pdf");
    expect(doc.title).toContain("HISPRO 外部保存・ASP/SaaS チェックシート");
    expect(doc.title).toContain(VENDOR);
    expect(doc.title).toContain("第3版");
    expect(doc.html).toContain(`<title>${doc.title}</title>`);
  });

  it("strips characters unsafe in file names", () => {
    const doc = render(template("minimum-guideline-checklist"), {}, { vendorName: '../a/b\\c:d*e?f"g<h>i|j\u0000k\u001fl\u007fm\tn\nｏ' });
    expect(doc.fileName).not.toMatch(/[\/\\:*?"<>|\u0000-\u001f\u007f]/);
    expect(doc.fileName).not.toMatch(/^\./);
    expect(doc.fileName).toMatch(/^a_b_c_d_e_f_g_h_i_jklmnｏ_/);
    expect(doc.fileName.endsWith("_第3版.pdf")).toBe(true);
    const long = render(template("minimum-guideline-checklist"), {}, { vendorName: "長".repeat(500) });
    expect(Buffer.byteLength(long.fileName)).toBeLessThan(255);
  });
});

describe("long texts", () => {
  it("prints a 20,000-character answer whole, in a cell that wraps", () => {
    const t = template("agency-disclosure");
    const responses = agencyResponses();
    const longJapanese = "財務情報".repeat(2500);
    const longWord = "A".repeat(20_000);
    responses.financialInfo = { value: `${longJapanese}\n${longWord}` };
    const { html } = render(t, responses);
    const cellHtml = element(row(html, "financialInfo"), 'class="answer-cell"');
    expect(text(cellHtml)).toContain(longJapanese);
    expect(text(cellHtml)).toContain(longWord);
    expect(html).toMatch(/th, td\s*{[^}]*overflow-wrap:\s*anywhere/);
    expect(html).toMatch(/table\s*{[^}]*table-layout:\s*fixed/);
  });
});
