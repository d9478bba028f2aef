// Editions side by side: the proposed crosswalk between two editions of an SDS-shaped form and what a
// vendor's answers become on the new edition. Expectations are written out for the fixture.
import { describe, expect, it } from "vitest";
import { compareDisclosures } from "../disclosures/compare.js";
import { carryOver, checkCrosswalk, onEdition, proposeCrosswalk, textSimilarity } from "../disclosures/crosswalk.js";
import type { DisclosureContent } from "../disclosures/disclosure-content.js";
import type { Template } from "../disclosures/template-schema.js";
import { sdsEditions } from "./helpers/sds-fixture.js";

const { v4, v5 } = sdsEditions();

describe("the proposed crosswalk", () => {
  it("matches by number and similar words first, then by words alone, and lists what is removed and added", () => {
    const crosswalk = proposeCrosswalk(v4, v5);
    expect(crosswalk.matches.map(({ from, to, by, textChanged }) => ({ from, to, by, textChanged }))).toEqual([
      { from: "s1", to: "s1", by: "number", textChanged: false },
      { from: "s2", to: "n12", by: "number", textChanged: true },
      { from: "s5", to: "n22", by: "text", textChanged: true },
      { from: "s3", to: "n31", by: "text", textChanged: false },
    ]);
    expect(crosswalk.removed).toEqual(["s4"]);
    expect(crosswalk.added).toEqual(["n23"]);
    expect({ templateId: crosswalk.templateId, fromVersion: crosswalk.fromVersion, toVersion: crosswalk.toVersion }).toEqual({ templateId: "sds-sample", fromVersion: "4.1.0", toVersion: "5.0.0" });
  });

  it("does not take items with the same number but other words for the same item", () => {
    // v4's 2.2 (（項目文サンプル）SDS-2.2) and v5's 2.2 (不正アクセス…) share a number, not a meaning.
    expect(proposeCrosswalk(v4, v5).matches.find((m) => m.from === "s4")).toBeUndefined();
  });

  it("measures similarity without width, spacing or punctuation", () => {
    expect(textSimilarity("ＢＹＯＤ の実施。", "BYODの実施")).toBe(1);
    // 6 and 7 bigrams, 5 shared. Opposite meanings can look alike: that is why a changed text is always flagged.
    expect(textSimilarity("暗号化している", "暗号化していない")).toBeCloseTo(10 / 13, 3);
    expect(textSimilarity("あいう", "かきく")).toBe(0);
  });

  it("checks an administrator's crosswalk: unknown keys and items used twice", () => {
    const problems = checkCrosswalk({ matches: [{ from: "s1", to: "s1", by: "confirmed", similarity: 1, textChanged: false }, { from: "s1", to: "n99", by: "confirmed", similarity: 0, textChanged: false }] }, v4, v5);
    expect(problems.map((p) => p.message)).toEqual(["新版に項目「n99」がありません", "旧版の項目「s1」が複数の項目に対応づけられています"]);
  });
});

describe("answers carried to the new edition", () => {
  const content: DisclosureContent = {
    templateId: "sds-sample",
    templateVersion: "4.1.0",
    responses: {
      s1: { value: { status: "yes" }, note: "規程あり", evidence: [{ name: "規程", url: "https://example.jp/rule.pdf" }] },
      s2: { value: { status: "no" } },
      s3: { value: { status: "na", reason: "該当なし" } },
      s4: { value: { status: "yes" }, note: "旧2.2" },
      s5: { value: { status: "yes" } },
    },
  };

  it("keeps matched answers on the new scale by meaning, flags changed words, leaves new items unanswered", () => {
    const moved = carryOver(content, v4, v5, proposeCrosswalk(v4, v5));
    expect(moved.content).toEqual({
      templateId: "sds-sample",
      templateVersion: "5.0.0",
      responses: {
        s1: { value: { status: "done" }, note: "規程あり", evidence: [{ name: "規程", url: "https://example.jp/rule.pdf" }] },
        n12: { value: { status: "notDone" } },
        n22: { value: { status: "done" } },
        n31: { value: { status: "na", reason: "該当なし" } },
      },
    });
    expect(moved.carried).toEqual(["s1", "n12", "n22", "n31"]);
    expect(moved.review).toEqual([{ key: "n12", reason: "textChanged" }, { key: "n22", reason: "textChanged" }]);
    expect(moved.added).toEqual(["n23"]);
    expect(moved.dropped).toEqual(["s4"]);
  });

  it("does not carry an answer the new item cannot hold: only its note moves, and the item is flagged", () => {
    const choice: Template = structuredClone(v5);
    choice.sections[0].items![0].answer = { kind: "choice", multiple: false, options: [{ value: "a", label: "あり" }, { value: "b", label: "なし" }] };
    const moved = carryOver(content, v4, choice, { matches: [{ from: "s1", to: "s1", by: "confirmed", similarity: 1, textChanged: false }] });
    expect(moved.content.responses).toEqual({ s1: { note: "規程あり", evidence: [{ name: "規程", url: "https://example.jp/rule.pdf" }] } });
    expect(moved.review).toEqual([{ key: "s1", reason: "answerNotCarried" }]);
    expect(moved.carried).toEqual([]);
  });

  it("does not guess between two options with the same meaning", () => {
    const twoMet: Template = structuredClone(v5);
    twoMet.scales![0].options.push({ value: "partly", label: "一部実施", outcome: "met" });
    const moved = carryOver(content, v4, twoMet, { matches: [{ from: "s1", to: "s1", by: "confirmed", similarity: 1, textChanged: false }] });
    expect(moved.content.responses.s1.value).toBeUndefined();
    expect(moved.review).toEqual([{ key: "s1", reason: "answerNotCarried" }]);
  });
});

describe("a comparison across editions", () => {
  it("compares a Ver.4.1 vendor with a Ver.5.0 vendor on the matched items, renumbered or reworded, in the new words", () => {
    const old = { template: v4, content: { templateId: "sds-sample", templateVersion: "4.1.0", responses: { s1: { value: { status: "yes" } }, s2: { value: { status: "no" } }, s3: { value: { status: "yes" } }, s5: { value: { status: "na", reason: "無線なし" } } } } };
    const current = { template: v5, content: { templateId: "sds-sample", templateVersion: "5.0.0", responses: { s1: { value: { status: "done" } }, n12: { value: { status: "done" } }, n22: { value: { status: "notDone" } }, n23: { value: { status: "done" } }, n31: { value: { status: "planned", month: "2027-04" } } } } };
    const comparison = compareDisclosures([onEdition(old, v5, proposeCrosswalk(v4, v5)), current]);
    const rows = comparison.sections.flatMap((s) => s.rows.map((r) => [r.number, ...r.cells.map((c) => c.label)]));
    expect(rows).toEqual([
      ["1.1", "実施している", "実施している"],
      ["1.2", "実施していない", "実施している"],
      ["2.2", "対象外", "実施していない"],
      ["3.1", "実施している", "実施予定"],
    ]);
    expect(comparison.editions).toEqual({ versions: ["4.1.0", "5.0.0"], mixed: true, excludedCount: 1 });
  });
});
