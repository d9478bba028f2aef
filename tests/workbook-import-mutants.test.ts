// Mutation testing of disclosures/workbook/import.ts (issue 20, docs/mutation.md): what an administrator sees when
// a workbook and its mapping become a template — where each problem is (sheet, row, column) and what it says in
// Japanese, which rows are skipped and why, how headings from rows and from columns nest, what each item column
// becomes, the 注記・説明 sheet, and the template loader's problems translated and put back on their rows. The
// grids are written out by hand (the reader is tested in workbook-read*). Line numbers are those of import.ts
// when the tests were written.
import { describe, expect, it } from "vitest";
import { formatProblem, MAPPING_FORMAT, previewImport, type ImportPreview, type MergedRange, type WorkbookGrid } from "../disclosures/workbook/index.js";

type SheetSpec = { name?: string; rows: string[][]; merges?: MergedRange[]; hiddenRows?: number[] };

function sheetOf({ name = "様式", rows, merges = [], hiddenRows = [] }: SheetSpec) {
  const columnCount = Math.max(0, ...rows.map((r) => r.length));
  return {
    name,
    state: "visible" as const,
    rowCount: rows.length,
    columnCount,
    rows: rows.map((r) => [...r, ...Array<string>(columnCount - r.length).fill("")]),
    merges,
    hiddenRows,
    hiddenColumns: [],
  };
}
const book = (...sheets: SheetSpec[]): WorkbookGrid => ({ format: "xlsx", sheets: sheets.map(sheetOf) });

const mapping = (extra: Record<string, unknown> = {}) => ({
  format: MAPPING_FORMAT,
  formatVersion: 1,
  template: { id: "sample-form", version: "1.0.0", title: "サンプル様式", source: { document: "サンプル文書", edition: "第1版" } },
  sheet: "様式",
  headerRows: [1],
  columns: { number: "A", text: "B", level: "C" },
  answer: { default: { kind: "text" } },
  ...extra,
});

const HEAD = ["番号", "項目", "区分"];
const errors = (p: ImportPreview) => p.problems.filter((x) => x.kind === "error").map(formatProblem);
const skipped = (p: ImportPreview) => p.problems.filter((x) => x.kind === "skipped").map(formatProblem);
const items = (p: ImportPreview) => p.template!.sections.flatMap((s) => s.items ?? []);

describe("one line per problem", () => {
  it("sheet, a row or a run of rows, a column; a problem of the mapping alone is its message", () => {
    // Written for: lines 120-125 (each part of `where`, the `lastRow` range, `filter(Boolean)`, `join(" ")`, the
    // bare message when nothing is known).
    expect(formatProblem({ kind: "error", sheet: "様式", row: 12, lastRow: 14, column: "E", message: "本文" })).toBe("シート「様式」 12〜14行目 E列: 本文");
    expect(formatProblem({ kind: "error", sheet: "様式", row: 12, message: "本文" })).toBe("シート「様式」 12行目: 本文");
    expect(formatProblem({ kind: "error", sheet: "様式", column: "E", message: "本文" })).toBe("シート「様式」 E列: 本文");
    expect(formatProblem({ kind: "error", sheet: "", row: 3, message: "本文" })).toBe("3行目: 本文");
    expect(formatProblem({ kind: "error", sheet: "", message: "マッピング: 本文" })).toBe("マッピング: 本文");
  });
});

