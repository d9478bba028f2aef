// A workbook grid + a mapping → the template it describes, or every row that could not be read
// and why. Pure: nothing is stored; the admin UI calls it on every change of the mapping, the CLI
// before writing a file. Blank rows, repeated heading rows, hidden rows and notes are skipped and
// reported as skipped; everything that would make a wrong template is an error naming the sheet,
// row and column, and then there is no template.
import { registeredScale } from "../scale-registry.js";
import { TemplateError, validateTemplate } from "../template-loader.js";
import { templateContentHash } from "../template-summary.js";
import { keySchema, type AnswerKind, type Item, type Note, type Scale, type Section, type Template } from "../template-schema.js";
import { decodeNoteRefs, decodeReferences, keyFromText, normalizeNumberCell, splitLines } from "./cells.js";
import { cellText, columnLetters, columnNumber, mergeIndex, type MergedRange, type SheetGrid, type WorkbookGrid } from "./grid.js";
import { parseMapping, type ColumnLevel, type RowLevel, type WorkbookMapping } from "./mapping.js";

export type ImportProblem = {
  /** error: the template cannot be made; skipped: a row left out on purpose (blank, heading repeated, note, hidden). */
  kind: "error" | "skipped";
  sheet: string;
  row?: number;
  /** The last row of a run of rows skipped for the same reason. */
  lastRow?: number;
  column?: string;
  /** The mapping field a problem of the mapping is about (e.g. "columns.text"). */
  field?: string;
  message: string;
};

export type ImportPreview = {
  template: Template | null;
  /** Canonical content hash of `template` (as the template registry stores it). */
  contentHash: string | null;
  /** The mapping with its defaults filled in, or null when it is not valid. */
  mapping: WorkbookMapping | null;
  /** Rows of the table body looked at (below the heading rows). */
  rowsRead: number;
  itemCount: number;
  sectionCount: number;
  problems: ImportProblem[];
};

export const SUPPLEMENT_KINDS = { description: "様式の説明", sectionDescription: "章の説明", note: "注記", term: "用語" } as const;
/** The supplement sheet: a title row, a heading row (種類, 対象, 見出し・番号, 本文, and for a 用語 its 記載場所), then one row per text. */
export const SUPPLEMENT_FIRST_ROW = 3;

const SKIP = {
  blank: "空行",
  unmapped: "対応付けていない列にだけ値がある行",
  hidden: "非表示の行",
  header: "見出し行の繰り返し",
  note: "注記（表の外の文）",
} as const;

type RowClass =
  | { kind: "skip"; reason: keyof typeof SKIP }
  | { kind: "heading"; level: number }
  | { kind: "item" }
  | { kind: "unreadable" };

type Ctx = { sheet: SheetGrid; mapping: WorkbookMapping; problems: ImportProblem[] };

const col = (letters: string | undefined) => (letters ? columnNumber(letters) : 0);
const squash = (s: string) => s.replace(/\s+/g, "");

