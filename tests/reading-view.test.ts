// What a reader sees of a published version: every answer in words, outcomes in the form's own words,
// the page's filters (?outcome=…&chapter=…), and evidence links only for http(s) URLs. Stored content is
// trusted for nothing: a value of the wrong shape is shown as text, never hidden and never a link.
import { describe, expect, it } from "vitest";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { buildContentView, evidenceView, filterContentView, readingFiltersOf, safeHref } from "../disclosures/disclosure-view.js";
import type { Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const content = (responses: Record<string, unknown>): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses: responses as Record<string, ItemResponse> });

/** tinyTemplate with a sub-section under the checklist holding a 予防 item with a group and check points. */
function viewTemplate(id = "tiny"): Template {
  const t = tinyTemplate();
  t.id = id;
  t.sections[1].number = "2";
  t.sections[1].sections = [
    {
      key: "sub",
      title: "小項目",
      items: [{ key: "c3", number: "2-1", group: "教育", text: "訓練を行っている", level: "recommended", perspective: "prevent", checkPoints: ["(a) 年1回以上"], answer: { kind: "status", scale: "check" } }],
    },
  ];
  return t;
}

describe("evidence", () => {
  it("links only well-formed http(s) URLs", () => {
    expect(safeHref("https://example.jp/規程 第3条")).toBe("https://example.jp/%E8%A6%8F%E7%A8%8B%20%E7%AC%AC3%E6%9D%A1");
    expect(safeHref(" HTTP://Example.JP/a ")).toBe("http://example.jp/a");
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "ftp://example.jp/", "https://", "example.jp", " ", "", null]) expect(safeHref(bad), String(bad)).toBeNull();
  });

  it("shows every row that says something, as text, whatever its shape", () => {
    expect(evidenceView(undefined)).toEqual([]);
    expect(evidenceView(null)).toEqual([]);
    expect(evidenceView("規程集")).toEqual([{ name: "規程集", url: null, href: null }]);
    expect(
      evidenceView([
        { name: "規程", url: "https://example.jp/rule" },
        { url: "javascript:alert(1)" },
        { name: "  ", url: "" },
        "  ",
        42,
        { name: { ja: "規程" } },
      ]),
    ).toEqual([
      { name: "規程", url: "https://example.jp/rule", href: "https://example.jp/rule" },
      { name: null, url: "javascript:alert(1)", href: null },
      { name: "42", url: null, href: null },
      { name: '{"ja":"規程"}', url: null, href: null },
    ]);
  });
});

