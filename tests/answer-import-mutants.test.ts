// Mutation testing of disclosures/answer-import.ts (issue 20, docs/mutation.md): reading answers back from a
// workbook, for every kind of answer a form has (numbers, dates, months, e-mail, choices with free text, several
// fields, tables, statuses that need a date, a reason or extra fields), the forgiving reading of words and dates
// at their edges, and the sheet found or refused. Expected values are written out by hand.
import { describe, expect, it } from "vitest";
import { ANSWER_HEADINGS, columnIndex, matchStatusWord, previewAnswerImport, readDate, type AnswerImportPreview } from "../disclosures/answer-import.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import type { Scale, Template } from "../disclosures/template-schema.js";
import type { WorkbookGrid } from "../disclosures/workbook/grid.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const TODAY = "2026-12-02";

/** The tiny form and a third section with every other kind of answer. */
function richTemplate(): Template {
  const t = tinyTemplate();
  t.scales!.push({
    key: "vendor",
    options: [
      { value: "done", label: "対応済", symbol: "●", outcome: "met" },
      { value: "partly", label: "一部対応", symbol: "◐", outcome: "met" },
      { value: "builtIn", label: "組み込み済", outcome: "met" },
      { value: "confirmed", label: "確認済み", outcome: "met" },
      { value: "no", label: "いいえ", outcome: "unmet", requires: "date", requiresLabel: "目標日" },
      { value: "na", label: "該当しない", outcome: "notApplicable", requires: "reason" },
    ],
    fields: [{ key: "checked", label: "確認日", type: "date" }],
  });
  t.sections.push({
    key: "more",
    title: "その他の項目",
    items: [
      { key: "v1", number: "3", text: "事業者の確認", level: "required", answer: { kind: "status", scale: "vendor" } },
      { key: "n1", number: "4", text: "職員数", level: "none", answer: { kind: "number" } },
      { key: "d1", number: "5", text: "設立日", level: "none", answer: { kind: "date" } },
      { key: "m1", number: "6", text: "更新予定", level: "none", answer: { kind: "month" } },
      { key: "e1", number: "7", text: "連絡先", level: "none", answer: { kind: "email" } },
      { key: "tel1", number: "7-1", text: "電話番号", level: "none", answer: { kind: "tel" } },
      { key: "url1", number: "7.2", text: "ホームページ", level: "none", answer: { kind: "url" } },
      { key: "ml1", number: "7-3", text: "補足", level: "none", answer: { kind: "multiline" } },
      { key: "ch1", number: "8", text: "委託の有無", level: "none", answer: { kind: "choice", multiple: false, options: [{ value: "yes", label: "有", extra: { label: "内容" } }, { value: "none", label: "無" }] } },
      { key: "ch2", number: "9", text: "対応するシステム", level: "none", answer: { kind: "choice", multiple: true, options: [{ value: "a", label: "A系" }, { value: "ab", label: "A系拡張" }, { value: "other", label: "その他", extra: { label: "" } }] } },
      {
        key: "co1",
        number: "10",
        text: "拠点",
        level: "none",
        answer: { kind: "composite", fields: [{ key: "count", type: "number", unit: "箇所" }, { key: "pref", label: "都道府県名", type: "text" }, { key: "since", label: "開設", type: "month" }] },
      },
      {
        key: "tb1",
        number: "11",
        text: "職員の内訳",
        level: "none",
        answer: {
          kind: "table",
          rows: [{ key: "dedicated", label: "専任" }, { key: "concurrent", label: "兼任" }],
          columns: [{ key: "agency", label: "機関本体", type: "number", prefix: "約", unit: "人" }, { key: "partners", label: "協力会社", type: "number", unit: "人" }],
        },
      },
      {
        key: "co2",
        number: "12",
        text: "訓練",
        level: "none",
        answer: { kind: "composite", fields: [{ key: "from", label: "開始日", type: "date" }, { key: "staff", label: "人数", type: "number", unit: "人" }, { key: "memo", label: "備考", type: "text" }] },
      },
      { key: "co3", number: "13", text: "件数と時期", level: "none", answer: { kind: "composite", fields: [{ key: "n", type: "number", unit: "件" }, { key: "at", type: "month" }] } },
      { key: "co4", number: "14", text: "名称と件数", level: "none", answer: { kind: "composite", fields: [{ key: "name", label: "名称", type: "text" }, { key: "n", type: "number", unit: "件" }] } },
    ],
  });
  return t;
}
const template = richTemplate();

