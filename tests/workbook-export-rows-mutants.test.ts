// An exported template workbook edited in Excel and read back: duplicate numbers still refused on a form with
// unnumbered items, a row the administrator hides left out, and details whose text a cell cannot carry kept exactly.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Template } from "../disclosures/template-schema.js";
import { exportTemplate, previewImport, readWorkbook } from "../disclosures/workbook/index.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

async function edited(template: Template, edit: (ws: ExcelJS.Worksheet) => void) {
  const { workbook, mapping } = await exportTemplate(template);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(workbook as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet("様式")!;
  edit(ws);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { mapping, preview: previewImport(await readWorkbook(buffer, { fileName: "edited.xlsx" }), JSON.parse(JSON.stringify(mapping))) };
}

const rowOf = (ws: ExcelJS.Worksheet, key: string) => {
  let found = 0;
  ws.eachRow((row, n) => {
    if (row.getCell(1).value === key) found = n;
  });
  return found;
};

describe("an exported template edited in Excel", () => {
  // export.ts 98 (`i.number ? [i.number] : []` → a placeholder for unnumbered items): the two unnumbered items of
  // 基本情報 must not make the numbers look repeated, so numbers stay unique over the whole form.
  it("keeps numbers unique over the whole form when some items have none", async () => {
    const { mapping } = await exportTemplate(tinyTemplate());
    expect(mapping.uniqueNumbers).toBe("template");
  });

  // export.ts 314 (`includeHiddenRows: false` → true): a row hidden in Excel is left out of the import.
  it("leaves out an item whose row the administrator hid", async () => {
    const { preview } = await edited(tinyTemplate(), (ws) => {
      ws.getRow(rowOf(ws, "c2")).hidden = true;
    });
    expect([...(preview.template?.sections[1].items ?? [])].map((i) => i.key)).toEqual(["c1"]);
  });

  // export.ts 260 (`every` → `some`): one detail whose text has a line break a cell would change sends all of the
  // item's details to the mapping, so they read back exactly.
  it("reads back details exactly when one of them cannot be carried by a cell", async () => {
    const template = tinyTemplate();
    template.sections[1].items![0].details = [
      { label: "リスク", text: "一行目\r\n二行目" },
      { label: "対策", text: "暗号化" },
    ];
    const { preview } = await edited(template, () => {});
    expect(preview.problems).toEqual([]);
    expect(preview.template).toEqual(template);
  });
});