/** Reads the template a workbook describes; never throws for bad input (problems say what is wrong). */
export function previewImport(grid: WorkbookGrid, mappingInput: unknown): ImportPreview {
  const empty = (mapping: WorkbookMapping | null, problems: ImportProblem[], rowsRead = 0): ImportPreview => ({
    template: null,
    contentHash: null,
    mapping,
    rowsRead,
    itemCount: 0,
    sectionCount: 0,
    problems,
  });
  const parsed = parseMapping(mappingInput);
  if (!parsed.mapping) return empty(null, parsed.problems.map((p) => ({ kind: "error", sheet: "", field: p.field, message: `マッピング: ${p.message}` })));
  const mapping = parsed.mapping;

  const sheet = findSheet(grid, mapping.sheet);
  if (!sheet) {
    const names = grid.sheets.map((s) => `「${s.name}」`).join("、");
    return empty(mapping, [{ kind: "error", sheet: mapping.sheet, field: "sheet", message: `シート「${mapping.sheet}」がありません（このブックのシート: ${names || "なし"}）。` }]);
  }
  const ctx: Ctx = { sheet, mapping, problems: [] };
  const firstRow = Math.max(...mapping.headerRows) + 1;
  const rowsRead = Math.max(0, sheet.rowCount - firstRow + 1);
  if (rowsRead === 0) {
    ctx.problems.push({ kind: "error", sheet: sheet.name, field: "headerRows", message: `見出し行（${mapping.headerRows.join("・")}行目）の下に表がありません。` });
    return empty(mapping, ctx.problems);
  }

  const textColumn = columnNumber(mapping.columns.text);
  if (!sheet.rows.slice(firstRow - 1).some((cells) => (cells[textColumn - 1] ?? "").trim() !== "")) {
    ctx.problems.push({ kind: "error", sheet: sheet.name, column: mapping.columns.text, field: "columns.text", message: `項目文の列（${mapping.columns.text}列）には、見出し行より下に値がありません。列の対応を確かめてください。` });
    return empty(mapping, ctx.problems, rowsRead);
  }
  const classes = classifyRows(ctx, firstRow);
  const built = buildSections(ctx, firstRow, classes);
  const supplement = mapping.supplement ? readSupplement(grid, mapping.supplement.sheet, ctx.problems) : undefined;
  reportSkipped(ctx, firstRow, classes);
  if (ctx.problems.some((p) => p.kind === "error")) return { ...empty(mapping, sortProblems(ctx.problems), rowsRead), itemCount: built.itemCount, sectionCount: built.sectionCount };

  const raw = assemble(mapping, built.sections, supplement, built.rowOf, ctx.problems);
  let template: Template | null = null;
  if (raw) {
    try {
      template = validateTemplate(raw, `${mapping.template.id}@${mapping.template.version}`);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      const rows = rowsByPath(raw, built.rowOf);
      for (const p of error.problems) ctx.problems.push({ kind: "error", sheet: sheet.name, row: rowFor(rows, p.path), message: translateTemplateProblem(p.path, p.message) });
    }
  }
  const problems = sortProblems(ctx.problems);
  if (!template || problems.some((p) => p.kind === "error")) return { ...empty(mapping, problems, rowsRead), itemCount: built.itemCount, sectionCount: built.sectionCount };
  return { template, contentHash: templateContentHash(template), mapping, rowsRead, itemCount: built.itemCount, sectionCount: built.sectionCount, problems };
}

/** One line for a person: 「シート「様式」 12行目 E列: 項目文が空です。」 */
export function formatProblem(p: ImportProblem): string {
  const where = [
    p.sheet ? `シート「${p.sheet}」` : "",
    p.row ? (p.lastRow ? `${p.row}〜${p.lastRow}行目` : `${p.row}行目`) : "",
    p.column ? `${p.column}列` : "",
  ].filter(Boolean);
  return where.length ? `${where.join(" ")}: ${p.message}` : p.message;
}

function findSheet(grid: WorkbookGrid, name: string): SheetGrid | undefined {
  return grid.sheets.find((s) => s.name === name) ?? (grid.format === "csv" ? grid.sheets[0] : undefined);
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return problems.sort((a, b) => (a.sheet === b.sheet ? (a.row ?? 0) - (b.row ?? 0) : a.sheet < b.sheet ? -1 : 1));
}

// ---- classifying rows ------------------------------------------------------------------

function mappedColumns(m: WorkbookMapping): number[] {
  const c = m.columns;
  const letters = [c.key, c.number, c.text, c.level, c.answer, c.group, c.category, c.perspective, c.references, c.checkPoints, c.help, c.noteRefs, ...(c.details ?? []).map((d) => d.column)];
  for (const level of m.sections) {
    letters.push(level.column, level.numberColumn);
    if (level.from === "row") letters.push(level.keyColumn, level.match?.column);
  }
  return [...new Set(letters.filter((l): l is string => Boolean(l)).map(columnNumber))].sort((a, b) => a - b);
}