describe("before any row is read", () => {
  it("an invalid mapping: every problem, with its field, and no mapping", () => {
    // Written for: line 75 (each problem's kind, empty sheet, field and 「マッピング: 」 prefix).
    const preview = previewImport(book({ rows: [HEAD] }), { ...mapping(), sheet: "", headerRows: [] });
    expect(preview).toMatchObject({ template: null, contentHash: null, mapping: null, rowsRead: 0, itemCount: 0, sectionCount: 0 });
    expect(preview.problems).toEqual([
      { kind: "error", sheet: "", field: "sheet", message: "マッピング: シート名（sheet） が空です。" },
      { kind: "error", sheet: "", field: "headerRows", message: "マッピング: 見出し行（headerRows） を1つ以上指定してください。" },
    ]);
  });

  it("a missing sheet in a workbook without sheets; a CSV's one sheet whatever its name", () => {
    // Written for: line 80-81 (`names || "なし"`), line 129 (`grid.format === "csv"` and the first sheet).
    expect(errors(previewImport({ format: "xlsx", sheets: [] }, mapping()))).toEqual(["シート「様式」: シート「様式」がありません（このブックのシート: なし）。"]);
    const csv: WorkbookGrid = { format: "csv", sheets: [sheetOf({ name: "CSV", rows: [HEAD, ["1", "規程", "必須"]] })] };
    expect(items(previewImport(csv, mapping())).map((i) => i.text)).toEqual(["規程"]);
    const xlsx: WorkbookGrid = { format: "xlsx", sheets: [sheetOf({ name: "CSV", rows: [HEAD, ["1", "規程", "必須"]] })] };
    expect(previewImport(xlsx, mapping()).template).toBeNull();
  });

  it("no table under the heading rows, named by their numbers; the rows read counted from the row after the last", () => {
    // Written for: line 84 (`Math.max(...headerRows) + 1`), line 85 (`rowCount - firstRow + 1`, `Math.max(0, …)`),
    // line 86-87 (`rowsRead === 0`, the message joining rows with 「・」).
    const two = previewImport(book({ rows: [HEAD, HEAD] }), mapping({ headerRows: [2, 1] }));
    expect(two.problems).toEqual([{ kind: "error", sheet: "様式", field: "headerRows", message: "見出し行（2・1行目）の下に表がありません。" }]);
    expect(two.rowsRead).toBe(0);
    expect(previewImport(book({ rows: [HEAD] }), mapping({ headerRows: [3] })).rowsRead).toBe(0);
    const read = previewImport(book({ rows: [["様式"], HEAD, ["1", "規程", "必須"], ["2", "記録", "推奨"]] }), mapping({ headerRows: [2] }));
    expect([read.rowsRead, read.itemCount, read.sectionCount, errors(read)]).toEqual([2, 2, 1, []]);
  });

  it("a text column empty below the headings, though it has a heading", () => {
    // Written for: line 92 (`slice(firstRow - 1)`: the heading row's own text does not count; `trim()`).
    const preview = previewImport(book({ rows: [HEAD, ["1", "  ", "必須"]] }), mapping());
    expect(errors(preview)).toEqual(["シート「様式」 B列: 項目文の列（B列）には、見出し行より下に値がありません。列の対応を確かめてください。"]);
    expect(preview.rowsRead).toBe(1);
  });
});

describe("rows skipped, and why", () => {
  it("blank, hidden, only unmapped columns, a repeated heading, a note; runs of the same reason are one line", () => {
    // Written for: lines 160-174 (`own`, `anyOwn` over all cells and over the mapped ones, the hidden set, the notes
    // pattern on the first non-empty cell, the repeated heading compared without blanks), lines 207-222 (runs: same
    // reason and the next row only, `lastRow` only for more than one row, the last run flushed).
    const rows = [
      ["番号", "項 目", "区分", "備考"],
      ["1", "規程", "必須"],
      ["", "", "", ""],
      ["", "", "", ""],
      ["", "", "", "メモだけ"],
      ["2", "隠した行", "必須"],
      ["番号", "項目", "区分"],
      ["", "※ 表の中の注記", ""],
      ["3", "記録", "推奨"],
      ["", "", "", ""],
    ];
    const preview = previewImport(book({ rows, hiddenRows: [6] }), mapping());
    expect(errors(preview)).toEqual([]);
    expect(items(preview).map((i) => i.text)).toEqual(["規程", "記録"]);
    expect(skipped(preview)).toEqual([
      "シート「様式」 3〜4行目: 読み飛ばしました: 空行",
      "シート「様式」 5行目: 読み飛ばしました: 対応付けていない列にだけ値がある行",
      "シート「様式」 6行目: 読み飛ばしました: 非表示の行",
      "シート「様式」 7行目: 読み飛ばしました: 見出し行の繰り返し",
      "シート「様式」 8行目: 読み飛ばしました: 注記（表の外の文）",
      "シート「様式」 10行目: 読み飛ばしました: 空行",
    ]);
    expect(preview.problems.find((p) => p.row === 5)).toEqual({ kind: "skipped", sheet: "様式", row: 5, message: "読み飛ばしました: 対応付けていない列にだけ値がある行" });
  });

  it("the same reason in rows apart is two lines; hidden rows are read when the mapping says so", () => {
    // Written for: line 216 (`run.to === row - 1`), line 153 (`includeHiddenRows`).
    const rows = [HEAD, ["", "", ""], ["1", "規程", "必須"], ["", "", ""], ["2", "記録", "推奨"]];
    expect(skipped(previewImport(book({ rows }), mapping()))).toEqual(["シート「様式」 2行目: 読み飛ばしました: 空行", "シート「様式」 4行目: 読み飛ばしました: 空行"]);
    const hidden = book({ rows, hiddenRows: [3] });
    expect(items(previewImport(hidden, mapping())).map((i) => i.text)).toEqual(["記録"]);
    expect(items(previewImport(hidden, mapping({ includeHiddenRows: true }))).map((i) => i.text)).toEqual(["規程", "記録"]);
  });

  it("with no notes pattern, a 注記-like row inside the table is an item; rows after the last item are notes", () => {
    // Written for: line 154 (`notesPattern === null`), lines 184-186 (after the last item, headings and unreadable
    // rows become notes; rows before it stay what they are).
    const rows = [HEAD, ["1", "※ 注記のような項目", "必須"], ["2", "記録", "推奨"], ["", "", "", "", "欄外"], ["第9章", "", ""], ["", "", "", "", "欄外"]];
    const m = mapping({ notesPattern: null, columns: { number: "A", text: "B", level: "C", help: "E" }, sections: [{ from: "row", column: "A", match: { pattern: "^第" } }] });
    const preview = previewImport(book({ rows }), m);
    expect(errors(preview)).toEqual(["シート「様式」 2行目 A列: この項目より前に見出しの行がありません。", "シート「様式」 3行目 A列: この項目より前に見出しの行がありません。"]);
    expect(skipped(preview)).toEqual(["シート「様式」 4〜6行目: 読み飛ばしました: 注記（表の外の文）"]);
  });

  it("a cell inside a merged range started above adds nothing to its row", () => {
    // Written for: line 160 (`hasMerges`, `mergeAt(r, c)?.top ?? r` → the row is blank when only the lower part of a
    // range from above reaches it).
    const rows = [HEAD, ["1", "規程", "必須"], ["1", "規程", "必須"], ["2", "記録", "推奨"]];
    const preview = previewImport(book({ rows, merges: [{ top: 2, left: 1, bottom: 3, right: 3 }] }), mapping());
    expect(items(preview).map((i) => i.key)).toEqual(["1", "2"]);
    expect(skipped(preview)).toEqual(["シート「様式」 3行目: 読み飛ばしました: 空行"]);
  });
});