function grid(rows: string[][], templateId = "tiny@1.0.0"): WorkbookGrid {
  const all = [["", "開示書の回答（小さな様式）"], ["", "事業者名", "A社"], ["", "様式ID", templateId], [], [...ANSWER_HEADINGS], ...rows].map((r) => Array.from({ length: 12 }, (_, i) => r[i] ?? ""));
  return { format: "xlsx", sheets: [{ name: "回答", state: "visible", rowCount: all.length, columnCount: 12, rows: all, merges: [], hiddenRows: [], hiddenColumns: [1, 12] }] };
}
type Extra = Partial<Record<"when" | "reason" | "note" | "names" | "urls" | "base", string>>;
//                                                    key,  章,  番号, 項目,          区分, 回答,  時期,             理由,            備考,            名称,             URL,             基準
const row = (key: string, answer: string, x: Extra = {}) => [key, "", "", `項目${key}`, "", answer, x.when ?? "", x.reason ?? "", x.note ?? "", x.names ?? "", x.urls ?? "", x.base ?? "r0"];
const draft = (responses: DisclosureContent["responses"] = {}, revisions: Record<string, number> = {}) => ({ content: { templateId: "tiny", templateVersion: "1.0.0", responses }, revisions });

function preview(rows: string[][], responses: Record<string, ItemResponse> = {}): AnswerImportPreview {
  return previewAnswerImport({ grid: grid(rows), template, draft: draft(responses), today: TODAY });
}
/** One row read against a draft: its status, then its messages and the response it gives. */
function one(key: string, answer: string, x: Extra = {}, current: Record<string, ItemResponse> = {}) {
  const r = preview([row(key, answer, x)], current).rows[0];
  return { status: r.status, messages: r.messages, response: r.response };
}

describe("dates and months as people type them, at the edges", () => {
  it("reads an Excel serial day number as a month as well as a date", () => {
    // Written for: line 143 (the serial's month: `getUTCMonth() + 1` → `- 1`, the `want === "month"` branch).
    expect(readDate("46507", "month")).toBe("2027-04");
    expect(readDate("46507", "date")).toBe("2027-04-30");
    expect(readDate("46387", "date")).toBe("2026-12-31");
  });

  it("ignores spaces anywhere and reads eras in any width and case", () => {
    // Written for: line 139 (`/\s+/g` removed, toLowerCase), the era table (令和/平成/R/H).
    expect(readDate(" 2027 / 4 ", "month")).toBe("2027-04");
    expect(readDate("ｒ９．４．１", "date")).toBe("2027-04-01");
    expect(readDate("H31.4.30", "date")).toBe("2019-04-30");
    expect(readDate("平成31年4月", "month")).toBe("2019-04");
    expect(readDate("   ", "month")).toBeNull();
  });

  it("refuses numbers that are not a serial (six digits) and text around a date", () => {
    // Written for: line 141 (`/^\d{5}$/` without an anchor) and line 145 (the date pattern without `^` or `$`).
    expect(readDate("465071", "date")).toBeNull();
    expect(readDate("1465071", "month")).toBeNull();
    expect(readDate("約2027-04", "month")).toBeNull();
    expect(readDate("2027-04頃", "month")).toBeNull();
    expect(readDate("2027-04-30まで", "date")).toBeNull();
  });

  it("accepts 1900 and months 1 to 12 only, and a day only where the date wants one", () => {
    // Written for: line 151 (`year < 1900` → `<=`, `month > 12` → `>=`, `month < 1`, the `||` joined by `&&`).
    expect(readDate("1900-01", "month")).toBe("1900-01");
    expect(readDate("1899-12", "month")).toBeNull();
    expect(readDate("2027-12", "month")).toBe("2027-12");
    expect(readDate("2027-00", "month")).toBeNull();
    expect(readDate("2027-13", "month")).toBeNull();
    expect(readDate("0-13", "month")).toBeNull();
    // A month where a date is wanted is not a date; a date where a month is wanted gives its month.
    expect(readDate("2027-04", "date")).toBeNull();
    expect(readDate("2027年4月", "date")).toBeNull();
    expect(readDate("2027-04-30", "month")).toBe("2027-04");
    expect(readDate("2028-02-29", "date")).toBe("2028-02-29");
    expect(readDate("2027-02-29", "date")).toBeNull();
    expect(readDate("2027-04-31", "date")).toBeNull();
  });
});

describe("status words on a scale with two met options, marks of their own and a 「み」 inside a label", () => {
  const scale = template.scales![1] as Scale;
  it("reads a label, a mark, a label with 「み」 added, and the usual words only when they point at one option", () => {
    // Written for: line 121 (the three ways a word matches an option, each ConditionalExpression false and the
    // LogicalOperator mutants; the 「み」 pattern without its `$`) and line 126 (`candidates.length === 1`).
    expect(matchStatusWord(scale, "一部対応")).toEqual({ value: "partly", label: "一部対応" });
    expect(matchStatusWord(scale, "◐")).toEqual({ value: "partly", label: "一部対応" });
    expect(matchStatusWord(scale, "●")).toEqual({ value: "done", label: "対応済" });
    expect(matchStatusWord(scale, "対応済み")).toEqual({ value: "done", label: "対応済" });
    expect(matchStatusWord(scale, "組み込み済み")).toEqual({ value: "builtIn", label: "組み込み済" });
    expect(matchStatusWord(scale, "組み込み済")).toEqual({ value: "builtIn", label: "組み込み済" });
    // 「はい」 and 「○」 mean met, but three options are met: which one is not for the import to guess.
    expect(matchStatusWord(scale, "はい")).toBeNull();
    expect(matchStatusWord(scale, "○")).toBeNull();
    // One unmet option and one not-applicable option: the usual words find them.
    expect(matchStatusWord(scale, "×")).toEqual({ value: "no", label: "いいえ" });
    expect(matchStatusWord(scale, "N/A")).toEqual({ value: "na", label: "該当しない" });
    expect(matchStatusWord(scale, "")).toBeNull();
  });
});