function classifyRows(ctx: Ctx, firstRow: number): RowClass[] {
  const { sheet, mapping } = ctx;
  const mapped = mappedColumns(mapping);
  const mergeAt = mergeIndex(sheet);
  const hasMerges = sheet.merges.length > 0;
  const hidden = new Set(mapping.includeHiddenRows ? [] : sheet.hiddenRows);
  const notes = mapping.notesPattern === null ? null : new RegExp(mapping.notesPattern, "u");
  const textColumn = col(mapping.columns.text);
  const headers = mapping.headerRows.map((r) => mapped.map((c) => [c, squash(cellText(sheet, r, c))] as const).filter(([, t]) => t !== ""));
  const levels = mapping.sections.map((level) => (level.from === "row" ? compileRowLevel(level) : null));

  // A row's own content: a cell that continues a merged range from the rows above adds nothing.
  const own = (cells: string[], r: number, c: number) => (cells[c - 1] ?? "") !== "" && (!hasMerges || (mergeAt(r, c)?.top ?? r) === r);
  const anyOwn = (cells: string[], r: number, columns: number[] | null) => {
    if (columns) {
      for (const c of columns) if (own(cells, r, c)) return true;
    } else for (let c = 1; c <= cells.length; c++) if (own(cells, r, c)) return true;
    return false;
  };
  const classes: RowClass[] = [];
  for (let r = firstRow; r <= sheet.rowCount; r++) {
    const cells = sheet.rows[r - 1];
    if (hidden.has(r)) classes.push({ kind: "skip", reason: "hidden" });
    else if (!anyOwn(cells, r, null)) classes.push({ kind: "skip", reason: "blank" });
    else if (!anyOwn(cells, r, mapped)) classes.push({ kind: "skip", reason: "unmapped" });
    else if (notes && notes.test(cells.find((c) => c !== "")!.trim())) classes.push({ kind: "skip", reason: "note" });
    else if (headers.some((h) => h.length > 0 && h.every(([c, t]) => squash(cells[c - 1] ?? "") === t))) classes.push({ kind: "skip", reason: "header" });
    else {
      const level = levels.findIndex((l) => l !== null && l(cells, r, mapped, mergeAt));
      if (level >= 0) classes.push({ kind: "heading", level });
      else if ((cells[textColumn - 1] ?? "").trim() !== "") classes.push({ kind: "item" });
      else classes.push({ kind: "unreadable" });
    }
  }
  // Notes under the table: whatever follows the last item and is not an item (a heading with
  // nothing under it, a line of text in the first column) is part of the notes.
  let last = classes.length - 1;
  while (last >= 0 && classes[last].kind !== "item") last--;
  for (let i = last + 1; i < classes.length; i++) if (classes[i].kind === "heading" || classes[i].kind === "unreadable") classes[i] = { kind: "skip", reason: "note" };
  return classes;
}

type RowTest = (cells: string[], row: number, mapped: number[], mergeAt: (r: number, c: number) => MergedRange | undefined) => boolean;

function compileRowLevel(level: RowLevel): RowTest {
  const title = columnNumber(level.column);
  const own = new Set([title, col(level.numberColumn), col(level.keyColumn), col(level.match?.column)]);
  const matchColumn = level.match?.column ? columnNumber(level.match.column) : title;
  const pattern = level.match ? new RegExp(level.match.pattern, "u") : null;
  return (cells, row, mapped, mergeAt) => {
    if ((cells[title - 1] ?? "").trim() === "") return false;
    if (pattern && !pattern.test((cells[matchColumn - 1] ?? "").trim())) return false;
    const merge = mergeAt(row, title);
    if (level.merged && !(merge && merge.left === title && merge.right > merge.left)) return false;
    // A heading row carries nothing else: every other mapped cell is empty or part of the heading's merged range.
    return mapped.every((c) => own.has(c) || (cells[c - 1] ?? "") === "" || (merge !== undefined && mergeAt(row, c) === merge));
  };
}