describe("headings read from rows", () => {
  const level = { from: "row", column: "A", match: { column: "D", pattern: "^章$" }, titlePattern: "^(?<number>\\d+)\\.\\s*(?<title>.+)$" };
  const cols = { number: "A", text: "B", level: "C" };

  it("a row is a heading when its match cell matches; number and title split; keys from numbers", () => {
    // Written for: lines 195-199 (the match column and pattern), lines 229-235 (`splitTitle`: trimmed, number only
    // with a title), line 258-265 (keys: `s` + number, then `s1`, `s2`… in order).
    const rows = [
      [...HEAD, "種類"],
      ["5. 規程類", "", "", "章"],
      ["1", "規程", "必須"],
      ["組織", "", "", "章"],
      ["2", "記録", "推奨"],
      ["3.", "", "", "章"],
      ["3", "教育", "必須"],
    ];
    const preview = previewImport(book({ rows }), mapping({ columns: cols, sections: [level] }));
    expect(errors(preview)).toEqual([]);
    expect(preview.template!.sections.map((s) => [s.key, s.number ?? null, s.title, s.items!.map((i) => i.key)])).toEqual([
      ["s5", "5", "規程類", ["1"]],
      ["s2", null, "組織", ["2"]],
      ["s3", null, "3.", ["3"]],
    ]);
  });

  it("a heading row with a value in another mapped column is an item; the heading's own columns may hold values", () => {
    // Written for: line 194 (`own`: the number and key columns belong to the heading), line 203 (`mapped.every`).
    const rows = [HEAD, ["第1章", "", ""], ["1", "規程", "必須"], ["第2章", "本文あり", ""], ["2", "記録", "推奨"]];
    const m = mapping({ sections: [{ from: "row", column: "A", match: { pattern: "^第" } }] });
    const preview = previewImport(book({ rows }), m);
    expect(preview.template!.sections.map((s) => [s.title, s.items!.map((i) => i.text)])).toEqual([["第1章", ["規程", "本文あり", "記録"]]]);
    const keyed = previewImport(book({ rows: [["キー", ...HEAD], ["s-a", "第1章", "", ""], ["", "1", "規程", "必須"]] }), mapping({ columns: { key: "A", number: "B", text: "C", level: "D" }, sections: [{ from: "row", column: "B", keyColumn: "A", match: { pattern: "^第" } }] }));
    expect(keyed.template!.sections.map((s) => [s.key, s.title])).toEqual([["s-a", "第1章"]]);
  });

  it("with `merged`, only a heading cell merged across columns starting at it is a heading", () => {
    // Written for: line 201 (`level.merged`, `merge.left === title`, `merge.right > merge.left`), line 203 (the
    // other mapped cells may hold the heading's text when they are inside its range).
    const rows = [HEAD, ["1．規程類", "1．規程類", "1．規程類"], ["1", "規程", "必須"], ["2．記録", "", ""], ["2", "記録", "推奨"]];
    const m = mapping({ sections: [{ from: "row", column: "A", merged: true, titlePattern: "^(?<number>\\d+)．(?<title>.+)$" }] });
    const preview = previewImport(book({ rows, merges: [{ top: 2, left: 1, bottom: 2, right: 3 }] }), m);
    // Row 4 is not merged: not a heading, and then an item without text.
    expect(errors(preview)).toEqual(["シート「様式」 4行目 B列: 項目文が空です。"]);
    expect([preview.sectionCount, preview.itemCount]).toEqual([1, 2]);
    // A range down one column, or one that starts right of the heading cell, does not make a heading either.
    for (const merge of [
      { top: 2, left: 1, bottom: 3, right: 1 },
      { top: 2, left: 2, bottom: 2, right: 3 },
    ])
      expect([merge, previewImport(book({ rows, merges: [merge] }), m).sectionCount]).toEqual([merge, 0]);
  });

  it("nested levels: an item under the deepest open heading; a second-level heading closes the one before", () => {
    // Written for: line 287 (`stack.length = cls.level`), line 288 (`deepest(stack) ?? root`), line 265
    // (`${parent.key}-${n}` under a parent), lines 346-348 (`deepest`).
    const rows = [HEAD, ["第1章", "", ""], ["第1節", "", ""], ["1", "規程", "必須"], ["第2節", "", ""], ["2", "記録", "推奨"], ["第2章", "", ""], ["3", "教育", "必須"]];
    const m = mapping({ sections: [{ from: "row", column: "A", match: { pattern: "^第\\d+章$" } }, { from: "row", column: "A", match: { pattern: "^第\\d+節$" } }] });
    const t = previewImport(book({ rows }), m).template!;
    expect(t.sections.map((s) => [s.key, s.title, s.items?.map((i) => i.key) ?? null, s.sections?.map((c) => [c.key, c.title, c.items!.map((i) => i.key)]) ?? null])).toEqual([
      ["s1", "第1章", null, [["s1-1", "第1節", ["1"]], ["s1-2", "第2節", ["2"]]]],
      ["s2", "第2章", ["3"], null],
    ]);
  });

  it("a heading key that is not a key, and two headings with one key", () => {
    // Written for: line 260 (the key check and its message with the key column), line 268-269 (a key seen before).
    const rows = [["キー", ...HEAD], ["第 1", "第1章", "", ""], ["", "1", "規程", "必須"], ["dup", "第2章", "", ""], ["", "2", "記録", "推奨"], ["dup", "第3章", "", ""], ["", "3", "教育", "必須"]];
    const m = mapping({ columns: { key: "A", number: "B", text: "C", level: "D" }, sections: [{ from: "row", column: "B", keyColumn: "A", match: { pattern: "^第" } }] });
    expect(errors(previewImport(book({ rows }), m))).toEqual([
      "シート「様式」 2行目 A列: キー「第 1」は英数字と . _ - だけで書いてください。",
      "シート「様式」 6行目: 見出しのキー「dup」が 4 行目と重複しています。",
    ]);
  });

  it("a heading with a number column", () => {
    // Written for: line 286 (`level.numberColumn ? normalizeNumberCell(…) || undefined : titleNumber`).
    const rows = [[...HEAD, "章番号"], ["規程類", "", "", "１"], ["1", "規程", "必須"], ["記録", "", "", ""], ["2", "記録", "推奨"]];
    const m = mapping({ columns: { number: "A", text: "B", level: "C" }, sections: [{ from: "row", column: "A", numberColumn: "D", match: { pattern: "^(規程類|記録)$" } }] });
    const t = previewImport(book({ rows }), m).template!;
    expect(t.sections.map((s) => [s.key, s.number ?? null, s.title])).toEqual([
      ["s1", "1", "規程類"],
      ["s2", null, "記録"],
    ]);
  });
});

