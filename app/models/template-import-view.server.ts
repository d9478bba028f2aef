// What the import page shows, built on the server from the grid, the mapping and the preview: plain data with
// every cell, sheet name and file name as text (React escapes it), never a whole 5,000-row sheet or template.
import { requiredLabel } from "../../disclosures/answers.js";
import { scaleRegistry } from "../../disclosures/scale-registry.js";
import { walkItems } from "../../disclosures/template-loader.js";
import type { AnswerKind, Scale, Section, Template } from "../../disclosures/template-schema.js";
import { columnLetters, columnNumber, describeColumns, type ImportPreview, type ImportProblem, type SheetGrid, type WorkbookGrid } from "../../disclosures/workbook/index.js";
import { COLUMN_FIELDS, type MappingFormValues } from "./template-import-form.server.js";

export const GRID_ROWS = 20;
export const GRID_MAX_COLUMNS = 40;
const CELL_CHARS = 200;
export const PROBLEMS_SHOWN = 1_000;
const ITEMS_SHOWN = 20;

const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);

export type SheetSummary = { name: string; state: SheetGrid["state"]; rowCount: number; columnCount: number };
export type GridColumn = { letter: string; hidden: boolean; roles: string[] };
export type GridCell = { column: number; text: string; full?: string; colSpan?: number; rowSpan?: number };
export type GridRow = { number: number; hidden: boolean; header: boolean; problem: boolean; cells: GridCell[] };
export type SheetView = { name: string; from: number; to: number; rowCount: number; columnCount: number; columnsCut: boolean; columns: GridColumn[]; rows: GridRow[] };