function reportSkipped(ctx: Ctx, firstRow: number, classes: RowClass[]) {
  let run: { reason: keyof typeof SKIP; from: number; to: number } | null = null;
  const flush = () => {
    if (!run) return;
    ctx.problems.push({ kind: "skipped", sheet: ctx.sheet.name, row: run.from, ...(run.to > run.from ? { lastRow: run.to } : {}), message: `読み飛ばしました: ${SKIP[run.reason]}` });
    run = null;
  };
  classes.forEach((cls, i) => {
    const row = firstRow + i;
    if (cls.kind === "skip" && run && run.reason === cls.reason && run.to === row - 1) run.to = row;
    else {
      flush();
      if (cls.kind === "skip") run = { reason: cls.reason, from: row, to: row };
    }
  });
  flush();
}

// ---- building sections and items ------------------------------------------------------------

type Node = { key: string; number?: string; title: string; items: Item[]; sections: Node[] };

function splitTitle(text: string, pattern: string | undefined): { number?: string; title: string } {
  const title = text.trim();
  if (!pattern) return { title };
  const m = new RegExp(pattern, "u").exec(title);
  const number = m?.groups?.number?.trim();
  const rest = m?.groups?.title?.trim();
  return m && rest ? { ...(number ? { number: normalizeNumberCell(number) } : {}), title: rest } : { title };
}

function buildSections(ctx: Ctx, firstRow: number, classes: RowClass[]) {
  const { sheet, mapping, problems } = ctx;
  const c = mapping.columns;
  const cell = (row: number, letters: string | undefined) => (letters ? cellText(sheet, row, columnNumber(letters)).trim() : "");
  const error = (row: number, letters: string | undefined, message: string) =>
    problems.push({ kind: "error", sheet: sheet.name, row, ...(letters ? { column: letters } : {}), message });

  const columns = itemColumns(mapping);
  const root: Node = { key: "", title: "", items: [], sections: [] };
  const rowLevels = mapping.sections.filter((l): l is RowLevel => l.from === "row");
  const columnLevels = mapping.sections.filter((l): l is ColumnLevel => l.from === "column");
  const stack: (Node | undefined)[] = [];
  const rowOf = new Map<object, number>();
  const keyRows = new Map<string, number>();
  const sectionKeyRows = new Map<string, number>();
  let itemCount = 0;
  let sectionCount = 0;
  let defaultSection: Node | undefined;
  const previousColumnValue: string[] = [];

  const sectionKey = (row: number, parent: Node, keyCell: string, number: string | undefined, keyColumn?: string) => {
    if (keyCell) {
      if (!keySchema.safeParse(keyCell).success) error(row, keyColumn, `キー「${keyCell}」は英数字と . _ - だけで書いてください。`);
      return keyCell;
    }
    const fromNumber = number ? keyFromText(number) : "";
    if (fromNumber) return `s${fromNumber}`;
    return parent === root ? `s${parent.sections.length + 1}` : `${parent.key}-${parent.sections.length + 1}`;
  };
  const addSection = (parent: Node, row: number, node: Node) => {
    const seen = sectionKeyRows.get(node.key);
    if (seen !== undefined) error(row, undefined, `見出しのキー「${node.key}」が ${seen} 行目と重複しています。`);
    sectionKeyRows.set(node.key, row);
    parent.sections.push(node);
    rowOf.set(node, row);
    sectionCount++;
  };

  classes.forEach((cls, i) => {
    const row = firstRow + i;
    if (cls.kind === "skip") return;
    if (cls.kind === "unreadable") {
      error(row, c.text, "項目文が空です。");
      return;
    }
    if (cls.kind === "heading") {
      const level = rowLevels[cls.level];
      const { number: titleNumber, title } = splitTitle(cell(row, level.column), level.titlePattern);
      const number = level.numberColumn ? normalizeNumberCell(cell(row, level.numberColumn)) || undefined : titleNumber;
      stack.length = cls.level;
      const parent = deepest(stack) ?? root;
      const node: Node = { key: sectionKey(row, parent, cell(row, level.keyColumn), number, level.keyColumn), ...(number ? { number } : {}), title, items: [], sections: [] };
      addSection(parent, row, node);
      stack[cls.level] = node;
      previousColumnValue.length = 0;
      return;
    }

    // An item: its container is the deepest open heading, then one section per column level.
    const open = deepest(stack);
    if (!open && rowLevels.length) {
      error(row, rowLevels[0].column, "この項目より前に見出しの行がありません。");
      return;
    }
    let container: Node = open ?? root;
    for (const [j, level] of columnLevels.entries()) {
      let value = cell(row, level.column);
      if (!value) value = previousColumnValue[j] ?? "";
      if (!value) {
        error(row, level.column, "見出し（章）の列が空です。");
        return;
      }
      previousColumnValue[j] = value;
      const { number: titleNumber, title } = splitTitle(value, level.titlePattern);
      const number = level.numberColumn ? normalizeNumberCell(cell(row, level.numberColumn)) || undefined : titleNumber;
      const last: Node | undefined = container.sections.at(-1);
      if (last && last.title === title && last.number === number) container = last;
      else {
        const node: Node = { key: sectionKey(row, container, "", number), ...(number ? { number } : {}), title, items: [], sections: [] };
        addSection(container, row, node);
        container = node;
      }
    }
    if (container === root) {
      defaultSection ??= (() => {
        const node: Node = { key: mapping.defaultSection.key, title: mapping.defaultSection.title, items: [], sections: [] };
        root.sections.push(node);
        sectionCount++;
        return node;
      })();
      container = defaultSection;
    }
    const item = readItem(ctx, columns, row, container, itemCount + 1, error);
    if (!item) return;
    const seen = keyRows.get(item.key);
    if (seen !== undefined) error(row, c.key ?? c.number, `項目キー「${item.key}」が ${seen} 行目と重複しています。`);
    keyRows.set(item.key, row);
    container.items.push(item);
    rowOf.set(item, row);
    itemCount++;
  });

  checkNumbers(ctx, root, rowOf);
  for (const node of walkNodes(root.sections))
    if (!node.items.length && !node.sections.length) error(rowOf.get(node) ?? 0, undefined, `見出し「${node.title}」の下に項目がありません。`);
  return { sections: root.sections, rowOf, itemCount, sectionCount };
}

