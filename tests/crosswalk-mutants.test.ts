// Editions side by side, beyond tests/crosswalk.test.ts: similarity at its edges, the thresholds at exactly 0.5
// and 0.75, ties and items that share a number, unnumbered and derived items, an administrator's corrections
// (applyCrosswalkDecisions, no test before), and answers moved to a new edition whose scale has other values,
// labels and outcomes (statusOnScale), other kinds, stricter rules, notes only, a crosswalk with unknown keys.
// Every expected value is written by hand.
import { describe, expect, it } from "vitest";
import { applyCrosswalkDecisions, carryOver, checkCrosswalk, onEdition, proposeCrosswalk, textSimilarity, type Crosswalk, type CrosswalkMatch } from "../disclosures/crosswalk.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import type { Item, Scale, Template } from "../disclosures/template-schema.js";

const checkScale: Scale = {
  key: "check",
  options: [
    { value: "yes", label: "はい", outcome: "met" },
    { value: "no", label: "いいえ", outcome: "unmet" },
  ],
};

function form(version: string, items: Item[], extra: Partial<Template> = {}): Template {
  return { id: "cw", version, title: "対応表の試験", language: "ja", source: { document: "試験用様式", edition: version }, scales: [checkScale], sections: [{ key: "main", title: "本文", items }], ...extra };
}
const status = (key: string, number: string | undefined, text: string, scale = "check"): Item => ({ key, ...(number ? { number } : {}), text, level: "required", answer: { kind: "status", scale } });
const text = (key: string, number: string | undefined, words: string, kind: "text" | "multiline" = "text", maxLength?: number): Item => ({
  key,
  ...(number ? { number } : {}),
  text: words,
  level: "required",
  answer: { kind, ...(maxLength ? { maxLength } : {}) },
});
const derived = (key: string, result: string): Item => ({ key, text: "遵守状況", level: "none", answer: { kind: "derived", result } });
const match = (from: string, to: string, textChanged = false): CrosswalkMatch => ({ from, to, by: "confirmed", similarity: 1, textChanged });

describe("textSimilarity at its edges", () => {
  // crosswalk.ts 46:7 (a one-character text has no bigram: 「あ」 and 「い」 would both be empty, so alike), 47:82 and
  // 47:93 (bigrams counted once each, not with multiplicity), 61:7 (two texts with nothing to compare: 0 / 0).
  it("compares one-character texts, counts repeated bigrams, and calls two texts of punctuation alike", () => {
    expect(textSimilarity("あ", "あ")).toBe(1);
    expect(textSimilarity("あ", "い")).toBe(0);
    expect(textSimilarity("あ", "あい")).toBe(0);
    // ああああ has 「ああ」 three times, ああ once: 2 × 1 / (3 + 1).
    expect(textSimilarity("ああああ", "ああ")).toBe(0.5);
    expect(textSimilarity("", "。、 「」")).toBe(1);
    expect(textSimilarity("", "あい")).toBe(0);
  });
});

