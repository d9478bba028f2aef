// Derived results on a form whose checklist has an option the official form lacks (対象外 on the 最低限 checklist,
// printed as 「実施予定（対象事項無）」 and counted so by 注8 of the 代行機関 form), beside a HISPRO section whose form has
// 対象外 itself: the verdict, the secondary 「…を除くと」 line, the note a reader sees beside an item, and the template
// page's account of the rule. Every expected value is written by hand from the fixture below.
import { describe, expect, it } from "vitest";
import type { Answers } from "../disclosures/answers.js";
import { computeDerived, officialNotes, officialOutcome, officialReadingOfAnswer, officialRuleOf, unmetNotes } from "../disclosures/derived.js";
import { registeredScale, scaleRegistry } from "../disclosures/scale-registry.js";
import type { AllMetRuleDef, Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const PASS = "遵守済";
const FAIL = "遵守していない";
const labels = { pass: PASS, fail: FAIL, incomplete: "未回答あり" };
const RISK = "医療機関側のリスク評価が必要";
const NOTE_8 = scaleRegistry.find((s) => s.id === "minimumGuideline")!.basis!;

/**
 * Sections: 最低限 (g1, g2, g3 on the registered 最低限 scale), HISPRO (h1, h2 on the registered HISPRO scale, memo).
 * Rules, in this order: a tally over HISPRO, 「最低限」 (scope 最低限), 「全体」 (whole form, with the risk note),
 * 「HISPRO」 (scope HISPRO, with the same note).
 */
function template(): Template {
  const t = tinyTemplate();
  t.scales = [registeredScale("minimumGuideline")!, registeredScale("hispro")!];
  t.sections = [
    {
      key: "minimum",
      title: "最低限",
      items: [1, 2, 3].map((n) => ({ key: `g${n}`, number: `${n}`, text: `最低限${n}`, level: "required" as const, answer: { kind: "status" as const, scale: "minimumGuideline" } })),
    },
    {
      key: "hispro",
      title: "HISPRO",
      items: [
        { key: "h1", number: "4", text: "HISPRO1", level: "recommended", answer: { kind: "status", scale: "hispro" } },
        { key: "h2", number: "5", text: "HISPRO2", level: "recommended", answer: { kind: "status", scale: "hispro" } },
        { key: "memo", text: "補足", level: "none", answer: { kind: "text" } },
      ],
    },
  ];
  t.derived = [
    { rule: "tally", key: "count", title: "件数", scope: "hispro" },
    { rule: "allMet", key: "minimum", title: "最低限", scope: "minimum", labels },
    { rule: "allMet", key: "whole", title: "全体", labels, unmetNote: RISK },
    { rule: "allMet", key: "hisproOnly", title: "HISPRO", scope: "hispro", labels, unmetNote: RISK },
  ];
  return t;
}
const t = template();
const rule = (key: string) => t.derived!.find((r) => r.key === key)! as AllMetRuleDef;
const NA = { status: "notApplicable", reason: "紙媒体がないため" };
const COUNTED = { key: "g2", reading: { label: "実施予定", remark: "対象事項無", outcome: "planned" } };

describe("an 「全項目」 rule over the 最低限 checklist (注8)", () => {
  // derived.ts 85–94 (ruleBasisOf: the loop, the scale lookup, the basis test and the label) and 139–185.
  it("counts a 対象外 as 実施予定: 「遵守していない」 on 注8, and 「遵守済」 leaving it out", () => {
    const answers: Answers = { g1: { status: "implemented" }, g2: NA, g3: { status: "implemented" }, h1: { status: "met" }, h2: NA };
    const results = computeDerived(t, answers);
    expect(results.minimum).toEqual({
      rule: "allMet",
      key: "minimum",
      title: "最低限",
      state: "fail",
      label: FAIL,
      applicable: 3,
      met: 2,
      notApplicable: 0,
      notMet: ["g2"],
      unanswered: [],
      unmetNote: null,
      basis: { ...NOTE_8, label: "注8による判定" },
      countedAsOfficial: [COUNTED],
      excludingOfficial: { count: 1, remark: "対象事項無", state: "pass", label: PASS, text: `対象事項無の1項目を除くと、${PASS}` },
    });
    // The whole form mixes in HISPRO, whose form has 対象外 itself: no 注8 basis, h2 left out, g2 still 実施予定.
    expect(results.whole).toMatchObject({ state: "fail", applicable: 4, met: 3, notApplicable: 1, notMet: ["g2"], basis: null, countedAsOfficial: [COUNTED] });
    expect(results.hisproOnly).toMatchObject({ state: "pass", applicable: 1, met: 1, notApplicable: 1, basis: null, countedAsOfficial: [], excludingOfficial: null });
    expect(results.count).toEqual({ rule: "tally", key: "count", title: "件数", groups: [{ label: "合計", met: 1, total: 2 }] });
  });

  // derived.ts 180 (the items counted as the form shows them left out → every item left out): a real 実施予定 still
  // fails the secondary line.
  it("still says 「遵守していない」 leaving the 対象外 out when another item is 実施予定", () => {
    const results = computeDerived(t, { g1: { status: "planned", month: "2027-04" }, g2: NA, g3: { status: "implemented" } });
    expect(results.minimum).toMatchObject({ state: "fail", notMet: ["g1", "g2"], excludingOfficial: { count: 1, state: "fail", label: FAIL, text: `対象事項無の1項目を除くと、${FAIL}` } });
  });

  it("is 「未回答あり」 leaving the 対象外 out when the others are unanswered", () => {
    const results = computeDerived(t, { g2: NA });
    expect(results.minimum).toMatchObject({ state: "fail", unanswered: ["g1", "g3"], excludingOfficial: { state: "incomplete", label: "未回答あり" } });
  });
});

describe("the notes beside an item", () => {
  // derived.ts 193–194 (only 「全項目」 rules with a note, the tally skipped; the same note once).
  it("gives a rule's note once for an item two rules find unmet, and none for a met item", () => {
    const results = computeDerived(t, { g1: { status: "implemented" }, g2: { status: "implemented" }, g3: { status: "implemented" }, h1: { status: "unmet" }, h2: { status: "met" } });
    expect(results.whole).toMatchObject({ notMet: ["h1"] });
    expect(results.hisproOnly).toMatchObject({ notMet: ["h1"] });
    expect(unmetNotes(results, "h1")).toEqual([RISK]);
    expect(unmetNotes(results, "h2")).toEqual([]);
    expect(unmetNotes(results, "g1")).toEqual([]);
  });

  it("gives the note of the only rule that finds an item unmet", () => {
    const results = computeDerived(t, { g1: { status: "planned", month: "2027-04" } });
    expect(unmetNotes(results, "g1")).toEqual([RISK]);
  });

  // derived.ts 201–206 (officialNotes: the tally skipped, the item found, the basis named or not).
  it("says how the form shows a 対象外 it does not have, naming 注8 where the rule implements it", () => {
    const results = computeDerived(t, { g1: { status: "implemented" }, g2: NA });
    expect(officialNotes(results, "g2")).toEqual(["様式上は「実施予定（対象事項無）」: 注8の判定では実施予定として数えます"]);
    expect(officialNotes(results, "g1")).toEqual([]);
    expect(officialNotes(results, "h1")).toEqual([]);
    const whole = { ...t, derived: [rule("whole")] };
    expect(officialNotes(computeDerived(whole, { g2: NA }), "g2")).toEqual(["様式上は「実施予定（対象事項無）」: 様式の判定では実施予定として数えます"]);
  });
});

describe("officialRuleOf (the template page)", () => {
  // derived.ts 214–227.
  it("names 注8 and how 対象外 is printed and counted, for the rule over the 最低限 checklist only", () => {
    expect(officialRuleOf(t, rule("minimum"))).toEqual({
      basis: { ...NOTE_8, label: "注8による判定" },
      readings: ["「対象外」は様式にない選択肢のため、様式どおり「実施予定（対象事項無）」と印刷し、実施予定として判定します。"],
    });
    expect(officialRuleOf(t, rule("whole"))).toBeNull();
    expect(officialRuleOf(t, rule("hisproOnly"))).toBeNull();
    expect(officialRuleOf(t, t.derived![0])).toBeNull();
  });

  // derived.ts 89–91: two 最低限 sections under one rule share the basis; one item on another scale loses it.
  it("keeps 注8 over several items of the 最低限 scale and drops it when one item is on another scale", () => {
    const two = { ...t, derived: [{ ...rule("minimum"), scope: undefined }] };
    two.sections = [t.sections[0]];
    expect(officialRuleOf(two, two.derived[0])?.basis.note).toBe("注8");
    const mixed = structuredClone(two);
    mixed.sections[0].items![2].answer = { kind: "status", scale: "hispro" };
    expect(officialRuleOf(mixed, mixed.derived![0])).toBeNull();
    const first = structuredClone(two);
    first.sections[0].items![0].answer = { kind: "status", scale: "hispro" };
    expect(officialRuleOf(first, first.derived![0])).toBeNull();
  });
});

describe("officialOutcome and officialReadingOfAnswer (stored codes and single answers)", () => {
  // derived.ts 75–78.
  it("gives 実施予定 for a 最低限 対象外 and leaves every other outcome as it is", () => {
    const [minimum, hispro] = t.scales!;
    expect(officialOutcome(minimum, "notApplicable")).toBe("planned");
    expect(officialOutcome(minimum, "met")).toBe("met");
    expect(officialOutcome(minimum, "planned")).toBe("planned");
    expect(officialOutcome(minimum, "unmet")).toBe("unmet");
    expect(officialOutcome(hispro, "notApplicable")).toBe("notApplicable");
    expect(officialOutcome(undefined, "notApplicable")).toBe("notApplicable");
  });

  // derived.ts 63–67.
  it("reads only a 最低限 対象外 answer as 「実施予定（対象事項無）」", () => {
    const read = (key: string, scale: string, value: unknown) => officialReadingOfAnswer(t, key, scale, { [key]: value } as Answers);
    expect(read("g2", "minimumGuideline", NA)).toEqual(COUNTED.reading);
    expect(read("g2", "minimumGuideline", { status: "implemented" })).toBeUndefined();
    expect(read("g2", "minimumGuideline", undefined)).toBeUndefined();
    expect(read("g2", "minimumGuideline", "notApplicable")).toBeUndefined();
    expect(read("g2", "minimumGuideline", { status: 3 })).toBeUndefined();
    expect(read("h2", "hispro", NA)).toBeUndefined();
    expect(read("x", "retired", NA)).toBeUndefined();
  });
});
