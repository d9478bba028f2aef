// Writing untrusted text into spreadsheets safely, for every workbook the portal hands out (comparisons,
// answers). A value is only ever shown, never run: formula-like text gets a leading ', every cell is text, and
// characters XML cannot hold are dropped.
import type ExcelJS from "exceljs";

export { neutralizeFormula } from "../../disclosures/workbook/cells.js";

/** Excel's limit for one cell. */
const CELL_MAX = 32_767;

/** Characters XML 1.0 cannot hold (they would make the file unreadable) are dropped; overlong text is cut. */
export function xlsxText(value: string): string {
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
  return clean.length > CELL_MAX ? clean.slice(0, CELL_MAX - 1) + "…" : clean;
}

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFECECEC" } };
const THIN: ExcelJS.Border = { style: "thin", color: { argb: "FF999999" } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * Every value is written as a plain string in a cell formatted as text (numFmt "@"): never a formula,
 * and a cell the reader edits later stays text too, so 「=HYPERLINK(…)」 in an answer is only ever shown.
 */
export function addRows(sheet: ExcelJS.Worksheet, rows: (string | number)[][], options: { headerRows?: number } = {}): ExcelJS.Row[] {
  const added: ExcelJS.Row[] = [];
  for (const values of rows) {
    const row = sheet.addRow(values.map((v) => (typeof v === "number" ? v : xlsxText(v))));
    const isHeader = added.length < (options.headerRows ?? 0);
    row.eachCell({ includeEmpty: true }, (cell) => {
      if (typeof cell.value === "string") cell.numFmt = "@";
      cell.alignment = { wrapText: true, vertical: "top" };
      cell.border = BORDER;
      if (isHeader) {
        cell.font = { bold: true };
        cell.fill = HEADER_FILL;
      }
    });
    added.push(row);
  }
  return added;
}
