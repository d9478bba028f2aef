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
