// A workbook + a mapping → a template: the structural MDS, SDS and 事業者確認用 fixtures (placeholder texts),
// and every mapping or sheet problem reported with its sheet, row and column, with no template made.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { answerSchema } from "../disclosures/answers.js";
import { computeDerived } from "../disclosures/derived.js";
import { allYesOrNotApplicableRule, scaleRegistry } from "../disclosures/scale-registry.js";
import { loadTemplateDirectory } from "../disclosures/template-loader.js";
import { summarizeTemplate, templateContentHash } from "../disclosures/template-summary.js";
import type { Template } from "../disclosures/template-schema.js";
import { describeColumns, formatProblem, previewImport, readWorkbook, type ImportPreview, type WorkbookGrid } from "../disclosures/workbook/index.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { FIXTURES_DIR, GUIDELINE_CHAPTERS, mdsWorkbook, sdsWorkbook, vendorChecklistCsv, vendorChecklistWorkbook } from "./fixtures/make-workbooks.js";

const mappingFile = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES_DIR, name), "utf8"));
const errors = (p: ImportPreview) => p.problems.filter((x) => x.kind === "error").map(formatProblem);
const skipped = (p: ImportPreview) => p.problems.filter((x) => x.kind === "skipped").map(formatProblem);
const clone = <T>(v: T): T => structuredClone(v);

/** A copy of the grid with one cell changed (row and column 1-based). */
function edit(grid: WorkbookGrid, sheet: string, row: number, column: number, value: string): WorkbookGrid {
  const copy = clone(grid);
  copy.sheets.find((s) => s.name === sheet)!.rows[row - 1][column - 1] = value;
  return copy;
}

const YES_NO_NA = [
  { value: "yes", label: "はい", outcome: "met" },
  { value: "no", label: "いいえ", outcome: "unmet" },
  { value: "notApplicable", label: "対象外", outcome: "notApplicable" },
];
const MHLW_GL = "医療情報システムの安全管理に関するガイドライン 第6.0版";

let mds: WorkbookGrid;
let sds: WorkbookGrid;
let checklist: WorkbookGrid;
beforeAll(async () => {
  mds = await readWorkbook(await mdsWorkbook(), { fileName: "mds.xlsx" });
  sds = await readWorkbook(await sdsWorkbook(), { fileName: "sds.xlsx" });
  checklist = await readWorkbook(await vendorChecklistWorkbook(), { fileName: "checklist.xlsx" });
});

