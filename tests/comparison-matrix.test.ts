// The comparison's matrix built as HTML strings (issue 18): every text a vendor or a template wrote is escaped by
// the one escaping function, links only for checked http(s) hrefs, and the markup the page's CSS and tests rely on.
import { describe, expect, it } from "vitest";
import { matrixSectionHtml } from "../app/utils/comparison-matrix.server.js";
import type { CompareSection } from "../disclosures/compare.js";

const HOSTILE = `<img src=x onerror="alert(1)">&'"\u202Eevil\u0007`;

const section: CompareSection = {
  key: "s1",
  number: "1",
  title: `章 ${HOSTILE}`,
  depth: 0,
  rows: [
    {
      key: "s1.1",
      number: "1-1",
      text: `項目 ${HOSTILE}`,
      level: "recommended",
      mustHave: true,
      weight: 3,
      differs: true,
      gap: true,
      cells: [
        {
          state: "met",
          label: "対応済",
          detail: null,
          note: `備考 ${HOSTILE}`,
          evidence: [
            { name: `規程 ${HOSTILE}`, url: "https://example.jp/a?b=1&c=2", href: "https://example.jp/a?b=1&c=2" },
            { name: null, url: "javascript:alert(1)", href: null },
          ],
          flags: [`フラグ ${HOSTILE}`],
        },
        { state: "planned", label: "実施予定", detail: "2027年4月", note: null, evidence: [], flags: [] },
      ],
    },
    { key: "s1.2", number: null, text: "番号のない項目", level: "none", mustHave: false, weight: null, differs: false, gap: false, cells: [{ state: "unanswered", label: "未回答", detail: null, note: null, evidence: [], flags: [] }] },
  ],
};

describe("matrixSectionHtml", () => {
  const html = matrixSectionHtml(section, 2);

  it("escapes every text and drops control and bidi characters", () => {
    expect(html).not.toMatch(/<img|onerror="|\u202E|\u0007/);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;&quot;evil");
    expect(html.match(/&lt;img/g)).toHaveLength(5); // title, item text, flag, note, evidence name
  });

  it("links evidence only through a checked http(s) href, and shows other URLs as text", () => {
    expect(html).toContain(`<a class="evidence-url" href="https://example.jp/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">https://example.jp/a?b=1&amp;c=2</a>`);
    expect(html).toContain(`<span class="evidence-url evidence-url-unlinked" title="http・https 以外のためリンクにしていません">javascript:alert(1)</span>`);
    expect(html).not.toContain(`href="javascript`);
  });

  it("has the rows, cells, marks and badges the page shows", () => {
    expect(html.startsWith(`<tr class="section-row"><th scope="rowgroup" colspan="3" class="section-depth-0">1 章 `)).toBe(true);
    expect(html).toContain(`<tr class="row-gap" id="item-s1.1"><th scope="row" class="item-col"><span class="item-number">1-1</span> <span class="badge badge-recommended">推奨</span><span class="badge badge-must">必達</span><span class="badge">重み3</span>`);
    expect(html).toContain(`<td class="cell-planned">△ 実施予定（2027年4月）</td>`);
    expect(html).toContain(`<tr id="item-s1.2"><th scope="row" class="item-col"> <span class="cell-detail">番号のない項目</span></th><td class="cell-unanswered">？ 未回答</td></tr>`);
    expect(html.match(/<td /g)).toHaveLength(3);
    expect(html).toContain(`<details class="cell-more"><summary>備考・根拠資料</summary><p class="preserve-lines">備考 `);
  });
});

describe("a cell's 備考 and 根拠資料", () => {
  const cellHtml = (cell: Partial<CompareSection["rows"][number]["cells"][number]>) => {
    const row = { ...section.rows[1], cells: [{ state: "met" as const, label: "対応済", detail: null, note: null, evidence: [], flags: [], ...cell }] };
    const html = matrixSectionHtml({ ...section, rows: [row] }, 1);
    return /<td class="cell-met">(.*)<\/td>/s.exec(html)![1];
  };

  it("shows a one-line note in the cell, escaped", () => {
    expect(cellHtml({ note: `来年度に対応 ${HOSTILE}` })).toBe(`● 対応済<p>備考: 来年度に対応 &lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;&quot;evil</p>`);
  });

  it("folds a note of several lines, or a long one, behind 「備考・根拠資料」", () => {
    expect(cellHtml({ note: "一行目\n二行目" })).toBe(`● 対応済<details class="cell-more"><summary>備考・根拠資料</summary><p class="preserve-lines">一行目\n二行目</p></details>`);
    expect(cellHtml({ note: "あ".repeat(80) })).toContain(`<p>備考: ${"あ".repeat(80)}</p>`);
    expect(cellHtml({ note: "あ".repeat(81) })).toContain(`<details class="cell-more"><summary>備考・根拠資料</summary><p class="preserve-lines">${"あ".repeat(81)}</p></details>`);
  });

  it("shows one document in the cell: its name is the link, and only a checked href links", () => {
    expect(cellHtml({ evidence: [{ name: `規程 ${HOSTILE}`, url: "https://example.jp/a?b=1&c=2", href: "https://example.jp/a?b=1&c=2" }] })).toBe(
      `● 対応済<p>根拠資料: <a href="https://example.jp/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">規程 &lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;&quot;evil</a></p>`,
    );
    expect(cellHtml({ evidence: [{ name: null, url: "https://example.jp/x", href: "https://example.jp/x" }] })).toContain(`根拠資料: <a href="https://example.jp/x" target="_blank" rel="noopener noreferrer nofollow">https://example.jp/x</a></p>`);
    expect(cellHtml({ evidence: [{ name: "手順書", url: null, href: null }] })).toBe(`● 対応済<p>根拠資料: 手順書</p>`);
    const unlinked = cellHtml({ evidence: [{ name: "手順書", url: "javascript:alert(1)", href: null }] });
    expect(unlinked).toBe(`● 対応済<p>根拠資料: 手順書（<span class="evidence-url-unlinked" title="http・https 以外のためリンクにしていません">javascript:alert(1)</span>）</p>`);
    expect(cellHtml({ evidence: [{ name: null, url: "javascript:alert(1)", href: null }] })).not.toContain("<a ");
  });

  it("folds a note with a document, or several documents, and writes no empty list", () => {
    const both = cellHtml({ note: "短い備考", evidence: [{ name: "手順書", url: null, href: null }] });
    expect(both).toBe(`● 対応済<details class="cell-more"><summary>備考・根拠資料</summary><p class="preserve-lines">短い備考</p><ul class="evidence-list"><li><span class="evidence-name">手順書</span></li></ul></details>`);
    const two = cellHtml({ evidence: [{ name: "手順書", url: null, href: null }, { name: "規程", url: null, href: null }] });
    expect(two).toBe(`● 対応済<details class="cell-more"><summary>備考・根拠資料</summary><ul class="evidence-list"><li><span class="evidence-name">手順書</span></li><li><span class="evidence-name">規程</span></li></ul></details>`);
    expect(cellHtml({})).toBe("● 対応済");
  });
});
