// The pure pieces behind the directory and the comparison: Japanese full-text tokens, version
// summaries, criteria scores and the comparison matrix.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cellText, compareDisclosures, comparing, defaultFilters } from "../disclosures/compare.js";
import { byRank, scoreVendor } from "../disclosures/criteria.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { indexText, matchExpression } from "../disclosures/search-text.js";
import { summarizeVersion } from "../disclosures/summary.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template = tinyTemplate();
const content = (responses: Record<string, ItemResponse>) => ({ templateId: template.id, templateVersion: template.version, responses });

describe("Japanese full-text search", () => {
  // The same FTS5 setup as the migration, in memory.
  const db = new Database(":memory:");
  db.exec("create virtual table t using fts5(body, tokenize = 'unicode61 remove_diacritics 0')");
  const docs = ["通信を暗号化している", "データセンターを三重化", "ISMS認証を取得（ＩＳＯ２７００１）", "暗い部屋"];
  docs.forEach((d, i) => db.prepare("insert into t(rowid, body) values (?, ?)").run(i + 1, indexText(d)));
  const search = (q: string) => {
    const match = matchExpression(q);
    return match ? (db.prepare("select rowid from t where t match ? order by rowid").all(match) as { rowid: number }[]).map((r) => r.rowid) : "no condition";
  };

  it("indexes Japanese as overlapping bigrams and other text as words", () => {
    expect(indexText("暗号化 ISMS")).toBe("暗号 号化 isms");
  });

  it("finds exact substrings of any length, not scattered characters", () => {
    expect(search("暗号化")).toEqual([1]);
    expect(search("暗号")).toEqual([1]);
    expect(search("暗")).toEqual([1, 4]);
    expect(search("号暗")).toEqual([]);
    expect(search("三重化")).toEqual([2]);
  });

  it("normalises width and case and ANDs the terms", () => {
    expect(search("iso27001")).toEqual([3]);
    expect(search("ＩＳＭＳ 認証")).toEqual([3]);
    expect(search("isms 暗号")).toEqual([]);
  });

  it("never lets FTS5 syntax through", () => {
    for (const hostile of ['"', 'body:暗号', "NEAR(暗号 三重)", "暗号 OR 三重", "*", "a AND", "^暗"]) expect(() => search(hostile)).not.toThrow();
    expect(search("暗号 OR 三重")).toEqual([]);
    expect(search("  ")).toBe("no condition");
  });
});

describe("version summaries", () => {
  it("counts coverage over status items that are not 対象外, and one code per item", () => {
    const summary = summarizeVersion(template, content({ name: { value: "A病院" }, c1: { value: { status: "implemented" } }, c2: { value: { status: "notApplicable", reason: "なし" } } }));
    expect(summary).toMatchObject({ requiredApplicable: 1, requiredMet: 1, notApplicable: 1, unanswered: 0, outcomes: "ydmn" });
    const planned = summarizeVersion(template, content({ c1: { value: { status: "planned", month: "2027-01" } } }));
    expect(planned).toMatchObject({ requiredApplicable: 2, requiredMet: 0, planned: 1, unanswered: 2, outcomes: ".dp." });
  });
});

describe("criteria scores", () => {
  const items = [
    { key: "a", level: "required" as const, answer: { kind: "status" as const, scale: "check" } },
    { key: "b", level: "recommended" as const, answer: { kind: "status" as const, scale: "check" } },
    { key: "c", level: "recommended" as const, answer: { kind: "status" as const, scale: "check" } },
  ];
  const codes = (map: Record<string, string>) => (key: string) => (map[key] ?? ".") as never;

  it("counts required and profile must-haves, weighs what is met, and leaves 対象外 and ignored items out", () => {
    expect(scoreVendor(items, codes({ a: "m", b: "u", c: "m" }))).toEqual({ mustTotal: 1, mustMissing: 0, score: 66.7 });
    expect(scoreVendor(items, codes({ a: "m", b: "u", c: "m" }), { b: { mode: "must" }, c: { weight: 3 } })).toEqual({ mustTotal: 2, mustMissing: 1, score: 80 });
    expect(scoreVendor(items, codes({ a: "p", b: "n", c: "m" }), { a: { mode: "ignore" } })).toEqual({ mustTotal: 0, mustMissing: 0, score: 100 });
  });

  it("ranks fewer missing must-haves first, then the higher score", () => {
    const scores = [
      { mustTotal: 2, mustMissing: 1, score: 100 },
      { mustTotal: 2, mustMissing: 0, score: 50 },
      { mustTotal: 2, mustMissing: 0, score: 90 },
      { mustTotal: 2, mustMissing: 0, score: null },
    ];
    expect([...scores].sort(byRank).map((s) => scores.indexOf(s))).toEqual([2, 1, 3, 0]);
  });
});