describe("headings read from columns", () => {
  it("an empty chapter cell repeats the one above; a new title opens a section; nested column levels", () => {
    // Written for: lines 303-320 (`previousColumnValue`, the same title and number kept, `container.sections.at(-1)`,
    // a new node per change), line 265 (nested keys), line 312 (the number column of a column level).
    const rows = [
      ["章", "節", "節番号", "番号", "項目", "区分"],
      ["規程類", "方針", "1.1", "1", "規程", "必須"],
      ["", "", "1.1", "2", "規程の見直し", "推奨"],
      ["", "体制", "1.2", "3", "体制", "必須"],
      ["記録", "保存", "", "4", "記録", "必須"],
    ];
    const m = mapping({
      columns: { number: "D", text: "E", level: "F" },
      sections: [
        { from: "column", column: "A" },
        { from: "column", column: "B", numberColumn: "C" },
      ],
    });
    const preview = previewImport(book({ rows }), m);
    expect(errors(preview)).toEqual([]);
    expect(preview.template!.sections.map((s) => [s.key, s.title, s.sections!.map((c) => [c.key, c.number ?? null, c.title, c.items!.map((i) => i.key)])])).toEqual([
      ["s1", "規程類", [["s1.1", "1.1", "方針", ["1", "2"]], ["s1.2", "1.2", "体制", ["3"]]]],
      ["s2", "記録", [["s2-1", null, "保存", ["4"]]]],
    ]);
    expect(preview.sectionCount).toBe(5);
  });

  it("the first item without a chapter is an error naming the column; a title split by the level's pattern", () => {
    // Written for: lines 305-308 (no value above either), line 311 (`splitTitle` with the level's pattern).
    const rows = [["章", ...HEAD], ["", "1", "規程", "必須"], ["第2章 記録", "2", "記録", "推奨"]];
    const m = mapping({ columns: { number: "B", text: "C", level: "D" }, sections: [{ from: "column", column: "A", titlePattern: "^第(?<number>\\d+)章\\s*(?<title>.+)$" }] });
    const preview = previewImport(book({ rows }), m);
    expect(errors(preview)).toEqual(["シート「様式」 2行目 A列: 見出し（章）の列が空です。"]);
    expect(preview.sectionCount).toBe(1);
    const ok = previewImport(book({ rows: [rows[0], rows[2]] }), m);
    expect(ok.template!.sections.map((s) => [s.key, s.number, s.title])).toEqual([["s2", "2", "記録"]]);
  });

  it("without any heading level every item goes into the mapping's default section", () => {
    // Written for: lines 321-329 (the default section made once, its key and title, counted once).
    const rows = [HEAD, ["1", "規程", "必須"], ["2", "記録", "推奨"]];
    const preview = previewImport(book({ rows }), mapping({ defaultSection: { key: "all", title: "全項目" } }));
    expect(preview.template!.sections.map((s) => [s.key, s.title, s.items!.length])).toEqual([["all", "全項目", 2]]);
    expect([preview.itemCount, preview.sectionCount]).toEqual([2, 1]);
  });
});