function deepest(stack: (Node | undefined)[]): Node | undefined {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]) return stack[i];
  return undefined;
}

function* walkNodes(nodes: Node[]): Generator<Node> {
  for (const n of nodes) {
    yield n;
    yield* walkNodes(n.sections);
  }
}

function checkNumbers(ctx: Ctx, root: Node, rowOf: Map<object, number>) {
  const scope = ctx.mapping.uniqueNumbers;
  if (scope === "none") return;
  let seen = new Map<string, number>();
  const visit = (node: Node) => {
    if (scope === "section") seen = new Map();
    for (const item of node.items) {
      if (!item.number) continue;
      const row = rowOf.get(item)!;
      const first = seen.get(item.number);
      if (first !== undefined)
        ctx.problems.push({ kind: "error", sheet: ctx.sheet.name, row, column: ctx.mapping.columns.number, message: `番号「${item.number}」が ${first} 行目と重複しています${scope === "section" ? "（同じ見出しの中）" : ""}。` });
      else seen.set(item.number, row);
    }
    node.sections.forEach(visit);
  };
  root.sections.forEach(visit);
}

type ItemColumns = Record<"key" | "number" | "text" | "level" | "answer" | "group" | "category" | "perspective" | "references" | "checkPoints" | "help" | "noteRefs", number> & {
  details: { label: string; column: number }[];
};

function itemColumns(mapping: WorkbookMapping): ItemColumns {
  const c = mapping.columns;
  return {
    key: col(c.key),
    number: col(c.number),
    text: col(c.text),
    level: col(c.level),
    answer: col(c.answer),
    group: col(c.group),
    category: col(c.category),
    perspective: col(c.perspective),
    references: col(c.references),
    checkPoints: col(c.checkPoints),
    help: col(c.help),
    noteRefs: col(c.noteRefs),
    details: (c.details ?? []).map((d) => ({ label: d.label, column: columnNumber(d.column) })),
  };
}