describe("the proposed crosswalk at its thresholds", () => {
  // crosswalk.ts 103:22 (`>= NUMBER_MATCH_MIN` → `>`): 「あいう」 and 「あいえ」 share one of two bigrams each, 0.5.
  it("takes items with the same number and exactly half their words alike for the same item", () => {
    const crosswalk = proposeCrosswalk(form("1.0.0", [status("o1", "1", "あいう")]), form("2.0.0", [status("n1", "1", "あいえ")]));
    expect(crosswalk.matches).toEqual([{ from: "o1", to: "n1", by: "number", similarity: 0.5, textChanged: true }]);
  });

  // crosswalk.ts 67:54 (an item without a number: `plain(undefined)` throws), 114:11 (`>= TEXT_MATCH_MIN` → `>`:
  // 3 of 4 bigrams shared is exactly 0.75), 66:30 and 66:41 (the similarity rounded to three places).
  it("takes unnumbered items with three quarters of their words alike, with the similarity rounded", () => {
    const crosswalk = proposeCrosswalk(
      form("1.0.0", [text("o1", undefined, "あいうえお"), text("o2", undefined, "暗号化している")]),
      form("2.0.0", [text("n1", undefined, "あいうえか"), text("n2", undefined, "暗号化していない")]),
    );
    expect(crosswalk.matches).toEqual([
      { from: "o1", to: "n1", by: "text", similarity: 0.75, textChanged: true },
      { from: "o2", to: "n2", by: "text", similarity: 0.769, textChanged: true },
    ]);
    expect(crosswalk.removed).toEqual([]);
    expect(crosswalk.added).toEqual([]);
  });

  // crosswalk.ts 100:18 (a new item already taken offered again), 104 (the candidates not sorted: best first, then
  // form order).
  it("gives each of two items with the same number the most similar new item still free, ties to form order", () => {
    const twice = proposeCrosswalk(
      form("1.0.0", [status("o1", "1", "あいうえお"), status("o2", "1", "あいうえおか")]),
      form("2.0.0", [status("n1", "1", "あいうえか"), status("n2", "1", "あいうえお")]),
    );
    // o2 is closer to n2 (8 / 9) than to n1 (6 / 9), but o1 took n2 first.
    expect(twice.matches).toEqual([
      { from: "o2", to: "n1", by: "number", similarity: 0.667, textChanged: true },
      { from: "o1", to: "n2", by: "number", similarity: 1, textChanged: false },
    ]);
    const tie = proposeCrosswalk(form("1.0.0", [status("o1", "1", "あいうえお")]), form("2.0.0", [status("n1", "1", "あいうえか"), status("n2", "1", "あいうえこ")]));
    expect(tie.matches).toEqual([{ from: "o1", to: "n1", by: "number", similarity: 0.75, textChanged: true }]);
    expect(tie.added).toEqual(["n2"]);
  });

  // crosswalk.ts 117 (the text pairs not sorted, or sorted without the similarity or the tie-breaks).
  it("pairs by words the most similar first, ties to the new edition's order and then the old one's", () => {
    const crossed = proposeCrosswalk(
      form("1.0.0", [text("o1", "1", "あいうえお"), text("o2", "2", "あいうえか")]),
      form("2.0.0", [text("n1", "8", "あいうえか"), text("n2", "9", "あいうえお")]),
    );
    expect(crossed.matches).toEqual([
      { from: "o2", to: "n1", by: "text", similarity: 1, textChanged: false },
      { from: "o1", to: "n2", by: "text", similarity: 1, textChanged: false },
    ]);
    const oneOld = proposeCrosswalk(form("1.0.0", [text("o1", undefined, "あいうえお")]), form("2.0.0", [text("n1", undefined, "あいうえか"), text("n2", undefined, "あいうえこ")]));
    expect(oneOld.matches.map((m) => `${m.from}→${m.to}`)).toEqual(["o1→n1"]);
    const oneNew = proposeCrosswalk(form("1.0.0", [text("o1", undefined, "あいうえか"), text("o2", undefined, "あいうえこ")]), form("2.0.0", [text("n1", undefined, "あいうえお")]));
    expect(oneNew.matches.map((m) => `${m.from}→${m.to}`)).toEqual(["o1→n1"]);
    expect(oneNew.removed).toEqual(["o2"]);
  });

  // crosswalk.ts 71 (derived items kept: the two 「遵守状況」 rows would be matched, listed removed or added).
  it("leaves derived items out: each edition computes them by its own rules", () => {
    const crosswalk = proposeCrosswalk(form("1.0.0", [status("o1", "1", "方針"), derived("d1", "r1")]), form("2.0.0", [status("n1", "1", "方針"), derived("d2", "r1")]));
    expect(crosswalk.matches.map((m) => `${m.from}→${m.to}`)).toEqual(["o1→n1"]);
    expect(crosswalk.removed).toEqual([]);
    expect(crosswalk.added).toEqual([]);
  });
});

