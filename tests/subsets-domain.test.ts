// Subsets of a template's items (GL 7.0's 別紙 of MDS/SDS) and the rule scoped to them: the template checks,
// the derived result and its note for hospitals, the directory's reading of stored codes, the comparison
// limited to the subset and the reader's view. Expectations are written out by hand for the fixture.
import { describe, expect, it } from "vitest";
import { comparisonQuery, describeFilters, parseComparisonParams } from "../app/models/comparison.js";
import { compareDisclosures, defaultFilters } from "../disclosures/compare.js";
import { computeDerived, type AllMetResult } from "../disclosures/derived.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { buildContentView } from "../disclosures/disclosure-view.js";
import { passedRules, summarizeVersion } from "../disclosures/summary.js";
import { TemplateError, validateTemplate } from "../disclosures/template-loader.js";
import type { Template } from "../disclosures/template-schema.js";
import { sdsLikeTemplate } from "./helpers/sds-fixture.js";

const yes: ItemResponse = { value: { status: "yes" } };
const no: ItemResponse = { value: { status: "no" } };
const na: ItemResponse = { value: { status: "na", reason: "該当機能なし" } };
const content = (responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId: "sds-sample", templateVersion: "1.0.0", responses });
const answers = (responses: Record<string, ItemResponse>) => Object.fromEntries(Object.entries(responses).map(([k, r]) => [k, r.value!]));

function problems(template: Template): string[] {
  try {
    validateTemplate(template, "sds-sample@1.0.0.json");
  } catch (error) {
    return (error as TemplateError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe("a template's subsets", () => {
  it("accepts a subset across sections and a rule scoped to it", () => {
    expect(problems(sdsLikeTemplate())).toEqual([]);
  });

  it("refuses unknown and repeated items, a key already used by a section, and a rule scoped to nothing", () => {
    const t = sdsLikeTemplate();
    t.subsets = [
      { key: "betsushi", title: "別紙", items: ["s1", "s9", "s1"] },
      { key: "network", title: "章と同じキー", items: ["s3"] },
    ];
    t.derived![0].scope = "betsushi";
    expect(problems(t)).toEqual([
      'subsets[0].items: unknown item "s9"',
      'subsets[0].items: item "s1" listed twice',
      'subsets[1].key: subset key "network" is already a section or subset key',
    ]);
    t.subsets = [];
    expect(problems(t)).toEqual(['derived[0].scope: unknown section or subset "betsushi"']);
  });
});

describe("GL 7.0's 別紙 rule: every item of the subset はい or 対象外", () => {
  const t = sdsLikeTemplate();

  it("passes with はい and 対象外 in the subset, whatever the items outside it say", () => {
    const result = computeDerived(t, answers({ s1: yes, s2: no, s3: na, s4: yes, s5: no })).betsushiRule;
    expect(result).toMatchObject({ state: "pass", label: "別紙の全項目が「はい」または「対象外」", applicable: 2, met: 2, notApplicable: 1, notMet: [], unanswered: [] });
  });

  it("fails on one いいえ in the subset and names the item, with the note for hospitals", () => {
    const result = computeDerived(t, answers({ s1: yes, s3: no, s4: yes })).betsushiRule;
    expect(result).toMatchObject({ state: "fail", label: "別紙に「いいえ」の項目あり", notMet: ["s3"], unmetNote: "医療機関側のリスク評価が必要" });
  });

  it("is incomplete while a subset item is unanswered", () => {
    expect(computeDerived(t, answers({ s1: yes, s3: yes })).betsushiRule).toMatchObject({ state: "incomplete", unanswered: ["s4"] });
  });

  it("reads the same verdict from the stored outcome codes as from the answers (the directory's filter)", () => {
    const cases: Record<string, ItemResponse>[] = [
      { s1: yes, s2: no, s3: na, s4: yes, s5: no },
      { s1: yes, s3: no, s4: yes },
      { s1: yes, s3: yes },
      { s1: na, s3: na, s4: na },
      {},
    ];
    const passed = cases.map((responses) => passedRules(t, summarizeVersion(t, content(responses)).outcomes));
    expect(passed).toEqual([["betsushiRule"], [], [], ["betsushiRule"], []]);
    const states = cases.map((responses) => (computeDerived(t, answers(responses)).betsushiRule as AllMetResult).state);
    expect(passed.map((keys) => keys.includes("betsushiRule"))).toEqual(states.map((state) => state === "pass"));
  });

  it("marks the いいえ item of the subset on the reader's page, and only that one", () => {
    const view = buildContentView(t, content({ s1: yes, s2: no, s3: no, s4: yes, s5: no }));
    const flags = Object.fromEntries(view.sections.flatMap((s) => s.items).map((i) => [i.key, i.flags]));
    expect(flags).toEqual({ s1: [], s2: [], s3: ["医療機関側のリスク評価が必要"], s4: [], s5: [] });
  });
});

describe("a comparison limited to the subset", () => {
  const t = sdsLikeTemplate();
  const a = { template: t, content: content({ s1: yes, s2: yes, s3: no, s4: yes, s5: yes }) };
  const b = { template: t, content: content({ s1: yes, s2: no, s3: yes, s4: na, s5: no }) };

  it("offers the subset with its item count and shows only its rows", () => {
    const all = compareDisclosures([a, b]);
    expect(all.subsetOptions).toEqual([{ key: "betsushi", title: "別紙 セキュリティ確認事項", count: 3 }]);
    expect(all.rowCount).toBe(5);
    const limited = compareDisclosures([a, b], { ...defaultFilters, subset: "betsushi" });
    expect(limited.sections.flatMap((s) => s.rows.map((r) => r.key))).toEqual(["s1", "s3", "s4"]);
  });

  it("flags the vendor's いいえ in the subset for the hospital, not the いいえ outside it", () => {
    const rows = compareDisclosures([a, b]).sections.flatMap((s) => s.rows);
    const flags = Object.fromEntries(rows.map((r) => [r.key, r.cells.map((c) => c.flags)]));
    expect(flags).toEqual({ s1: [[], []], s2: [[], []], s3: [["医療機関側のリスク評価が必要"], []], s4: [[], []], s5: [[], []] });
  });

  it("shows every item for an unknown subset", () => {
    expect(compareDisclosures([a, b], { ...defaultFilters, subset: "nothing" }).rowCount).toBe(5);
  });
});

describe("the subset in the comparison's URL and its description", () => {
  it("round-trips through the URL, refuses a malformed key, and is named in the exports' conditions", () => {
    const params = parseComparisonParams(new URLSearchParams("d=a&d=b&subset=betsushi"));
    expect(params.filters.subset).toBe("betsushi");
    expect(comparisonQuery(params)).toBe("?d=a&d=b&subset=betsushi");
    expect(parseComparisonParams(new URLSearchParams("d=a&subset=%3Cx%3E")).filters.subset).toBeNull();
    expect(describeFilters(params.filters, null, null, "別紙 セキュリティ確認事項")).toEqual(["表示: すべての項目", "対象: 別紙 セキュリティ確認事項の項目のみ"]);
  });
});