describe("what each item column becomes", () => {
  it("every optional column read, trimmed, and left out when empty", () => {
    // Written for: lines 464-489 (references with the separator and a guideline, 確認事項 and 注 lines, details per
    // label, group, category, help, perspective; each left out when empty).
    const rows = [
      ["番号", "項目", "区分", "グループ", "分類", "視点", "参照", "確認事項", "説明", "注", "リスク", "対策"],
      ["1", " 規程 ", "必須", " 管理 ", " 組織 ", "予防", "GL：企画管理編 1\nGL2", "一つ目\n\n 二つ目 ", " 説明文 ", "注1、注2", " 漏えい ", ""],
      ["2", "記録", "推奨", "", "", "", "", "", "", "", "", " 暗号化 "],
    ];
    const m = mapping({
      columns: { number: "A", text: "B", level: "C", group: "D", category: "E", perspective: "F", references: "G", checkPoints: "H", help: "I", noteRefs: "J", details: [{ label: "想定されるリスク", column: "K" }, { label: "対策", column: "L" }] },
      supplement: { sheet: "注記" },
    });
    const notes = { name: "注記", rows: [["注記・説明"], ["種類", "対象", "見出し・番号", "本文"], ["注記", "", "注1", "一つ目の注"], ["注記", "", "注2", "二つ目の注"]] };
    const preview = previewImport(book({ rows }, notes), m);
    expect(errors(preview)).toEqual([]);
    expect(items(preview)).toEqual([
      {
        key: "1",
        number: "1",
        group: "管理",
        text: "規程",
        level: "required",
        answer: { kind: "text" },
        perspective: "prevent",
        category: "組織",
        references: [{ guideline: "GL", location: "企画管理編 1" }, { guideline: "GL2" }],
        checkPoints: ["一つ目", "二つ目"],
        details: [{ label: "想定されるリスク", text: "漏えい" }],
        help: "説明文",
        noteRefs: ["注1", "注2"],
      },
      { key: "2", number: "2", text: "記録", level: "recommended", answer: { kind: "text" }, details: [{ label: "対策", text: "暗号化" }] },
    ]);
  });

  it("keys: from the key column, from the number, from the section and number, or by position", () => {
    // Written for: lines 416-426 (the key column trimmed and checked, `keyFromText`, `item${ordinal}`,
    // `sectionAndNumber`), line 333 (a key seen before, with the key or number column).
    const rows = [["キー", ...HEAD], [" k-1 ", "1", "規程", "必須"], ["", "2.1", "記録", "推奨"], ["", "", "番号なし", "必須"], ["", "（4）", "括弧", "必須"]];
    const m = mapping({ columns: { key: "A", number: "B", text: "C", level: "D" } });
    expect(items(previewImport(book({ rows }), m)).map((i) => i.key)).toEqual(["k-1", "2.1", "item3", "4"]);
    const bySection = mapping({ columns: { key: "A", number: "B", text: "C", level: "D" }, itemKeys: "sectionAndNumber", defaultSection: { key: "body", title: "本文" } });
    expect(items(previewImport(book({ rows }), bySection)).map((i) => i.key)).toEqual(["k-1", "body.2.1", "body.item3", "body.4"]);
    const bad = [["キー", ...HEAD], ["k 1", "1", "規程", "必須"], ["", "2", "記録", "推奨"], ["", "2", "再掲", "推奨"]];
    expect(errors(previewImport(book({ rows: bad }), mapping({ columns: { key: "A", number: "B", text: "C", level: "D" }, uniqueNumbers: "none" })))).toEqual([
      "シート「様式」 2行目 A列: キー「k 1」は英数字と . _ - だけで書いてください。",
      "シート「様式」 4行目 A列: 項目キー「2」が 3 行目と重複しています。",
    ]);
    expect(errors(previewImport(book({ rows: bad.map((r) => r.slice(1)) }), mapping({ uniqueNumbers: "none" })))).toEqual(["シート「様式」 4行目 A列: 項目キー「2」が 3 行目と重複しています。"]);
  });

  it("levels: words with blanks inside, the mapping's blank level, an unknown word listing the words", () => {
    // Written for: line 431 (`levelBlank`), line 433 (`squash(levelWord)`), line 436 (the words joined with 「、」).
    const rows = [HEAD, ["1", "規程", "必 須"], ["2", "記録", ""], ["3", "教育", "最重要"]];
    const preview = previewImport(book({ rows }), mapping({ levelBlank: "recommended", levelWords: { 必須: "required", 推奨: "recommended" } }));
    expect(errors(preview)).toEqual(["シート「様式」 4行目 C列: 区分「最重要」は対応表にありません（使える語: 必須、推奨）。"]);
    const fine = previewImport(book({ rows: rows.slice(0, 3) }), mapping({ levelBlank: "recommended" }));
    expect(items(fine).map((i) => i.level)).toEqual(["required", "recommended"]);
  });

  it("answers: a word, a per-item definition, a missing one, an unknown word with no words at all", () => {
    // Written for: lines 441-451 (`extras.answer` first, the word trimmed, `"perItem"` with and without a definition,
    // the default, 「なし」 when the table is empty).
    const rows = [[...HEAD, "回答"], ["1", "規程", "必須", " 記述 "], ["2", "記録", "必須", "選択"], ["3", "教育", "必須", ""], ["4", "監査", "必須", "選択"]];
    const words = { 記述: { kind: "multiline" }, 選択: "perItem" };
    const choice = { kind: "choice", multiple: false, options: [{ value: "a", label: "ア" }, { value: "b", label: "イ" }] };
    const m = mapping({ columns: { number: "A", text: "B", level: "C", answer: "D" }, answer: { words, default: { kind: "date" } }, items: { "2": { answer: choice } } });
    const preview = previewImport(book({ rows }), m);
    expect(errors(preview)).toEqual(["シート「様式」 5行目 D列: 回答形式「選択」の定義がマッピングの items[\"4\"].answer にありません。"]);
    expect(items(previewImport(book({ rows: rows.slice(0, 4) }), m)).map((i) => i.answer)).toEqual([{ kind: "multiline" }, choice, { kind: "date" }]);
    const none = previewImport(book({ rows: rows.slice(0, 2) }), mapping({ columns: { number: "A", text: "B", level: "C", answer: "D" }, answer: {} }));
    // The default section, left without its one item, is reported too (no row: it has none of its own).
    expect(errors(none)).toEqual(["シート「様式」: 見出し「項目」の下に項目がありません。", "シート「様式」 2行目 D列: 回答形式「記述」は対応表にありません（使える語: なし）。"]);
  });

  it("perspectives: the usual words, the mapping's own, an unknown word listing the words", () => {
    // Written for: lines 454-460.
    const rows = [[...HEAD, "視点"], ["1", "規程", "必須", "発見"], ["2", "記録", "必須", "是正"], ["3", "教育", "必須", "抑止"]];
    const m = mapping({ columns: { number: "A", text: "B", level: "C", perspective: "D" } });
    expect(errors(previewImport(book({ rows }), m))).toEqual(["シート「様式」 4行目 D列: 視点「抑止」は対応表にありません（使える語: 予防、発見、是正）。"]);
    expect(items(previewImport(book({ rows: rows.slice(0, 3) }), m)).map((i) => i.perspective)).toEqual(["detect", "correct"]);
    expect(items(previewImport(book({ rows }), { ...m, perspectiveWords: { 抑止: "prevent", 発見: "detect", 是正: "correct" } })).map((i) => i.perspective)).toEqual(["detect", "correct", "prevent"]);
  });

  it("per-item values in the mapping win over the cells", () => {
    // Written for: line 427 (`mapping.items[key]`), line 490 (`...extras` last).
    const m = mapping({ items: { "1": { text: "マッピングの文", level: "recommended", help: "補足" } } });
    expect(items(previewImport(book({ rows: [HEAD, ["1", "セルの文", "必須"]] }), m))).toEqual([
      { key: "1", number: "1", text: "マッピングの文", level: "recommended", answer: { kind: "text" }, help: "補足" },
    ]);
  });

  it("numbers unique in the template or per section, said so in the message", () => {
    // Written for: lines 358-375 (`scope === "section"` resets per section, the message's 「（同じ見出しの中）」).
    const rows = [HEAD, ["第1章", "", ""], ["1", "規程", "必須"], ["1", "規程2", "必須"], ["第2章", "", ""], ["1", "記録", "推奨"]];
    const m = mapping({ itemKeys: "sectionAndNumber", sections: [{ from: "row", column: "A", match: { pattern: "^第" } }] });
    expect(errors(previewImport(book({ rows }), { ...m, uniqueNumbers: "section" }))).toEqual([
      "シート「様式」 4行目 A列: 項目キー「s1.1」が 3 行目と重複しています。",
      "シート「様式」 4行目 A列: 番号「1」が 3 行目と重複しています（同じ見出しの中）。",
    ]);
    expect(errors(previewImport(book({ rows: rows.filter((_, i) => i !== 3) }), { ...m, uniqueNumbers: "template" }))).toEqual(["シート「様式」 5行目 A列: 番号「1」が 3 行目と重複しています。"]);
    expect(errors(previewImport(book({ rows: rows.filter((_, i) => i !== 3) }), { ...m, uniqueNumbers: "section" }))).toEqual([]);
  });
});

