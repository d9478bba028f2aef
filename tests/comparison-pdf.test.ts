// The comparison PDF's document (app/pdf/comparison-document.tsx), in-process so that mutation testing sees it: the
// first page (what was compared and how, the vendors, the summary with fixed numbers), the matrix in tables of at
// most six vendors, long rows allowed to break, rows rendered in parts, and the same document whether rendered at
// once or in turns. Escaping of its title, header and footer is in tests/pdf-escaping.test.ts.
import { describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { useFreshDatabase } = await import("./helpers/db.js");
  useFreshDatabase();
});

import { columnGroups, MAX_VENDORS_PER_TABLE, renderComparisonDocument, renderComparisonDocumentInTurns } from "../app/pdf/comparison-document.js";
import { compareDisclosures, defaultFilters } from "../disclosures/compare.js";
import type { Template } from "../disclosures/template-schema.js";
import type { ComparisonPage } from "../app/models/comparison.server.js";
import { comparisonPage, PROFILE } from "./helpers/comparison-fixture.js";

const NOW = Date.parse("2026-12-02T00:30:00+09:00");

/** The document's body, one tag per line. */
const bodyOf = (html: string) => html.slice(html.indexOf("<section"), html.lastIndexOf("</main>")).replace(/></g, ">\n<");
const matrices = (html: string) => [...html.matchAll(/<section class="page-break" data-block="matrix">([\s\S]*?)<\/section>/g)].map((m) => m[1]);
const headings = (html: string) => matrices(html).map((m) => /<h2>([^<]*)<\/h2>/.exec(m)![1]);
const colWidths = (html: string) => [...html.matchAll(/<col(?: style="width:([^"]*)")?\/>/g)].map((m) => m[1] ?? "");
const OVERVIEW = /<div class="page-break"><section class="compare-overview"[\s\S]*?<\/section><\/div>/g;
const vendorHeads = (matrix: string) => [...matrix.matchAll(/<div class="vendor-head">([^<]*)<\/div>/g)].map((m) => m[1]);

describe("the comparison document", () => {
  // Three vendors ranked by the profile (c2 対象外とする, r1 必達 weight 2); the numbers are worked out by hand in
  // tests/export-neutralisation.test.ts: Beta 1位 100点 0/3, Alpha 2位 33.3点 1/3, Gamma 3位 66.7点 2/3.
  it("renders the first page and the matrix of a ranked comparison exactly", () => {
    // Written for: comparison-document.tsx:111-229 (FirstPage: the info rows' labels, filters, legend, notices, the
    // vendors table with 確認済 / 取り下げ済 / 「—」, the summary with 「small」 for derived results), :231-273 (Matrix:
    // widths, vendor heads with service, rank and version), :276-320 (rows: section rows, flags, marks, notes).
    const doc = renderComparisonDocument(comparisonPage({ criteria: PROFILE, notices: ["お知らせ1"] }), NOW);
    // The overview (components/comparison-overview.tsx) has its own test below.
    doc.html = doc.html.replace(OVERVIEW, "");
    expect(doc.html.startsWith('<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>開示書の比較 小さな様式 電子カルテ更新 2027 2026年12月2日</title><style>')).toBe(true);
    expect(doc.html).toContain('</style></head><body class="comparison"><main class="document comparison" data-layout="comparison"><section class="first-page"');
    expect(doc.html.endsWith("</section></main></body></html>")).toBe(true);
    expect(doc.html).toMatch(/<style>[^<]*@page \{ size: A4 landscape; \}[^<]*<\/style>/);
    expect("\n" + bodyOf(doc.html)).toBe(`
<section class="first-page" data-block="first-page">
<h1 class="cmp-title">開示書の比較</h1>
<p class="cmp-subtitle">小さな様式</p>
<table class="cmp-info">
<tbody>
<tr>
<th>様式</th>
<td>小さな様式</td>
</tr>
<tr>
<th>候補リスト</th>
<td>電子カルテ更新 2027</td>
</tr>
<tr>
<th>評価基準</th>
<td>当院の基準</td>
</tr>
<tr>
<th>出力日</th>
<td>2026年12月2日</td>
</tr>
<tr>
<th>比較項目</th>
<td>4項目を表示（比較対象 5項目）</td>
</tr>
</tbody>
</table>
<h2>表示条件</h2>
<ul class="cmp-list" data-block="filters">
<li>すべての項目</li>
</ul>
<p class="legend">記号: ● 対応済　× 未対応　△ 実施予定　－ 対象外　◆ 分担　○ 回答あり　？ 未回答。区分の「差異」は事業者により回答が異なる項目、「不足」は必須・必達項目で未対応・実施予定・未回答がある項目です。</p>
<div class="cmp-notice" data-block="notices">
<p>お知らせ1</p>
</div>
<h2>比較する開示書（3件）</h2>
<table class="cmp-vendors" data-block="vendors">
<colgroup>
<col style="width:5%"/>
<col style="width:27%"/>
<col style="width:22%"/>
<col style="width:7%"/>
<col style="width:13%"/>
<col style="width:9%"/>
<col/>
</colgroup>
<thead>
<tr>
<th>No.</th>
<th>事業者</th>
<th>サービス</th>
<th>版</th>
<th>最終更新日</th>
<th>様式の版</th>
<th>メモ</th>
</tr>
</thead>
<tbody>
<tr>
<td class="center">1</td>
<td>ベータ株式会社</td>
<td>—</td>
<td class="center">第2版</td>
<td>2026年10月15日</td>
<td class="center">1.0.0</td>
<td class="pre small">見積依頼済み</td>
</tr>
<tr>
<td class="center">2</td>
<td>アルファ株式会社<span class="small">（確認済）</span>
</td>
<td>アルファカルテ</td>
<td class="center">第1版</td>
<td>2026年11月1日</td>
<td class="center">1.0.0</td>
<td class="pre small">
</td>
</tr>
<tr>
<td class="center">3</td>
<td>ガンマ株式会社 <span class="cmp-withdrawn">取り下げ済</span>
</td>
<td>ガンマ連携</td>
<td class="center">第3版</td>
<td>2026年9月30日</td>
<td class="center">1.0.0</td>
<td class="pre small">
</td>
</tr>
</tbody>
</table>
<h2>集計</h2>
<table class="cmp-summary" data-block="summary">
<colgroup>
<col style="width:5%"/>
<col style="width:22%"/>
<col style="width:6.5%"/>
<col style="width:6.5%"/>
<col style="width:6.5%"/>
<col style="width:6.5%"/>
<col style="width:6.5%"/>
<col style="width:6.5%"/>
<col style="width:6.5%"/>
<col style="width:6.5%"/>
<col/>
</colgroup>
<thead>
<tr>
<th>No.</th>
<th>事業者</th>
<th>順位</th>
<th>スコア</th>
<th>必達の不足</th>
<th>必須項目 対応</th>
<th>推奨項目 対応</th>
<th>実施予定</th>
<th>未対応</th>
<th>未回答</th>
<th>遵守（自動判定）</th>
</tr>
</thead>
<tbody>
<tr>
<td class="center">1</td>
<td>ベータ株式会社</td>
<td class="num">1位</td>
<td class="num">100点</td>
<td class="num">0/3</td>
<td class="num">1/1</td>
<td class="num">1/1</td>
<td class="num">0</td>
<td class="num">0</td>
<td class="num">0</td>
<td class="small">遵守済</td>
</tr>
<tr>
<td class="center">2</td>
<td>アルファ株式会社　アルファカルテ</td>
<td class="num">2位</td>
<td class="num">33.3点</td>
<td class="num">1/3</td>
<td class="num">1/1</td>
<td class="num">0/1</td>
<td class="num">1</td>
<td class="num">0</td>
<td class="num">0</td>
<td class="small">遵守していない</td>
</tr>
<tr>
<td class="center">3</td>
<td>ガンマ株式会社　ガンマ連携</td>
<td class="num">3位</td>
<td class="num">66.7点</td>
<td class="num">2/3</td>
<td class="num">0/1</td>
<td class="num">1/1</td>
<td class="num">1</td>
<td class="num">0</td>
<td class="num">1</td>
<td class="small">遵守していない</td>
</tr>
</tbody>
</table>
</section>
<section class="page-break" data-block="matrix">
<h2>比較表</h2>
<table class="cmp-matrix">
<colgroup>
<col style="width:5%"/>
<col style="width:40.00%"/>
<col style="width:7%"/>
<col style="width:16.00%"/>
<col style="width:16.00%"/>
<col style="width:16.00%"/>
</colgroup>
<thead>
<tr>
<th>番号</th>
<th>項目</th>
<th>区分</th>
<th>
<div class="vendor-head">1. ベータ株式会社</div>
<div>1位・第2版</div>
<div class="nowrap">2026年10月15日</div>
</th>
<th>
<div class="vendor-head">2. アルファ株式会社</div>
<div>アルファカルテ</div>
<div>2位・第1版</div>
<div class="nowrap">2026年11月1日</div>
</th>
<th>
<div class="vendor-head">3. ガンマ株式会社</div>
<div>ガンマ連携</div>
<div>3位・第3版</div>
<div class="nowrap">2026年9月30日</div>
</th>
</tr>
</thead>
<tbody>
<tr class="section-row">
<th colSpan="6" style="padding-left:1.5mm">基本情報</th>
</tr>
<tr data-item="name">
<td>
</td>
<td class="pre">機関名</td>
<td class="center">必須<div class="cmp-flags">
<span class="cmp-flag">差異</span>
<span class="cmp-flag">不足</span>
</div>
</td>
<td data-state="answered">
<span class="cmp-mark">○</span>ベータ株式会社</td>
<td data-state="answered">
<span class="cmp-mark">○</span>アルファ株式会社</td>
<td data-state="unanswered">
<span class="cmp-mark">？</span>未回答</td>
</tr>
<tr data-item="compliance">
<td>
</td>
<td class="pre">遵守状況</td>
<td class="center">
<div class="cmp-flags">
<span class="cmp-flag">差異</span>
</div>
</td>
<td data-state="met">
<span class="cmp-mark">●</span>遵守済（自動判定）</td>
<td data-state="unmet">
<span class="cmp-mark">×</span>遵守していない（自動判定）</td>
<td data-state="unmet">
<span class="cmp-mark">×</span>遵守していない（自動判定）</td>
</tr>
<tr class="section-row">
<th colSpan="6" style="padding-left:1.5mm">チェックリスト</th>
</tr>
<tr data-item="c1">
<td>1</td>
<td class="pre">方針を定めている</td>
<td class="center">必須<div class="cmp-flags">
<span class="cmp-flag">差異</span>
<span class="cmp-flag">不足</span>
</div>
</td>
<td data-state="met">
<span class="cmp-mark">●</span>実施済<div class="cmp-note">規程 第3条
根拠資料: 規程 https://beta.example/policy</div>
</td>
<td data-state="met">
<span class="cmp-mark">●</span>実施済</td>
<td data-state="planned">
<span class="cmp-mark">△</span>実施予定（実施時期: 2027年1月）</td>
</tr>
<tr data-item="r1">
<td>3</td>
<td class="pre">訓練を実施している</td>
<td class="center">推奨・必達<div class="cmp-flags">
<span class="cmp-flag">差異</span>
<span class="cmp-flag">不足</span>
</div>
</td>
<td data-state="met">
<span class="cmp-mark">●</span>実施済</td>
<td data-state="planned">
<span class="cmp-mark">△</span>実施予定（実施時期: 2027年4月）</td>
<td data-state="met">
<span class="cmp-mark">●</span>実施済</td>
</tr>
</tbody>
</table>
</section>`);
  });

  it("prints the overview of the page: per 章 and vendor, met of applicable, in rank order, with the ranking rule", () => {
    // Issue 19, item 1. The profile leaves c2 out: in the checklist 章 Beta (1位) has c1 and r1 対応済 (2/2), Alpha
    // (2位) c1 対応済 and r1 実施予定 (1/2), Gamma (3位) c1 実施予定 and r1 対応済 (1/2).
    const html = renderComparisonDocument(comparisonPage({ criteria: PROFILE }), NOW).html;
    const overview = html.match(OVERVIEW)![0];
    const rows = [...overview.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]);
    const last = rows[rows.length - 1];
    expect([...last.matchAll(/data-met="(\d+)" data-applicable="(\d+)"/g)].map((m) => `${m[1]}/${m[2]}`)).toEqual(["2/2", "1/2", "1/2"]);
    expect(overview).toContain("1位 </span>ベータ株式会社");
    expect(overview).toContain("順位は、評価基準の必達項目で不足している数が少ない順、同じ数なら評価点が高い順です。");
    // No links in print.
    expect(overview).not.toContain("<a ");
  });

  it("is the same document when rendered in turns", async () => {
    // Written for: comparison-document.tsx:70-77 (renderComparisonDocumentInTurns: parts collected in order).
    for (const page of [comparisonPage({ criteria: PROFILE }), manyVendors(13), manyRows(250)]) {
      expect(await renderComparisonDocumentInTurns(page, NOW)).toEqual(renderComparisonDocument(page, NOW));
    }
  });

  it("without a shortlist or profile: no such rows, no rank, notices only when there are some", () => {
    // Written for: comparison-document.tsx:113 (the info labels), :146 (notices block), :261 (rank !== null).
    const doc = renderComparisonDocument(comparisonPage({ shortlistName: null }), NOW);
    expect([...doc.html.matchAll(/<tr><th>([^<]*)<\/th><td>/g)].map((m) => m[1])).toEqual(["様式", "出力日", "比較項目"]);
    expect(doc.html).not.toContain('data-block="notices"');
    expect(doc.html).not.toContain('data-block="editions"');
    expect(matrices(doc.html)[0]).toContain("<div>第1版</div>");
    expect(doc.html).not.toContain("位・");
  });

  it("prints what a rule asks of the hospital beside the answer (GL 7.0 別紙), and a product release for the vendor", () => {
    const page = comparisonPage({});
    // Cells are shared between comparisons (frozen): the fixture's row gets a changed copy.
    const row = page.comparison.sections.flatMap((s) => s.rows)[0];
    row.cells[1] = { ...row.cells[1], flags: ["医療機関側のリスク評価が必要"] };
    page.columns[0] = { ...page.columns[0], release: "甲カルテ 5.2" };
    const doc = renderComparisonDocument(page, NOW);
    expect(doc.html).toContain('<div class="cmp-note">⚠ 医療機関側のリスク評価が必要</div>');
    expect(doc.html.match(/⚠ 医療機関側のリスク評価が必要/g)).toHaveLength(1);
    expect(matrices(doc.html)[0]).toContain("<div>甲カルテ 5.2</div>");
  });

  it("mixed editions: the edition notice on the first page, each vendor's edition in the table", () => {
    // Written for: comparison-document.tsx:116 (the 様式の版 line: label === "様式の版") and :141-145 (its block).
    const doc = renderComparisonDocument(comparisonPage({ olderGamma: true }), NOW);
    expect(doc.html).toContain('<p class="cmp-notice" data-block="editions">異なる版の様式が含まれるため、共通する3項目のみ比較しています（版: 0.9.0、1.0.0。共通しない2項目は除外）。</p>');
    expect([...doc.html.matchAll(/<td class="center">(\d+\.\d+\.\d+)<\/td>/g)].map((m) => m[1])).toEqual(["1.0.0", "1.0.0", "0.9.0"]);
    // The vendor without the derived result gets 「—」 in its column.
    expect(doc.html).toMatch(/<td class="small">—<\/td><\/tr><\/tbody><\/table><\/section>/);
  });

  it("says so when no item passes the filters, and still prints the columns", () => {
    // Written for: comparison-document.tsx:239 (rowCount === 0 → the sentence).
    const empty = renderComparisonDocument(comparisonPage({ filters: { q: "存在しない語" } }), NOW);
    expect(matrices(empty.html)[0]).toContain("<p>表示条件に当てはまる項目はありません。</p>");
    expect(matrices(empty.html)[0]).not.toContain("data-item=");
    expect(vendorHeads(matrices(empty.html)[0])).toHaveLength(3);
    expect(matrices(renderComparisonDocument(comparisonPage(), NOW).html)[0]).not.toContain("表示条件に当てはまる項目はありません");
  });
});

