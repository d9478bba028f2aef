// Mutation testing of disclosures/workbook/export.ts (issue 20, docs/mutation.md): a made-up form that uses what the
// built-in ones do not (two scales with the same labels, a scale outside the registry, numbers with a unit, texts
// a cell cannot carry, details in two orders, numbers repeated) goes out as a workbook and its mapping and comes back
// the same; the workbook looks as an administrator expects in Excel; and what cannot be written is refused. Line
// numbers are those of export.ts when the tests were written.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Item, Template } from "../disclosures/template-schema.js";
import { buildTemplateWorkbook, exportTemplate, previewImport, readWorkbook } from "../disclosures/workbook/index.js";

const YN = [
  { value: "yes", label: "はい", outcome: "met" as const },
  { value: "no", label: "いいえ", outcome: "unmet" as const },
];
const THREE = [
  { value: "done", label: "済", outcome: "met" as const },
  { value: "later", label: "予定", outcome: "planned" as const },
  { value: "none", label: "未", outcome: "unmet" as const },
];

const item = (key: string, extra: Partial<Item> = {}): Item => ({ key, text: `項目 ${key}`, level: "required", answer: { kind: "text" }, ...extra });

function sample(): Template {
  return {
    id: "export-sample",
    version: "1.2.0",
    title: "書き出しの見本",
    language: "ja",
    source: { document: "見本文書", edition: "第2版", publisher: "見本発行者" },
    description: "様式の説明",
    notes: [
      { id: "注A", text: "様式の注" },
      { id: "注 B", text: "空白のある注" },
    ],
    help: [
      { term: "規程", text: "規程とは", places: ["表紙", "第1章"], items: ["a1", "a2"] },
      { term: "記録", text: "記録とは" },
    ],
    scales: [
      { key: "yn1", options: YN },
      { key: "yn2", options: YN },
      { key: "three", options: THREE },
    ],
    derived: [{ rule: "allMet", key: "all", title: "全項目", labels: { pass: "すべて済", fail: "未がある", incomplete: "未回答がある" } }],
    sections: [
      {
        key: "s1",
        number: "1",
        title: "規程類",
        description: "第1章の説明",
        notes: [{ id: "注1", text: "第1章の注" }],
        items: [
          item("a1", {
            number: "1",
            group: "管理",
            answer: { kind: "status", scale: "yn1" },
            category: "組織",
            perspective: "prevent",
            references: [{ guideline: "GL", location: "企画管理編 1" }, { guideline: "GL2" }],
            checkPoints: ["一つ目", "二つ目"],
            help: "説明",
            noteRefs: ["注1"],
            details: [
              { label: "リスク", text: "漏えい" },
              { label: "対策", text: "暗号化" },
            ],
          }),
          item("a2", { number: "2", answer: { kind: "status", scale: "yn2" }, details: [{ label: "対策", text: "監視" }, { label: "リスク", text: "改ざん" }], perspective: "detect" }),
          item("a3", { number: "3", answer: { kind: "status", scale: "yn1" }, details: [{ label: "リスク", text: "停止" }], perspective: "correct" }),
        ],
        sections: [
          {
            key: "s1-1",
            title: "小節",
            items: [
              item("b1", { number: "１", answer: { kind: "number", unit: "人" }, text: "一行目\r\n二行目", group: " 前後に空白 " }),
              item("b2", { number: "5", answer: { kind: "choice", multiple: true, options: [{ value: "x", label: "エックス" }, { value: "y", label: "ワイ" }] }, level: "recommended" }),
              item("b3", { number: "6", answer: { kind: "choice", multiple: false, options: [{ value: "x", label: "エックス" }, { value: "y", label: "ワイ" }] }, level: "none" }),
            ],
          },
        ],
      },
      {
        key: "s2",
        number: "2",
        title: "記録",
        items: [
          item("c1", { number: "7", answer: { kind: "status", scale: "three" }, help: "末尾に空白 ", category: "組\r織", references: [{ guideline: "GL：GL", location: "x" }] }),
          item("c2", { number: "8", answer: { kind: "derived", result: "all" }, checkPoints: ["一つの確認に\n改行"], noteRefs: ["注 B"] }),
          item("c3", { number: "9", answer: { kind: "composite", fields: [{ key: "n", label: "名", type: "text" }, { key: "d", label: "日", type: "date" }] } }),
          item("c4", { number: "10", answer: { kind: "table", rows: [{ key: "r", label: "行" }], columns: [{ key: "v", type: "number" }] } }),
          item("c5", { number: "11", answer: { kind: "email" } }),
          item("c6", { number: "12", answer: { kind: "status", scale: "yn2" }, details: [{ label: "リスク", text: "二重" }, { label: "リスク", text: "登録" }] }),
        ],
      },
    ],
  };
}