describe("the 注記・説明 sheet", () => {
  const TOP = [["注記・説明"], ["種類", "対象", "見出し・番号", "本文", "記載場所"]];
  const rows = [HEAD, ["第1章", "", ""], ["1", "規程", "必須"], ["2", "記録", "推奨"]];
  const m = mapping({ sections: [{ from: "row", column: "A", match: { pattern: "^第" } }], supplement: { sheet: "注記・説明" } });

  it("the form's description, a section's description and notes, the form's notes, terms with their items and places", () => {
    // Written for: lines 510-535 (from row 3, blank rows passed over, each kind), lines 546-559 (`stripNode`),
    // lines 585-593 (`assemble`: the description from the sheet first, notes of the form, help).
    const sup = [
      ...TOP,
      ["様式の説明", "", "", " 様式全体の説明 "],
      ["", "", "", ""],
      ["章の説明", "s1", "", "第1章の説明"],
      ["注記", "s1", "注1", "第1章の注"],
      ["注記", "", "注A", "様式の注"],
      ["用語", "1 2、1", "規程", "規程とは", "表紙、第1章"],
      ["用語", "", "記録", "記録とは"],
    ];
    const preview = previewImport(book({ rows }, { name: "注記・説明", rows: sup }), { ...m, template: { ...mapping().template, description: "マッピングの説明" } });
    expect(errors(preview)).toEqual([]);
    const t = preview.template!;
    expect(t.description).toBe("様式全体の説明");
    expect(t.notes).toEqual([{ id: "注A", text: "様式の注" }]);
    expect(t.sections[0]).toMatchObject({ key: "s1", description: "第1章の説明", notes: [{ id: "注1", text: "第1章の注" }] });
    expect(t.help).toEqual([
      { term: "規程", text: "規程とは", places: ["表紙", "第1章"], items: ["1", "2", "1"] },
      { term: "記録", text: "記録とは" },
    ]);
  });

  it("each incomplete row is an error on its row and column, sorted after the form's sheet by sheet name", () => {
    // Written for: lines 504-537 (the missing sheet, `fail` with the column letter, each message), lines 569-571
    // (a key not in the form, on the row that named it, column B), line 133 (`sortProblems` by sheet, then row).
    const sup = [...TOP, ["注記", "", "", ""], ["章の説明", "", "", "説明"], ["注記", "s1", "", "注の本文"], ["用語", "", "", "本文"], ["脚注", "", "x", "本文"], ["章の説明", "s9", "", "説明"], ["注記", "s8", "注1", "本文"]];
    const preview = previewImport(book({ rows: [...rows, ["2", "重複", "必須"]] }, { name: "注記・説明", rows: sup }), m);
    expect(errors(preview)).toEqual([
      "シート「様式」 5行目 A列: 項目キー「2」が 4 行目と重複しています。",
      "シート「様式」 5行目 A列: 番号「2」が 4 行目と重複しています。",
      "シート「注記・説明」 3行目 D列: 本文が空です。",
      "シート「注記・説明」 4行目 B列: 章の説明には対象の見出しのキーが必要です。",
      "シート「注記・説明」 5行目 C列: 注記には番号（注1 など）が必要です。",
      "シート「注記・説明」 6行目 C列: 用語の見出しが空です。",
      "シート「注記・説明」 7行目 A列: 種類「脚注」は使えません（様式の説明、章の説明、注記、用語）。",
    ]);
    const unknown = previewImport(book({ rows }, { name: "注記・説明", rows: [...TOP, ["章の説明", "s9", "", "説明"], ["注記", "s8", "注1", "本文"], ["注記", "s8", "注2", "本文"]] }), m);
    expect(errors(unknown)).toEqual(["シート「注記・説明」 3行目 B列: 見出しのキー「s9」は様式にありません。", "シート「注記・説明」 4行目 B列: 見出しのキー「s8」は様式にありません。"]);
    const missing = previewImport(book({ rows }), m);
    expect(missing.problems).toEqual([{ kind: "error", sheet: "注記・説明", field: "supplement.sheet", message: "シート「注記・説明」（注記・説明）がありません。" }]);
  });
});

