// The numbers users read: a version's 必須 n/N, 推奨 n/N, 実施予定, 未対応, 対象外, 未回答; the editor's progress;
// derived results; a comparison's per-vendor summaries, scores and ranks under a criteria profile. Every expected
// number below is counted by hand from the fixture (see the comments), never by the code under test.
import { describe, expect, it } from "vitest";
import { compareDisclosures, defaultFilters } from "../disclosures/compare.js";
import type { CriteriaItems } from "../disclosures/criteria.js";
import { computeDerived } from "../disclosures/derived.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { buildContentView, derivedText, derivedView } from "../disclosures/disclosure-view.js";
import { progressOf } from "../disclosures/progress.js";
import { countOutcomes, itemKeyOrder, outcomeCodes, passedRules, releaseOf, summarizeVersion } from "../disclosures/summary.js";
import { summarizeTemplate, summarizeTemplateVersion } from "../disclosures/template-summary.js";
import type { Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

/**
 * The tiny template plus two 推奨 items (c3 on a ○/× scale, c4 on 実施済/実施予定/対象外) and a sub-section with a
 * free-text item of no level. Form order: name, compliance (derived), c1, c2, c3, c4, memo.
 */
function sampleTemplate(version = "1.0.0"): Template {
  const t = tinyTemplate();
  t.version = version;
  t.scales!.push({ key: "mark", options: [{ value: "yes", label: "○", outcome: "met" }, { value: "no", label: "×", outcome: "unmet" }] });
  t.sections[1].items!.push(
    { key: "c3", number: "3", text: "訓練を行っている", level: "recommended", answer: { kind: "status", scale: "mark" } },
    { key: "c4", number: "4", text: "監査を受けている", level: "recommended", answer: { kind: "status", scale: "check" } },
  );
  t.sections[1].sections = [{ key: "extra", number: "2-1", title: "追加", items: [{ key: "memo", text: "補足", level: "none", answer: { kind: "multiline" } }] }];
  return t;
}

const template = sampleTemplate();
const content = (responses: Record<string, ItemResponse>, version = "1.0.0"): DisclosureContent => ({ templateId: "tiny", templateVersion: version, responses });

// Vendor A: everything answered. Codes: name y, compliance d, c1 m, c2 p, c3 m, c4 n, memo y.
const vendorA = content({
  name: { value: "A社" },
  c1: { value: { status: "implemented" } },
  c2: { value: { status: "planned", month: "2027-04" } },
  c3: { value: { status: "yes" } },
  c4: { value: { status: "notApplicable", reason: "監査対象外" } },
  memo: { value: "補足あり" },
});
// Vendor B: gaps. Codes: name ., compliance d, c1 p, c2 m, c3 u, c4 ., memo . (a note alone is not an answer).
const vendorB = content({
  c1: { value: { status: "planned", month: "2027-01" } },
  c2: { value: { status: "implemented" } },
  c3: { value: { status: "no" } },
  memo: { note: "後日記入" },
});

describe("a version's summary (directory numbers)", () => {
  it("counts 必須 and 推奨 over status items that are not 対象外, and 実施予定, 未対応, 対象外, 未回答 over every item", () => {
    // A: 必須 c1 m, c2 p → 1/2; 推奨 c3 m (c4 対象外 left out) → 1/1.
    expect(summarizeVersion(template, vendorA)).toEqual({
      requiredApplicable: 2,
      requiredMet: 1,
      recommendedApplicable: 1,
      recommendedMet: 1,
      planned: 1,
      unmet: 0,
      notApplicable: 1,
      unanswered: 0,
      outcomes: "ydmpmny",
      release: null,
    });
    // B: 必須 c1 p, c2 m → 1/2; 推奨 c3 u, c4 unanswered → 0/2; 未回答 name, c4, memo.
    expect(summarizeVersion(template, vendorB)).toEqual({
      requiredApplicable: 2,
      requiredMet: 1,
      recommendedApplicable: 2,
      recommendedMet: 0,
      planned: 1,
      unmet: 1,
      notApplicable: 0,
      unanswered: 3,
      outcomes: ".dpmu..",
      release: null,
    });
    expect(itemKeyOrder(template)).toEqual(["name", "compliance", "c1", "c2", "c3", "c4", "memo"]);
  });

  it("gives an unknown option and an unanswered status the unanswered code", () => {
    expect(outcomeCodes(template, content({ c1: { value: { status: "done" } }, c2: { note: "確認中" } }))).toEqual([".", "d", ".", ".", ".", ".", "."]);
  });

  it("does not count a met non-status item, nor a status item of no level, as 必須 or 推奨", () => {
    const items = [
      { level: "required" as const, answer: { kind: "text" as const } },
      { level: "none" as const, answer: { kind: "status" as const, scale: "check" } },
      { level: "recommended" as const, answer: { kind: "status" as const, scale: "check" } },
    ];
    const codes = ["m", "m", "n"] as const;
    expect(countOutcomes(items, (_, i) => codes[i])).toEqual({
      requiredApplicable: 0,
      requiredMet: 0,
      recommendedApplicable: 0,
      recommendedMet: 0,
      planned: 0,
      unmet: 0,
      notApplicable: 1,
      unanswered: 0,
    });
  });
});

describe("rules passed, read back from stored outcome codes (the directory's 「全項目が…」 filter)", () => {
  it("passes an allMet rule when every status item in scope is met or 対象外; tallies are not rules to pass", () => {
    const t = sampleTemplate();
    t.derived!.push({ rule: "tally", key: "count", title: "集計" });
    // Codes in form order: name, compliance, c1, c2, c3, c4, memo.
    expect(passedRules(t, "ydmmmn.")).toEqual(["compliance"]);
    expect(passedRules(t, "ydmm.n.")).toEqual([]);
    expect(passedRules(t, "ydmpmny")).toEqual([]);
    expect(passedRules({ ...t, derived: undefined }, "ydmmmmy")).toEqual([]);
  });
});

describe("the editor's progress", () => {
  it("counts answerable items per section subtree, never the derived one", () => {
    expect(progressOf(template, vendorB)).toEqual({
      // name (required) unanswered; c1, c2 required and answered; c3 answered; c4 and memo not.
      overall: { required: 3, requiredAnswered: 2, answered: 3, total: 6 },
      sections: [
        { key: "basic", title: "基本情報", depth: 0, counts: { required: 1, requiredAnswered: 0, answered: 0, total: 1 } },
        { key: "checklist", title: "チェックリスト", depth: 0, counts: { required: 2, requiredAnswered: 2, answered: 3, total: 5 } },
        { key: "extra", title: "追加", depth: 1, counts: { required: 0, requiredAnswered: 0, answered: 0, total: 1 } },
      ],
    });
    expect(progressOf(template, vendorA).overall).toEqual({ required: 3, requiredAnswered: 3, answered: 6, total: 6 });
  });

  it("summarises the template itself: answerable items by level, per section", () => {
    expect(summarizeTemplate(template)).toEqual({
      id: "tiny",
      version: "1.0.0",
      title: "小さな様式",
      itemCount: 6,
      byLevel: { required: 3, recommended: 2, none: 1 },
      sections: [
        { key: "basic", title: "基本情報", itemCount: 1, sections: [] },
        { key: "checklist", title: "チェックリスト", itemCount: 5, sections: [{ key: "extra", title: "追加", itemCount: 1, sections: [] }] },
      ],
    });
  });
});

describe("what `scripts/templates.ts summary` prints per template", () => {
  it("the template's id, version, title and content hash, then its counts", () => {
    const summary = summarizeTemplateVersion(tinyTemplate());
    // sha256 of the fixture's canonical JSON, computed outside the code (Python: sort_keys, no spaces).
    expect(summary).toEqual({
      id: "tiny",
      version: "1.0.0",
      title: "小さな様式",
      contentHash: "35b343f718c93e20885c3cfe128b42e123c39451c772a628c02bc8097bd5ff60",
      itemCount: 3,
      byLevel: { required: 3, recommended: 0, none: 0 },
      sections: [
        { key: "basic", title: "基本情報", itemCount: 1, sections: [] },
        { key: "checklist", title: "チェックリスト", itemCount: 2, sections: [] },
      ],
    });
    expect(Object.keys(summary)).toEqual(["id", "version", "title", "contentHash", "itemCount", "byLevel", "sections"]);
  });

  it("counts a section holding only sub-sections by its sub-sections", () => {
    const t = sampleTemplate();
    t.sections.push({ key: "outer", title: "外側", sections: [{ key: "inner", title: "内側", items: [{ key: "i1", text: "内側の項目", level: "recommended", answer: { kind: "text" } }] }] });
    expect(summarizeTemplate(t).sections[2]).toEqual({ key: "outer", title: "外側", itemCount: 1, sections: [{ key: "inner", title: "内側", itemCount: 1, sections: [] }] });
  });
});

describe("derived results", () => {
  it("「遵守」 counts applicable, met, 対象外 and lists what is not met or unanswered, in form order", () => {
    // A: c1 m, c2 p, c3 m, c4 n.
    expect(computeDerived(template, { c1: { status: "implemented" }, c2: { status: "planned", month: "2027-04" }, c3: { status: "yes" }, c4: { status: "notApplicable", reason: "x" } })).toMatchObject({
      compliance: { rule: "allMet", key: "compliance", title: "遵守", state: "fail", label: "遵守していない", applicable: 3, met: 2, notApplicable: 1, notMet: ["c2"], unanswered: [] },
    });
    expect(computeDerived(template, { c1: { status: "implemented" }, c4: { status: "notApplicable", reason: "x" } }).compliance).toMatchObject({
      rule: "allMet",
      key: "compliance",
      title: "遵守",
      state: "incomplete",
      label: "未回答あり",
      applicable: 3,
      met: 1,
      notApplicable: 1,
      notMet: [],
      unanswered: ["c2", "c3"],
    });
    const pass = computeDerived(template, { c1: { status: "implemented" }, c2: { status: "implemented" }, c3: { status: "yes" }, c4: { status: "implemented" } }).compliance;
    expect(pass).toMatchObject({ state: "pass", label: "遵守済", applicable: 4, met: 4 });
    // 未対応 (×) fails it just as 実施予定 does.
    expect(computeDerived(template, { c1: { status: "implemented" }, c2: { status: "implemented" }, c3: { status: "no" }, c4: { status: "implemented" } }).compliance).toMatchObject({ state: "fail", notMet: ["c3"] });
  });

  /** Items d1, p1, p2 (視点: 発見, 予防, 予防) and two 医療従事者 items without a 視点, in separate sections. */
  const cyber: Template = {
    ...tinyTemplate(),
    scales: [{ key: "mark", options: [{ value: "yes", label: "○", outcome: "met" }, { value: "no", label: "×", outcome: "unmet" }] }],
    derived: [
      { rule: "tally", key: "byView", title: "視点別", scope: "views", groupBy: "perspective" },
      { rule: "tally", key: "staff", title: "医療従事者", scope: "staff" },
    ],
    sections: [
      {
        key: "views",
        title: "経営層",
        items: [
          { key: "d1", text: "検知できる", level: "required", perspective: "detect", answer: { kind: "status", scale: "mark" } },
          { key: "p1", text: "備えている", level: "required", perspective: "prevent", answer: { kind: "status", scale: "mark" } },
          { key: "p2", text: "訓練している", level: "required", perspective: "prevent", answer: { kind: "status", scale: "mark" } },
        ],
      },
      {
        key: "staff",
        title: "医療従事者",
        items: [
          { key: "h1", text: "パスワードを管理している", level: "required", answer: { kind: "status", scale: "mark" } },
          { key: "h2", text: "不審なメールを開かない", level: "required", answer: { kind: "status", scale: "mark" } },
        ],
      },
    ],
  };

  it("tallies ○ per 視点 in 予防, 発見, 是正 order (a 視点 without items too, as the sheet prints it), and in total without a 視点", () => {
    const results = computeDerived(cyber, { d1: { status: "yes" }, p1: { status: "no" }, p2: { status: "yes" }, h1: { status: "yes" }, h2: { status: "no" } });
    expect(results).toEqual({
      byView: {
        rule: "tally",
        key: "byView",
        title: "視点別",
        groups: [
          { perspective: "prevent", label: "予防", met: 1, total: 2 },
          { perspective: "detect", label: "発見", met: 1, total: 1 },
          { perspective: "correct", label: "是正", met: 0, total: 0 },
        ],
      },
      staff: { rule: "tally", key: "staff", title: "医療従事者", groups: [{ label: "合計", met: 1, total: 2 }] },
    });
    expect(derivedText(results.byView)).toBe("予防 1/2、発見 1/1、是正 0/0");
    // 割合 with one decimal, 「-」 where there is nothing to count (the sheet's 「チェックの結果」).
    expect(derivedView(results.byView).groups.map((g) => g.share)).toEqual(["50.0%", "100.0%", "-"]);
    expect(derivedView(results.staff)).toEqual({ key: "staff", title: "医療従事者", text: "合計 1/2", state: null, groups: [{ label: "合計", met: 1, total: 2, share: "50.0%" }] });
    expect(derivedView(computeDerived(template, {}).compliance)).toEqual({ key: "compliance", title: "遵守", text: "未回答あり", state: "incomplete", groups: [] });
  });
});

describe("what a reader sees counted on a version's page", () => {
  it("counts each outcome in the template's own words, zeros included", () => {
    const view = buildContentView(template, vendorA);
    expect(view.itemCount).toBe(6);
    expect(view.answeredCount).toBe(6);
    expect(view.outcomes).toEqual([
      { outcome: "met", label: "実施済・○", count: 2 },
      { outcome: "unmet", label: "×", count: 0 },
      { outcome: "planned", label: "実施予定", count: 1 },
      { outcome: "notApplicable", label: "対象外", count: 1 },
      { outcome: "answered", label: "回答あり", count: 2 },
      { outcome: "unanswered", label: "未回答", count: 0 },
    ]);
    expect(view.derived).toEqual([{ key: "compliance", title: "遵守", text: "遵守していない", state: "fail", groups: [] }]);
    expect(view.chapters).toEqual([
      { key: "basic", number: null, title: "基本情報" },
      { key: "checklist", number: null, title: "チェックリスト" },
    ]);
    const b = buildContentView(template, vendorB);
    expect([b.itemCount, b.answeredCount]).toEqual([6, 3]);
    expect(b.outcomes.map((o) => [o.outcome, o.count])).toEqual([
      ["met", 1],
      ["unmet", 1],
      ["planned", 1],
      ["notApplicable", 0],
      ["answered", 0],
      ["unanswered", 3],
    ]);
  });
});

describe("a comparison's summaries", () => {
  const strip = (c: ReturnType<typeof compareDisclosures>) => c.summaries.map(({ derived, ...numbers }) => numbers);
  const cells = (c: ReturnType<typeof compareDisclosures>) =>
    c.sections.map((s) => [s.key, s.depth, s.rows.map((r) => [r.key, r.mustHave, r.weight, r.gap, r.differs, ...r.cells.map((cell) => cell.state)])]);

  it("without criteria: each vendor's numbers in input order, scored on required items, unranked", () => {
    const result = compareDisclosures([{ template, content: vendorA }, { template, content: vendorB }]);
    expect(result.order).toEqual([0, 1]);
    // Must-haves are the 必須 items name, c1, c2. A misses c2 (実施予定); B misses name and c1.
    // Score: met of applicable status items: A c1, c3 of c1, c2, c3 (c4 対象外) = 66.7; B c2 of c1..c4 = 25.
    expect(strip(result)).toEqual([
      { requiredApplicable: 2, requiredMet: 1, recommendedApplicable: 1, recommendedMet: 1, planned: 1, unmet: 0, notApplicable: 1, unanswered: 0, score: { mustTotal: 3, mustMissing: 1, score: 66.7 }, rank: null },
      { requiredApplicable: 2, requiredMet: 1, recommendedApplicable: 2, recommendedMet: 0, planned: 1, unmet: 1, notApplicable: 0, unanswered: 3, score: { mustTotal: 3, mustMissing: 2, score: 25 }, rank: null },
    ]);
    expect(result.summaries[0].derived).toEqual([{ key: "compliance", title: "遵守", text: "遵守していない", state: "fail", groups: [] }]);
    expect(result.rowCount).toBe(7);
    expect(result.sharedCount).toBe(7);
    expect(result.editions).toEqual({ versions: ["1.0.0"], mixed: false, excludedCount: 0 });
  });

  // c2 ignored; c3 a must-have weighing 3; c4 weighing 2.
  const criteria: CriteriaItems = { c2: { mode: "ignore" }, c3: { mode: "must", weight: 3 }, c4: { weight: 2 } };

  it("with criteria: an ignored item counts nowhere, must-haves and weights score, the best ranks first", () => {
    const result = compareDisclosures([{ template, content: vendorB }, { template, content: vendorA }], defaultFilters, criteria);
    // Summaries stay in input order (B, A); the columns are shown best first.
    expect(result.order).toEqual([1, 0]);
    expect(strip(result)).toEqual([
      // B without c2: 必須 c1 p → 0/1; 推奨 c3 u, c4 unanswered → 0/2; must-haves name, c1, c3 all missing; 0 of 1+3+2 points.
      { requiredApplicable: 1, requiredMet: 0, recommendedApplicable: 2, recommendedMet: 0, planned: 1, unmet: 1, notApplicable: 0, unanswered: 3, score: { mustTotal: 3, mustMissing: 3, score: 0 }, rank: 2 },
      // A without c2 (its 実施予定): 必須 c1 → 1/1; 推奨 c3 → 1/1 (c4 対象外); nothing planned; 1+3 of 1+3 points.
      { requiredApplicable: 1, requiredMet: 1, recommendedApplicable: 1, recommendedMet: 1, planned: 0, unmet: 0, notApplicable: 1, unanswered: 0, score: { mustTotal: 3, mustMissing: 0, score: 100 }, rank: 1 },
    ]);
    expect(result.sharedCount).toBe(7);
    expect(result.rowCount).toBe(6);
    // Rows without c2; columns A, B; [key, must-have, weight, gap, differs, A's state, B's state].
    expect(cells(result)).toEqual([
      ["basic", 0, [["name", true, 1, true, true, "answered", "unanswered"], ["compliance", false, 1, false, false, "unmet", "unmet"]]],
      ["checklist", 0, [["c1", true, 1, true, true, "met", "planned"], ["c3", true, 3, true, true, "met", "unmet"], ["c4", false, 2, false, true, "notApplicable", "unanswered"]]],
      ["extra", 1, [["memo", false, 1, false, true, "answered", "unanswered"]]],
    ]);
  });

  it("shows each cell's words: the scale's label, 実施時期 and 理由, notes, 未回答", () => {
    const result = compareDisclosures([{ template, content: vendorA }, { template, content: vendorB }]);
    const text = result.sections.flatMap((s) => s.rows.map((r) => [r.key, ...r.cells.map((c) => [c.label, c.detail, c.note])]));
    expect(text).toEqual([
      ["name", ["A社", null, null], ["未回答", null, null]],
      ["compliance", ["遵守していない", "自動判定", null], ["遵守していない", "自動判定", null]],
      ["c1", ["実施済", null, null], ["実施予定", "実施時期: 2027年1月", null]],
      ["c2", ["実施予定", "実施時期: 2027年4月", null], ["実施済", null, null]],
      ["c3", ["○", null, null], ["×", null, null]],
      ["c4", ["対象外", "理由: 監査対象外", null], ["未回答", null, null]],
      ["memo", ["補足あり", null, null], ["未回答", null, "後日記入"]],
    ]);
  });

  it("across editions: the newest gives the rows, only shared items are compared and counted", () => {
    // 1.10.0 (newer than 1.9.0, although it sorts first as text) rewords c1 and adds c5.
    const older = sampleTemplate("1.9.0");
    const newer = sampleTemplate("1.10.0");
    newer.sections[1].items![0].text = "方針を定め、周知している";
    newer.sections[1].items!.push({ key: "c5", number: "5", text: "新しい項目", level: "required", answer: { kind: "status", scale: "mark" } });
    const a = content({ ...vendorA.responses, c5: { value: { status: "no" } } }, "1.10.0");
    const result = compareDisclosures([{ template: newer, content: a }, { template: older, content: content(vendorB.responses, "1.9.0") }]);
    expect(result.editions).toEqual({ versions: ["1.9.0", "1.10.0"], mixed: true, excludedCount: 1 });
    expect(result.sharedCount).toBe(7);
    expect(result.sections[1].rows.map((r) => [r.key, r.text])).toEqual([
      ["c1", "方針を定め、周知している"],
      ["c2", "教育を行っている"],
      ["c3", "訓練を行っている"],
      ["c4", "監査を受けている"],
    ]);
    // A's 未対応 on c5 is not counted: the other edition has no c5.
    expect(strip(result)[0]).toMatchObject({ requiredApplicable: 2, unmet: 0, score: { mustTotal: 3, mustMissing: 1, score: 66.7 } });
  });
});

describe("the product release a version is about (per-release forms, MDS)", () => {
  const t = { ...tinyTemplate(), release: { product: "name", version: "version" } };
  const content = (responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId: t.id, templateVersion: t.version, responses });

  it("is 「製品名 バージョン」 from the answers, trimmed; what is missing is left out; null on other forms", () => {
    expect(releaseOf(t, content({ name: { value: " 甲カルテ " }, version: { value: "5.2" } }))).toBe("甲カルテ 5.2");
    expect(releaseOf(t, content({ name: { value: "甲カルテ" } }))).toBe("甲カルテ");
    expect(releaseOf(t, content({ version: { value: { status: "m" } } as unknown as ItemResponse }))).toBeNull();
    expect(releaseOf(tinyTemplate(), content({ name: { value: "甲カルテ" } }))).toBeNull();
    expect(summarizeVersion(t, content({ name: { value: "甲カルテ" }, version: { value: "5.2" } })).release).toBe("甲カルテ 5.2");
  });
});
