// The columns of an exported template workbook as an administrator sees them in Excel (row 5's headings, the 出典 line)
// for a form that uses every optional column and for one that uses none, each read back the same through its
// mapping. Expected headings are written by hand from the column list of the export (docs/mutation.md).
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Item, Template } from "../disclosures/template-schema.js";
import { exportTemplate, previewImport, readWorkbook } from "../disclosures/workbook/index.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const YN = [
  { value: "yes", label: "はい", outcome: "met" as const },
  { value: "no", label: "いいえ", outcome: "unmet" as const },
];
const item = (key: string, number: string, extra: Partial<Item> = {}): Item => ({ key, number, text: `項目 ${key}`, level: "required", answer: { kind: "status", scale: "yn" }, ...extra });

/** Every optional column used; the details in the order 対策, リスク first, then twice リスク, 対策; no publisher. */
function full(): Template {
  return {
    id: "columns",
    version: "1.0.0",
    title: "列の見本",
    language: "ja",
    source: { document: "見本文書", edition: "第3版" },
    notes: [{ id: "注1", text: "様式の注" }],
    scales: [{ key: "yn", options: YN }],
    sections: [
      {
        key: "s1",
        number: "1",
        title: "規程類",
        items: [
          item("a1", "1", { group: "管理", category: "組織", perspective: "prevent", references: [{ guideline: "GL", location: "1" }], checkPoints: ["確認"], help: "説明文", noteRefs: ["注1"], details: [{ label: "対策", text: "暗号化" }, { label: "リスク", text: "漏えい" }] }),
          item("a2", "2", { details: [{ label: "リスク", text: "改ざん" }, { label: "対策", text: "監視" }] }),
          item("a3", "3", { details: [{ label: "リスク", text: "停止" }, { label: "対策", text: "冗長化" }] }),
        ],
      },
    ],
  };
}

async function exported(template: Template) {
  const { workbook, mapping } = await exportTemplate(template);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(workbook as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet("様式")!;
  const back = previewImport(await readWorkbook(workbook, { fileName: "columns.xlsx" }), JSON.parse(JSON.stringify(mapping)));
  return { ws, back };
}

describe("the columns of an exported template", () => {
  // export.ts 135–144 (the headings グループ, 視点, 説明, 注 → ""), 112 (the details' usual order not counted) and 170
  // (the 出典 line's empty parts not left out).
  it("heads every optional column and the details in their usual order, and reads back the same", async () => {
    const template = full();
    const { ws, back } = await exported(template);
    expect((ws.getRow(5).values as unknown[]).slice(1)).toEqual(["キー", "行の種類", "番号", "グループ", "項目", "区分", "回答形式", "分類", "視点", "参照", "確認事項", "説明", "注", "リスク", "対策"]);
    expect(ws.getCell("B2").value).toBe("出典：見本文書　第3版");
    expect(back.problems).toEqual([]);
    expect(back.template).toEqual(template);
  });

  // export.ts 139, 141, 142 (a column nobody uses → a column without a field or heading at the end): a form without
  // the optional columns has the six base columns only, and the title rows span exactly those.
  it("has only the base columns for a form that uses none of the optional ones, and reads back the same", async () => {
    const template = tinyTemplate();
    delete template.sections[0].items![0].noteRefs;
    const { ws, back } = await exported(template);
    expect((ws.getRow(5).values as unknown[]).slice(1)).toEqual(["キー", "行の種類", "番号", "項目", "区分", "回答形式"]);
    expect(ws.columnCount).toBe(6);
    expect((ws.model as { merges: string[] }).merges.slice(0, 3)).toEqual(["B1:F1", "B2:F2", "B3:F3"]);
    expect(back.problems).toEqual([]);
    expect(back.template).toEqual(template);
  });
});