describe("the template as a whole", () => {
  it("header fields come first, with their help; the template's counts and hash", () => {
    // Written for: lines 573-580 (`headerFields`, `help` only when given), line 115 (the hash and counts).
    const m = mapping({ headerFields: { fields: [{ key: "vendor", text: "事業者名", help: "正式名称" }, { key: "date", text: "作成日", answer: { kind: "date" }, level: "none" }] } });
    const preview = previewImport(book({ rows: [HEAD, ["1", "規程", "必須"]] }), m);
    expect(preview.template!.sections[0]).toEqual({
      key: "header",
      title: "基本情報",
      items: [
        { key: "vendor", text: "事業者名", level: "required", answer: { kind: "text" }, help: "正式名称" },
        { key: "date", text: "作成日", level: "none", answer: { kind: "date" } },
      ],
    });
    expect(preview.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect([preview.itemCount, preview.sectionCount, preview.rowsRead]).toEqual([1, 1, 1]);
  });

  it("a table whose every row is a note has no items", () => {
    // Written for: lines 581-583 (「項目が1つもありません。」 on the mapping's sheet).
    const preview = previewImport(book({ rows: [HEAD, ["※1", "注記です", ""]] }), mapping());
    expect(preview.problems.filter((p) => p.kind === "error")).toEqual([{ kind: "error", sheet: "様式", message: "項目が1つもありません。" }]);
  });

  it("the template loader's problems in Japanese, on the rows they come from", () => {
    // Written for: lines 104-111 (`validateTemplate` and its problems on rows), lines 601-625 (`rowsByPath`,
    // `rowFor` walking up the path), lines 627-645 (each translation and the fallback).
    const rows = [HEAD, ["第1章", "", ""], ["1", "規程", "必須"], ["2", "記録", "推奨"], ["第2章", "", ""], ["3", "教育", "必須"]];
    const levels = [{ from: "row", column: "A", match: { pattern: "^第" } }];
    const check = (extra: Record<string, unknown>, grid = book({ rows })) => errors(previewImport(grid, mapping({ sections: levels, ...extra })));
    expect(check({ items: { "2": { answer: { kind: "derived", result: "total" } } } })).toEqual(["シート「様式」 4行目: 判定ルール「total」がマッピングの derived にありません。"]);
    expect(check({ headerFields: { key: "s1", fields: [{ key: "1", text: "事業者名" }] } })).toEqual([
      "シート「様式」 2行目: 見出しのキー「s1」が重複しています。",
      "シート「様式」 3行目: 項目キー「1」が重複しています。",
    ]);
    const scale = { key: "yn", options: [{ value: "yes", label: "はい", outcome: "met" }, { value: "no", label: "いいえ", outcome: "unmet" }] };
    expect(check({ scales: [scale, scale] })).toEqual(["シート「様式」: 尺度のキー「yn」が重複しています。"]);
    expect(check({ items: { "3": { noteRefs: ["注9"] } } })).toEqual(["シート「様式」 6行目: 注「注9」が定義されていません（注記・説明のシートか、見出しの注記に書いてください）。"]);
    const rule = (r: Record<string, unknown>) => ({ rule: "allMet", key: "all", title: "全項目", labels: { pass: "可", fail: "否", incomplete: "未" }, ...r });
    expect(check({ derived: [rule({ scope: "s7" })] })).toEqual(["シート「様式」: 判定ルールの範囲「s7」という見出しがありません。"]);
    expect(check({ derived: [rule({})] })).toEqual(["シート「様式」: 判定ルール「all」の範囲に、尺度で答える項目がありません。"]);
    const tally = { rule: "tally", key: "byView", title: "視点別", groupBy: "perspective" };
    expect(check({ scales: [scale], answer: { default: { kind: "status", scale: "yn" } }, derived: [tally] })).toEqual(["シート「様式」 3行目: 視点別に集計する範囲の項目に視点がありません。"]);
    expect(check({ template: { ...mapping().template, release: { product: "9", version: "2" } } })).toEqual([
      "シート「様式」: 製品のリリースごとに答える様式の製品名（template.release.product）は、必須の文字入力の項目「9」にしてください（基本情報の項目にあるか確かめてください）。",
      "シート「様式」: 製品のリリースごとに答える様式のバージョン（template.release.version）は、必須の文字入力の項目「2」にしてください（基本情報の項目にあるか確かめてください）。",
    ]);
    expect(check({ items: { "1": { answer: { kind: "choice", multiple: true, options: [{ value: "a", label: "ア" }, { value: "a", label: "イ" }] } } } })).toEqual([
      "シート「様式」 3行目: 様式として正しくありません（sections[0].items[0].answer.options: duplicate option value \"a\"）。",
    ]);
  });
});
