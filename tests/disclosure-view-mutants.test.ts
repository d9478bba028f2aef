// What a reader sees of a published version, beyond the reading-view and summary suites: numbers, groups, 章 of
// nested sections and the form's sub-points on each row; the 章 bars (chapterOutcomes, no test before outside
// the built app); the filters' no-filter case; stored values of the wrong shape (null responses, bare strings in
// the evidence list, a NaN); which URLs become links; a rule's 注8 basis and secondary line; evidence lines of a
// diff. Every expected value is written by hand.
import { describe, expect, it } from "vitest";
import { computeDerived } from "../disclosures/derived.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { answersOf, buildContentView, buildDiffView, chapterOutcomes, derivedView, evidenceView, filterContentView, safeHref } from "../disclosures/disclosure-view.js";
import { registeredScale, scaleRegistry } from "../disclosures/scale-registry.js";
import type { Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

/** tinyTemplate with numbered 章, a group, a sub-section 2-1 holding c3 (with sub-points), and an empty 章. */
function nested(id = "tiny"): Template {
  const t = tinyTemplate();
  t.id = id;
  t.sections[0].number = "1";
  t.sections[1].number = "2";
  t.sections[1].items![0].group = "方針";
  t.sections[1].sections = [
    {
      key: "training",
      number: "2-1",
      title: "教育",
      items: [{ key: "c3", number: "2-1-1", text: "年1回教育している", level: "recommended", answer: { kind: "status", scale: "check" }, checkPoints: ["(a) 対象者", "(b) 内容"] }],
    },
  ];
  t.sections.push({ key: "empty", title: "空の章", items: [] });
  return t;
}
const content = (responses: Record<string, unknown> | null): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses: responses as Record<string, ItemResponse> });
const answered = content({ name: { value: "テスト医療クラウド" }, c1: { value: { status: "implemented" } }, c2: { value: { status: "notApplicable", reason: "該当業務なし" } } });

describe("rows and sections of the reading view", () => {
  // disclosure-view.ts 166:13, 169:12, 225:15 (`?? null` → `&& null`: numbers and groups lost), 220–222 (the 章 of a
  // sub-section: its top-level section's key, not its own or none).
  it("keeps numbers and groups, and gives a sub-section the 章 it sits in", () => {
    const view = buildContentView(nested(), answered);
    expect(view.sections.map((s) => [s.key, s.number, s.depth, s.chapter])).toEqual([
      ["basic", "1", 0, "basic"],
      ["checklist", "2", 0, "checklist"],
      ["training", "2-1", 1, "checklist"],
      ["empty", null, 0, "empty"],
    ]);
    expect(view.sections.flatMap((s) => s.items.map((i) => [i.key, i.number, i.group]))).toEqual([
      ["name", null, null],
      ["compliance", null, null],
      ["c1", "1", "方針"],
      ["c2", "2", null],
      ["c3", "2-1-1", null],
    ]);
  });

  // disclosure-view.ts 176:76, 176:82 (a string in place of no sub-points, on a form that prints them and on one
  // that does not).
  it("shows the form's sub-points only on the forms that print them, and none for an item without", () => {
    const subPoints = (t: Template) => buildContentView(t, answered).sections.flatMap((s) => s.items.map((i) => [i.key, i.subPoints]));
    expect(subPoints(nested())).toEqual([
      ["name", []],
      ["compliance", []],
      ["c1", []],
      ["c2", []],
      ["c3", []],
    ]);
    expect(subPoints(nested("minimum-guideline-checklist"))).toEqual([
      ["name", []],
      ["compliance", []],
      ["c1", []],
      ["c2", []],
      ["c3", ["(a) 対象者", "(b) 内容"]],
    ]);
  });
});

describe("the 章 bars (chapterOutcomes)", () => {
  // disclosure-view.ts 253–260 (no coverage before): counts per 章 including its sub-sections, the derived row left
  // out, an empty 章 dropped.
  it("counts each 章's answerable items by outcome, sub-sections included, and drops a 章 without items", () => {
    const zero = { met: 0, unmet: 0, planned: 0, notApplicable: 0, assigned: 0, answered: 0, unanswered: 0 };
    expect(chapterOutcomes(buildContentView(nested(), answered))).toEqual([
      { key: "basic", number: "1", title: "基本情報", counts: { ...zero, answered: 1 } },
      { key: "checklist", number: "2", title: "チェックリスト", counts: { ...zero, met: 1, notApplicable: 1, unanswered: 1 } },
    ]);
    expect(chapterOutcomes(buildContentView(nested(), content({})))).toEqual([
      { key: "basic", number: "1", title: "基本情報", counts: { ...zero, unanswered: 1 } },
      { key: "checklist", number: "2", title: "チェックリスト", counts: { ...zero, unanswered: 3 } },
    ]);
  });

  // disclosure-view.ts 277:7 (no filter → filtered anyway: the empty 章 would be dropped).
  it("shows every section, empty ones too, when no filter is set", () => {
    const view = buildContentView(nested(), answered);
    const all = filterContentView(view, { outcome: null, chapter: null });
    expect(all.sections).toBe(view.sections);
    expect(all.sections.map((s) => s.key)).toEqual(["basic", "checklist", "training", "empty"]);
    expect(all.shown).toBe(4);
  });
});