describe("every kind of answer read from its row", () => {
  it("numbers: thousands separators, fullwidth digits and spaces; words refused", () => {
    // Written for: lines 235-239 (case "number": the separators pattern, Number.isFinite, the message).
    expect(one("n1", "1,234").response).toEqual({ value: 1234 });
    expect(one("n1", "１２，０００").response).toEqual({ value: 12000 });
    expect(one("n1", "12 5").response).toEqual({ value: 125 });
    expect(one("n1", "十人")).toEqual({ status: "invalid", messages: ["「十人」は数値として読めません"], response: null });
  });

  it("dates and months: read as people write them and said so; the stored form silently; unreadable refused", () => {
    // Written for: lines 241-247 (case "date"/"month": the `read !== answer` message, the 年月/日付 words).
    expect(one("d1", "令和9年4月30日")).toEqual({ status: "accepted", messages: ["「令和9年4月30日」を「2027-04-30」として読みました"], response: { value: "2027-04-30" } });
    expect(one("d1", "2027-04-30")).toEqual({ status: "accepted", messages: [], response: { value: "2027-04-30" } });
    expect(one("m1", "R9.4")).toEqual({ status: "accepted", messages: ["「R9.4」を「2027-04」として読みました"], response: { value: "2027-04" } });
    expect(one("m1", "2027-04")).toEqual({ status: "accepted", messages: [], response: { value: "2027-04" } });
    expect(one("d1", "来月")).toEqual({ status: "invalid", messages: ["「来月」を日付として読めません"], response: null });
    expect(one("m1", "来月")).toEqual({ status: "invalid", messages: ["「来月」を年月として読めません"], response: null });
  });

  it("text as written, with the ' the export put before formula-like text taken off", () => {
    // Written for: lines 249-255 (case "email" and the other text kinds) and the unneutralizeFormula call.
    expect(one("e1", "info@example.jp")).toEqual({ status: "accepted", messages: [], response: { value: "info@example.jp" } });
    expect(one("name", "'=A社")).toMatchObject({ status: "accepted", response: { value: "=A社" } });
  });

  it("a status that needs a date (目標日): read in any form, or refused with an example", () => {
    // Written for: line 217 (`requires === "date"`), line 219 (the 日付 message and its example).
    expect(one("v1", "いいえ", { when: "令和9年3月31日" })).toEqual({
      status: "accepted",
      messages: ["「令和9年3月31日」を「2027-03-31」として読みました"],
      response: { value: { status: "no", date: "2027-03-31" } },
    });
    expect(one("v1", "いいえ", { when: "年度末" })).toEqual({ status: "invalid", messages: ["日付「年度末」を読めません（例: 2027-04-30、令和9年4月30日）"], response: null });
    expect(one("c2", "実施予定", { when: "来年度" })).toEqual({ status: "invalid", messages: ["実施時期「来年度」を読めません（例: 2027-04、令和9年4月）"], response: null });
  });

  it("a 実施時期 this month is not in the past, last month is; a 実施時期 beside 実施済 is not taken", () => {
    // Written for: line 221 (`read < today.slice(0, 7)` → `<=`, the slice) and line 217 (the `&&` and `requires` tests).
    expect(one("c1", "実施予定", { when: "2026-12" }).messages).toEqual([]);
    expect(one("c1", "実施予定", { when: "2026-11" }).messages).toEqual(["実施時期 2026-11 は過去です"]);
    expect(one("c1", "実施済", { when: "2027-04" }).response).toEqual({ value: { status: "implemented" } });
    expect(one("c1", "実施予定", { when: "2027-04" }).response).toEqual({ value: { status: "planned", month: "2027-04" } });
  });

  it("a reason is kept for 対象外 only; the scale's extra fields (確認日) are kept from the draft", () => {
    // Written for: line 224 (`requires === "reason" && …`), lines 226-227 (the draft's fields kept).
    expect(one("c1", "実施済", { reason: "不要" }).response).toEqual({ value: { status: "implemented" } });
    expect(one("c1", "対象外", { reason: "紙運用のみ" }).response).toEqual({ value: { status: "notApplicable", reason: "紙運用のみ" } });
    const current = { v1: { value: { status: "done", fields: { checked: "2026-10-01" } } } };
    expect(one("v1", "一部対応", {}, current)).toEqual({ status: "accepted", messages: [], response: { value: { status: "partly", fields: { checked: "2026-10-01" } } } });
    expect(one("v1", "一部対応").response).toEqual({ value: { status: "partly" } });
  });

  it("「対象事項無」 beside 実施予定 is pointed out; beside 実施済 it is just a note", () => {
    // Written for: line 229 (the outcome `planned` test).
    expect(one("c1", "実施済", { note: "対象事項無" })).toEqual({ status: "accepted", messages: [], response: { value: { status: "implemented" }, note: "対象事項無" } });
    expect(one("c1", "実施予定", { when: "2027-04", note: "該当なし" }).messages).toEqual([
      "「実施予定」の備考が「対象事項無」などの意味です。実施予定として取り込みます（様式の規則では、実施予定は満たしていない項目として数えます）",
    ]);
  });

  it("evidence: names and addresses paired line by line, blank lines dropped, more addresses than names kept", () => {
    // Written for: lines 272-279 (the evidence loop: its bound `<` and Math.max, the name/url/empty tests).
    expect(one("c1", "実施済", { names: "規程\n手順書\n", urls: "https://a.example/p\n\nhttps://a.example/q" }).response).toEqual({
      value: { status: "implemented" },
      evidence: [{ name: "規程", url: "https://a.example/p" }, { name: "手順書" }, { url: "https://a.example/q" }],
    });
    expect(one("c1", "実施済", { names: "\n  \n" }).response).toEqual({ value: { status: "implemented" } });
  });
});

