// Reads an uploaded .xlsx or .csv into a WorkbookGrid, values only: a formula gives its cached
// result (never evaluated), links to other workbooks are not followed, rich text is flattened,
// merged ranges give their value to every cell they cover. Anything that is not a plain,
// reasonably sized workbook is refused with a WorkbookError whose message is Japanese and
// names the sheet where it can; nothing is kept.
import ExcelJS from "exceljs";
import { decodeText, parseCsv } from "./csv.js";
import { columnNumber, type MergedRange, type SheetGrid, type WorkbookGrid } from "./grid.js";
import { checkZip } from "./zip-guard.js";

export const WORKBOOK_LIMITS = {
  /** Upload size. */
  maxBytes: 10 * 1024 * 1024,
  /** Rows holding a value, per sheet. */
  maxRows: 5_000,
  /** ZIP entries of an .xlsx (a real workbook has a few dozen). */
  maxEntries: 1_000,
  /** Declared uncompressed size of all entries together. */
  maxTotalUncompressed: 50 * 1024 * 1024,
  /** Cells (including empty styled ones) in all worksheets together. */
  maxCells: 1_000_000,
  /** Row elements in all worksheets together, valued or not (formatting-only rows cost memory too). */
  maxRowElements: 50_000,
} as const;

export type WorkbookErrorCode = "empty" | "tooLarge" | "notWorkbook" | "legacyXls" | "encrypted" | "corrupt" | "zipBomb" | "tooManyRows" | "tooManyCells";

export class WorkbookError extends Error {
  constructor(
    readonly code: WorkbookErrorCode,
    message: string,
    readonly sheet?: string,
  ) {
    super(message);
    this.name = "WorkbookError";
  }
}

const mb = (bytes: number) => `${Math.ceil((bytes / 1024 / 1024) * 10) / 10} MB`;
const tooManyRows = (sheet: string, count: number) =>
  new WorkbookError("tooManyRows", `シート「${sheet}」の行数が上限を超えています（${count.toLocaleString("ja-JP")} 行、上限 ${WORKBOOK_LIMITS.maxRows.toLocaleString("ja-JP")} 行）。表を分けるか、不要な行を削除してください。`, sheet);

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);
const isOle = (b: Buffer) => b.length >= 8 && b.readUInt32BE(0) === 0xd0cf11e0 && b.readUInt32BE(4) === 0xa1b11ae1;
const utf16 = (s: string) => Buffer.from(s, "utf16le");

export type ReadOptions = { fileName?: string };

/** Reads a workbook; throws WorkbookError for anything it refuses. */
export async function readWorkbook(buf: Buffer, options: ReadOptions = {}): Promise<WorkbookGrid> {
  if (buf.length === 0) throw new WorkbookError("empty", "ファイルが空です。");
  if (buf.length > WORKBOOK_LIMITS.maxBytes) throw new WorkbookError("tooLarge", `ファイルが大きすぎます（${mb(buf.length)}、上限 ${mb(WORKBOOK_LIMITS.maxBytes)}）。不要なシートや画像を削除してから取り込んでください。`);
  const name = (options.fileName ?? "").toLowerCase();
  if (isOle(buf)) {
    // An encrypted .xlsx is an OLE compound file holding these two streams (MS-OFFCRYPTO).
    if (buf.includes(utf16("EncryptedPackage")) || buf.includes(utf16("EncryptionInfo")))
      throw new WorkbookError("encrypted", "パスワードで保護されたブックは読み込めません。Excel でパスワードを解除して保存し直してから取り込んでください。");
    throw new WorkbookError("legacyXls", "Excel 97-2003 形式（.xls）には対応していません。Excel で .xlsx 形式に保存し直してから取り込んでください。");
  }
  if (isZip(buf)) return readXlsx(buf);
  if (/\.(xlsx|xlsm|xls)$/.test(name)) throw new WorkbookError("notWorkbook", "Excel ブック（.xlsx）ではありません。ファイルの中身が拡張子と合っていません。");
  const text = decodeText(buf);
  // Text with NUL or other C0 controls (besides tab and line breaks) is a binary file, not CSV.
  if (text === null || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text))
    throw new WorkbookError("notWorkbook", "Excel ブック（.xlsx）または CSV ファイルではありません。");
  return readCsv(text);
}

function readCsv(text: string): WorkbookGrid {
  const parsed = parseCsv(text);
  const rows = parsed.map((r) => r.map(normalizeText));
  const valued = rows.filter((r) => r.some((c) => c !== "")).length;
  if (valued > WORKBOOK_LIMITS.maxRows) throw tooManyRows("CSV", valued);
  return { format: "csv", sheets: [finishSheet("CSV", "visible", rows, [], [], [])] };
}