describe("an administrator's crosswalk", () => {
  const old = form("1.0.0", [status("o1", "1", "方針を定めている"), status("o2", "2", "教育を行っている"), status("o3", "3", "記録を残している"), derived("d1", "r1")]);
  const next = form("2.0.0", [status("n1", "1", "方針を定めている"), status("n2", "2", "教育を実施している"), status("n3", "4", "監査を受けている"), derived("d1", "r1")]);

  // crosswalk.ts 141 and 144 (an unknown old key, a new item used twice: the problem dropped or emptied).
  it("is checked: unknown keys on either side (a derived row is not an answer) and items used twice, each named", () => {
    expect(checkCrosswalk({ matches: [match("zz", "n1"), match("o1", "n2"), match("o2", "n2"), match("o3", "d1")] }, old, next)).toEqual([
      { key: "zz", message: "旧版に項目「zz」がありません" },
      { key: "n2", message: "新版の項目「n2」に複数の項目が対応づけられています" },
      { key: "d1", message: "新版に項目「d1」がありません" },
    ]);
  });

  // crosswalk.ts 162–183 (no coverage before): rejections (one the proposal never made), own pairs with their
  // similarity, `textChanged` and basis, the new order (unknown keys last), and what is removed and added.
  it("applies rejections and own pairs: similarity and changed words computed, new order kept, removed and added follow", () => {
    const proposal = proposeCrosswalk(old, next);
    // 教育を行っている / 教育を実施している: 4 shared bigrams of 7 and 8, 8 / 15.
    expect(proposal.matches).toEqual([
      { from: "o1", to: "n1", by: "number", similarity: 1, textChanged: false },
      { from: "o2", to: "n2", by: "number", similarity: 0.533, textChanged: true },
    ]);
    const corrected = applyCrosswalkDecisions(
      proposal,
      {
        rejected: [
          { from: "o2", to: "n2" },
          { from: "o3", to: "n1" },
        ],
        paired: [
          { from: "o2", to: "n9" },
          { from: "o3", to: "n3" },
        ],
      },
      old,
      next,
    );
    const expected: Crosswalk = {
      templateId: "cw",
      fromVersion: "1.0.0",
      toVersion: "2.0.0",
      matches: [
        { from: "o1", to: "n1", by: "number", similarity: 1, textChanged: false },
        // 記録を残している / 監査を受けている: てい and いる shared, 4 / 14.
        { from: "o3", to: "n3", by: "confirmed", similarity: 0.286, textChanged: true },
        { from: "o2", to: "n9", by: "confirmed", similarity: 0, textChanged: true },
      ],
      removed: [],
      added: ["n2"],
    };
    expect(corrected).toEqual(expected);

    const repaired = applyCrosswalkDecisions(proposal, { rejected: [{ from: "o1", to: "n1" }, { from: "o2", to: "n2" }], paired: [{ from: "o1", to: "n1" }] }, old, next);
    expect(repaired.matches).toEqual([{ from: "o1", to: "n1", by: "confirmed", similarity: 1, textChanged: false }]);
    expect(repaired.removed).toEqual(["o2", "o3"]);
    expect(repaired.added).toEqual(["n2", "n3"]);
  });
});

