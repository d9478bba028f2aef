// Mutation testing of disclosures/workbook/grid.ts (issue 20, docs/mutation.md): column letters both ways (what a
// mapping names and what the import's problems print), cell texts outside the sheet, which merged range a cell
// belongs to, and the column picker's headings. Line numbers are those of grid.ts when the tests were written.
import { describe, expect, it } from "vitest";
import { cellText, columnLetters, columnNumber, describeColumns, mergeIndex, type SheetGrid } from "../disclosures/workbook/grid.js";

function sheet(rows: string[][], extra: Partial<SheetGrid> = {}): SheetGrid {
  return {
    name: "様式",
    state: "visible",
    rowCount: rows.length,
    columnCount: Math.max(0, ...rows.map((r) => r.length)),
    rows,
    merges: [],
    hiddenRows: [],
    hiddenColumns: [],
    ...extra,
  };
}

describe("column letters", () => {
  it("letters to numbers, in either case, up to three letters", () => {
    // Written for: line 32 (`toUpperCase` → `toLowerCase`, `n * 26` → `n / 26`, `+` → `-`, `- 64` → `+ 64`).
    expect(["A", "Z", "AA", "AZ", "ZZ", "AAA", "aa", "xFd"].map(columnNumber)).toEqual([1, 26, 27, 52, 702, 703, 27, 16384]);
  });

  it("numbers to letters, and back", () => {
    // Written for: line 39 (`m > 0` → `>=`, `(m - 1) % 26`, `65 + …`, `Math.floor((m - 1) / 26)`, the order of `+ s`).
    expect([1, 2, 26, 27, 52, 53, 702, 703, 16384].map(columnLetters)).toEqual(["A", "B", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    expect(columnLetters(0)).toBe("");
    for (let n = 1; n <= 1_000; n++) expect(columnNumber(columnLetters(n))).toBe(n);
  });
});

describe("cells", () => {
  it("the text at a row and column, and \"\" outside the sheet", () => {
    // Written for: line 45 (`row - 1`, `column - 1`, `?.` → `.` for a row below the sheet, `?? ""`).
    const s = sheet([
      ["A1", "B1"],
      ["A2", "B2"],
    ]);
    expect([cellText(s, 1, 1), cellText(s, 1, 2), cellText(s, 2, 1), cellText(s, 2, 2)]).toEqual(["A1", "B1", "A2", "B2"]);
    expect([cellText(s, 3, 1), cellText(s, 1, 3), cellText(s, 0, 1), cellText(s, 40, 40)]).toEqual(["", "", "", ""]);
  });

  it("each cell of a merged range, and only those, belongs to it; columns right of the sheet belong to none", () => {
    // Written for: line 51 (`Math.max(columnCount, 1) + 1` → `Math.min` or `- 1`: cells of different rows would share
    // an index), line 53 (`r <= range.bottom`, `c <= range.right` → `<`), line 54 (`column < width` → always or never).
    const range = { top: 2, left: 1, bottom: 3, right: 2 };
    const other = { top: 1, left: 3, bottom: 1, right: 3 };
    const s = sheet(
      [
        ["", "", "x"],
        ["章", "章", "y"],
        ["章", "章", "z"],
      ],
      { merges: [range, other] },
    );
    const at = mergeIndex(s);
    const inside = [
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 2],
    ];
    for (const [r, c] of inside) expect([r, c, at(r, c)]).toEqual([r, c, range]);
    expect(at(1, 3)).toBe(other);
    const outside = [
      [1, 1],
      [1, 2],
      [2, 3],
      [3, 3],
      [4, 1],
      [4, 2],
      [1, 5], // with a width of 4 per row, (1, 5) would land on (2, 1)
      [1, 6],
    ];
    for (const [r, c] of outside) expect([r, c, at(r, c)]).toEqual([r, c, undefined]);
  });

  it("a sheet without values still indexes its ranges", () => {
    // Written for: line 51 (`Math.max(sheet.columnCount, 1)`: a width of 1 would put (1, 1) and (2, 0) together).
    const range = { top: 1, left: 1, bottom: 2, right: 1 };
    const at = mergeIndex(sheet([], { merges: [range] }));
    expect([at(1, 1), at(2, 1), at(1, 2), at(3, 1)]).toEqual([range, range, undefined, undefined]);
  });
});

describe("the column picker", () => {
  it("one entry per column to the last: headings of several rows joined once each, blanks left out, hidden columns marked", () => {
    // Written for: line 61 (`c <= columnCount` → `<`), line 62 (`filter(Boolean)` removed, `join(" / ")`), line 63.
    const s = sheet(
      [
        ["番号", "項目", "", "備考"],
        ["番号", "本文", "", ""],
        ["1", "規程", "x", "メモ"],
      ],
      { hiddenColumns: [4] },
    );
    expect(describeColumns(s, [1, 2])).toEqual([
      { column: "A", heading: "番号", hidden: false },
      { column: "B", heading: "項目 / 本文", hidden: false },
      { column: "C", heading: "", hidden: false },
      { column: "D", heading: "備考", hidden: true },
    ]);
    expect(describeColumns(s, [3]).map((c) => c.heading)).toEqual(["1", "規程", "x", "メモ"]);
  });
});
