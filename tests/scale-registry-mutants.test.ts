// Which scale is the official form's (registeredScaleOf): only the registry's key with exactly its options and fields
// — a copy that differs in any word, symbol, requirement label or field property is a template's own scale, and gets
// neither the official reading (注8's 「実施予定（対象事項無）」) nor its basis. Also the GL 7.0 別紙 rule with a scope.
// Expected values by hand.
import { describe, expect, it } from "vitest";
import { allYesOrNotApplicableRule, officialReadingOf, registeredScale, registeredScaleOf } from "../disclosures/scale-registry.js";
import type { Scale } from "../disclosures/template-schema.js";

const copy = (id: string, change: (scale: Scale) => void): Scale => {
  const scale = registeredScale(id)!;
  change(scale);
  return scale;
};

describe("the registered scale a template's scale is", () => {
  it("is the registry's entry for an exact copy under the registry's key", () => {
    expect(registeredScaleOf(registeredScale("minimumGuideline")!)?.id).toBe("minimumGuideline");
    expect(registeredScaleOf(registeredScale("yesNoWithDates")!)?.id).toBe("yesNoWithDates");
    expect(registeredScaleOf(registeredScale("cyber")!)?.id).toBe("cyber");
    expect(registeredScaleOf(registeredScale("minimumGuideline", "check")!)).toBeUndefined();
  });

  // scale-registry.ts 158 (the shape comparison always true, or `||`: the key alone would do).
  it("is none for a scale under a registry key with other options", () => {
    const fewer = copy("minimumGuideline", (s) => s.options.pop());
    expect(registeredScaleOf(fewer)).toBeUndefined();
    expect(officialReadingOf(fewer, "notApplicable")).toBeUndefined();
    expect(officialReadingOf(registeredScale("minimumGuideline")!, "notApplicable")).toEqual({ label: "実施予定", remark: "対象事項無", outcome: "planned" });
  });

  // scale-registry.ts 144:63, 144:112 (symbol and requirement label left out of the comparison), 145 (the fields left
  // out, or each field property: label, unit, prefix, placeholder, maxLength, min, max, integer).
  it("is none for a copy with another symbol, requirement label or field", () => {
    expect(registeredScaleOf(copy("cyber", (s) => (s.options[0].symbol = "◯")))).toBeUndefined();
    expect(registeredScaleOf(copy("yesNoWithDates", (s) => (s.options[1].requiresLabel = "期限")))).toBeUndefined();
    expect(registeredScaleOf(copy("yesNoWithDates", (s) => s.fields!.push({ key: "note", type: "text" })))).toBeUndefined();
    const field = (extra: Partial<NonNullable<Scale["fields"]>[number]>) => copy("yesNoWithDates", (s) => Object.assign(s.fields![0], extra));
    expect(registeredScaleOf(field({ label: "点検日" }))).toBeUndefined();
    for (const extra of [{ unit: "日" }, { prefix: "毎年" }, { placeholder: "2026-04-01" }, { maxLength: 10 }, { min: 1 }, { max: 9 }, { integer: true }]) {
      expect(registeredScaleOf(field(extra)), JSON.stringify(extra)).toBeUndefined();
    }
    expect(registeredScaleOf(copy("yesNoWithDates", () => undefined))?.id).toBe("yesNoWithDates");
  });

  // scale-registry.ts 173:7 (no scale: `undefined.key` throws).
  it("reads an answer on an unknown scale as the form's own option", () => {
    expect(officialReadingOf(undefined, "notApplicable")).toBeUndefined();
  });
});

describe("the GL 7.0 別紙 rule", () => {
  // scale-registry.ts 193:17 (no coverage before: the scope dropped).
  it("keeps its scope, and has none without one", () => {
    expect(allYesOrNotApplicableRule("betsushi", "appendix")).toMatchObject({ rule: "allMet", key: "betsushi", scope: "appendix" });
    expect(allYesOrNotApplicableRule("all")).not.toHaveProperty("scope");
  });
});
