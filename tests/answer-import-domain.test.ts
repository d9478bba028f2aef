// Reading answers back from a workbook the portal wrote (issue 14): words and dates read forgivingly and
// reported, every row classified against the draft (accepted / unchanged / invalid / unknown / conflict), and
// what the file claims checked against the rules. Grids are written out by hand in the exported layout.
import { describe, expect, it } from "vitest";
import { matchStatusWord, previewAnswerImport, readDate, ANSWER_HEADINGS } from "../disclosures/answer-import.js";
import type { DisclosureContent } from "../disclosures/disclosure-content.js";
import type { WorkbookGrid } from "../disclosures/workbook/grid.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template = tinyTemplate();
const scale = template.scales![0];

function grid(rows: string[][], templateId = "tiny@1.0.0"): WorkbookGrid {
  const all = [["", "開示書の回答（小さな様式）"], ["", "事業者名", "A社"], ["", "様式ID", templateId], [], [...ANSWER_HEADINGS], ...rows].map((r) => Array.from({ length: 12 }, (_, i) => r[i] ?? ""));
  return { format: "xlsx", sheets: [{ name: "回答", state: "visible", rowCount: all.length, columnCount: 12, rows: all, merges: [], hiddenRows: [], hiddenColumns: [1, 12] }] };
}
//            key,  章,   番号, 項目, 区分, 回答, 時期, 理由, 備考, 名称, URL, 基準
const row = (key: string, answer: string, base: string, extra: Partial<Record<"when" | "reason" | "note", string>> = {}) => [key, "", "", `項目${key}`, "", answer, extra.when ?? "", extra.reason ?? "", extra.note ?? "", "", "", base];

const draft = (responses: DisclosureContent["responses"], revisions: Record<string, number>) => ({ content: { templateId: "tiny", templateVersion: "1.0.0", responses }, revisions });

describe("words and dates", () => {
  it("reads the scale's words forgivingly: width, spaces, a trailing み, and the usual marks for each outcome", () => {
    expect(matchStatusWord(scale, "実施済")).toEqual({ value: "implemented", label: "実施済" });
    expect(matchStatusWord(scale, " 実施済み ")).toEqual({ value: "implemented", label: "実施済" });
    expect(matchStatusWord(scale, "○")).toEqual({ value: "implemented", label: "実施済" });
    expect(matchStatusWord(scale, "済")).toEqual({ value: "implemented", label: "実施済" });
    expect(matchStatusWord(scale, "△")).toEqual({ value: "planned", label: "実施予定" });
    expect(matchStatusWord(scale, "ー")).toEqual({ value: "notApplicable", label: "対象外" });
    // The scale has no unmet option: 「いいえ」 means nothing on it.
    expect(matchStatusWord(scale, "いいえ")).toBeNull();
    expect(matchStatusWord(scale, "たぶん")).toBeNull();
  });

  it("reads months and dates as people write them, eras and Excel serials included", () => {
    expect(["2027-04", "2027/4", "2027年4月", "令和9年4月", "R9.4", "２０２７－０４"].map((s) => readDate(s, "month"))).toEqual(Array(6).fill("2027-04"));
    expect(["2027-04-30", "2027/4/30", "令和9年4月30日", "46507", "令和元年5月1日"].map((s) => readDate(s, "date"))).toEqual(["2027-04-30", "2027-04-30", "2027-04-30", "2027-04-30", "2019-05-01"]);
    expect(["2027-13", "2027-02-30", "来年", ""].map((s) => readDate(s, s.length > 7 ? "date" : "month"))).toEqual([null, null, null, null]);
  });
});