describe("the comparison matrix", () => {
  const a = content({ name: { value: "A" }, c1: { value: { status: "implemented" }, note: "年1回見直し" }, c2: { value: { status: "implemented" } } });
  const b = content({ name: { value: "B" }, c1: { value: { status: "implemented" } }, c2: { value: { status: "planned", month: "2027-04" } } });
  const rows = (c: ReturnType<typeof compareDisclosures>) => c.sections.flatMap((s) => s.rows.map((r) => [r.key, ...r.cells.map(cellText)]));

  it("gives each cell its state and words, and marks differences and gaps", () => {
    const result = compareDisclosures([{ template, content: a }, { template, content: b }]);
    expect(rows(result)).toEqual([
      ["name", "A", "B"],
      ["compliance", "遵守済（自動判定）", "遵守していない（自動判定）"],
      ["c1", "実施済", "実施済"],
      ["c2", "実施済", "実施予定（実施時期: 2027年4月）"],
    ]);
    const c2 = result.sections[1].rows[1];
    expect(c2).toMatchObject({ differs: true, gap: true });
    expect(result.sections[1].rows[0].cells[0].note).toBe("年1回見直し");
    expect(result.summaries.map((s) => [s.requiredMet, s.requiredApplicable, s.planned])).toEqual([
      [2, 2, 0],
      [1, 2, 1],
    ]);
  });

  it("filters by level, differences, gaps, section and text", () => {
    const inputs = [
      { template, content: a },
      { template, content: b },
    ];
    const keys = (filters: Partial<typeof defaultFilters>) => rows(compareDisclosures(inputs, { ...defaultFilters, ...filters })).map((r) => r[0]);
    expect(keys({ differences: true })).toEqual(["name", "compliance", "c2"]);
    expect(keys({ gaps: true })).toEqual(["c2"]);
    expect(keys({ section: "checklist" })).toEqual(["c1", "c2"]);
    expect(keys({ level: "recommended" })).toEqual([]);
    expect(keys({ q: "見直し" })).toEqual(["c1"]);
    expect(keys({ q: "2027年4月" })).toEqual(["c2"]);
  });

  it("can be computed in steps, pausing after each vendor's column and each section's rows, to the same result", () => {
    const inputs = [
      { template, content: a },
      { template, content: b },
      { template, content: a },
    ];
    const steps = comparing(inputs, { ...defaultFilters, q: "実施" });
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses += 1;
    // Three columns, then the two sections of the tiny form.
    expect(pauses).toBe(5);
    expect(step.value).toEqual(compareDisclosures(inputs, { ...defaultFilters, q: "実施" }));
    expect(rows(step.value)).toEqual([
      ["c1", "実施済", "実施済", "実施済"],
      ["c2", "実施済", "実施予定（実施時期: 2027年4月）", "実施済"],
    ]);
  });
});

