// The template page's account of a rule (officialRuleOf) on two more shapes: a 件数 (tally) rule never claims an
// official note, and the 最低限 scale found by its key wherever it stands in the template's list of scales.
import { describe, expect, it } from "vitest";
import { officialRuleOf } from "../disclosures/derived.js";
import { registeredScale } from "../disclosures/scale-registry.js";
import type { Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

/** The checklist section on the registered 最低限 scale, the HISPRO scale listed first. */
function template(): Template {
  const t = tinyTemplate();
  t.scales = [registeredScale("hispro")!, registeredScale("minimumGuideline")!];
  t.sections[1].items = [
    { key: "g1", number: "1", text: "方針を定めている", level: "required", answer: { kind: "status", scale: "minimumGuideline" } },
    { key: "g2", number: "2", text: "教育を行っている", level: "required", answer: { kind: "status", scale: "minimumGuideline" } },
  ];
  t.derived = [
    { rule: "allMet", key: "minimum", title: "最低限", scope: "checklist", labels: { pass: "遵守済", fail: "遵守していない", incomplete: "未回答あり" } },
    { rule: "tally", key: "count", title: "件数", scope: "checklist" },
  ];
  return t;
}

describe("officialRuleOf", () => {
  // derived.ts 221 (`s.key === answer.scale` → true: the first scale of the list read instead of the item's).
  it("reads the options of each item's own scale, not the first scale of the template", () => {
    const t = template();
    expect(officialRuleOf(t, t.derived![0])?.readings).toEqual(["「対象外」は様式にない選択肢のため、様式どおり「実施予定（対象事項無）」と印刷し、実施予定として判定します。"]);
  });

  // derived.ts 215 (`rule.rule !== "allMet"` → false): a tally over the same items counts, it gives no verdict.
  it("gives no official note for a tally over the 最低限 items", () => {
    const t = template();
    expect(officialRuleOf(t, t.derived![1])).toBeNull();
  });
});