describe("a file against the draft", () => {
  const current = draft({ name: { value: "A社" }, c1: { value: { status: "implemented" } }, c2: { value: { status: "planned", month: "2027-04" } } }, { name: 1, c1: 2, c2: 5 });

  it("classifies every row: unchanged, accepted (with how it was read), invalid with why, unknown, and a conflict", () => {
    const preview = previewAnswerImport({
      grid: grid([
        row("name", "A社", "r1"),
        row("compliance", "遵守済（自動判定）", "r0"),
        row("c1", "実施済み", "r2", { note: "規程あり" }),
        row("c2", "実施済", "r4"),
        row("c9", "実施済", "r0"),
        row("x", "", ""),
      ]),
      template,
      draft: current,
      today: "2026-12-02",
    });
    expect(preview.fileProblem).toBeNull();
    expect(preview.rows.map((r) => [r.row, r.key, r.status, r.messages])).toEqual([
      [6, "name", "unchanged", []],
      [8, "c1", "accepted", ["「実施済み」を「実施済」として読みました"]],
      [9, "c2", "conflict", ["ファイルを書き出した後に、この項目が Kaiji で変更されています"]],
      [10, "c9", "unknown", ["様式にない項目のキー「c9」です"]],
      [11, "x", "unknown", ["様式にない項目のキー「x」です"]],
    ]);
    expect(preview.totals).toEqual({ accepted: 1, unchanged: 1, invalid: 0, unknown: 2, conflict: 1 });
    expect(preview.rows[1]).toMatchObject({ response: { value: { status: "implemented" }, note: "規程あり" }, baseRevision: 2 });
  });

  it("says why a row cannot be read, and warns of a 実施時期 in the past", () => {
    const preview = previewAnswerImport({
      grid: grid([row("c1", "たぶん", "r2"), row("c2", "実施予定", "r5", { when: "令和8年1月" }), row("name", "", "r1")]),
      template,
      draft: current,
      today: "2026-12-02",
    });
    expect(preview.rows.map((r) => [r.key, r.status, r.messages])).toEqual([
      ["c1", "invalid", ["回答「たぶん」は選択肢（実施済・実施予定・対象外）のどれとも読めません"]],
      ["c2", "accepted", ["「令和8年1月」を「2026-01」として読みました", "実施時期 2026-01 は過去です"]],
      // A blank answer clears the item: that is a change too.
      ["name", "accepted", []],
    ]);
  });

  it("names the contradiction when the file claims a result the rules do not give, and follows the rules", () => {
    const preview = previewAnswerImport({
      grid: grid([row("compliance", "遵守済（自動判定）", "r0"), row("c1", "実施予定", "r2", { when: "2027-04", note: "対象事項無" }), row("c2", "実施予定", "r5", { when: "2027-04" })]),
      template,
      draft: current,
      today: "2026-12-02",
    });
    expect(preview.claims).toEqual(["ファイルでは「遵守」が「遵守済」とされていますが、様式の規則による判定は「遵守していない」です（満たしていない項目: 2）。判定は回答から算出され、ファイルの記載は使いません。"]);
    expect(preview.derived).toEqual([{ title: "遵守", before: "遵守していない", after: "遵守していない" }]);
    expect(preview.rows[0].messages).toEqual(["「実施予定」の備考が「対象事項無」などの意味です。実施予定として取り込みます（様式の規則では、実施予定は満たしていない項目として数えます）"]);
  });

  it("refuses a workbook of another form or edition, saying which it is", () => {
    expect(previewAnswerImport({ grid: grid([], "tiny@2.0.0"), template, draft: current, today: "2026-12-02" }).fileProblem).toBe("このファイルは同じ様式の別の版（2.0.0）の回答です。この開示書の様式は 1.0.0 です。");
    expect(previewAnswerImport({ grid: grid([], "hispro-checksheet@1.0.0"), template, draft: current, today: "2026-12-02" }).fileProblem).toBe("このファイルは別の様式（hispro-checksheet@1.0.0）の回答です。この開示書の様式は tiny@1.0.0 です。");
    const noHeadings: WorkbookGrid = { format: "csv", sheets: [{ name: "Sheet1", state: "visible", rowCount: 1, columnCount: 2, rows: [["番号", "回答"]], merges: [], hiddenRows: [], hiddenColumns: [] }] };
    expect(previewAnswerImport({ grid: noHeadings, template, draft: current, today: "2026-12-02" }).fileProblem).toMatch(/^「Sheet1」シートに見出しの行/);
  });

  it("sees a conflict for a row written from a published version when the draft moved on since", () => {
    const published = { templateId: "tiny", templateVersion: "1.0.0", responses: { c1: { value: { status: "planned", month: "2027-01" } } } };
    const preview = previewAnswerImport({ grid: grid([row("c1", "対象外", "v1", { reason: "業務なし" })]), template, draft: current, versions: { 1: published }, today: "2026-12-02" });
    expect(preview.rows.map((r) => [r.status, r.messages])).toEqual([["conflict", ["第1版の公開後に、この項目の下書きが変更されています"]]]);
  });
});