describe("choices, several fields and tables from the words the export writes", () => {
  const refused = "回答の書き方を読み取れません。Kaiji から書き出したときと同じ書き方（選択肢の名前を「、」で区切る、「欄の名前: 値」）にするか、画面で入力してください";

  it("a choice with its free text, the longest label first, several only where the item allows several", () => {
    // Written for: readChoice (the label order, the （…） with nested brackets, the 「内容：」 prefix, 「、」 between).
    expect(one("ch1", "有（内容：健診代行（一部））").response).toEqual({ value: { selected: "yes", extra: { yes: "健診代行（一部）" } } });
    expect(one("ch1", "無").response).toEqual({ value: { selected: "none" } });
    expect(one("ch2", "A系拡張、その他（院内独自）").response).toEqual({ value: { selected: ["ab", "other"], extra: { other: "院内独自" } } });
    expect(one("ch2", "A系、A系拡張").response).toEqual({ value: { selected: ["a", "ab"] } });
    for (const words of ["有、無", "有（内容：閉じていない", "A系、A系", "A系・A系拡張", "B系"]) {
      const key = words.startsWith("有") ? "ch1" : "ch2";
      expect(one(key, words), words).toEqual({ status: "invalid", messages: [refused], response: null });
    }
  });

  it("the same words as the draft's answer keep the answer as it is", () => {
    // Written for: line 259 (`current?.value !== undefined && answer === formatAnswer(…)`).
    const current = { ch2: { value: { selected: ["other"], extra: { other: "院内独自" } } } };
    expect(one("ch2", "その他（院内独自）", {}, current)).toEqual({ status: "unchanged", messages: [], response: { value: { selected: ["other"], extra: { other: "院内独自" } } } });
  });

  it("several fields: an unlabelled value first, unit and 「、」 inside a value, a month read", () => {
    // Written for: readWords (unlabeled fields first), readPairs, unscalar (unit off, number and month read).
    expect(one("co1", "２箇所、都道府県名: 東京都、神奈川県、開設: 令和2年4月").response).toEqual({ value: { count: 2, pref: "東京都、神奈川県", since: "2020-04" } });
    expect(one("co1", "都道府県名: 大阪府").response).toEqual({ value: { pref: "大阪府" } });
    expect(one("co1", "本社のみ")).toEqual({ status: "invalid", messages: ["「本社のみ」は数値として読めません"], response: null });
    expect(one("co1", "1箇所、開設: 春")).toEqual({ status: "invalid", messages: ["「春」を年月として読めません"], response: null });
    expect(one("co1", "1箇所、都道府県名: 東京都、都道府県名: 大阪府")).toEqual({ status: "invalid", messages: [refused], response: null });
    expect(one("co1", "1箇所、2箇所")).toEqual({ status: "invalid", messages: [refused], response: null });
  });

  it("a table: 「行/列: 値」 with the column's prefix and unit taken off", () => {
    // Written for: readWords (table cells by 「行/列」), unscalar (prefix and unit off).
    expect(one("tb1", "専任/機関本体: 約12人、兼任/機関本体: 3人").response).toEqual({ value: { dedicated: { agency: 12 }, concurrent: { agency: 3 } } });
    expect(one("tb1", "兼任/機関本体: 0人").response).toEqual({ value: { concurrent: { agency: 0 } } });
    expect(one("tb1", "専任/機関本体: 人")).toEqual({ status: "invalid", messages: ["「人」は数値として読めません"], response: null });
    expect(one("tb1", "専任: 3")).toEqual({ status: "invalid", messages: [refused], response: null });
  });
});