function readItem(
  ctx: Ctx,
  columns: ItemColumns,
  row: number,
  section: Node,
  ordinal: number,
  error: (row: number, column: string | undefined, message: string) => void,
): Item | null {
  const { mapping } = ctx;
  const c = mapping.columns;
  const cells = ctx.sheet.rows[row - 1];
  // Column 0 means "not mapped": cells[-1] is undefined, read as "".
  const raw = (column: number) => cells[column - 1] ?? "";
  let ok = true;

  const number = normalizeNumberCell(raw(columns.number)) || undefined;
  let key = raw(columns.key).trim();
  if (key) {
    if (!keySchema.safeParse(key).success) {
      error(row, c.key, `キー「${key}」は英数字と . _ - だけで書いてください。`);
      ok = false;
    }
  } else {
    const fromNumber = number ? keyFromText(number) : "";
    const local = fromNumber || `item${ordinal}`;
    key = mapping.itemKeys === "sectionAndNumber" ? `${section.key}.${local}` : local;
  }
  const extras = mapping.items[key];

  const text = raw(columns.text).trim();
  const levelWord = raw(columns.level).trim();
  let level = mapping.levelBlank;
  if (levelWord) {
    const found = mapping.levelWords[levelWord] ?? mapping.levelWords[squash(levelWord)];
    if (found) level = found;
    else {
      error(row, c.level, `区分「${levelWord}」は対応表にありません（使える語: ${Object.keys(mapping.levelWords).join("、")}）。`);
      ok = false;
    }
  }

  let answer: AnswerKind | undefined = extras?.answer;
  if (!answer) {
    const word = raw(columns.answer).trim();
    if (word) {
      const found = mapping.answer.words[word];
      if (found === "perItem") error(row, c.answer, `回答形式「${word}」の定義がマッピングの items["${key}"].answer にありません。`);
      else if (found) answer = found;
      else error(row, c.answer, `回答形式「${word}」は対応表にありません（使える語: ${Object.keys(mapping.answer.words).join("、") || "なし"}）。`);
    } else if (mapping.answer.default) answer = mapping.answer.default;
    else error(row, c.answer, "回答形式が決まりません（回答形式の列か、既定の回答形式 answer.default を指定してください）。");
  }

  let perspective: Item["perspective"];
  const perspectiveWord = raw(columns.perspective).trim();
  if (perspectiveWord) {
    perspective = mapping.perspectiveWords[perspectiveWord];
    if (!perspective) {
      error(row, c.perspective, `視点「${perspectiveWord}」は対応表にありません（使える語: ${Object.keys(mapping.perspectiveWords).join("、")}）。`);
      ok = false;
    }
  }
  if (!ok || !answer) return null;

  const references = columns.references ? decodeReferences(raw(columns.references), mapping.references.separator, mapping.references.guideline) : [];
  const checkPoints = columns.checkPoints ? splitLines(raw(columns.checkPoints)) : [];
  const noteRefs = columns.noteRefs ? decodeNoteRefs(raw(columns.noteRefs)) : [];
  const details: { label: string; text: string }[] = [];
  for (const d of columns.details) {
    const t = raw(d.column).trim();
    if (t) details.push({ label: d.label, text: t });
  }
  const group = raw(columns.group).trim();
  const category = raw(columns.category).trim();
  const help = raw(columns.help).trim();

  const item: Item = {
    key,
    ...(number ? { number } : {}),
    ...(group ? { group } : {}),
    text,
    level,
    answer,
    ...(perspective ? { perspective } : {}),
    ...(category ? { category } : {}),
    ...(references.length ? { references } : {}),
    ...(checkPoints.length ? { checkPoints } : {}),
    ...(details.length ? { details } : {}),
    ...(help ? { help } : {}),
    ...(noteRefs.length ? { noteRefs } : {}),
    ...extras,
  };
  if (!item.text) {
    error(row, c.text, "項目文が空です。");
    return null;
  }
  return item;
}