async function loaded(template: Template): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportTemplate(template)).workbook as unknown as ExcelJS.Buffer);
  return wb;
}

describe("a form with what the built-in ones lack", () => {
  it("comes back the same through the workbook and the mapping as JSON", async () => {
    // Written for: the round trip as a whole: extras for what cells cannot carry (lines 227-263), the 注記・説明 rows
    // (lines 273-281), the mapping (lines 306-350).
    const template = sample();
    const { workbook, mapping } = await exportTemplate(template);
    const preview = previewImport(await readWorkbook(workbook, { fileName: "sample.xlsx" }), JSON.parse(JSON.stringify(mapping)));
    expect(preview.problems).toEqual([]);
    expect(preview.template).toEqual(template);
  });

  it("keeps in the mapping exactly what no cell can carry", () => {
    // Written for: line 227 (a number that folds, `!==`), line 230 (a text with CR), lines 235-240 (group, category,
    // help that do not survive a cell), lines 242-256 (references, 確認事項, 注 that read back otherwise), lines 257-263
    // (details in another order or with a label twice), line 234 (`answer.perItem`), line 264 (no empty extras).
    const { mapping } = buildTemplateWorkbook(sample());
    expect(mapping.items).toEqual({
      b1: { number: "１", text: "一行目\r\n二行目", group: " 前後に空白 ", answer: { kind: "number", unit: "人" } },
      b2: { answer: { kind: "choice", multiple: true, options: [{ value: "x", label: "エックス" }, { value: "y", label: "ワイ" }] } },
      b3: { answer: { kind: "choice", multiple: false, options: [{ value: "x", label: "エックス" }, { value: "y", label: "ワイ" }] } },
      a2: { details: [{ label: "対策", text: "監視" }, { label: "リスク", text: "改ざん" }] },
      c1: { help: "末尾に空白 ", category: "組\r織", references: [{ guideline: "GL：GL", location: "x" }] },
      c2: { checkPoints: ["一つの確認に\n改行"], noteRefs: ["注 B"] },
      c3: { answer: { kind: "composite", fields: [{ key: "n", label: "名", type: "text" }, { key: "d", label: "日", type: "date" }] } },
      c4: { answer: { kind: "table", rows: [{ key: "r", label: "行" }], columns: [{ key: "v", type: "number" }] } },
      c6: { details: [{ label: "リスク", text: "二重" }, { label: "リスク", text: "登録" }] },
    });
  });

  it("names each answer once: scales by their labels (told apart by key), the rest by kind or as defined per item", () => {
    // Written for: lines 70-74 (labels joined with 「／」, a repeat gets 「（key）」), lines 76-92 (a known answer reused,
    // status, derived with its title, plain kinds by `Object.keys(answer).length === 1`, per-item words).
    const { mapping } = buildTemplateWorkbook(sample());
    expect(mapping.answer.words).toEqual({
      "はい／いいえ": { kind: "status", scale: "yn1" },
      "はい／いいえ（yn2）": { kind: "status", scale: "yn2" },
      "数値（個別定義）": "perItem",
      "複数選択（個別定義）": "perItem",
      "選択（個別定義）": "perItem",
      "済／予定／未": { kind: "status", scale: "three" },
      "自動判定（全項目）": { kind: "derived", result: "all" },
      "複合（個別定義）": "perItem",
      "表（個別定義）": "perItem",
      メールアドレス: { kind: "email" },
    });
    // Scales the registry does not have travel whole (line 63; the registry's are named in workbook-export).
    expect(mapping.scales).toEqual([
      { key: "yn1", options: YN },
      { key: "yn2", options: YN },
      { key: "three", options: THREE },
    ]);
  });

  it("the mapping: every column the form uses, detail columns in the order most items give, one heading level per depth", () => {
    // Written for: lines 125-146 (`uses`, each optional column), lines 107-115 (`detailColumnOrder`: リスク before 対策
    // because two items give that order and one the other), lines 117-119 (`depthOf`), lines 315-336.
    const { mapping } = buildTemplateWorkbook(sample());
    expect(mapping.columns).toEqual({
      key: "A",
      number: "C",
      group: "D",
      text: "E",
      level: "F",
      answer: "G",
      category: "H",
      perspective: "I",
      references: "J",
      checkPoints: "K",
      help: "L",
      noteRefs: "M",
      details: [
        { label: "リスク", column: "N" },
        { label: "対策", column: "O" },
      ],
    });
    expect(mapping.sections).toEqual([1, 2].map((depth) => ({ from: "row", column: "D", numberColumn: "C", keyColumn: "A", match: { column: "B", pattern: `^見出し${depth}$` } })));
    expect(mapping).toMatchObject({ sheet: "様式", headerRows: [5], itemKeys: "number", levelBlank: "none", levelWords: { 必須: "required", 推奨: "recommended" }, supplement: { sheet: "注記・説明" } });
    expect(mapping.template).toEqual({ id: "export-sample", version: "1.2.0", title: "書き出しの見本", language: "ja", source: { document: "見本文書", edition: "第2版", publisher: "見本発行者" } });
  });

  it("a plain form: only the columns it uses, no details, no scales or rules", () => {
    // Written for: lines 135-145 and 321-328 (each optional column absent when no item uses it, `uses` for empty lists).
    const plain: Template = { id: "plain", version: "1.0.0", title: "素朴", language: "ja", source: { document: "文書", edition: "初版" }, sections: [{ key: "s", title: "章", items: [item("1", { references: [], checkPoints: [] })] }] };
    const { mapping } = buildTemplateWorkbook(plain);
    expect(Object.keys(mapping.columns)).toEqual(["key", "number", "text", "level", "answer"]);
    expect([mapping.scales, mapping.derived, mapping.sections.length]).toEqual([[], [], 1]);
  });
});