describe("the sheet found, or the file refused with why", () => {
  const sheetOf = (name: string, rows: string[][]) => ({ name, state: "visible" as const, rowCount: rows.length, columnCount: 12, rows, merges: [], hiddenRows: [], hiddenColumns: [] });
  const read = (g: WorkbookGrid) => previewAnswerImport({ grid: g, template, draft: draft(), today: TODAY });

  it("a file whose only sheet has another name is read; of several sheets, the one called 「回答」, or none", () => {
    // Written for: findSheet's sheet choice (`?? (grid.sheets.length === 1 ? …)`) and its message.
    const rows = [[...ANSWER_HEADINGS], row("n1", "5")];
    expect(read({ format: "xlsx", sheets: [sheetOf("Sheet1", rows)] }).rows.map((r) => [r.row, r.key, r.status])).toEqual([[2, "n1", "accepted"]]);
    expect(read({ format: "xlsx", sheets: [sheetOf("表紙", []), sheetOf("回答", rows)] }).rows.map((r) => [r.row, r.key])).toEqual([[2, "n1"]]);
    expect(read({ format: "xlsx", sheets: [sheetOf("表紙", []), sheetOf("Sheet1", rows)] }).fileProblem).toBe("「回答」シートがありません。Kaiji から書き出した回答のファイルを選んでください。");
  });

  it("headings on the first row, spaces around them, no 様式ID row: read", () => {
    // Written for: line 177 (`headingRow < 0` → `<= 0`), line 176 (trim of each heading), lines 178-179 (様式ID optional).
    const rows = [ANSWER_HEADINGS.map((h) => ` ${h} `), row("n1", "5"), row("d1", "2027/4/1")];
    const p = read({ format: "csv", sheets: [sheetOf("回答", rows)] });
    expect(p.fileProblem).toBeNull();
    expect(p.rows.map((r) => [r.row, r.key, r.response])).toEqual([[2, "n1", { value: 5 }], [3, "d1", { value: "2027-04-01" }]]);
  });

  it("every heading must be there in order, not only the first ones; the message names the first six", () => {
    // Written for: line 176 (`every` → `some`) and line 177's message (`slice(0, 6)`, the 「・」 joiner).
    const headings: string[] = [...ANSWER_HEADINGS];
    headings[9] = "資料";
    const p = read({ format: "xlsx", sheets: [sheetOf("回答", [headings, row("n1", "5")])] });
    expect(p.fileProblem).toBe("「回答」シートに見出しの行（キー・章・節・番号・項目・区分・回答 …）がありません。列を並べ替えたり削除したりしていないか確認してください。");
    expect(p.rows).toEqual([]);
    expect(p.totals).toEqual({ accepted: 0, unchanged: 0, invalid: 0, unknown: 0, conflict: 0 });
  });

  it("the 様式ID row is read with spaces around it, and only above the headings", () => {
    // Written for: lines 178-179 (`r[1]?.trim() === "様式ID"`, `idRow?.[2]?.trim()`, `slice(0, headingRow)`).
    const withId = (id: string) => [["", " 様式ID ", ` ${id} `], [...ANSWER_HEADINGS], row("n1", "5")];
    expect(read({ format: "xlsx", sheets: [sheetOf("回答", withId("tiny@1.0.0"))] }).fileProblem).toBeNull();
    expect(read({ format: "xlsx", sheets: [sheetOf("回答", withId("tiny@2.0.0"))] }).fileProblem).toBe("このファイルは同じ様式の別の版（2.0.0）の回答です。この開示書の様式は 1.0.0 です。");
    // A row below the headings that happens to say 様式ID is an answer row, not the file's form.
    const below = [[...ANSWER_HEADINGS], ["", "様式ID", "other@1.0.0"], row("n1", "5")];
    expect(read({ format: "xlsx", sheets: [sheetOf("回答", below)] }).fileProblem).toBeNull();
    // A short row above the headings (no second or third cell) is no problem.
    expect(read({ format: "xlsx", sheets: [sheetOf("回答", [["開示書"], ["", "様式ID"], [...ANSWER_HEADINGS], row("n1", "5")])] }).fileProblem).toBeNull();
  });
});