describe("the vendor's own sheet, read through a layout", () => {
  // Their own order: 回答 first, then 番号, 備考, 項目, 実施時期; a title row, a heading row, a chapter row, a note under the table.
  const own = (rows: string[][]): WorkbookGrid => {
    const all = [["当社チェックシート（2026年度）"], ["回答", "No.", "備考", "確認項目", "予定時期"], ["", "", "", "第1章 体制"], ...rows, ["", "", "", "※ 本表は社内用です"]].map((r) => Array.from({ length: 5 }, (_, i) => r[i] ?? ""));
    return { format: "xlsx", sheets: [{ name: "自社版", state: "visible", rowCount: all.length, columnCount: 5, rows: all, merges: [], hiddenRows: [], hiddenColumns: [] }] };
  };
  const layout = { sheet: "自社版", headingRow: 2, columns: { answer: "A", number: "B", note: "C", text: "D", when: "E" } };
  const current = draft({ c1: { value: { status: "implemented" } } }, { c1: 4 });

  it("finds items by number (width and brackets aside), reads mixed words, warns when an item's text differs", () => {
    const preview = previewAnswerImport({
      grid: own([
        ["済", "（１）", "", "方針を定めている"],
        ["△", "2", "来期対応", "教育を行う", "令和9年4月"],
        ["○", "9", "", "当社独自の項目"],
      ]),
      layout,
      template,
      draft: current,
      today: "2026-12-02",
    });
    expect(preview.fileProblem).toBeNull();
    expect(preview.rows.map((r) => [r.row, r.key, r.status, r.messages])).toEqual([
      [4, "c1", "unchanged", ["「済」を「実施済」として読みました"]],
      [5, "c2", "accepted", ["項目の文言がこの様式と異なります（様式: 「教育を行っている」）", "「△」を「実施予定」として読みました", "「令和9年4月」を「2027-04」として読みました"]],
      [6, "", "unknown", ["番号「9」の項目はこの様式にありません"]],
    ]);
    expect(preview.rows[1].response).toEqual({ value: { status: "planned", month: "2027-04" }, note: "来期対応" });
    expect(preview.rows[1].baseRevision).toBe(0);
    expect(preview.totals).toEqual({ accepted: 1, unchanged: 1, invalid: 0, unknown: 1, conflict: 0 });
  });

  it("says what is wrong with a layout instead of guessing", () => {
    const file = own([]);
    const problem = (l: typeof layout) => previewAnswerImport({ grid: file, layout: l, template, draft: current, today: "2026-12-02" }).fileProblem;
    expect(problem({ ...layout, sheet: "別シート" })).toBe("「別シート」シートがありません。");
    expect(problem({ ...layout, headingRow: 99 })).toBe("見出しの行は 1〜4 の行番号にしてください。");
    expect(problem({ ...layout, columns: { ...layout.columns, number: undefined } as never })).toBe("「番号」の列を指定してください（行と様式の項目を番号で対応づけます）。");
    expect(problem({ ...layout, columns: { ...layout.columns, answer: "" } })).toBe("「回答」の列を指定してください。");
    expect(problem({ ...layout, columns: { ...layout.columns, note: "c1" } })).toBe("「備考」の列「c1」を読めません（A、B、… AA のように書いてください）。");
  });
});

describe("cells too long, and a file that changes nothing", () => {
  const current = draft({ c1: { value: { status: "implemented" } } }, { c1: 2 });

  it("refuses a 50,000-character note or answer with the item's own limit, and never stores it", () => {
    const long = "あ".repeat(50_000);
    const preview = previewAnswerImport({ grid: grid([row("c1", "実施済", "r2", { note: long }), row("name", long, "r0")]), template, draft: current, today: "2026-12-02" });
    expect(preview.rows.map((r) => [r.key, r.status, r.response])).toEqual([
      ["c1", "invalid", null],
      ["name", "invalid", null],
    ]);
    expect(preview.rows[0].messages.join("")).toMatch(/5000/);
    expect(preview.totals.accepted).toBe(0);
  });

  it("reports every row unchanged when the file says what the draft says", () => {
    const preview = previewAnswerImport({ grid: grid([row("c1", "実施済", "r2"), row("c2", "", "r0")]), template, draft: current, today: "2026-12-02" });
    expect(preview.totals).toEqual({ accepted: 0, unchanged: 2, invalid: 0, unknown: 0, conflict: 0 });
    expect(preview.claims).toEqual([]);
  });
});