describe("stored values of the wrong shape", () => {
  // disclosure-view.ts 110:7 (`hasOwnProperty.call(null, …)` throws when the responses are null), 119 (a null or
  // string response read for its value; a response without a value kept as `undefined`).
  it("reads null responses as nothing answered, and only plain responses with a value as answers", () => {
    const view = buildContentView(nested(), content(null));
    expect([view.itemCount, view.answeredCount]).toEqual([4, 0]);
    expect(answersOf(content({ name: { value: "A社" }, c1: null, c2: "implemented", c3: { note: "確認中" }, list: [{ value: 1 }] }))).toStrictEqual({ name: "A社" });
  });

  // disclosure-view.ts 74:94 (`typeof v === "object"` → true: a string in the list read as an object with no name),
  // 78:30 (`null` shown as 「null」), 82:11 (the catch emptied: a value canonical JSON refuses would vanish).
  it("shows evidence as written: a bare string as its name, a null name as none, what JSON cannot hold as text", () => {
    expect(
      evidenceView(["規程.pdf", { name: null, url: "https://example.jp/a" }, { name: "  ", url: " " }, { name: "手順", url: "javascript:alert(1)" }]),
    ).toEqual([
      { name: "規程.pdf", url: null, href: null },
      { name: null, url: "https://example.jp/a", href: "https://example.jp/a" },
      { name: "手順", url: "javascript:alert(1)", href: null },
    ]);
    expect(evidenceView(NaN)).toEqual([{ name: "NaN", url: null, href: null }]);
    expect(evidenceView(null)).toEqual([]);
  });

  // disclosure-view.ts 89 (the `^https?://` test dropped or unanchored: URLs the parser reads as http anyway) and
  // 91:28 (`url.trim()` → `url`: a trailing full-width space would end up in the link).
  it("links only what starts with http:// or https://, trimmed of any blank", () => {
    expect(safeHref("http:example.jp")).toBeNull();
    expect(safeHref("http:/https://example.jp")).toBeNull();
    expect(safeHref("https://example.jp/a\u3000")).toBe("https://example.jp/a");
    expect(safeHref(" HTTPS://Example.jp/規程 ")).toBe("https://example.jp/%E8%A6%8F%E7%A8%8B");
  });
});

describe("a rule's basis and secondary line", () => {
  // disclosure-view.ts 136, 137 (the basis and the 「…を除くと」 line never shown; a tally has neither).
  it("shows 注8's basis and the 「…を除くと」 line for a 最低限 rule, and neither for a tally or a rule without them", () => {
    const t = tinyTemplate();
    t.scales = [registeredScale("minimumGuideline")!];
    t.sections = [{ key: "minimum", title: "最低限", items: [1, 2].map((n) => ({ key: `g${n}`, number: `${n}`, text: `最低限${n}`, level: "required" as const, answer: { kind: "status" as const, scale: "minimumGuideline" } })) }];
    t.derived = [
      { rule: "allMet", key: "minimum", title: "最低限", labels: { pass: "遵守済", fail: "遵守していない", incomplete: "未回答あり" } },
      { rule: "tally", key: "count", title: "件数" },
    ];
    const results = computeDerived(t, { g1: { status: "implemented" }, g2: { status: "notApplicable", reason: "紙媒体がないため" } });
    const note8 = scaleRegistry.find((s) => s.id === "minimumGuideline")!.basis!;
    expect(derivedView(results.minimum)).toStrictEqual({
      key: "minimum",
      title: "最低限",
      text: "遵守していない",
      state: "fail",
      groups: [],
      basis: { label: "注8による判定", form: note8.form, note: note8.note, text: note8.text },
      secondary: "対象事項無の1項目を除くと、遵守済",
    });
    expect(derivedView(results.count)).toStrictEqual({ key: "count", title: "件数", text: "合計 1/2", state: null, groups: [{ label: "合計", met: 1, total: 2, share: "50.0%" }] });
    const plain = computeDerived(tinyTemplate(), { c1: { status: "implemented" }, c2: { status: "implemented" } });
    expect(derivedView(plain.compliance)).toStrictEqual({ key: "compliance", title: "遵守", text: "遵守済", state: "pass", groups: [] });
  });
});

describe("evidence in the version diff", () => {
  // disclosure-view.ts 308:39 (`.filter(Boolean)` dropped: 「規程 — 」 and 「 — https://…」).
  it("writes a name or a URL alone without a dangling dash", () => {
    const t = tinyTemplate();
    const diff = buildDiffView(t, content({ name: { value: "A社", evidence: [{ name: "規程" }] } }), content({ name: { value: "A社", evidence: [{ url: "https://example.jp/a" }, { name: "手順", url: "https://example.jp/b" }] } }));
    expect(diff.map((d) => d.fields)).toEqual([[{ field: "evidence", label: "根拠資料", before: ["規程"], after: ["https://example.jp/a", "手順 — https://example.jp/b"] }]]);
  });
});