describe("where numbers must be unique", () => {
  const form = (a: string, b: string, c: string): Template => ({
    id: "numbers",
    version: "1.0.0",
    title: "番号",
    language: "ja",
    source: { document: "文書", edition: "初版" },
    sections: [
      { key: "s1", title: "一", items: [item("x", { number: a }), item("y", { number: b })] },
      { key: "s2", title: "二", items: [item("z", { number: c }), item("w")] },
    ],
  });

  it("in the form, per section, or nowhere", () => {
    // Written for: lines 96-104 (`unique`: numbers only of items that have one; "template", "section", "none").
    expect(buildTemplateWorkbook(form("1", "2", "3")).mapping.uniqueNumbers).toBe("template");
    expect(buildTemplateWorkbook(form("1", "2", "1")).mapping.uniqueNumbers).toBe("section");
    expect(buildTemplateWorkbook(form("1", "1", "2")).mapping.uniqueNumbers).toBe("none");
  });
});

describe("what an administrator sees in Excel", () => {
  it("the title block: the title large and bold, the source, the note on what may be edited; merged across the table", async () => {
    // Written for: lines 170-183 (the source parts joined with a full-width space, the block's fonts, wrap on the
    // third line, its height, the merges), line 156 (the creator).
    const wb = await loaded(sample());
    expect(wb.creator).toBe("Kaiji");
    const ws = wb.getWorksheet("様式")!;
    expect(ws.getCell("B1").value).toBe("書き出しの見本");
    expect(ws.getCell("B2").value).toBe("出典：見本文書　第2版　見本発行者");
    expect(String(ws.getCell("B3").value)).toMatch(/^様式ID：export-sample　版：1\.2\.0　※ 文言（見出し・項目・区分・参照など）は Excel で直して取り込み直せます。/);
    expect(ws.getCell("B1").font).toMatchObject({ bold: true, size: 14 });
    expect(ws.getCell("B2").font).toMatchObject({ size: 9 });
    expect(ws.getCell("B2").font.bold).toBeFalsy();
    expect(ws.getCell("B3").alignment).toMatchObject({ wrapText: true, vertical: "top" });
    expect(ws.getCell("B2").alignment.wrapText).toBeFalsy();
    expect(ws.getRow(3).height).toBe(30);
    expect(ws.model.merges).toEqual(expect.arrayContaining(["B1:O1", "B2:O2", "B3:O3"]));
  });

  it("frozen under the heading row, printed landscape on A4 one page wide with the heading row repeated", async () => {
    // Written for: lines 157-160 (views and page setup), line 285 (the second sheet frozen under its heading row).
    const wb = await loaded(sample());
    const ws = wb.getWorksheet("様式")!;
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 5 });
    expect(ws.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "5:5" });
    expect(wb.getWorksheet("注記・説明")!.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
  });

  it("column widths, the key column hidden", async () => {
    // Written for: line 161 (`{ width, hidden: c.hidden ?? false }`), lines 131-145 (the widths), line 286.
    const ws = (await loaded(sample())).getWorksheet("様式")!;
    expect(Array.from({ length: 15 }, (_, i) => ws.getColumn(i + 1).width)).toEqual([16, undefined, 10, 18, 60, 7, 20, 14, 7, 36, 44, 40, 10, 40, 40]);
    expect(Array.from({ length: 15 }, (_, i) => Boolean(ws.getColumn(i + 1).hidden))).toEqual([true, ...Array(14).fill(false)]);
    const sup = (await loaded(sample())).getWorksheet("注記・説明")!;
    expect([1, 2, 3, 4, 5].map((c) => sup.getColumn(c).width)).toEqual([12, 24, 24, 90, 24]);
  });

  it("the heading row grey and bold; heading rows shaded by depth; every table cell bordered and wrapped", async () => {
    // Written for: lines 185-193 (the heading row), lines 197-216 (heading rows: key, 見出しN, number, merged title,
    // bold, the shade of their depth, border, alignment), lines 265-269 (item rows).
    const ws = (await loaded(sample())).getWorksheet("様式")!;
    const thin = { style: "thin", color: { argb: "FF808080" } };
    const border = { top: thin, left: thin, bottom: thin, right: thin };
    const head = ws.getCell("E5");
    expect([head.value, head.font?.bold, head.fill, head.border, head.alignment]).toEqual(["項目", true, { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } }, border, { horizontal: "center", vertical: "middle", wrapText: true }]);
    // Row 6: 見出し1 「規程類」; rows 7-9 its items; row 10: 見出し2 「小節」.
    expect((ws.getRow(6).values as unknown[]).slice(1, 5)).toEqual(["s1", "見出し1", "1", "規程類"]);
    expect((ws.getRow(10).values as unknown[]).slice(1, 5)).toEqual(["s1-1", "見出し2", undefined, "小節"]);
    expect(ws.model.merges).toEqual(expect.arrayContaining(["D6:O6", "D10:O10"]));
    for (const [r, shade] of [
      [6, "FFDDEBF7"],
      [10, "FFEAF1F8"],
    ] as const)
      for (const c of [1, 15]) {
        const cell = ws.getCell(r, c);
        expect([r, c, cell.font?.bold, cell.fill, cell.border, cell.alignment]).toEqual([r, c, true, { type: "pattern", pattern: "solid", fgColor: { argb: shade } }, border, { vertical: "middle", wrapText: true }]);
      }
    for (const c of [1, 15]) {
      const cell = ws.getCell(7, c);
      expect([c, cell.border, cell.alignment, cell.font?.bold]).toEqual([c, border, { vertical: "top", wrapText: true }, undefined]);
    }
    expect((ws.getRow(7).values as unknown[]).slice(1)).toEqual(["a1", undefined, "1", "管理", "項目 a1", "必須", "はい／いいえ", "組織", "予防", "GL：企画管理編 1\nGL2", "一つ目\n二つ目", "説明", "注1", "漏えい", "暗号化"]);
    // A number that folds and a group with blanks around it stay in the mapping only; a text with CR is written
    // too (for the reader of the sheet), and the mapping's copy wins on import.
    expect(["A11", "C11", "D11", "F11", "G11"].map((a) => ws.getCell(a).value)).toEqual(["b1", null, null, "必須", "数値（個別定義）"]);
    expect(ws.getCell("F13").value).toBeNull();
  });

  it("the 注記・説明 sheet: a title naming the kinds, a heading row, then description, notes, section texts, terms", async () => {
    // Written for: lines 273-281 (each row and its order), lines 287-304 (the title, the heading row's style, the rows'
    // alignment and border).
    const sup = (await loaded(sample())).getWorksheet("注記・説明")!;
    expect(sup.getCell("A1").value).toBe("注記・説明（書き出しの見本）　種類: 様式の説明・章の説明・注記・用語。対象は見出しのキー（「様式」シートA列）、空欄は様式全体。");
    expect(sup.getCell("A1").font?.bold).toBe(true);
    const rows = Array.from({ length: sup.rowCount - 1 }, (_, i) => Array.from((sup.getRow(i + 2).values as unknown[]).slice(1), (v) => v ?? ""));
    expect(rows).toEqual([
      ["種類", "対象", "見出し・番号", "本文", "記載場所"],
      ["様式の説明", "", "", "様式の説明"],
      ["注記", "", "注A", "様式の注"],
      ["注記", "", "注 B", "空白のある注"],
      ["章の説明", "s1", "規程類", "第1章の説明"],
      ["注記", "s1", "注1", "第1章の注"],
      ["用語", "a1 a2", "規程", "規程とは", "表紙、第1章"],
      ["用語", "", "記録", "記録とは"],
    ]);
    const thin = { style: "thin", color: { argb: "FF808080" } };
    const heading = sup.getCell("D2");
    expect([heading.font?.bold, heading.fill, heading.border]).toEqual([true, { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } }, { top: thin, left: thin, bottom: thin, right: thin }]);
    expect([sup.getCell("D4").alignment, sup.getCell("D4").border]).toEqual([{ vertical: "top", wrapText: true }, { top: thin, left: thin, bottom: thin, right: thin }]);
  });
});