// ---- the supplement sheet and the whole template ------------------------------------------------

type Supplement = { description?: string; sectionDescriptions: Map<string, string>; notes: Map<string, Note[]>; help: { term: string; text: string; places?: string[]; items?: string[] }[]; rows: Map<string, number> };

function readSupplement(grid: WorkbookGrid, name: string, problems: ImportProblem[]): Supplement | undefined {
  const sheet = grid.sheets.find((s) => s.name === name);
  if (!sheet) {
    problems.push({ kind: "error", sheet: name, field: "supplement.sheet", message: `シート「${name}」（注記・説明）がありません。` });
    return undefined;
  }
  const out: Supplement = { sectionDescriptions: new Map(), notes: new Map(), help: [], rows: new Map() };
  for (let r = SUPPLEMENT_FIRST_ROW; r <= sheet.rowCount; r++) {
    const [kind, target, heading, text, places] = [1, 2, 3, 4, 5].map((c) => cellText(sheet, r, c).trim());
    if (!kind && !target && !heading && !text) continue;
    const fail = (column: number, message: string) => problems.push({ kind: "error", sheet: name, row: r, column: columnLetters(column), message });
    if (!text) {
      fail(4, "本文が空です。");
      continue;
    }
    if (kind === SUPPLEMENT_KINDS.description) out.description = text;
    else if (kind === SUPPLEMENT_KINDS.sectionDescription) {
      if (!target) fail(2, "章の説明には対象の見出しのキーが必要です。");
      else {
        out.sectionDescriptions.set(target, text);
        out.rows.set(`section:${target}`, r);
      }
    } else if (kind === SUPPLEMENT_KINDS.note) {
      if (!heading) fail(3, "注記には番号（注1 など）が必要です。");
      else out.notes.set(target, [...(out.notes.get(target) ?? []), { id: heading, text }]);
      if (target) out.rows.set(`section:${target}`, out.rows.get(`section:${target}`) ?? r);
    } else if (kind === SUPPLEMENT_KINDS.term) {
      if (!heading) fail(3, "用語の見出しが空です。");
      else {
        // 対象: the keys of the items the term belongs to; 記載場所: the places the form prints, 「、」 between them.
        const items = target.split(/[\s,、]+/).filter(Boolean);
        const where = places.split("、").map((p) => p.trim()).filter(Boolean);
        out.help.push({ term: heading, text, ...(where.length ? { places: where } : {}), ...(items.length ? { items } : {}) });
      }
    } else fail(1, `種類「${kind}」は使えません（${Object.values(SUPPLEMENT_KINDS).join("、")}）。`);
  }
  return out;
}

function resolveScales(mapping: WorkbookMapping): Scale[] {
  return mapping.scales.map((ref) => ("registry" in ref ? registeredScale(ref.registry, ref.key)! : ref));
}

function stripNode(node: Node, supplement: Supplement | undefined, rowOf: Map<object, number>): Section {
  const description = supplement?.sectionDescriptions.get(node.key);
  const notes = supplement?.notes.get(node.key);
  const out: Section = {
    key: node.key,
    ...(node.number ? { number: node.number } : {}),
    title: node.title,
    ...(description ? { description } : {}),
    ...(notes?.length ? { notes } : {}),
  };
  if (node.items.length) out.items = node.items;
  if (node.sections.length) out.sections = node.sections.map((s) => stripNode(s, supplement, rowOf));
  const row = rowOf.get(node);
  if (row !== undefined) rowOf.set(out, row);
  return out;
}