function headerRowsOf(values: MappingFormValues): number[] {
  return values.headerRows
    .split(/[\s,、，]+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** What each column is mapped to, for the grid's column heads: 「番号」, 「項目文」, 「見出し1」 … */
function columnRoles(values: MappingFormValues): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  const add = (letter: string, role: string) => letter && roles.set(letter, [...(roles.get(letter) ?? []), role]);
  for (const f of COLUMN_FIELDS) add(values[f.name], f.label.replace(/の列$/, "").replace(/（.*）/, ""));
  for (let i = 0; i < 2; i++) if (values[`levels.${i}.from`]) add(values[`levels.${i}.column`], `見出し${i + 1}`);
  return roles;
}

export function sheetView(grid: WorkbookGrid, name: string, from: number, values: MappingFormValues, problems: ImportProblem[]): SheetView | null {
  const sheet = grid.sheets.find((s) => s.name === name) ?? grid.sheets[0];
  if (!sheet) return null;
  const first = Math.min(Math.max(1, Math.floor(from) || 1), Math.max(1, sheet.rowCount));
  const last = Math.min(sheet.rowCount, first + GRID_ROWS - 1);
  const width = Math.min(sheet.columnCount, GRID_MAX_COLUMNS);
  const hiddenColumns = new Set(sheet.hiddenColumns);
  const hiddenRows = new Set(sheet.hiddenRows);
  const mappedSheet = name === values.sheet || grid.format === "csv";
  const headers = new Set(mappedSheet ? headerRowsOf(values) : []);
  const roles = mappedSheet ? columnRoles(values) : new Map<string, string[]>();
  const problemRows = new Set<number>();
  for (const p of problems) if (p.kind === "error" && p.sheet === sheet.name && p.row) for (let r = p.row; r <= (p.lastRow ?? p.row); r++) problemRows.add(r);
  // A merged range is one cell spanning its rows and columns, as in Excel (clipped to the rows shown): its first
  // shown cell carries the span, the others are not drawn.
  const spans = new Map<string, { colSpan: number; rowSpan: number }>();
  const covered = new Set<string>();
  for (const m of sheet.merges) {
    const top = Math.max(m.top, first);
    const bottom = Math.min(m.bottom, last);
    const right = Math.min(m.right, width);
    if (top > bottom || m.left > right) continue;
    spans.set(`${top}:${m.left}`, { colSpan: right - m.left + 1, rowSpan: bottom - top + 1 });
    for (let r = top; r <= bottom; r++) for (let c = m.left; c <= right; c++) if (r !== top || c !== m.left) covered.add(`${r}:${c}`);
  }
  const rows: GridRow[] = [];
  for (let r = first; r <= last; r++) {
    const cells = sheet.rows[r - 1] ?? [];
    const row: GridRow = { number: r, hidden: hiddenRows.has(r), header: headers.has(r), problem: problemRows.has(r), cells: [] };
    for (let c = 1; c <= width; c++) {
      if (covered.has(`${r}:${c}`)) continue;
      const text = cells[c - 1] ?? "";
      const shown = clip(text, CELL_CHARS);
      const span = spans.get(`${r}:${c}`);
      row.cells.push({ column: c, text: shown, ...(shown !== text ? { full: clip(text, 2_000) } : {}), ...(span && (span.colSpan > 1 || span.rowSpan > 1) ? span : {}) });
    }
    rows.push(row);
  }
  return {
    name: sheet.name,
    from: first,
    to: last,
    rowCount: sheet.rowCount,
    columnCount: sheet.columnCount,
    columnsCut: sheet.columnCount > width,
    columns: Array.from({ length: width }, (_, i) => {
      const letter = columnLetters(i + 1);
      return { letter, hidden: hiddenColumns.has(i + 1), roles: roles.get(letter) ?? [] };
    }),
    rows,
  };
}

export function sheetSummaries(grid: WorkbookGrid): SheetSummary[] {
  return grid.sheets.map((s) => ({ name: s.name, state: s.state, rowCount: s.rowCount, columnCount: s.columnCount }));
}

export type ColumnOption = { value: string; label: string };

/** The columns a field can be mapped to: 「B — 質問項目」, hidden ones said so; a value the sheet lacks stays offered. */
export function columnOptions(grid: WorkbookGrid, values: MappingFormValues): ColumnOption[] {
  const sheet = grid.sheets.find((s) => s.name === values.sheet) ?? (grid.format === "csv" ? grid.sheets[0] : undefined);
  const options: ColumnOption[] = sheet
    ? describeColumns(sheet, headerRowsOf(values).filter((r) => r <= sheet.rowCount)).map((c) => ({
        value: c.column,
        label: `${c.column}${c.heading ? ` — ${clip(c.heading.replace(/\s+/g, " "), 30)}` : ""}${c.hidden ? "（非表示の列）" : ""}`,
      }))
    : [];
  const known = new Set(options.map((o) => o.value));
  const used = [...COLUMN_FIELDS.map((f) => values[f.name]), values["levels.0.column"], values["levels.1.column"]].filter((v) => v && !known.has(v));
  for (const letter of [...new Set(used)].sort((a, b) => columnNumber(a) - columnNumber(b))) options.push({ value: letter, label: `${letter}（このシートには値がありません）` });
  return options;
}

export type ScaleChoice = { id: string; title: string; description: string; options: string[] };

export const scaleChoices: ScaleChoice[] = scaleRegistry.map((s) => ({
  id: s.id,
  title: s.title,
  description: s.description,
  options: s.scale.options.map((o) => `${o.label}${o.requires ? `（${requiredLabel(o, o.requires)}が必須）` : ""}`),
}));

// ---- the preview ---------------------------------------------------------------------------------------

export type ProblemView = { sheet: string; rows: string; column: string; message: string };
export type TreeNode = { key: string; label: string; items: number; total: number; children: TreeNode[] };
export type ItemView = { key: string; number: string; text: string; level: string; answer: string };
export type PreviewView = {
  ok: boolean;
  contentHash: string | null;
  rowsRead: number;
  itemCount: number;
  sectionCount: number;
  errorCount: number;
  errors: ProblemView[];
  skipped: ProblemView[];
  tree: TreeNode[];
  headerFields: string[];
  items: ItemView[];
  derived: string[];
  title: string | null;
};

const FIELD_NAMES: Record<string, string> = {
  "template.id": "様式ID",
  "template.version": "版",
  "template.title": "様式名",
  "template.source.document": "出典の文書名",
  "template.source.edition": "出典の版",
  sheet: "シート",
  headerRows: "見出し行",
  "columns.text": "項目文の列",
};

function problemView(p: ImportProblem): ProblemView {
  const ofMapping = !p.sheet && p.field !== undefined;
  return {
    sheet: p.sheet || (ofMapping ? `マッピング（${FIELD_NAMES[p.field!] ?? p.field}）` : ""),
    rows: p.row ? (p.lastRow ? `${p.row}〜${p.lastRow}` : String(p.row)) : "",
    column: p.column ?? "",
    // The first cell already says it is the mapping's problem.
    message: ofMapping ? p.message.replace(/^マッピング: /, "") : p.message,
  };
}

const FIELD_TYPES: Record<string, string> = { text: "文字列", multiline: "複数行の文字列", tel: "電話番号", url: "URL", email: "メールアドレス", date: "日付", month: "年月", number: "数値" };

export function answerLabel(answer: AnswerKind, scales: Scale[] = []): string {
  switch (answer.kind) {
    case "status": {
      const scale = scales.find((s) => s.key === answer.scale);
      return scale ? scale.options.map((o) => o.label).join("／") : `尺度 ${answer.scale}`;
    }
    case "choice":
      return answer.multiple ? "複数選択" : "選択";
    case "composite":
      return "複数の欄";
    case "table":
      return "表";
    case "derived":
      return "判定結果（自動）";
    default:
      return FIELD_TYPES[answer.kind] ?? answer.kind;
  }
}

function tree(sections: Section[]): TreeNode[] {
  return sections.map((s) => {
    const children = tree(s.sections ?? []);
    const items = s.items?.length ?? 0;
    return { key: s.key, label: `${s.number ? `${s.number} ` : ""}${s.title}`, items, total: items + children.reduce((n, c) => n + c.total, 0), children };
  });
}

const LEVEL_WORDS = { required: "必須", recommended: "推奨", none: "—" } as const;

export function previewView(preview: ImportPreview): PreviewView {
  const errors = preview.problems.filter((p) => p.kind === "error");
  const skipped = preview.problems.filter((p) => p.kind === "skipped");
  const template: Template | null = preview.template;
  const headerKey = preview.mapping?.headerFields?.key;
  const headerSection = template && headerKey ? template.sections.find((s) => s.key === headerKey) : undefined;
  const body = template ? [...walkItems(template)].filter((e) => e.sections[0] !== headerSection) : [];
  return {
    ok: Boolean(template) && errors.length === 0,
    contentHash: preview.contentHash,
    rowsRead: preview.rowsRead,
    itemCount: preview.itemCount,
    sectionCount: preview.sectionCount,
    errorCount: errors.length,
    errors: errors.slice(0, PROBLEMS_SHOWN).map(problemView),
    skipped: skipped.slice(0, PROBLEMS_SHOWN).map(problemView),
    tree: template ? tree(template.sections.filter((s) => s !== headerSection)) : [],
    headerFields: (headerSection?.items ?? []).map((i) => `${i.text}（${answerLabel(i.answer)}）`),
    items: body.slice(0, ITEMS_SHOWN).map(({ item }) => ({
      key: item.key,
      number: item.number ?? "",
      text: clip(item.text.replace(/\s+/g, " "), 120),
      level: LEVEL_WORDS[item.level],
      answer: answerLabel(item.answer, template?.scales),
    })),
    derived: (template?.derived ?? []).map((d) => d.title),
    title: template ? template.title : null,
  };
}