describe("the items of a version", () => {
  const template = viewTemplate();
  const version = content({
    name: { value: "A社", note: "  ", evidence: [{ name: "登記", url: "https://example.jp/reg" }] },
    c1: { value: { status: "planned", month: "2027-03" }, note: 7 },
    c2: { value: { status: "done" } },
    c3: { value: { status: "notApplicable", reason: "対象者なし" }, note: "備考あり" },
  });
  const view = buildContentView(template, version);
  const items = view.sections.flatMap((s) => s.items);

  it("lays out sections depth-first with their chapter, and each item in words", () => {
    expect(view.sections.map((s) => [s.key, s.number, s.title, s.depth, s.chapter, s.items.map((i) => i.key)])).toEqual([
      ["basic", null, "基本情報", 0, "basic", ["name", "compliance"]],
      ["checklist", "2", "チェックリスト", 0, "checklist", ["c1", "c2"]],
      ["sub", null, "小項目", 1, "checklist", ["c3"]],
    ]);
    expect(items.map((i) => [i.key, i.answer, i.outcome, i.note, i.derived])).toEqual([
      ["name", "A社", "answered", null, false],
      ["compliance", "遵守していない", "unmet", null, true],
      ["c1", "実施予定（実施時期: 2027年3月）", "planned", "7", false],
      // An option the scale does not have is shown as it is, and counted as answered.
      ["c2", "done", "answered", null, false],
      ["c3", "対象外（理由: 対象者なし）", "notApplicable", "備考あり", false],
    ]);
    expect(items[0].evidence).toEqual([{ name: "登記", url: "https://example.jp/reg", href: "https://example.jp/reg" }]);
    expect(items[4]).toMatchObject({ number: "2-1", level: "recommended", perspective: "予防", group: "教育", text: "訓練を行っている", subPoints: [] });
    expect(items[0]).toMatchObject({ number: null, perspective: null, group: null });
    expect([view.itemCount, view.answeredCount]).toEqual([4, 4]);
  });

  it("prints check points under the items only on the forms whose PDF does", () => {
    const agencyLike = buildContentView(viewTemplate("agency-disclosure"), { ...version, templateId: "agency-disclosure" });
    expect(agencyLike.sections[2].items[0].subPoints).toEqual(["(a) 年1回以上"]);
    const checklist = buildContentView(viewTemplate("minimum-guideline-checklist"), version);
    expect(checklist.sections[2].items[0].subPoints).toEqual(["(a) 年1回以上"]);
  });

  it("shows the derived item as met, unmet or unanswered, never counted as an item", () => {
    const outcome = (responses: Record<string, unknown>) => buildContentView(template, content(responses)).sections[0].items[1];
    const all = { c1: { value: { status: "implemented" } }, c2: { value: { status: "implemented" } }, c3: { value: { status: "implemented" } } };
    expect(outcome(all)).toMatchObject({ answer: "遵守済", outcome: "met", derived: true });
    expect(outcome({ ...all, c3: { value: { status: "planned", month: "2027-01" } } })).toMatchObject({ answer: "遵守していない", outcome: "unmet" });
    expect(outcome({ c1: all.c1 })).toMatchObject({ answer: "未回答あり", outcome: "unanswered" });
    expect(buildContentView(template, content(all)).itemCount).toBe(4);
  });

  it("shows a tally in words, as answered, and a result the template does not define as unanswered", () => {
    const t = viewTemplate();
    t.derived!.push({ rule: "tally", key: "count", title: "集計", scope: "checklist" });
    t.sections[0].items!.push({ key: "tally", text: "集計結果", level: "none", answer: { kind: "derived", result: "count" } }, { key: "ghost", text: "未定義", level: "none", answer: { kind: "derived", result: "nothing" } });
    const items = buildContentView(t, content({ c1: { value: { status: "implemented" } } })).sections[0].items;
    expect(items.slice(2).map((i) => [i.key, i.answer, i.outcome])).toEqual([
      ["tally", "合計 1/3", "answered"],
      ["ghost", null, "unanswered"],
    ]);
  });

  it("counts outcomes in the form's words; an outcome no scale gives is counted, not hidden", () => {
    expect(view.outcomes).toEqual([
      { outcome: "met", label: "実施済", count: 0 },
      { outcome: "planned", label: "実施予定", count: 1 },
      { outcome: "notApplicable", label: "対象外", count: 1 },
      { outcome: "answered", label: "回答あり", count: 2 },
      { outcome: "unanswered", label: "未回答", count: 0 },
    ]);
    // Without free-text items, 回答あり appears only when a hand-edited value needs it.
    const statusOnly = viewTemplate();
    statusOnly.sections[0].items = statusOnly.sections[0].items!.filter((i) => i.key !== "name");
    expect(buildContentView(statusOnly, content({})).outcomes.map((o) => o.outcome)).toEqual(["met", "planned", "notApplicable", "unanswered"]);
    expect(buildContentView(statusOnly, content({ c2: { value: { status: "done" } } })).outcomes).toContainEqual({ outcome: "answered", label: "回答あり", count: 1 });
  });

  it("names an outcome shared by several scales with each label once, and 役割分担 as 分担", () => {
    const t = viewTemplate();
    t.scales!.push(
      { key: "again", options: [{ value: "ok", label: "実施済", outcome: "met" }, { value: "yes", label: "○", outcome: "met" }] },
      { key: "split", options: [{ value: "vendor", label: "事業者", outcome: "assigned" }, { value: "hospital", label: "医療機関", outcome: "assigned" }] },
    );
    t.sections[0].items!.push({ key: "x1", text: "x1", level: "none", answer: { kind: "status", scale: "again" } }, { key: "x2", text: "x2", level: "none", answer: { kind: "status", scale: "split" } });
    const outcomes = buildContentView(t, content({ x2: { value: { status: "vendor" } } })).outcomes;
    expect(outcomes.slice(0, 2)).toEqual([
      { outcome: "met", label: "実施済・○", count: 0 },
      { outcome: "planned", label: "実施予定", count: 0 },
    ]);
    expect(outcomes).toContainEqual({ outcome: "assigned", label: "分担", count: 1 });
  });
});

describe("the page's filters", () => {
  const template = viewTemplate();
  const view = buildContentView(
    template,
    content({ name: { value: "A社" }, c1: { value: { status: "planned", month: "2027-03" } }, c3: { value: { status: "planned", month: "2027-04" } } }),
  );
  const keys = (r: ReturnType<typeof filterContentView>) => [r.sections.map((s) => [s.key, s.items.map((i) => i.key)]), r.shown];

  it("reads ?outcome= and ?chapter=, ignoring values the page does not have", () => {
    expect(readingFiltersOf(new URLSearchParams("outcome=planned&chapter=checklist"), view)).toEqual({ outcome: "planned", chapter: "checklist" });
    expect(readingFiltersOf(new URLSearchParams("outcome=bogus&chapter=sub"), view)).toEqual({ outcome: null, chapter: null });
    expect(readingFiltersOf(new URLSearchParams("chapter="), view)).toEqual({ outcome: null, chapter: null });
  });

  it("keeps the items with the outcome, in sections that still have items, and counts them", () => {
    expect(keys(filterContentView(view, { outcome: null, chapter: null }))).toEqual([
      [
        ["basic", ["name", "compliance"]],
        ["checklist", ["c1", "c2"]],
        ["sub", ["c3"]],
      ],
      4,
    ]);
    expect(keys(filterContentView(view, { outcome: "planned", chapter: null }))).toEqual([
      [
        ["checklist", ["c1"]],
        ["sub", ["c3"]],
      ],
      2,
    ]);
    // The derived item is never an unanswered item of the filter.
    expect(keys(filterContentView(view, { outcome: "unanswered", chapter: null }))).toEqual([[["checklist", ["c2"]]], 1]);
  });

  it("keeps a chapter with its sub-sections; the derived item is shown but not counted", () => {
    expect(keys(filterContentView(view, { outcome: null, chapter: "checklist" }))).toEqual([
      [
        ["checklist", ["c1", "c2"]],
        ["sub", ["c3"]],
      ],
      3,
    ]);
    expect(keys(filterContentView(view, { outcome: null, chapter: "basic" }))).toEqual([[["basic", ["name", "compliance"]]], 1]);
    expect(keys(filterContentView(view, { outcome: "planned", chapter: "basic" }))).toEqual([[], 0]);
  });
});
