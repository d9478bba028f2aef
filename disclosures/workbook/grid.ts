// A workbook as plain data: sheets of cell texts, after merged ranges are resolved. This is
// what the reader produces and what the import mapping reads; it is JSON-serialisable, so
// the admin UI can keep it between a file upload and the preview of a changed mapping.

/** A merged range, 1-based and inclusive, as Excel numbers rows and columns. */
export type MergedRange = { top: number; left: number; bottom: number; right: number };

export type SheetGrid = {
  name: string;
  /** Excel's sheet visibility. */
  state: "visible" | "hidden" | "veryHidden";
  /** The last row and column that hold a value (1-based); 0 for an empty sheet. */
  rowCount: number;
  columnCount: number;
  /**
   * `rows[r - 1][c - 1]` is the text of row r, column c: "" when empty. Every cell of a merged
   * range holds the value of its top-left cell; line breaks are "\n"; formulas are their cached
   * result; numbers are written the shortest way that reads back the same (`0.1 + 0.2` → "0.3").
   */
  rows: string[][];
  merges: MergedRange[];
  /** 1-based numbers of the rows and columns Excel hides. */
  hiddenRows: number[];
  hiddenColumns: number[];
};

export type WorkbookGrid = { format: "xlsx" | "csv"; sheets: SheetGrid[] };

/** "A" → 1, "AA" → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 1 → "A", 27 → "AA". */
export function columnLetters(n: number): string {
  let s = "";
  for (let m = n; m > 0; m = Math.floor((m - 1) / 26)) s = String.fromCharCode(65 + ((m - 1) % 26)) + s;
  return s;
}

/** The text at row/column (1-based), "" outside the sheet. */
export function cellText(sheet: SheetGrid, row: number, column: number): string {
  return sheet.rows[row - 1]?.[column - 1] ?? "";
}

/** Index of merged ranges by cell, for the rules that ask "is this cell part of a merged row?". */
export function mergeIndex(sheet: SheetGrid): (row: number, column: number) => MergedRange | undefined {
  const byCell = new Map<number, MergedRange>();
  const width = Math.max(sheet.columnCount, 1) + 1;
  for (const range of sheet.merges)
    for (let r = range.top; r <= range.bottom; r++) for (let c = range.left; c <= range.right; c++) byCell.set(r * width + c, range);
  return (row, column) => (column < width ? byCell.get(row * width + column) : undefined);
}

/** What a column's heading cells say, for a column picker: one entry per column that has a heading or a value. */
export function describeColumns(sheet: SheetGrid, headerRows: number[]): { column: string; heading: string; hidden: boolean }[] {
  const hidden = new Set(sheet.hiddenColumns);
  const columns: { column: string; heading: string; hidden: boolean }[] = [];
  for (let c = 1; c <= sheet.columnCount; c++) {
    const heading = [...new Set(headerRows.map((r) => cellText(sheet, r, c)).filter(Boolean))].join(" / ");
    columns.push({ column: columnLetters(c), heading, hidden: hidden.has(c) });
  }
  return columns;
}