describe("the comparison's cells and filters in detail", () => {
  // A nested section under the checklist, a tally and a date-requiring scale, to reach every kind of cell.
  const t = tinyTemplate();
  t.scales!.push(
    { key: "dated", options: [{ value: "done", label: "確認済", outcome: "met", requires: "date" }, { value: "na", label: "対象外", outcome: "notApplicable", requires: "reason" }] },
    { key: "split", options: [{ value: "vendor", label: "事業者", outcome: "assigned" }, { value: "hospital", label: "医療機関", outcome: "assigned" }] },
  );
  t.derived!.push({ rule: "tally", key: "count", title: "集計", scope: "deep" });
  t.sections[1].sections = [
    {
      key: "deep",
      number: "2-1",
      title: "詳細",
      items: [
        { key: "d1", number: "2-1-1", text: "点検日を記録している", level: "recommended", answer: { kind: "status", scale: "dated" } },
        { key: "d2", number: "2-1-2", text: "役割を分担している", level: "none", answer: { kind: "status", scale: "split" } },
        { key: "tally", text: "集計結果", level: "none", answer: { kind: "derived", result: "count" } },
        { key: "ghost", text: "定義のない結果", level: "none", answer: { kind: "derived", result: "nothing" } },
      ],
    },
  ];
  const x = (responses: Record<string, ItemResponse>) => ({ templateId: "tiny", templateVersion: "1.0.0", responses });
  const a = x({ name: { value: "A社", note: "  " }, c1: { value: { status: "implemented" }, evidence: [{ name: "規程", url: "https://example.jp/r" }] }, d1: { value: { status: "done", date: "2026-04-01" } }, d2: { value: { status: "vendor" } } });
  const b = x({ name: { value: "B社" }, c1: { value: { status: "implemented" } }, d1: { value: { status: "na", reason: "設備なし" }, note: "クラウドのみ" }, d2: { value: { status: "hospital" } } });
  const inputs = [
    { template: t, content: a },
    { template: t, content: b },
  ];
  const compare = (filters: Partial<typeof defaultFilters> = {}) => compareDisclosures(inputs, { ...defaultFilters, ...filters });
  const row = (key: string) => compare().sections.flatMap((s) => s.rows).find((r) => r.key === key)!;

  it("gives each kind of cell its state, words and details", () => {
    expect(row("d1").cells.map((c) => [c.state, c.label, c.detail, c.note])).toEqual([
      ["met", "確認済", "日付: 2026年4月1日", null],
      ["notApplicable", "対象外", "理由: 設備なし", "クラウドのみ"],
    ]);
    expect(row("d2").cells.map((c) => [c.state, c.label])).toEqual([
      ["assigned", "事業者"],
      ["assigned", "医療機関"],
    ]);
    expect(row("d2").differs).toBe(true);
    expect(row("tally").cells.map((c) => [c.state, c.label, c.detail])).toEqual([
      // Only 確認済 is met: 事業者 (分担) and 対象外 are not.
      ["answered", "合計 1/2", "自動判定"],
      ["answered", "合計 0/2", "自動判定"],
    ]);
    expect(row("ghost").cells.map((c) => [c.state, c.label])).toEqual([
      ["answered", "未回答"],
      ["answered", "未回答"],
    ]);
    expect(row("name").cells.map((c) => c.note)).toEqual([null, null]);
    expect(row("c1").cells.map((c) => c.evidence)).toEqual([[{ name: "規程", url: "https://example.jp/r", href: "https://example.jp/r" }], []]);
    expect(row("c1")).toMatchObject({ differs: false, gap: false, weight: null, number: "1", level: "required", mustHave: true });
    expect(row("c2")).toMatchObject({ differs: false, gap: true });
    expect(row("name").number).toBeNull();
    expect(cellText({ label: "確認済", detail: null })).toBe("確認済");
  });

  it("filters by section with its sub-sections, keeping the heading of a section whose sub-section has rows", () => {
    const keys = (filters: Partial<typeof defaultFilters>) => compare(filters).sections.map((s) => [s.key, s.depth, s.rows.map((r) => r.key)]);
    expect(keys({ section: "deep" })).toEqual([
      ["checklist", 0, []],
      ["deep", 1, ["d1", "d2", "tally", "ghost"]],
    ]);
    expect(keys({ section: "checklist", q: "点検日" })).toEqual([
      ["checklist", 0, []],
      ["deep", 1, ["d1"]],
    ]);
    // An unknown section is no filter at all.
    expect(compare({ section: "nothing" }).rowCount).toBe(8);
    expect(compare().sectionOptions).toEqual([
      { key: "basic", title: "基本情報", depth: 0 },
      { key: "checklist", title: "チェックリスト", depth: 0 },
      { key: "deep", title: "2-1 詳細", depth: 1 },
    ]);
  });

  it("finds text in item numbers, details and notes, whatever the width, every term", () => {
    const keys = (q: string) => compare({ q }).sections.flatMap((s) => s.rows.map((r) => r.key));
    expect(keys("２－１－２")).toEqual(["d2"]);
    expect(keys("設備なし")).toEqual(["d1"]);
    expect(keys("クラウド")).toEqual(["d1"]);
    expect(keys("クラウド 事業者")).toEqual([]);
    expect(keys("  ")).toHaveLength(8);
    expect(keys("b社")).toEqual(["name"]);
  });

  it("shows an unfinished 遵守 as 未回答, and a chapter made only of sub-sections by its rows", () => {
    const outer = tinyTemplate();
    outer.sections = [{ key: "outer", title: "外側", sections: outer.sections }];
    const result = compareDisclosures([
      { template: outer, content: x({ c1: { value: { status: "implemented" } } }) },
      { template: outer, content: x({ c1: { value: { status: "implemented" } }, c2: { value: { status: "implemented" } } }) },
    ]);
    expect(result.sections.map((s) => [s.key, s.depth, s.rows.length])).toEqual([
      ["outer", 0, 0],
      ["basic", 1, 2],
      ["checklist", 1, 2],
    ]);
    expect(result.sections[1].rows[1].cells.map((c) => [c.state, c.label])).toEqual([
      ["unanswered", "未回答あり"],
      ["met", "遵守済"],
    ]);
  });

  it("shows only the gaps of must-haves, and only rows that differ", () => {
    expect(compare({ gaps: true }).sections.flatMap((s) => s.rows.map((r) => r.key))).toEqual(["c2"]);
    expect(compare({ differences: true }).sections.flatMap((s) => s.rows.map((r) => r.key))).toEqual(["name", "d1", "d2", "tally"]);
    expect(compare({ level: "required" }).sections.flatMap((s) => s.rows.map((r) => r.key))).toEqual(["name", "c1", "c2"]);
  });
});