describe("the rows of a file against the draft", () => {
  // The tiny form alone: its 「遵守」 rule counts name, c1 and c2 only.
  const tiny = tinyTemplate();
  const preview = (rows: string[][], responses: Record<string, ItemResponse> = {}) => previewAnswerImport({ grid: grid(rows), template: tiny, draft: draft(responses), today: TODAY });
  it("skips blank rows, reads a derived row's stated result without 「（自動判定）」, and says when the rules disagree", () => {
    // Written for: line 410 (`cells.every((c) => !c.trim())`), the （自動判定） pattern, claims and their detail.
    const p = preview([row("compliance", "遵守済（自動判定）"), ["", " ", ""], row("c1", "実施済"), row("c2", "実施済"), Array(12).fill("  ")], { name: { value: "A社" } });
    expect(p.rows.map((r) => [r.row, r.key, r.status])).toEqual([[8, "c1", "accepted"], [9, "c2", "accepted"]]);
    expect(p.claims).toEqual([]);
    expect(p.derived).toEqual([{ title: "遵守", before: "未回答あり", after: "遵守済" }]);
    const claimed = preview([row("compliance", "遵守済"), row("c1", "実施済"), row("c2", "実施予定", { when: "2027-04" })], { name: { value: "A社" } });
    expect(claimed.claims).toEqual([
      "ファイルでは「遵守」が「遵守済」とされていますが、様式の規則による判定は「遵守していない」です（満たしていない項目: 1）。判定は回答から算出され、ファイルの記載は使いません。",
    ]);
    // An incomplete result has no unmet items to count.
    expect(preview([row("compliance", "遵守済"), row("c1", "実施済")], { name: { value: "A社" } }).claims).toEqual([
      "ファイルでは「遵守」が「遵守済」とされていますが、様式の規則による判定は「未回答あり」です。判定は回答から算出され、ファイルの記載は使いません。",
    ]);
  });

  it("a blank answer clears the draft's answer, and the derived result after the import follows", () => {
    // Written for: line 456 (`delete after[key]`) for an accepted row that clears, and `before` from the draft as it is.
    const p = preview([row("c1", "")], { name: { value: "A社" }, c1: { value: { status: "implemented" } }, c2: { value: { status: "implemented" } } });
    expect(p.rows.map((r) => [r.key, r.status, r.response])).toEqual([["c1", "accepted", null]]);
    expect(p.derived).toEqual([{ title: "遵守", before: "遵守済", after: "未回答あり" }]);
  });

  it("a row written from a published version is accepted when the draft has not moved since that version", () => {
    // Written for: lines 443-448 (the `r`/`v` marks, `version && !sameResponse(…)`), and a missing version meaning no conflict.
    const published = { templateId: "tiny", templateVersion: "1.0.0", responses: { c1: { value: { status: "implemented" } } } };
    const input = (base: string) => previewAnswerImport({ grid: grid([row("c1", "対象外", { reason: "業務なし", base })]), template, draft: draft({ c1: { value: { status: "implemented" } } }, { c1: 3 }), versions: { 2: published }, today: TODAY });
    expect(input("v2").rows.map((r) => r.status)).toEqual(["accepted"]);
    expect(input("v7").rows.map((r) => r.status)).toEqual(["accepted"]);
    expect(input("r3").rows.map((r) => r.status)).toEqual(["accepted"]);
    expect(input("r2").rows.map((r) => r.status)).toEqual(["conflict"]);
    expect(input("x3").rows.map((r) => r.status)).toEqual(["accepted"]);
    expect(input("r3").rows[0].baseRevision).toBe(3);
  });
});

describe("the vendor's own sheet", () => {
  it("columns by their letters: A is the first, Z the 26th, AA the 27th; lower case and more than three letters refused", () => {
    // Written for: lines 44-46, columnIndex (the pattern's anchors and bounds, the base-26 sum).
    expect(["A", "B", "Z", "AA", "AZ", "BA", "ZZ", "AAA"].map(columnIndex)).toEqual([0, 1, 25, 26, 51, 52, 701, 702]);
    expect(["a", "", "1", "AAAA", "A1", " A"].map(columnIndex)).toEqual([null, null, null, null, null, null]);
  });

  it("rows without a number are headings or notes; an item's long text is quoted to 60 characters when it differs", () => {
    // Written for: `if (col.key === undefined && !number) continue`, line 431 (the 60-character cut of the form's text).
    const t = richTemplate();
    const long = "あ".repeat(61);
    t.sections[1].items![0].text = long;
    const rows = [["番号", "回答", "項目"], ["", "実施済", "見出し"], ["1", "実施済", "方針"], ["2", "実施済", "教育を行っている"]];
    const g: WorkbookGrid = { format: "xlsx", sheets: [{ name: "自社", state: "visible", rowCount: 4, columnCount: 3, rows, merges: [], hiddenRows: [], hiddenColumns: [] }] };
    const p = previewAnswerImport({ grid: g, layout: { sheet: "自社", headingRow: 1, columns: { number: "A", answer: "B", text: "C" } }, template: t, draft: draft(), today: TODAY });
    expect(p.rows.map((r) => [r.row, r.key, r.messages])).toEqual([
      [3, "c1", [`項目の文言がこの様式と異なります（様式: 「${"あ".repeat(60)}…」）`]],
      [4, "c2", []],
    ]);
  });
});