describe("vendors per table", () => {
  it("splits display positions into balanced groups of at most six", () => {
    // Written for: comparison-document.tsx:22-34 (columnGroups: ceil, floor, remainder, the loop and offsets).
    expect(MAX_VENDORS_PER_TABLE).toBe(6);
    expect(columnGroups(0)).toEqual([[]]);
    expect(columnGroups(2)).toEqual([[0, 1]]);
    expect(columnGroups(6)).toEqual([[0, 1, 2, 3, 4, 5]]);
    expect(columnGroups(7)).toEqual([[0, 1, 2, 3], [4, 5, 6]]);
    expect(columnGroups(13)).toEqual([[0, 1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
    expect(columnGroups(20).map((g) => g.length)).toEqual([5, 5, 5, 5]);
    expect(columnGroups(20).flat()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(columnGroups(5, 2)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it("prints one matrix per group, headed with its vendors' numbers, each vendor once and in order", () => {
    // Written for: comparison-document.tsx:90-97 (bodyParts: one frame per group), :91 (the heading when split:
    // groups.length > 1, positions[0] + 1, the last position + 1, the total).
    const html = renderComparisonDocument(manyVendors(13), NOW).html;
    expect(headings(html)).toEqual(["比較表（事業者 1〜5／全13社）", "比較表（事業者 6〜9／全13社）", "比較表（事業者 10〜13／全13社）"]);
    expect(matrices(html).map(vendorHeads)).toEqual([
      ["1. 事業者01", "2. 事業者02", "3. 事業者03", "4. 事業者04", "5. 事業者05"],
      ["6. 事業者06", "7. 事業者07", "8. 事業者08", "9. 事業者09"],
      ["10. 事業者10", "11. 事業者11", "12. 事業者12", "13. 事業者13"],
    ]);
    // Every matrix has all the rows, with one cell per vendor of its group and a section row spanning them.
    for (const [g, matrix] of matrices(html).entries()) {
      const width = g === 0 ? 5 : 4;
      expect(matrix.match(/data-item=/g)).toHaveLength(5);
      expect(matrix.match(/<td data-state=/g)).toHaveLength(5 * width);
      expect(matrix).toContain(`<th colSpan="${3 + width}" style="padding-left:1.5mm">基本情報</th>`);
    }
    expect(html.match(/<h2>比較する開示書（13件）<\/h2>/g)).toHaveLength(1);
  });

  it("gives each vendor 10–19% of the width and the item text the rest, at most half", () => {
    // Written for: comparison-document.tsx:234-235 (vendorShare and itemShare: Math.max/min, 55 / n, (88 - 50) / n,
    // 88 - share × n) and :242-246 (the colgroup).
    const widths = (n: number) => colWidths(matrices(renderComparisonDocument(manyVendors(n), NOW).html)[0]);
    expect(widths(2)).toEqual(["5%", "50.00%", "7%", "19.00%", "19.00%"]);
    expect(widths(3)).toEqual(["5%", "40.00%", "7%", "16.00%", "16.00%", "16.00%"]);
    expect(widths(4)).toEqual(["5%", "33.00%", "7%", ...Array(4).fill("13.75%")]);
    expect(widths(6)).toEqual(["5%", "28.00%", "7%", ...Array(6).fill("10.00%")]);
  });
});

describe("rows", () => {
  it("lets a row break across pages when a cell (answer and note) passes 400 characters or the item text 600", () => {
    // Written for: comparison-document.tsx:291 (the two conditions, > vs >=, + vs -, some vs every) and :293.
    const classOf = (page: ComparisonPage, key: string) => new RegExp(`<tr( class="[^"]*")? data-item="${key}"`).exec(renderComparisonDocument(page, NOW).html)?.[1] ?? "";
    // Beta's c1 cell: 「実施済」, then its note, a line break and its evidence line. Exactly 400 characters, then 401.
    const fixed = "実施済".length + 1 + "根拠資料: 規程 https://beta.example/policy".length;
    expect(classOf(comparisonPage({ answerNotes: { beta: "注".repeat(400 - fixed) } }), "c1")).toBe("");
    expect(classOf(comparisonPage({ answerNotes: { beta: "注".repeat(401 - fixed) } }), "c1")).toBe(' class="allow-break"');
    // An answer alone, in one vendor's cell only.
    expect(classOf(comparisonPage({ answerNames: { alpha: "名".repeat(400) } }), "name")).toBe("");
    expect(classOf(comparisonPage({ answerNames: { alpha: "名".repeat(401) } }), "name")).toBe(' class="allow-break"');
    // The item's own text.
    const longText = (n: number) => {
      const page = comparisonPage();
      page.comparison.sections[1].rows[1].text = "文".repeat(n);
      return page;
    };
    expect(classOf(longText(600), "c2")).toBe("");
    expect(classOf(longText(601), "c2")).toBe(' class="allow-break"');
    expect(classOf(comparisonPage(), "r1")).toBe("");
  });

  it("indents nested sections and prints section numbers", () => {
    // Written for: comparison-document.tsx:280 (1.5 + depth × 4 mm) and :281 (number + title).
    const page = comparisonPage();
    page.comparison.sections[1].depth = 2;
    page.comparison.sections[1].number = "第2章";
    const html = renderComparisonDocument(page, NOW).html;
    expect(html).toContain('<th colSpan="6" style="padding-left:9.5mm">第2章 チェックリスト</th>');
    expect(html).toContain('<th colSpan="6" style="padding-left:1.5mm">基本情報</th>');
  });

  it("renders hundreds of rows in parts, each row once and in form order", () => {
    // Written for: comparison-document.tsx:95 (i < rows.length, i += ROWS_PER_PART, rows.slice(i, i + ROWS_PER_PART)).
    const html = renderComparisonDocument(manyRows(250), NOW).html;
    const keys = [...html.matchAll(/data-item="([^"]+)"/g)].map((m) => m[1]);
    expect(keys).toEqual(Array.from({ length: 250 }, (_, i) => `k${i + 1}`));
    expect(html.replace(OVERVIEW, "").match(/<tbody>/g)).toHaveLength(4);
  });
});

/** `n` vendors 事業者01 … on the fixture's form. */
function manyVendors(n: number): ComparisonPage {
  return comparisonPage({ organizations: Array.from({ length: n }, (_, i) => `事業者${String(i + 1).padStart(2, "0")}`), services: Array(n).fill(null), notes: Array(n).fill(null) });
}

/** Two vendors on a form of `n` status items in one section. */
function manyRows(n: number): ComparisonPage {
  const page = comparisonPage({ organizations: ["甲", "乙"] });
  const template: Template = {
    id: "many",
    version: "1.0.0",
    title: "多い様式",
    language: "ja",
    source: { document: "テスト", edition: "第1版" },
    scales: [{ key: "check", options: [{ value: "implemented", label: "実施済", outcome: "met" }] }],
    sections: [{ key: "all", title: "全項目", items: Array.from({ length: n }, (_, i) => ({ key: `k${i + 1}`, number: String(i + 1), text: `項目${i + 1}`, level: "required" as const, answer: { kind: "status" as const, scale: "check" } })) }],
  };
  const content = (status: string) => ({ templateId: "many", templateVersion: "1.0.0", responses: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i + 1}`, { value: { status } }])) });
  return { ...page, template: { id: "many", title: "多い様式" }, comparison: compareDisclosures([{ template, content: content("implemented") }, { template, content: content("implemented") }], defaultFilters) };
}
