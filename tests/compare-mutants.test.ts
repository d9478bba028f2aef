// The comparison (compareDisclosures) on what the main suites leave: a 最低限 checklist 対象外 shown in its cell as the
// official form shows it, section numbers, the search box across fields, and the subset filter's counts when two
// editions are compared. Expected cells and counts are written by hand from the fixtures below.
import { describe, expect, it } from "vitest";
import { compareDisclosures, defaultFilters } from "../disclosures/compare.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { registeredScale } from "../disclosures/scale-registry.js";
import type { Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const content = (t: Template, responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId: t.id, templateVersion: t.version, responses });

/** The tiny template with its checklist on the registered 最低限 scale (g1, g2). */
function minimumTemplate(): Template {
  const t = tinyTemplate();
  t.scales = [registeredScale("minimumGuideline")!];
  t.sections[1].number = "2";
  t.sections[1].items = [
    { key: "g1", number: "1", text: "方針を定めている", level: "required", answer: { kind: "status", scale: "minimumGuideline" } },
    { key: "g2", number: "2", text: "紙媒体を管理している", level: "required", answer: { kind: "status", scale: "minimumGuideline" } },
  ];
  return t;
}

describe("a 最低限 checklist 対象外 in the comparison", () => {
  // compare.ts 156–160 (the reason that repeats 対象事項無 dropped, the remark put first, the details joined by 「、」).
  it("shows 「実施予定（対象事項無、理由: …）」 as the form does, and 対象事項無 once when the reason only repeats it", () => {
    const t = minimumTemplate();
    const a = content(t, { g1: { value: { status: "implemented" } }, g2: { value: { status: "notApplicable", reason: "紙媒体がないため" } } });
    const b = content(t, { g1: { value: { status: "planned", month: "2027-04" } }, g2: { value: { status: "notApplicable", reason: " 対象事項無 " } } });
    const comparison = compareDisclosures([{ template: t, content: a }, { template: t, content: b }], defaultFilters);
    const rows = comparison.sections.flatMap((s) => s.rows);
    const cells = (key: string) => rows.find((r) => r.key === key)!.cells.map((c) => [c.state, c.label, c.detail]);
    expect(cells("g2")).toEqual([
      ["planned", "実施予定", "対象事項無、理由: 紙媒体がないため"],
      ["planned", "実施予定", "対象事項無"],
    ]);
    // compare.ts 157 (`typeof value.reason === "string"` → true): a 対象外 without a reason (published before the
    // reason was required) is shown without one, not a crash.
    const legacy = content(t, { g2: { value: { status: "notApplicable" } } });
    expect(compareDisclosures([{ template: t, content: legacy }, { template: t, content: a }], defaultFilters).sections[1].rows[1].cells.map((c) => c.detail)).toEqual([
      "対象事項無",
      "対象事項無、理由: 紙媒体がないため",
    ]);
    expect(cells("g1")).toEqual([
      ["met", "実施済", null],
      ["planned", "実施予定", "実施時期: 2027年4月"],
    ]);
  });
});

describe("sections and search", () => {
  // compare.ts 247 (`section.number ?? null` → `&& null`): a section keeps its number.
  it("keeps each section's number, null where it has none", () => {
    const t = minimumTemplate();
    const c = content(t, { name: { value: "A社" } });
    const comparison = compareDisclosures([{ template: t, content: c }, { template: t, content: c }], defaultFilters);
    expect(comparison.sections.map((s) => [s.key, s.number])).toEqual([
      ["basic", null],
      ["checklist", "2"],
    ]);
  });

  // compare.ts 240 (`join("\n")` → `join("")`): a term made of the end of the item number and the start of its text
  // is in neither, so it finds nothing.
  it("does not find a term that spans an item's number and its text", () => {
    const t = minimumTemplate();
    const c = content(t, { g1: { value: { status: "implemented" } } });
    const rowsFor = (q: string) => compareDisclosures([{ template: t, content: c }, { template: t, content: c }], { ...defaultFilters, q }).rowCount;
    expect(rowsFor("方針")).toBe(1);
    expect(rowsFor("1方針")).toBe(0);
    expect(rowsFor("ている実施済")).toBe(0);
  });
});

describe("the subset filter across editions", () => {
  // compare.ts 265 (`s.items.filter(shared)` → `s.items`): the count beside a subset is of the items every compared
  // edition has, as its rows will be.
  it("counts only the subset's items that every edition has", () => {
    const v1 = tinyTemplate();
    const v2 = tinyTemplate();
    v2.version = "2.0.0";
    v2.sections[1].items!.push({ key: "c3", number: "3", text: "訓練を行っている", level: "required", answer: { kind: "status", scale: "check" } });
    v2.subsets = [{ key: "core", title: "中核", items: ["c1", "c3"] }];
    const comparison = compareDisclosures(
      [
        { template: v1, content: content(v1, { c1: { value: { status: "implemented" } } }) },
        { template: v2, content: content(v2, { c1: { value: { status: "implemented" } }, c3: { value: { status: "implemented" } } }) },
      ],
      defaultFilters,
    );
    expect(comparison.subsetOptions).toEqual([{ key: "core", title: "中核", count: 1 }]);
    expect(comparison.editions).toEqual({ versions: ["1.0.0", "2.0.0"], mixed: true, excludedCount: 1 });
  });
});