describe("what the first mutation run left alive", () => {
  const refused = "回答の書き方を読み取れません。Kaiji から書き出したときと同じ書き方（選択肢の名前を「、」で区切る、「欄の名前: 値」）にするか、画面で入力してください";

  it("a label that itself ends in 「み」 is read as it is", () => {
    // Written for: line 121:37 (`fold(o.label) === w` → false: only the 「み」-less comparison would be left).
    expect(matchStatusWord(template.scales![1] as Scale, "確認済み")).toEqual({ value: "confirmed", label: "確認済み" });
  });

  it("telephone numbers, addresses and several lines of text are kept as written", () => {
    // Written for: lines 250-252 (case "multiline" / "tel" / "url" → "": they would be read as words and refused).
    expect(one("tel1", "03-1234-5678").response).toEqual({ value: "03-1234-5678" });
    expect(one("url1", "https://vendor.example/").response).toEqual({ value: "https://vendor.example/" });
    expect(one("ml1", "一行目\n二行目").response).toEqual({ value: "一行目\n二行目" });
  });

  it("a date required by a status is never called past; only a 実施時期 is", () => {
    // Written for: line 221:15 (`requires === "month" && …` → true: a past 目標日 would be called a past 実施時期).
    expect(one("v1", "いいえ", { when: "2026-01-31" }).messages).toEqual([]);
  });

  it("a row the rules refuse gets the rule's message only, and the 「対象外」 hint only after 「対象事項無」", () => {
    // Written for: line 205 (`nothingToDo = false` → true), line 231 (`= true` → false), line 283 (the hint and its `[]`).
    expect(one("c1", "実施予定")).toEqual({ status: "invalid", messages: ["実施時期（年月）を入力してください"], response: null });
    expect(one("c1", "実施予定", { note: "対象事項無" }).messages).toEqual([
      "実施時期（年月）を入力してください",
      "備考が「対象事項無」などの意味です。実施することがないなら「対象外」と答え、理由に書いてください（対象外は様式の規則で数えません）",
    ]);
  });

  it("the draft's own words keep its answer even where they cannot be read back (a 「）」 inside the free text)", () => {
    // Written for: line 259 (the `current?.value !== undefined && answer === formatAnswer(…)` test and its block).
    const current = { ch1: { value: { selected: "yes", extra: { yes: "健診（一部）代行）" } } } };
    expect(one("ch1", "有（内容：健診（一部）代行））", {}, current)).toMatchObject({ status: "unchanged", response: current.ch1 });
    // Other words than the draft's are read, not kept.
    expect(one("ch1", "有（内容：健診）", {}, { ch1: { value: { selected: "none" } } })).toMatchObject({ status: "accepted", response: { value: { selected: "yes", extra: { yes: "健診" } } } });
  });

  it("evidence lines are trimmed", () => {
    // Written for: line 195 (`l.trim()` → `l`).
    expect(one("c1", "実施済", { names: "規程  \n  手順書" }).response).toEqual({ value: { status: "implemented" }, evidence: [{ name: "規程" }, { name: "手順書" }] });
  });

  it("several fields and tables: spaces after the colon, a value without its unit, thousands, dates, and every cell of a row", () => {
    // Written for: line 291 (`words.trim()`), line 293 (`field.unit && …` → `||`), line 294 (`t.trim()`), line 296 (the
    // separators), line 299 (date fields), line 301 (日付 in the message), line 318 (the nearest next label), line 386 (`??`).
    expect(one("tb1", "専任/機関本体:  約12人、専任/協力会社: 1,200人、兼任/機関本体: 3").response).toEqual({ value: { dedicated: { agency: 12, partners: 1200 }, concurrent: { agency: 3 } } });
    expect(one("co1", "都道府県名:  大阪府").response).toEqual({ value: { pref: "大阪府" } });
    expect(one("co2", "開始日: 2027/4/1、人数: 3人、備考: 週2回").response).toEqual({ value: { from: "2027-04-01", staff: 3, memo: "週2回" } });
    expect(one("co2", "開始日: 来春")).toEqual({ status: "invalid", messages: ["「来春」を日付として読めません"], response: null });
  });

  it("fields without labels are read in order; an unlabelled field after a labelled one cannot be placed", () => {
    // Written for: line 371 (no labelled field at all), line 372 (an unlabelled field after a labelled one).
    expect(one("co3", "12件、2027-04").response).toEqual({ value: { n: 12, at: "2027-04" } });
    expect(one("co4", "名称: 健診、3件")).toEqual({ status: "invalid", messages: [refused], response: null });
  });

  it("a choice's free text without its 「内容：」 is kept whole; an option without free text may still have some", () => {
    // Written for: line 346 (`option.extra?.label`), line 347 (`label && inner.startsWith(`${label}：`)`).
    expect(one("ch1", "有（健診代行）").response).toEqual({ value: { selected: "yes", extra: { yes: "健診代行" } } });
    expect(one("ch1", "無（予定なし）").status).not.toBe("accepted");
  });

  it("a refused file has no derived results or claims; a blank derived row claims nothing", () => {
    // Written for: line 397 (`derived: []`, `claims: []`), line 424 (`if (stated)`).
    const wrong = previewAnswerImport({ grid: grid([], "other@1.0.0"), template, draft: draft(), today: TODAY });
    expect([wrong.derived, wrong.claims]).toEqual([[], []]);
    expect(preview([row("compliance", ""), row("n1", "5")]).claims).toEqual([]);
  });

  it("a row's number is null when blank, a row without a key says so", () => {
    // Written for: line 415 (`number || null`), line 418 (「A列（キー）が空です」).
    const p = preview([["", "", "", "項目", "", "実施済"], ["n1", "", "4", "職員数", "", "5"]]);
    expect(p.rows.map((r) => [r.key, r.number, r.status, r.messages])).toEqual([
      ["", null, "unknown", ["A列（キー）が空です"]],
      ["n1", "4", "accepted", []],
    ]);
  });

  it("the 基準 column is r or v and digits only; a v without published versions is no conflict", () => {
    // Written for: line 443 (the mark's anchors and `\d+`), line 447 (`input.versions?.[…]`).
    const input = (base: string, versions?: Record<number, DisclosureContent>) =>
      previewAnswerImport({ grid: grid([row("c1", "対象外", { reason: "業務なし", base })]), template, draft: draft({ c1: { value: { status: "implemented" } } }, { c1: 3 }), versions, today: TODAY }).rows[0].status;
    expect(["xr2", "r2x", "r12", "r3", "v1"].map((b) => input(b))).toEqual(["accepted", "accepted", "conflict", "accepted", "accepted"]);
  });
});