describe("the MDS-shaped fixture: chapters as merged rows", () => {
  // Read inside each test, not in a beforeAll: mutation testing counts only code run inside a test as covered by it.
  const mdsPreview = () => previewImport(mds, mappingFile("mds.mapping.json"));

  it("reads 39 items in 13 chapters, with the header fields as a first section", () => {
    const preview = mdsPreview();
    const template = preview.template!;
    expect(errors(preview)).toEqual([]);
    expect({ rowsRead: preview.rowsRead, itemCount: preview.itemCount, sectionCount: preview.sectionCount }).toEqual({ rowsRead: 70, itemCount: 39, sectionCount: 13 });
    expect(template.sections.map((s) => [s.key, s.number ?? null, s.title, s.items?.length])).toEqual([
      ["header", null, "基本情報", 6],
      ...GUIDELINE_CHAPTERS.map((title, i) => [`s${i + 1}`, String(i + 1), title, 3]),
    ]);
    expect(template.sections[0].items!.map((i) => [i.key, i.text, i.level, i.answer.kind])).toEqual([
      ["vendorName", "事業者名", "required", "text"],
      ["productName", "製品名", "required", "text"],
      ["productVersion", "バージョン", "required", "text"],
      ["writtenOn", "作成日", "required", "date"],
      ["contact", "連絡先", "required", "multiline"],
      ["guidelineEdition", "対象ガイドライン版", "required", "text"],
    ]);
    expect(summarizeTemplate(template).byLevel).toEqual({ required: 33, recommended: 12, none: 0 });
  });

  it("reads each row literally: numbers as numbers, text and full-width, wrapped text, rich text, formulas, 確認事項, references", () => {
    const preview = mdsPreview();
    const template = preview.template!;
    const ref = (location: string) => [{ guideline: MHLW_GL, location }];
    const status = { kind: "status", scale: "mds" };
    expect(template.sections[2]).toEqual({
      key: "s2",
      number: "2",
      title: "責任分界",
      items: [
        { key: "2.1", number: "2.1", text: "（項目文サンプル）MDS-2.1", level: "required", answer: status, references: ref("企画管理編 2.1") },
        { key: "2.2", number: "2.2", text: "（項目文サンプル）MDS-2.2\n（2行目のサンプル）", level: "recommended", answer: status, references: ref("企画管理編 2.2") },
        { key: "2.3", number: "2.3", text: "（項目文サンプル）MDS-2.3", level: "required", answer: status, references: ref("企画管理編 2.3"), help: "（確認事項サンプル）MDS-2.3\n（確認事項の2行目）" },
      ],
    });
    const item = (key: string) => template.sections.flatMap((s) => s.items ?? []).find((i) => i.key === key)!;
    expect(item("3.3").text).toBe("（項目文サンプル）MDS-3.3"); // rich text
    expect(item("4.3").level).toBe("required"); // a formula's cached 必須
    expect(item("10.1").number).toBe("10.1"); // text from here on; 1.1–9.1 were number cells
  });

  it("uses the はい／いいえ／対象外 scale and the 「全項目が『はい』または『対象外』」 rule", () => {
    const preview = mdsPreview();
    const template = preview.template!;
    expect(template.scales).toEqual([{ key: "mds", options: YES_NO_NA }]);
    const answers = Object.fromEntries(template.sections.slice(1).flatMap((s) => s.items!.map((i) => [i.key, { status: i.key.endsWith(".3") ? "notApplicable" : "yes" }])));
    expect(computeDerived(template, answers).allYesOrNotApplicable).toMatchObject({ state: "pass", label: "全項目が「はい」または「対象外」", applicable: 26, notApplicable: 13 });
    const withNo = { ...answers, "5.2": { status: "no" } };
    expect(computeDerived(template, withNo).allYesOrNotApplicable).toMatchObject({ state: "fail", notMet: ["5.2"], label: "「いいえ」の項目があります", unmetNote: "医療機関側のリスク評価が必要" });
    // The same rule as the registry's preset for the GL 7.0 別紙.
    expect(template.derived).toEqual([allYesOrNotApplicableRule("allYesOrNotApplicable")]);
  });

  it("reports blank rows, the repeated heading row and the notes under the table as skipped, not as errors", () => {
    const preview = mdsPreview();
    expect(skipped(preview)).toEqual([
      ...[15, 20, 25, 30, 35, 40].map((r) => `シート「MDS」 ${r}行目: 読み飛ばしました: 空行`),
      "シート「MDS」 41行目: 読み飛ばしました: 見出し行の繰り返し",
      ...[46, 51, 56, 61, 66, 71].map((r) => `シート「MDS」 ${r}行目: 読み飛ばしました: 空行`),
      "シート「MDS」 76〜77行目: 読み飛ばしました: 空行",
      "シート「MDS」 78〜80行目: 読み飛ばしました: 注記（表の外の文）",
    ]);
  });

  it("gives the canonical content hash of the template", () => {
    const preview = mdsPreview();
    const template = preview.template!;
    expect(preview.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(preview.contentHash).toBe(templateContentHash(template));
  });
});

describe("the SDS-shaped fixture: chapters in a merged column, two heading rows, a hidden row", () => {
  const sdsPreview = () => previewImport(sds, mappingFile("sds.mapping.json"));

  it("reads 52 items numbered 1–52 in 13 chapters", () => {
    const preview = sdsPreview();
    expect(errors(preview)).toEqual([]);
    const t = preview.template!;
    expect(t.sections.map((s) => [s.key, s.title, s.items!.length])).toEqual([["header", "基本情報", 6], ...GUIDELINE_CHAPTERS.map((title, i) => [`s${i + 1}`, title, 4])]);
    const items = t.sections.slice(1).flatMap((s) => s.items!);
    expect(items.map((i) => i.key)).toEqual(Array.from({ length: 52 }, (_, i) => String(i + 1)));
    expect(items.filter((i) => i.level === "required").map((i) => i.number)).toEqual(Array.from({ length: 13 }, (_, i) => String(i * 4 + 1)));
    expect(items[3]).toEqual({
      key: "4",
      number: "4",
      text: "（項目文サンプル）SDS-1-4\n（2行目のサンプル）",
      level: "recommended",
      answer: { kind: "status", scale: "sds" },
      references: [{ guideline: "安全管理GL 6.0版", location: "企画管理編 1" }],
    });
    expect(summarizeTemplate(t).byLevel).toEqual({ required: 19, recommended: 39, none: 0 });
  });

  it("leaves out the hidden row and says so; the repeated two-row heading too", () => {
    const preview = sdsPreview();
    expect(skipped(preview)).toEqual([
      "シート「SDS」 32行目: 読み飛ばしました: 非表示の行",
      "シート「SDS」 41〜42行目: 読み飛ばしました: 見出し行の繰り返し",
      "シート「SDS」 67〜68行目: 読み飛ばしました: 空行",
      "シート「SDS」 69〜70行目: 読み飛ばしました: 注記（表の外の文）",
    ]);
    const withHidden = previewImport(sds, { ...mappingFile("sds.mapping.json"), includeHiddenRows: true });
    expect(withHidden.template!.sections[5].items!.map((i) => i.key)).toEqual(["17", "18", "19", "20", "99"]);
  });
});

describe("the 事業者確認用-shaped fixture: はい／いいえ, 確認日, 目標日", () => {
  it("reads 15 items in 3 plain heading rows, every item required, on the はい／いいえ scale with 確認日 and 目標日", () => {
    const preview = previewImport(checklist, mappingFile("vendor-checklist.mapping.json"));
    expect(errors(preview)).toEqual([]);
    const t = preview.template!;
    expect(t.sections.map((s) => [s.key, s.number ?? null, s.title, s.items!.length])).toEqual([
      ["header", null, "基本情報", 4],
      ["s1", "1", "（章見出しサンプル）", 5],
      ["s2", "2", "（章見出しサンプル）", 5],
      ["s3", "3", "（章見出しサンプル）", 5],
    ]);
    expect(t.sections[2].items!.map((i) => [i.key, i.number, i.text])).toEqual(
      [1, 2, 3, 4, 5].map((k) => [`2-${k}`, `2-(${k})`, `（項目文サンプル）事業者確認用-2-(${k})`]),
    );
    expect(summarizeTemplate(t).byLevel).toEqual({ required: 19, recommended: 0, none: 0 });
    expect(t.scales).toEqual([
      {
        key: "yesNoWithDates",
        options: [
          { value: "yes", label: "はい", outcome: "met" },
          { value: "no", label: "いいえ", outcome: "unmet", requires: "date", requiresLabel: "目標日" },
        ],
        fields: [{ key: "confirmedOn", label: "確認日", type: "date" }],
      },
    ]);
    // いいえ needs its 目標日; 確認日 goes with every answer.
    const schema = answerSchema(t.sections[1].items![0].answer, t)!;
    expect(schema.safeParse({ status: "no", fields: { confirmedOn: "2026-06-01" } }).error!.issues.map((i) => i.message)).toEqual(["目標日を入力してください"]);
    expect(schema.safeParse({ status: "no", date: "2027-03-31", fields: { confirmedOn: "2026-06-01" } }).success).toBe(true);
    expect(schema.safeParse({ status: "yes", fields: { confirmedOn: "2026-06-01" } }).success).toBe(true);
  });

  it("reads the same checklist saved as CSV with the same mapping", async () => {
    const xlsx = previewImport(checklist, mappingFile("vendor-checklist.mapping.json")).template!;
    const csv = previewImport(await readWorkbook(vendorChecklistCsv(), { fileName: "checklist.csv" }), mappingFile("vendor-checklist.mapping.json"));
    expect(errors(csv)).toEqual([]);
    const fifths = csv.template!.sections.slice(1).map((s) => s.items![4].text);
    expect(fifths).toEqual([1, 2, 3].map((s) => `（項目文サンプル）事業者確認用-${s}-(5)\n"2行目"のサンプル`));
    const strip = (t: Template) => t.sections.map((s) => ({ ...s, items: s.items!.map((i) => ({ ...i, text: i.text.split("\n")[0] })) }));
    expect(strip(csv.template!)).toEqual(strip(xlsx));
  });
});

describe("problems: an error names sheet, row and column, and there is no template", () => {
  const mdsMapping = () => mappingFile("mds.mapping.json");

  it("duplicate item numbers", () => {
    const preview = previewImport(edit(mds, "MDS", 13, 1, "1.1"), mdsMapping());
    expect(preview.template).toBeNull();
    expect(preview.contentHash).toBeNull();
    expect(errors(preview)).toEqual(["シート「MDS」 13行目 A列: 項目キー「1.1」が 12 行目と重複しています。", "シート「MDS」 13行目 A列: 番号「1.1」が 12 行目と重複しています。"]);
  });

  it("duplicate numbers in different sections are allowed when the mapping says numbers are unique per section", () => {
    const grid = edit(mds, "MDS", 17, 1, "1.2");
    const mapping = { ...mdsMapping(), itemKeys: "sectionAndNumber" };
    expect(errors(previewImport(grid, mapping))).toEqual(["シート「MDS」 17行目 A列: 番号「1.2」が 13 行目と重複しています。"]);
    const preview = previewImport(grid, { ...mapping, uniqueNumbers: "section" });
    expect(errors(preview)).toEqual([]);
    expect(preview.template!.sections[2].items!.map((i) => i.key)).toEqual(["s2.1.2", "s2.2.2", "s2.2.3"]);
  });

  it("an item without text", () => {
    const preview = previewImport(edit(mds, "MDS", 13, 2, ""), mdsMapping());
    expect(preview.template).toBeNull();
    expect(errors(preview)).toEqual(["シート「MDS」 13行目 B列: 項目文が空です。"]);
  });

  it("a level column with an unknown word", () => {
    const preview = previewImport(edit(mds, "MDS", 12, 3, "最重要"), mdsMapping());
    expect(errors(preview)).toEqual(["シート「MDS」 12行目 C列: 区分「最重要」は対応表にありません（使える語: 必須、◎、●、推奨、○、任意、－、-、―）。"]);
    const own = previewImport(edit(mds, "MDS", 12, 3, "最重要"), { ...mdsMapping(), levelWords: { 最重要: "required", 必須: "required", 推奨: "recommended", "◎": "required" } });
    expect(errors(own)).toEqual([]);
  });

  it("a mapping that leaves required fields unmapped", () => {
    const { columns, template, ...rest } = mdsMapping();
    const { text: _text, ...otherColumns } = columns;
    const { id: _id, ...otherMeta } = template;
    const preview = previewImport(mds, { ...rest, columns: otherColumns, template: otherMeta });
    expect(preview.template).toBeNull();
    expect(preview.mapping).toBeNull();
    expect(errors(preview).sort()).toEqual(["マッピング: 様式ID（template.id） が指定されていません。", "マッピング: 項目文の列（columns.text） が指定されていません。"]);
    expect(preview.problems.map((p) => p.field).sort()).toEqual(["columns.text", "template.id"]);
  });

  it("a mapping with a bad column, pattern or scale", () => {
    const preview = previewImport(mds, { ...mdsMapping(), columns: { text: "B1" }, sections: [{ from: "row", column: "A", titlePattern: "(" }], scales: [{ registry: "nothing" }] });
    expect(errors(preview).sort()).toEqual([
      "マッピング: scales[0].registry: 登録されていない尺度です",
      "マッピング: sections[0].titlePattern: 正規表現として読めません",
      "マッピング: 項目文の列（columns.text）: 列は A、B、…、AA のように英字で指定してください",
    ]);
  });

  it("a text column with nothing in it (the wrong column picked)", () => {
    const preview = previewImport(mds, { ...mdsMapping(), columns: { ...mdsMapping().columns, text: "I" } });
    expect(preview.template).toBeNull();
    expect(preview.problems).toEqual([
      { kind: "error", sheet: "MDS", column: "I", field: "columns.text", message: "項目文の列（I列）には、見出し行より下に値がありません。列の対応を確かめてください。" },
    ]);
  });

  it("a sheet that is not in the workbook", () => {
    const preview = previewImport(mds, { ...mdsMapping(), sheet: "MDS2" });
    expect(errors(preview)).toEqual(["シート「MDS2」: シート「MDS2」がありません（このブックのシート: 「記入要領」、「MDS」）。"]);
  });

  it("an answer word not in the table, and an answer scale the mapping does not declare", () => {
    const words = { ...mdsMapping(), columns: { ...mdsMapping().columns, answer: "E" }, answer: { words: { はい・いいえ・対象外: { kind: "status", scale: "mds" } } } };
    const grid = edit(edit(mds, "MDS", 12, 5, "はい・いいえ・対象外"), "MDS", 13, 5, "記述式");
    const preview = previewImport(grid, words);
    expect(errors(preview)).toContain("シート「MDS」 13行目 E列: 回答形式「記述式」は対応表にありません（使える語: はい・いいえ・対象外）。");
    expect(errors(preview)).toContain("シート「MDS」 14行目 E列: 回答形式が決まりません（回答形式の列か、既定の回答形式 answer.default を指定してください）。");
    const unknownScale = previewImport(mds, { ...mdsMapping(), scales: [] });
    expect(errors(unknownScale)[0]).toBe("シート「MDS」 12行目: 回答の尺度「mds」がマッピングの scales にありません。");
    expect(errors(unknownScale)).toHaveLength(39);
  });

  it("a heading with nothing under it, and items before the first heading", () => {
    // Chapter 1's three items blanked: its heading (row 11) now holds nothing.
    let grid = mds;
    for (const row of [12, 13, 14]) for (const column of [1, 2, 3, 6, 7]) grid = edit(grid, "MDS", row, column, "");
    expect(errors(previewImport(grid, mdsMapping()))).toEqual(["シート「MDS」 11行目: 見出し「規程類」の下に項目がありません。"]);
    let headless_ = mds;
    for (let column = 1; column <= 7; column++) headless_ = edit(headless_, "MDS", 11, column, "");
    const headless = previewImport(headless_, { ...mdsMapping(), notesPattern: null });
    expect(errors(headless)).toEqual([12, 13, 14].map((r) => `シート「MDS」 ${r}行目 A列: この項目より前に見出しの行がありません。`));
  });

  it("a table with no heading levels goes into one section", () => {
    const { sections: _s, ...flat } = mdsMapping();
    // Chapter rows (「1．規程類」) read as notes here; 「２．２」 (full-width) is an item number and stays.
    const preview = previewImport(mds, { ...flat, notesPattern: "^[0-9]+．|^※|^注|^（注記" });
    expect(errors(preview)).toEqual([]);
    expect(preview.template!.sections.map((s) => [s.key, s.title, s.items!.length])).toEqual([
      ["header", "基本情報", 6],
      ["items", "項目", 39],
    ]);
  });
});

describe("what the admin UI shows to pick columns", () => {
  it("lists each column with its heading and whether Excel hides it", () => {
    const sheet = mds.sheets.find((s) => s.name === "MDS")!;
    expect(describeColumns(sheet, [10])).toEqual([
      { column: "A", heading: "番号", hidden: false },
      { column: "B", heading: "質問項目", hidden: false },
      { column: "C", heading: "区分", hidden: false },
      { column: "D", heading: "回答（はい／いいえ／対象外）", hidden: false },
      { column: "E", heading: "備考", hidden: false },
      { column: "F", heading: "ガイドライン参照", hidden: false },
      { column: "G", heading: "確認事項", hidden: false },
      { column: "H", heading: "管理番号", hidden: true },
    ]);
  });
});

describe("the registry of scales", () => {
  it("holds every scale the built-in templates use, unchanged", () => {
    const builtin = loadTemplateDirectory(TEMPLATES_DIR).flatMap((t) => t.scales ?? []);
    // Every version of every built-in form (1.0.0 archived, the corrected 1.1.0, cybersecurity 1.2.0) uses these four.
    expect([...new Set(builtin.map((s) => s.key))].sort()).toEqual(["cyber", "hispro", "minimumGuideline", "responsibility"]);
    for (const scale of builtin) expect(scaleRegistry.find((r) => r.id === scale.key)!.scale).toEqual(scale);
  });

  it("names each scale for the admin UI and keeps ids unique", () => {
    expect(scaleRegistry.map((r) => [r.id, r.title])).toEqual([
      ["yesNoNotApplicable", "はい／いいえ／対象外（MDS/SDS）"],
      ["yesNoWithDates", "はい／いいえ（確認日、いいえは目標日）"],
      ["hispro", "対応済／未対応／対象外（HISPRO）"],
      ["minimumGuideline", "実施済／実施予定／対象外（最低限のガイドライン）"],
      ["cyber", "○／×（サイバーセキュリティ対策チェックリスト）"],
      ["responsibility", "医療機関／事業者／共同／対象外（役割分担）"],
    ]);
  });
});