function assemble(mapping: WorkbookMapping, nodes: Node[], supplement: Supplement | undefined, rowOf: Map<object, number>, problems: ImportProblem[]): Template | null {
  const sections = nodes.map((n) => stripNode(n, supplement, rowOf));
  if (supplement) {
    const known = new Set<string>();
    const collect = (ss: Section[]) => ss.forEach((s) => (known.add(s.key), collect(s.sections ?? [])));
    collect(sections);
    for (const key of [...supplement.sectionDescriptions.keys(), ...supplement.notes.keys()])
      if (key && !known.has(key))
        problems.push({ kind: "error", sheet: mapping.supplement!.sheet, row: supplement.rows.get(`section:${key}`), column: "B", message: `見出しのキー「${key}」は様式にありません。` });
  }
  if (mapping.headerFields) {
    const h = mapping.headerFields;
    sections.unshift({
      key: h.key,
      title: h.title,
      items: h.fields.map((f) => ({ key: f.key, text: f.text, level: f.level, answer: f.answer, ...(f.help ? { help: f.help } : {}) })),
    });
  }
  if (!sections.length) {
    problems.push({ kind: "error", sheet: mapping.sheet, message: "項目が1つもありません。" });
    return null;
  }
  const description = supplement?.description ?? mapping.template.description;
  const notes = supplement?.notes.get("");
  const scales = resolveScales(mapping);
  return {
    ...mapping.template,
    ...(description ? { description } : {}),
    ...(scales.length ? { scales } : {}),
    ...(notes?.length ? { notes } : {}),
    ...(supplement?.help.length ? { help: supplement.help } : {}),
    ...(mapping.derived.length ? { derived: mapping.derived } : {}),
    sections,
  } as Template;
}

// ---- loader problems back to rows --------------------------------------------------------------

function rowsByPath(template: Template, rowOf: Map<object, number>): Map<string, number> {
  const rows = new Map<string, number>();
  const walk = (sections: Section[], base: string) =>
    sections.forEach((s, i) => {
      const here = `${base}[${i}]`;
      const row = rowOf.get(s);
      if (row !== undefined) rows.set(here, row);
      (s.items ?? []).forEach((item, j) => {
        const r = rowOf.get(item);
        if (r !== undefined) rows.set(`${here}.items[${j}]`, r);
      });
      walk(s.sections ?? [], `${here}.sections`);
    });
  walk(template.sections, "sections");
  return rows;
}

function rowFor(rows: Map<string, number>, path: string): number | undefined {
  for (let p = path; p; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "")) {
    const row = rows.get(p);
    if (row !== undefined) return row;
    if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break;
  }
  return undefined;
}

const TRANSLATIONS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^unknown scale "(.+)"$/, (m) => `回答の尺度「${m[1]}」がマッピングの scales にありません。`],
  [/^unknown derived result "(.+)"$/, (m) => `判定ルール「${m[1]}」がマッピングの derived にありません。`],
  [/^duplicate item key "(.+)"$/, (m) => `項目キー「${m[1]}」が重複しています。`],
  [/^duplicate section key "(.+)"$/, (m) => `見出しのキー「${m[1]}」が重複しています。`],
  [/^duplicate scale key "(.+)"$/, (m) => `尺度のキー「${m[1]}」が重複しています。`],
  [/^note "(.+)" is not defined/, (m) => `注「${m[1]}」が定義されていません（注記・説明のシートか、見出しの注記に書いてください）。`],
  [/^unknown section(?: or subset)? "(.+)"$/, (m) => `判定ルールの範囲「${m[1]}」という見出しがありません。`],
  [/^derived result "(.+)" has no status items in its scope$/, (m) => `判定ルール「${m[1]}」の範囲に、尺度で答える項目がありません。`],
  [/has no perspective$/, () => "視点別に集計する範囲の項目に視点がありません。"],
  [/^release (product|version) "(.+)" must be a required text item$/, (m) => `製品のリリースごとに答える様式の${m[1] === "product" ? "製品名" : "バージョン"}（template.release.${m[1]}）は、必須の文字入力の項目「${m[2]}」にしてください（基本情報の項目にあるか確かめてください）。`],
];

function translateTemplateProblem(path: string, message: string): string {
  for (const [pattern, say] of TRANSLATIONS) {
    const m = pattern.exec(message);
    if (m) return say(m);
  }
  return `様式として正しくありません（${path || "全体"}: ${message}）。`;
}