describe("what cannot be written to a cell and read back is refused", () => {
  const withSection = (extra: Record<string, unknown>): Template => ({ ...sample(), sections: [{ ...sample().sections[1], ...extra }] });

  it("a heading whose title has a CR or a number that folds", () => {
    // Written for: line 199 (`survivesCell(section.title)`, `section.number !== undefined && …`), line 200.
    expect(() => buildTemplateWorkbook(withSection({ title: "記\r録" }))).toThrow('export-sample@1.2.0: the heading "s2" cannot be written to a cell and read back unchanged');
    expect(() => buildTemplateWorkbook(withSection({ number: "２" }))).toThrow('export-sample@1.2.0: the heading "s2" cannot be written to a cell and read back unchanged');
    expect(() => buildTemplateWorkbook(withSection({ number: undefined }))).not.toThrow();
  });

  it("a note or a term whose text has a CR, or whose number or term has blanks around it", () => {
    // Written for: lines 282-283 (`survivesCell(row[2])`, `survivesCell(row[3])`).
    const refused = "export-sample@1.2.0: a note or description cannot be written to a cell and read back unchanged";
    expect(() => buildTemplateWorkbook({ ...sample(), notes: [{ id: "注A", text: "一\r二" }] })).toThrow(refused);
    expect(() => buildTemplateWorkbook({ ...sample(), notes: [{ id: " 注A", text: "本文" }] })).toThrow(refused);
    expect(() => buildTemplateWorkbook({ ...sample(), help: [{ term: "規程 ", text: "規程とは" }] })).toThrow(refused);
    expect(() => buildTemplateWorkbook({ ...sample(), description: "説明\r" })).toThrow(refused);
  });
});
