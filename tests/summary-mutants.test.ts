// What the directory and the comparison read from a stored version's outcome codes on a form whose checklist scale
// has an option the official form lacks (対象外 on the 最低限 checklist, printed as 「実施予定（対象事項無）」 and counted
// so by 注8), beside a scale whose form has 対象外 itself (HISPRO): the directory filter 「全項目実施済」 and the codes
// the comparison shows must give the official verdict. Expected codes and rule keys are written by hand.
import { describe, expect, it } from "vitest";
import { computeDerived } from "../disclosures/derived.js";
import type { DisclosureContent } from "../disclosures/disclosure-content.js";
import { registeredScale } from "../disclosures/scale-registry.js";
import { officialOutcomeCodes, outcomeCodes, passedRules, releaseOf, type OutcomeCode } from "../disclosures/summary.js";
import type { Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

/** Form order: name (text), compliance (derived), g1, g2 (最低限 scale, 必須), h1 (HISPRO scale, 推奨). */
function checklistTemplate(): Template {
  const t = tinyTemplate();
  t.scales = [registeredScale("minimumGuideline")!, registeredScale("hispro")!];
  t.sections[1].items = [
    { key: "g1", number: "1", text: "方針を定めている", level: "required", answer: { kind: "status", scale: "minimumGuideline" } },
    { key: "g2", number: "2", text: "教育を行っている", level: "required", answer: { kind: "status", scale: "minimumGuideline" } },
    { key: "h1", number: "3", text: "監査を受けている", level: "recommended", answer: { kind: "status", scale: "hispro" } },
  ];
  return t;
}

const template = checklistTemplate();
const content = (responses: DisclosureContent["responses"]): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses });

describe("passedRules on a form with an option the official form lacks", () => {
  // summary.ts 104 (`template.scales ?? []` → `&& []`, `[s.key, s]` → `[]`) and 112 (the official reading → true):
  // without the scale the 対象外 would be left out and the rule passed.
  it("does not pass 「全項目実施済」 when a 最低限 item is 対象外 (the form counts it as 実施予定)", () => {
    expect(passedRules(template, "yd" + "mn" + "m")).toEqual([]);
  });

  it("passes it when every 最低限 item is 実施済 and a HISPRO item is 対象外 (that form has 対象外 itself)", () => {
    expect(passedRules(template, "yd" + "mm" + "n")).toEqual(["compliance"]);
  });

  it("agrees with the verdict computed from the answers themselves", () => {
    const answers = {
      g1: { status: "implemented" },
      g2: { status: "notApplicable", reason: "紙媒体がないため" },
      h1: { status: "met" },
    };
    const codes = outcomeCodes(template, content(Object.fromEntries(Object.entries(answers).map(([k, value]) => [k, { value }]))));
    expect(codes.join("")).toBe(".dmnm");
    expect(computeDerived(template, answers).compliance).toMatchObject({ state: "fail" });
    expect(passedRules(template, codes.join(""))).toEqual([]);
  });
});

describe("officialOutcomeCodes (what the comparison and criteria read)", () => {
  // summary.ts 123 (`template.scales ?? []` → `&& []`, `[s.key, s]` → `[]`) and 129 (`code === "n" && … "status"`
  // → false, `"n"` → "", `=== "status"` → `!==`, `"status"` → ""): only the 最低限 item's 対象外 becomes 実施予定.
  it("turns a 最低限 item's 対象外 into 実施予定 and keeps HISPRO's 対象外 and every other code", () => {
    const codes: OutcomeCode[] = ["y", "d", "n", "m", "n"];
    expect(officialOutcomeCodes(template, codes)).toEqual(["y", "d", "p", "m", "n"]);
    expect(officialOutcomeCodes(template, [".", "d", "u", "p", "m"])).toEqual([".", "d", "u", "p", "m"]);
  });
});

describe("releaseOf", () => {
  // summary.ts 84 (`responses[key]?.value`): a response entry without a value (a note alone) is no release.
  it("reads 「製品名 バージョン」 from the two fields, trimmed, and null when neither says anything", () => {
    const t = { release: { product: "name", version: "ver" } };
    expect(releaseOf(t, content({ name: { value: "  電子カルテX " }, ver: { value: "3.1" } }))).toBe("電子カルテX 3.1");
    expect(releaseOf(t, content({ name: { note: "後日" }, ver: { value: "  " } }))).toBeNull();
    expect(releaseOf(t, content({ ver: { value: "3.1" } }))).toBe("3.1");
    expect(releaseOf({ release: undefined }, content({ name: { value: "電子カルテX" } }))).toBeNull();
  });
});