describe("the vendor's own sheet: layouts at their edges", () => {
  const rows = [["番号", "回答", "備考"], ["1", "実施済"], ["2", "実施済", "年1回"]];
  const sheet = (name: string, r: string[][]) => ({ name, state: "visible" as const, rowCount: r.length, columnCount: 3, rows: r, merges: [], hiddenRows: [], hiddenColumns: [] });
  const file: WorkbookGrid = { format: "xlsx", sheets: [sheet("表紙", [["当社"], ["1", "対象外"]]), sheet("回答表", rows)] };
  const read = (layout: { sheet: string; headingRow: number; columns: Record<string, string> }) => previewAnswerImport({ grid: file, layout, template, draft: draft(), today: TODAY });

  it("reads the named sheet (not the first), short rows, no text column; the heading row from 1 to the last row", () => {
    // Written for: line 170 (the layout's sheet by name), lines 201 and 399 (`cells[i] ?? ""`: rows shorter than the
    // columns), line 399 (no text column: no 「文言が異なります」), line 53 (`headingRow` bounds: `< 1`, `>` → `>=`).
    const p = read({ sheet: "回答表", headingRow: 1, columns: { number: "A", answer: "B", note: "C" } });
    expect(p.fileProblem).toBeNull();
    expect(p.rows.map((r) => [r.row, r.key, r.text, r.messages, r.response])).toEqual([
      [2, "c1", "", [], { value: { status: "implemented" } }],
      [3, "c2", "", [], { value: { status: "implemented" }, note: "年1回" }],
    ]);
    expect(read({ sheet: "回答表", headingRow: 3, columns: { number: "A", answer: "B" } }).fileProblem).toBeNull();
    for (const headingRow of [0, 4, 1.5]) expect(read({ sheet: "回答表", headingRow, columns: { number: "A", answer: "B" } }).fileProblem, String(headingRow)).toBe("見出しの行は 1〜3 の行番号にしてください。");
  });

  it("numbers match whatever dash, width or trailing dot the sheet uses", () => {
    // Written for: line 63 (numberKey: the dash class → "-", the trailing dot `/\.$/`).
    const own: WorkbookGrid = { format: "xlsx", sheets: [sheet("自社", [["番号", "回答"], ["7ー1", "03-1111-2222"], ["7.2.", "https://a.example/"], ["7－3", "メモ"]])] };
    const p = previewAnswerImport({ grid: own, layout: { sheet: "自社", headingRow: 1, columns: { number: "A", answer: "B" } }, template, draft: draft(), today: TODAY });
    expect(p.rows.map((r) => [r.key, r.status])).toEqual([["tel1", "accepted"], ["url1", "accepted"], ["ml1", "accepted"]]);
  });

  it("the form's text is quoted whole up to 60 characters", () => {
    // Written for: line 431 (`item.text.length > 60` → `>=`).
    const t = richTemplate();
    t.sections[1].items![0].text = "い".repeat(60);
    const own: WorkbookGrid = { format: "xlsx", sheets: [sheet("自社", [["番号", "回答", "項目"], ["1", "実施済", "方針"]])] };
    const p = previewAnswerImport({ grid: own, layout: { sheet: "自社", headingRow: 1, columns: { number: "A", answer: "B", text: "C" } }, template: t, draft: draft(), today: TODAY });
    expect(p.rows[0].messages).toEqual([`項目の文言がこの様式と異なります（様式: 「${"い".repeat(60)}」）`]);
  });
});