describe("answers moved to an edition with another scale", () => {
  // The status items sit on the second scale of each edition (the first, 「other」, has none of their values).
  const otherScale: Scale = { key: "other", options: [{ value: "x", label: "エックス", outcome: "met" }, { value: "z", label: "ゼット", outcome: "unmet" }] };
  const oldCheck: Scale = {
    key: "check",
    options: [
      { value: "yes", label: "はい", outcome: "met" },
      { value: "ok", label: "実施済", outcome: "met" },
      { value: "no", label: "未実施", outcome: "unmet" },
      { value: "part", label: "一部", outcome: "planned" },
      { value: "na", label: "対象外", outcome: "notApplicable" },
    ],
  };
  const newCheck: Scale = {
    key: "check",
    options: [
      { value: "yes", label: "はい（実施済）", outcome: "met" },
      { value: "done", label: "実施済", outcome: "met" },
      { value: "notDone", label: "未実施", outcome: "unmet" },
      { value: "part", label: "一部", outcome: "unmet" },
      { value: "later", label: "実施予定", outcome: "planned" },
      { value: "na", label: "対象外", outcome: "notApplicable", requires: "reason" },
    ],
  };
  const oldItems = [
    status("i1", "1", "方針"),
    status("i2", "2", "教育"),
    status("i3", "3", "記録"),
    status("i4", "4", "監査"),
    status("i5", "5", "委託"),
    text("i6", "6", "規程名"),
    text("i7", "7", "手順"),
    status("i8", "8", "点検"),
    text("i9", "9", "窓口"),
    text("i10", "10", "旧項目"),
    text("i11", "11", "略称"),
    derived("d1", "r1"),
  ];
  const old = form("1.0.0", oldItems, { scales: [otherScale, oldCheck], derived: [{ rule: "allMet", key: "r1", title: "遵守", labels: { pass: "遵守", fail: "未遵守", incomplete: "未回答あり" } }] });
  const newItems = [
    ...oldItems.slice(0, 5),
    text("i6", "6", "規程名", "text", 10),
    text("i7", "7", "手順", "multiline"),
    status("i8", "8", "点検"),
    text("i9", "9", "窓口"),
    text("i11", "11", "略称", "text", 3),
    text("n12", "12", "新しい項目"),
    derived("d1", "r1"),
    derived("d2", "r2"),
  ];
  const next = form("2.0.0", newItems, { scales: [otherScale, newCheck] });
  const content: DisclosureContent = {
    templateId: "cw",
    templateVersion: "1.0.0",
    responses: {
      i1: { value: { status: "yes" } },
      i2: { value: { status: "ok" } },
      i3: { value: { status: "part" } },
      i4: { value: { status: "gone" }, note: "旧選択肢" },
      i5: { value: { status: "na" } },
      i6: { value: "規程あり" },
      i7: { value: "複数行の手順", evidence: [{ name: "手順書" }] },
      i8: { note: "確認中" },
      i10: { value: "対応表にない" },
      i11: { value: "長すぎる回答" },
      ghost: { value: "様式にない" },
    } as Record<string, ItemResponse>,
  };
  // Listed against form order, with two pairs whose other side does not exist.
  const crosswalk = { matches: [match("i11", "i11"), match("i9", "i9"), match("zz", "i9"), match("i6", "zz"), ...["i8", "i7", "i6", "i5", "i4", "i3"].map((k) => match(k, k)), match("i2", "i2", true), match("i1", "i1")] };

  // crosswalk.ts 211:46 and 212:42 (the first scale taken instead of the item's), 213:7 (an old value the old scale
  // lacks: `oldOption.value` throws), 214 (the same value is the option only with the same outcome; the same value
  // and outcome wins over an ambiguous outcome), 216 and 217:67 (by label when the outcome is ambiguous), 227:7
  // (a note without a value: `value.status` throws), 229:7 and 233:14 (other kinds carried only when the kind is the
  // same), 246:36 (strict by default), 257 (pairs with an unknown side skipped), 261–265 (only the parts there are
  // kept; nothing stored when nothing moves), 266:9 and 268:11 (a note alone is neither carried nor flagged), 274–278
  // (carried and flagged keys in the new form's order).
  it("maps each answer by value and meaning, then by label; moves notes and evidence; flags what it cannot carry", () => {
    const moved = carryOver(content, old, next, crosswalk);
    expect(moved.content).toStrictEqual({
      templateId: "cw",
      templateVersion: "2.0.0",
      responses: {
        i1: { value: { status: "yes" } },
        i2: { value: { status: "done" } },
        i3: { value: { status: "later" } },
        i4: { note: "旧選択肢" },
        i6: { value: "規程あり" },
        i7: { evidence: [{ name: "手順書" }] },
        i8: { note: "確認中" },
      },
    });
    expect(moved.carried).toEqual(["i1", "i2", "i3", "i6"]);
    expect(moved.review).toEqual([
      { key: "i2", reason: "textChanged" },
      { key: "i4", reason: "answerNotCarried" },
      { key: "i5", reason: "answerNotCarried" },
      { key: "i7", reason: "answerNotCarried" },
      { key: "i11", reason: "answerNotCarried" },
    ]);
    expect(moved.added).toEqual(["n12"]);
    expect(moved.dropped).toEqual(["i10"]);
    expect(carryOver(content, old, next, crosswalk, {})).toStrictEqual(moved);
  });

  // crosswalk.ts 217:67 (`byLabel.length === 1` → true: the first of two options with the same label taken).
  it("does not guess between two options with the same label and meaning", () => {
    const from = form("1.0.0", [status("s", "1", "方針")], { scales: [{ key: "check", options: [{ value: "ok", label: "実施済", outcome: "met" }, { value: "no", label: "未実施", outcome: "unmet" }] }] });
    const to = form("2.0.0", [status("s", "1", "方針")], { scales: [{ key: "check", options: [{ value: "a", label: "実施済", outcome: "met" }, { value: "b", label: "実施済", outcome: "met" }] }] });
    const moved = carryOver({ templateId: "cw", templateVersion: "1.0.0", responses: { s: { value: { status: "ok" } } } }, from, to, { matches: [match("s", "s")] });
    expect(moved.content.responses).toStrictEqual({});
    expect(moved.review).toEqual([{ key: "s", reason: "answerNotCarried" }]);
  });

  // crosswalk.ts 235 (outside strict mode a status keeps its meaning without the new edition's required parts, but
  // any other answer must still fit) and 290 (`onEdition` reads by meaning: `{ strict: false }`).
  it("reads a published version by meaning: a 対象外 without the reason the new edition asks stays 対象外", () => {
    const loose = carryOver(content, old, next, crosswalk, { strict: false });
    expect(loose.content.responses.i5).toStrictEqual({ value: { status: "na" } });
    expect(loose.content.responses.i11).toBeUndefined();
    expect(loose.carried).toEqual(["i1", "i2", "i3", "i5", "i6"]);
    const read = onEdition({ template: old, content }, next, crosswalk);
    expect(read.content.responses).toStrictEqual(loose.content.responses);
    expect(read.template).toBe(next);
  });

  // crosswalk.ts 291 and 293 (the derived rows shown: those whose rule the older edition also has, not every row,
  // not the other derived ones).
  it("shows the matched items and the derived rows whose rule the older edition has too", () => {
    const read = onEdition({ template: old, content }, next, crosswalk);
    expect([...read.edition!.keys].sort()).toEqual(["d1", "i1", "i11", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "zz"]);
    const withoutRules = onEdition({ template: { ...old, derived: undefined }, content }, next, crosswalk);
    expect(withoutRules.edition!.keys.has("d1")).toBe(false);
  });
});
