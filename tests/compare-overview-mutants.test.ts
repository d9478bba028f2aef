// The comparison overview (the picture before the rows, issue 19 item 1) counted by hand from a made-up comparison:
// per 章 and vendor, met (分担 counts as met) over met, 実施予定, 未対応 and 未回答; 対象外 and free answers left out;
// the colour step and the percentage each cell prints.
import { describe, expect, it } from "vitest";
import type { CellState, CompareSection } from "../disclosures/compare.js";
import { comparisonOverview, percentText, shareStep } from "../disclosures/compare-overview.js";

const row = (key: string, ...states: CellState[]) => ({
  key,
  number: null,
  text: key,
  level: "required" as const,
  mustHave: false,
  weight: null,
  differs: false,
  gap: false,
  cells: states.map((state) => ({ state, label: state, detail: null, note: null, evidence: [], flags: [] })),
});
const section = (key: string, depth: number, rows: ReturnType<typeof row>[], number: string | null = null): CompareSection => ({ key, number, title: `題${key}`, depth, rows });
const zero = { met: 0, unmet: 0, planned: 0, notApplicable: 0, assigned: 0, answered: 0, unanswered: 0 };

describe("comparisonOverview", () => {
  // Every line of compare-overview.ts 15–37: the 章 of each section, the counts of both vendors, the shares, the
  // 章 without rows left out, the totals per vendor.
  it("counts each 章 (with its sub-sections) and each vendor as the matrix shows them", () => {
    const overview = comparisonOverview({
      order: [0, 1],
      sections: [
        section("s1", 0, [row("a", "met", "unmet"), row("b", "planned", "assigned"), row("c", "notApplicable", "answered")], "1"),
        section("s1-1", 1, [row("d", "unanswered", "met")], "1-1"),
        section("s2", 0, [], "2"),
        section("s3", 0, [row("e", "met", "met")], "3"),
        section("s4", 0, [row("f", "notApplicable", "answered")], "4"),
      ],
    });
    expect(overview.chapters).toEqual([
      {
        key: "s1",
        number: "1",
        title: "題s1",
        cells: [
          // a met, b 実施予定, c 対象外, d 未回答: 1 of 3.
          { met: 1, applicable: 3, share: 1 / 3, counts: { ...zero, met: 1, planned: 1, notApplicable: 1, unanswered: 1 } },
          // a 未対応, b 分担, c 回答あり, d met: 2 of 3.
          { met: 2, applicable: 3, share: 2 / 3, counts: { ...zero, unmet: 1, assigned: 1, answered: 1, met: 1 } },
        ],
      },
      { key: "s3", number: "3", title: "題s3", cells: [0, 1].map(() => ({ met: 1, applicable: 1, share: 1, counts: { ...zero, met: 1 } })) },
      {
        key: "s4",
        number: "4",
        title: "題s4",
        cells: [
          { met: 0, applicable: 0, share: null, counts: { ...zero, notApplicable: 1 } },
          { met: 0, applicable: 0, share: null, counts: { ...zero, answered: 1 } },
        ],
      },
    ]);
    expect(overview.vendors).toEqual([
      { counts: { ...zero, met: 2, planned: 1, notApplicable: 2, unanswered: 1 }, total: 6 },
      { counts: { ...zero, met: 2, unmet: 1, assigned: 1, answered: 2 }, total: 6 },
    ]);
  });

  it("gives rows before the first top-level section a 章 of their own section", () => {
    const overview = comparisonOverview({
      order: [0, 1, 2],
      sections: [section("sub", 1, [row("a", "met", "planned", "unmet")], "0-1"), section("top", 0, [row("b", "unmet", "met", "met")], "1")],
    });
    expect(overview.chapters.map((c) => [c.key, c.cells.map((x) => x.share)])).toEqual([
      ["sub", [1, 0, 0]],
      ["top", [0, 1, 1]],
    ]);
    expect(overview.vendors.map((v) => v.total)).toEqual([2, 2, 2]);
  });

  it("has no 章 and zero totals for a comparison without rows", () => {
    expect(comparisonOverview({ order: [0, 1], sections: [section("s", 0, [])] })).toEqual({ chapters: [], vendors: [{ counts: zero, total: 0 }, { counts: zero, total: 0 }] });
  });
});

describe("shareStep and percentText (the colour and the number each cell prints)", () => {
  it("steps at 100 %, 90 %, 75 % and 50 %, and 0 for nothing applicable", () => {
    const cases: [number | null, number][] = [[null, 0], [1, 5], [0.9999, 4], [0.9, 4], [0.8999, 3], [0.75, 3], [0.7499, 2], [0.5, 2], [0.4999, 1], [0, 1]];
    expect(cases.map(([share]) => shareStep(share))).toEqual(cases.map(([, step]) => step));
  });

  it("prints whole percent rounded down, and — for nothing applicable", () => {
    expect([null, 0, 1 / 3, 2 / 3, 0.999, 1].map(percentText)).toEqual(["—", "0%", "33%", "66%", "99%", "100%"]);
  });
});