async function readXlsx(buf: Buffer): Promise<WorkbookGrid> {
  const check = checkZip(buf, WORKBOOK_LIMITS);
  if (!check.ok) {
    switch (check.reason) {
      case "encrypted":
        throw new WorkbookError("encrypted", "パスワードで保護されたブックは読み込めません。Excel でパスワードを解除して保存し直してから取り込んでください。");
      case "bomb":
        throw new WorkbookError("zipBomb", `展開すると大きくなりすぎるため、読み込みを中止しました。${check.detail}。`);
      case "notWorkbook":
        throw new WorkbookError("notWorkbook", `Excel ブック（.xlsx）ではありません。${check.detail}。`);
      case "tooManyRows":
        throw tooManyRows(check.sheet ?? "", check.count ?? 0);
      case "tooManyCells":
        throw new WorkbookError("tooManyCells", `セルの数が上限（${WORKBOOK_LIMITS.maxCells.toLocaleString("ja-JP")}）を超えています（シート「${check.sheet}」まで）。`, check.sheet);
      default:
        throw new WorkbookError("corrupt", `ファイルが壊れているため読み込めません。${check.detail}。Excel で開いて保存し直してください。`);
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    throw new WorkbookError("corrupt", "ファイルが壊れているため読み込めません。ブックの内容を解釈できませんでした。Excel で開いて保存し直してください。");
  }
  const sheets: SheetGrid[] = [];
  workbook.eachSheet((ws) => sheets.push(readSheet(ws)));
  return { format: "xlsx", sheets };
}

function readSheet(ws: ExcelJS.Worksheet): SheetGrid {
  const rows: string[][] = [];
  const hiddenRows: number[] = [];
  let valued = 0;
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    if (row.hidden) hiddenRows.push(r);
    let cells: string[] | undefined;
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.type === ExcelJS.ValueType.Merge) return;
      const text = cellValueText(cell.value);
      if (text === "") return;
      cells ??= [];
      cells[c - 1] = text;
    });
    if (cells) {
      rows[r - 1] = cells;
      valued++;
    }
  });
  if (valued > WORKBOOK_LIMITS.maxRows) throw tooManyRows(ws.name, valued);
  const merges: MergedRange[] = [];
  for (const ref of (ws.model as { merges?: string[] }).merges ?? []) {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
    if (m) merges.push({ top: Number(m[2]), left: columnNumber(m[1]), bottom: Number(m[4]), right: columnNumber(m[3]) });
  }
  const columnCount = rows.reduce((n, r) => Math.max(n, r?.length ?? 0), 0);
  const hiddenColumns: number[] = [];
  for (let c = 1; c <= columnCount; c++) if (ws.getColumn(c).hidden) hiddenColumns.push(c);
  return finishSheet(ws.name, ws.state === "hidden" || ws.state === "veryHidden" ? ws.state : "visible", rows, merges, hiddenRows, hiddenColumns);
}

/** Dense rows ("" for empty), merged values spread, ranges clipped to the used area. */
function finishSheet(name: string, state: SheetGrid["state"], sparse: string[][], rawMerges: MergedRange[], hiddenRows: number[], hiddenColumns: number[]): SheetGrid {
  const rowCount = sparse.length;
  const columnCount = sparse.reduce((n, r) => Math.max(n, r?.length ?? 0), 0);
  const rows: string[][] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const src = sparse[r];
    const out = new Array<string>(columnCount);
    for (let c = 0; c < columnCount; c++) out[c] = src?.[c] ?? "";
    rows[r] = out;
  }
  const merges: MergedRange[] = [];
  for (const m of rawMerges) {
    if (m.top > rowCount || m.left > columnCount) continue;
    const range = { top: m.top, left: m.left, bottom: Math.min(m.bottom, rowCount), right: Math.min(m.right, columnCount) };
    merges.push(range);
    const value = rows[range.top - 1][range.left - 1];
    for (let r = range.top; r <= range.bottom; r++) for (let c = range.left; c <= range.right; c++) rows[r - 1][c - 1] = value;
  }
  return {
    name,
    state,
    rowCount,
    columnCount,
    rows,
    merges,
    hiddenRows: hiddenRows.filter((r) => r <= rowCount),
    hiddenColumns: hiddenColumns.filter((c) => c <= columnCount),
  };
}

export function normalizeText(s: string): string {
  return s.includes("\r") ? s.replace(/\r\n?/g, "\n") : s;
}

/** Numbers the shortest way that survives the float noise of a spreadsheet (0.1 + 0.2 → "0.3"). */
export function normalizeNumber(n: number): string {
  if (!Number.isFinite(n) || Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

function dateText(d: Date): string {
  const iso = d.toISOString();
  const time = iso.slice(11, 19);
  return time === "00:00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time.endsWith(":00") ? time.slice(0, 5) : time}`;
}

/** The text a cell shows, values only. */
export function cellValueText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return normalizeText(value);
  if (typeof value === "number") return normalizeNumber(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : dateText(value);
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) return normalizeText(value.richText.map((t) => t.text ?? "").join(""));
    // Formulas (plain, shared, array): the value Excel cached when it last calculated. Never evaluated.
    if ("formula" in value || "sharedFormula" in value) return cellValueText((value as { result?: ExcelJS.CellValue }).result);
    // A link shows its cell's text: a string or rich text, or (a link on a number, date, TRUE/FALSE or formula cell)
    // the cell's own value, which exceljs passes on as the link's text.
    if ("hyperlink" in value) return cellValueText((value as { text?: ExcelJS.CellValue }).text);
    if ("error" in value) return String((value as { error: string }).error);
    if ("result" in value) return cellValueText((value as { result?: ExcelJS.CellValue }).result);
  }
  return "";
}
