// Answers in from a workbook the portal wrote (issue 14): each row of the 「回答」 sheet read back into a response for
// its item, words matched forgivingly but reported exactly, dates in any usual Japanese form, and every row
// classified before anything is written — accepted, unchanged, invalid (why), unknown item, or a conflict (the
// draft changed in the portal since the file was written). Also what the file claims that the rules compute
// otherwise. Pure: the model applies the accepted rows with the editor's revision rules.
import { DASH, type AnswerValue, type ChoiceValue, type StatusValue } from "./answers.js";
import { computeDerived } from "./derived.js";
import { formatAnswer, sameResponse } from "./diff.js";
import { normalizeResponse, responseSchema, type DisclosureContent, type Evidence, type ItemResponse } from "./disclosure-content.js";
import { answersOf, derivedText } from "./disclosure-view.js";
import { walkItems } from "./template-loader.js";
import type { Item, Scale, SubField, Template } from "./template-schema.js";
import { unneutralizeFormula } from "./workbook/cells.js";
import type { SheetGrid, WorkbookGrid } from "./workbook/grid.js";

export const ANSWER_SHEET = "回答";
/** The headings the portal writes (app/utils/answers-export.server.ts), in its column order. */
export const ANSWER_HEADINGS = ["キー", "章・節", "番号", "項目", "区分", "回答", "実施時期・日付", "理由", "備考", "根拠資料（名称）", "根拠資料（URL）", "基準"] as const;
const COL = { key: 0, number: 2, text: 3, answer: 5, when: 6, reason: 7, note: 8, evidenceNames: 9, evidenceUrls: 10, base: 11 } as const;

/** The parts of an answer a sheet can hold, and the words the import screen names them by. */
export const LAYOUT_FIELDS = {
  number: "番号",
  text: "項目（文言の確認用）",
  answer: "回答",
  when: "実施時期・日付",
  reason: "理由",
  note: "備考",
  evidenceNames: "根拠資料（名称）",
  evidenceUrls: "根拠資料（URL）",
} as const;
export type LayoutField = keyof typeof LAYOUT_FIELDS;

/**
 * A vendor's own sheet of answers (not one the portal wrote): which sheet, the row of its headings (1-based, as Excel
 * numbers it) and the column of each part (letters). Rows are matched to items by 番号; the item text, if mapped,
 * is only compared, to warn when it differs. Saved per organisation and form for the next file.
 */
export type AnswerLayout = { sheet: string; headingRow: number; columns: Partial<Record<LayoutField, string>> };

type Columns = Partial<Record<keyof typeof COL, number>>;

/** 「A」 → 0, 「AB」 → 27; null for anything else. */
export function columnIndex(letters: string): number | null {
  if (!/^[A-Z]{1,3}$/.test(letters)) return null;
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
}

/** What is wrong with a layout for this file, in Japanese; null when it can be read. */
export function layoutProblem(grid: WorkbookGrid, layout: AnswerLayout): string | null {
  const sheet = grid.sheets.find((s) => s.name === layout.sheet);
  if (!sheet) return `「${layout.sheet}」シートがありません。`;
  if (!Number.isInteger(layout.headingRow) || layout.headingRow < 1 || layout.headingRow > sheet.rows.length) return `見出しの行は 1〜${sheet.rows.length} の行番号にしてください。`;
  for (const [field, letters] of Object.entries(layout.columns)) {
    if (letters && columnIndex(letters) === null) return `「${LAYOUT_FIELDS[field as LayoutField]}」の列「${letters}」を読めません（A、B、… AA のように書いてください）。`;
  }
  if (!layout.columns.number) return "「番号」の列を指定してください（行と様式の項目を番号で対応づけます）。";
  if (!layout.columns.answer) return "「回答」の列を指定してください。";
  return null;
}

/** 「1.1.1.1」, 「１－２」, 「(3)」: numbers compared without width, spaces, brackets or the kind of dash. */
const numberKey = (n: string) => n.normalize("NFKC").replace(/[\s()（）]/g, "").replace(/[‐‑‒–—―ー−]/g, "-").replace(/\.$/, "");

export type RowStatus = "accepted" | "unchanged" | "invalid" | "unknown" | "conflict";
export const rowStatusLabels: Record<RowStatus, string> = { accepted: "取り込む", unchanged: "変更なし", invalid: "取り込めない", unknown: "様式にない項目", conflict: "競合" };

export type ImportRow = {
  /** The row in the sheet (1-based, as Excel numbers it). */
  row: number;
  key: string;
  number: string | null;
  text: string;
  status: RowStatus;
  /** Why a row is invalid or a conflict; how a word was read (「対応済み」を「対応済」として読みました). */
  messages: string[];
  /** The response the row gives (accepted rows: what will be saved). */
  response: ItemResponse | null;
  /** The draft's revision the row will be saved against. */
  baseRevision: number;
};

export type AnswerImportPreview = {
  /** A problem with the file as a whole (another template, not an answer sheet …): then there are no rows. */
  fileProblem: string | null;
  rows: ImportRow[];
  totals: Record<RowStatus, number>;
  /** Derived results now and as they would be after the import. */
  derived: { title: string; before: string; after: string }[];
  /** What the file states that the form's rules compute otherwise, in plain Japanese. */
  claims: string[];
};

export type ImportInput = {
  grid: WorkbookGrid;
  /** The vendor's own layout; without it the file must be one the portal wrote. */
  layout?: AnswerLayout;
  template: Template;
  draft: { content: DisclosureContent; revisions: Record<string, number> };
  /** Published versions the file may have been written from (「v2」 rows), by number. */
  versions?: Record<number, DisclosureContent>;
  /** For 実施時期 in the past. */
  today: string;
};

const fold = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

/** Words hospitals and vendors use for each outcome, beyond the scale's own labels. */
const OUTCOME_WORDS: Record<string, string[]> = {
  met: ["済", "済み", "○", "◯", "〇", "はい", "yes", "y", "有", "あり", "実施済", "実施済み", "対応済", "対応済み"],
  unmet: ["×", "✕", "✖", "いいえ", "no", "n", "無", "なし", "未対応", "未実施"],
  planned: ["△", "予定", "実施予定", "対応予定"],
  notApplicable: ["対象外", "－", "-", "―", "ー", "n/a", "na", "該当なし"],
};

/** The scale's option a word means: its label or mark, the label without a trailing み, or an outcome's usual word. */
export function matchStatusWord(scale: Scale, word: string): { value: string; label: string } | null {
  const w = fold(word);
  if (!w) return null;
  const options = scale.options;
  const exact = options.find((o) => fold(o.label) === w || (o.symbol !== undefined && fold(o.symbol) === w) || fold(o.label) === w.replace(/み$/, ""));
  if (exact) return { value: exact.value, label: exact.label };
  for (const [outcome, words] of Object.entries(OUTCOME_WORDS)) {
    if (!words.some((x) => fold(x) === w)) continue;
    const candidates = options.filter((o) => o.outcome === outcome);
    if (candidates.length === 1) return { value: candidates[0].value, label: candidates[0].label };
  }
  return null;
}

const ERA_START: Record<string, number> = { 令和: 2018, r: 2018, 平成: 1988, h: 1988 };
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A date or month as the portal stores it (「2027-04-30」, 「2027-04」) from what people type: ISO, slashes or dots,
 * 「2027年4月30日」, Japanese eras (令和9年4月, R9.4.30), or an Excel serial day number. Null when unreadable.
 */
export function readDate(raw: string, want: "month" | "date"): string | null {
  const s = raw.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  if (!s) return null;
  if (/^\d{5}$/.test(s)) {
    const d = new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000);
    return want === "month" ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}` : `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  const m = /^(令和|平成|r|h)?(\d{1,4}|元)[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?$/.exec(s);
  if (!m) return null;
  const yearInEra = m[2] === "元" ? 1 : Number(m[2]);
  const year = m[1] ? ERA_START[m[1]] + yearInEra : yearInEra;
  const month = Number(m[3]);
  const day = m[4] === undefined ? null : Number(m[4]);
  if (year < 1900 || month < 1 || month > 12) return null;
  if (want === "month") return `${year}-${pad(month)}`;
  if (day === null) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const NOTHING_TO_DO = /対象(事項|項目)?(無|なし)|該当(事項)?(無|なし)|不要/;

type Located = { sheet: SheetGrid; headingRow: number; columns: Columns };

/** The sheet, the first row after its headings and where each part is: the vendor's layout, or the portal's own. */
function locate(grid: WorkbookGrid, template: Template, layout: AnswerLayout | undefined): Located | { problem: string } {
  if (!layout) return findSheet(grid, template);
  const problem = layoutProblem(grid, layout);
  if (problem) return { problem };
  const columns: Columns = {};
  for (const [field, letters] of Object.entries(layout.columns)) if (letters) columns[field as LayoutField] = columnIndex(letters)!;
  return { sheet: grid.sheets.find((s) => s.name === layout.sheet)!, headingRow: layout.headingRow, columns };
}

/** The answer sheet and the row of its headings, or why this is not a workbook of this form's answers. */
function findSheet(grid: WorkbookGrid, template: Template): Located | { problem: string } {
  const sheet = grid.sheets.find((s) => s.name === ANSWER_SHEET) ?? (grid.sheets.length === 1 ? grid.sheets[0] : undefined);
  if (!sheet) return { problem: `「${ANSWER_SHEET}」シートがありません。Kaiji から書き出した回答のファイルを選んでください。` };
  const headingRow = sheet.rows.findIndex((r) => ANSWER_HEADINGS.every((h, i) => (r[i] ?? "").trim() === h));
  if (headingRow < 0) return { problem: `「${sheet.name}」シートに見出しの行（${ANSWER_HEADINGS.slice(0, 6).join("・")} …）がありません。列を並べ替えたり削除したりしていないか確認してください。` };
  const idRow = sheet.rows.slice(0, headingRow).find((r) => r[1]?.trim() === "様式ID");
  const stated = idRow?.[2]?.trim();
  const expected = `${template.id}@${template.version}`;
  if (stated && stated !== expected) {
    const [id, version] = stated.split("@");
    return {
      problem:
        id === template.id
          ? `このファイルは同じ様式の別の版（${version}）の回答です。この開示書の様式は ${template.version} です。`
          : `このファイルは別の様式（${stated}）の回答です。この開示書の様式は ${expected} です。`,
    };
  }
  return { sheet, headingRow: headingRow + 1, columns: COL };
}

function lines(cell: string): string[] {
  return cell.split("\n").map((l) => l.trim());
}

/** The response a row gives for its item, with how its words were read, or why it cannot be read. */
function readRow(template: Template, item: Item, cells: string[], COL: Columns, current: ItemResponse | undefined, today: string): { response: ItemResponse; messages: string[] } | { invalid: string[] } {
  // The ' the export put before formula-like text is not part of the answer.
  const cell = (i: number | undefined) => (i === undefined ? "" : unneutralizeFormula((cells[i] ?? "").trim()));
  const messages: string[] = [];
  const response: ItemResponse = {};
  const answer = cell(COL.answer);
  let nothingToDo = false;
  if (answer) {
    switch (item.answer.kind) {
      case "status": {
        const scaleKey = item.answer.scale;
        const scale = template.scales!.find((s) => s.key === scaleKey)!;
        const option = matchStatusWord(scale, answer);
        if (!option) return { invalid: [`回答「${answer}」は選択肢（${scale.options.map((o) => o.label).join("・")}）のどれとも読めません`] };
        if (option.label !== answer) messages.push(`「${answer}」を「${option.label}」として読みました`);
        const requires = scale.options.find((o) => o.value === option.value)?.requires;
        const value: StatusValue = { status: option.value };
        const when = cell(COL.when);
        if ((requires === "month" || requires === "date") && when) {
          const read = readDate(when, requires);
          if (!read) return { invalid: [`${requires === "month" ? "実施時期" : "日付"}「${when}」を読めません（例: ${requires === "month" ? "2027-04、令和9年4月" : "2027-04-30、令和9年4月30日"}）`] };
          if (read !== when) messages.push(`「${when}」を「${read}」として読みました`);
          if (requires === "month" && read < today.slice(0, 7)) messages.push(`実施時期 ${read} は過去です`);
          value[requires] = read;
        }
        if (requires === "reason" && cell(COL.reason)) value.reason = cell(COL.reason);
        // Fields the sheet has no column for (確認日 …) stay as they are.
        const fields = (current?.value as StatusValue | undefined)?.fields;
        if (fields) value.fields = fields;
        response.value = value;
        if (scale.options.find((o) => o.value === option.value)?.outcome === "planned" && NOTHING_TO_DO.test(`${cell(COL.note)} ${cell(COL.reason)}`)) {
          messages.push("「実施予定」の備考が「対象事項無」などの意味です。実施予定として取り込みます（様式の規則では、実施予定は満たしていない項目として数えます）");
          nothingToDo = true;
        }
        break;
      }
      case "number": {
        if (item.answer.dash && answer.normalize("NFKC") === DASH) {
          response.value = DASH;
          break;
        }
        const n = Number(answer.normalize("NFKC").replace(/[,，\s]/g, ""));
        if (!Number.isFinite(n)) return { invalid: [`「${answer}」は数値として読めません`] };
        response.value = n;
        break;
      }
      case "date":
      case "month": {
        const read = readDate(answer, item.answer.kind);
        if (!read) return { invalid: [`「${answer}」を${item.answer.kind === "month" ? "年月" : "日付"}として読めません`] };
        if (read !== answer) messages.push(`「${answer}」を「${read}」として読みました`);
        response.value = read;
        break;
      }
      case "text":
      case "multiline":
      case "tel":
      case "url":
      case "email":
        response.value = answer;
        break;
      default: {
        // Choices, composite and table answers are written as words (formatAnswer): the same words as now keep the
        // answer as it is; other words are read back by the same pattern, or refused with why.
        if (current?.value !== undefined && answer === formatAnswer(template, item, current.value)) {
          response.value = current.value;
          break;
        }
        const read = readWords(item.answer, answer);
        if ("problem" in read) return { invalid: [read.problem] };
        response.value = read.value;
        break;
      }
    }
  }
  if (cell(COL.note)) response.note = cell(COL.note);
  const names = lines(cell(COL.evidenceNames));
  const urls = lines(cell(COL.evidenceUrls));
  const evidence: Evidence[] = [];
  for (let i = 0; i < Math.max(names.length, urls.length); i++) {
    const e: Evidence = {};
    if (names[i]) e.name = names[i];
    if (urls[i]) e.url = urls[i];
    if (e.name || e.url) evidence.push(e);
  }
  if (evidence.length) response.evidence = evidence;
  const parsed = responseSchema(item, template).safeParse(normalizeResponse(response) ?? {});
  if (!parsed.success) {
    const hint = nothingToDo ? ["備考が「対象事項無」などの意味です。実施することがないなら「対象外」と答え、理由に書いてください（対象外は様式の規則で数えません）"] : [];
    return { invalid: [...parsed.error.issues.map((i) => i.message), ...hint] };
  }
  return { response, messages };
}

/** A field's value from its words: prefix and unit off, numbers, dates and months read as people write them. */
function unscalar(field: SubField, words: string): { value: string | number } | { problem: string } {
  let t = words.trim();
  if (field.prefix && t.startsWith(field.prefix)) t = t.slice(field.prefix.length);
  if (field.unit && t.endsWith(field.unit)) t = t.slice(0, -field.unit.length);
  t = t.trim();
  if (field.type === "number") {
    if (field.dash && t.normalize("NFKC") === DASH) return { value: DASH };
    const n = Number(t.normalize("NFKC").replace(/[,，\s]/g, ""));
    return t && Number.isFinite(n) ? { value: n } : { problem: `「${words}」は数値として読めません` };
  }
  if (field.type === "date" || field.type === "month") {
    const d = readDate(t, field.type);
    return d ? { value: d } : { problem: `「${words}」を${field.type === "month" ? "年月" : "日付"}として読めません` };
  }
  return { value: t };
}

/** 「label: value、label: value」 with known labels (a value may hold 「、」); null when the words do not fit. */
function readPairs(text: string, labels: string[]): Map<string, string> | null {
  const found = new Map<string, string>();
  const byLength = [...labels].sort((a, b) => b.length - a.length);
  let at = 0;
  while (at < text.length) {
    const label = byLength.find((l) => text.startsWith(`${l}: `, at));
    if (!label || found.has(label)) return null;
    const start = at + label.length + 2;
    let end = text.length;
    for (const l of labels) {
      const next = text.indexOf(`、${l}: `, start);
      if (next >= 0 && next < end) end = next;
    }
    found.set(label, text.slice(start, end));
    at = end + 1;
  }
  return found;
}

/** Options in order, each perhaps with its free text in （）: 「有（内容：健診代行業務）、その他（人間ドック）」. */
function readChoice(answer: Extract<Item["answer"], { kind: "choice" }>, text: string): ChoiceValue | null {
  const selected: string[] = [];
  const extra: Record<string, string> = {};
  const options = [...answer.options].sort((a, b) => b.label.length - a.label.length);
  let at = 0;
  while (at < text.length) {
    const option = options.find((o) => text.startsWith(o.label, at));
    if (!option || selected.includes(option.value)) return null;
    selected.push(option.value);
    at += option.label.length;
    if (text[at] === "（") {
      let depth = 0;
      let close = at;
      for (; close < text.length; close++) {
        if (text[close] === "（") depth++;
        else if (text[close] === "）" && --depth === 0) break;
      }
      if (close >= text.length) return null;
      let inner = text.slice(at + 1, close);
      const label = option.extra?.label;
      if (label && inner.startsWith(`${label}：`)) inner = inner.slice(label.length + 1);
      extra[option.value] = inner;
      at = close + 1;
    }
    if (at < text.length && text[at++] !== "、") return null;
  }
  if (!answer.multiple && selected.length > 1) return null;
  return { selected: answer.multiple ? selected : selected[0], ...(Object.keys(extra).length ? { extra } : {}) };
}

const WORDS_PROBLEM = "回答の書き方を読み取れません。Kaiji から書き出したときと同じ書き方（選択肢の名前を「、」で区切る、「欄の名前: 値」）にするか、画面で入力してください";

/** A choice, composite or table answer from the words the export writes for it. */
function readWords(answer: Item["answer"], text: string): { value: AnswerValue } | { problem: string } {
  if (answer.kind === "choice") {
    const value = readChoice(answer, text);
    return value ? { value } : { problem: WORDS_PROBLEM };
  }
  const cells: { key: string; row?: string; field: SubField; label: string }[] = [];
  if (answer.kind === "composite") for (const field of answer.fields) cells.push({ key: field.key, field, label: field.label ?? "" });
  else if (answer.kind === "table")
    for (const row of answer.rows) for (const field of answer.columns) cells.push({ key: field.key, row: row.key, field, label: `${row.label}/${field.label || field.key}` });
  else return { problem: WORDS_PROBLEM };
  // Fields without a label are written as their value alone (「1箇所、都道府県名: 東京都」): read when they come first.
  const unlabeled = cells.findIndex((c) => c.label) < 0 ? cells.length : cells.findIndex((c) => c.label);
  if (cells.slice(unlabeled).some((c) => !c.label)) return { problem: WORDS_PROBLEM };
  const labeled = cells.slice(unlabeled).map((c) => c.label);
  const firstLabel = Math.min(...labeled.map((l) => (text.startsWith(`${l}: `) ? 0 : text.indexOf(`、${l}: `))).filter((i) => i >= 0), text.length);
  const leading = firstLabel > 0 ? text.slice(0, firstLabel).split("、") : [];
  if (leading.length > unlabeled) return { problem: WORDS_PROBLEM };
  const pairs = readPairs(text.slice(firstLabel === text.length ? text.length : firstLabel + (firstLabel > 0 ? 1 : 0)), labeled);
  if (!pairs) return { problem: WORDS_PROBLEM };
  leading.forEach((words, i) => pairs.set(`\u0000${i}`, words));
  const value: Record<string, unknown> = {};
  for (const [i, cell] of cells.entries()) {
    const words = pairs.get(i < unlabeled ? `\u0000${i}` : cell.label);
    if (words === undefined) continue;
    const read = unscalar(cell.field, words);
    if ("problem" in read) return read;
    if (cell.row) value[cell.row] = { ...((value[cell.row] as object) ?? {}), [cell.key]: read.value };
    else value[cell.key] = read.value;
  }
  return { value: value as AnswerValue };
}

/** Every row of the file, classified against the draft as it is now; nothing is written. */
export function previewAnswerImport(input: ImportInput): AnswerImportPreview {
  const { template, draft } = input;
  const totals: Record<RowStatus, number> = { accepted: 0, unchanged: 0, invalid: 0, unknown: 0, conflict: 0 };
  const found = locate(input.grid, template, input.layout);
  if ("problem" in found) return { fileProblem: found.problem, rows: [], totals, derived: [], claims: [] };
  const col = found.columns;
  const cellAt = (cells: string[], i: number | undefined) => (i === undefined ? "" : (cells[i] ?? "").trim());
  const items = new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  // The vendor's own sheet has no keys: its rows find their items by number.
  const byNumber = new Map([...items.values()].filter((i) => i.number).map((i) => [numberKey(i.number!), i.key]));
  const rows: ImportRow[] = [];
  const claims: string[] = [];
  const after: Record<string, ItemResponse> = { ...draft.content.responses };
  const statedDerived = new Map<string, string>();

  for (let r = found.headingRow; r < found.sheet.rows.length; r++) {
    const cells = found.sheet.rows[r];
    if (cells.every((c) => !c.trim())) continue;
    const number = cellAt(cells, col.number);
    const key = col.key !== undefined ? cellAt(cells, col.key) : (byNumber.get(numberKey(number)) ?? "");
    // A row of the vendor's own sheet without a number is a heading or a note, not an answer.
    if (col.key === undefined && !number) continue;
    const base = { row: r + 1, key, number: number || null, text: cellAt(cells, col.text), messages: [] as string[], response: null, baseRevision: draft.revisions[key] ?? 0 };
    const item = items.get(key);
    if (!item) {
      const why = col.key === undefined ? `番号「${number}」の項目はこの様式にありません` : key ? `様式にない項目のキー「${key}」です` : "A列（キー）が空です";
      rows.push({ ...base, status: "unknown", messages: [why] });
      continue;
    }
    if (item.answer.kind === "derived") {
      const stated = cellAt(cells, col.answer).replace(/（自動判定）$/, "");
      if (stated) statedDerived.set(item.answer.result, stated);
      continue;
    }
    const current = draft.content.responses[key];
    const read = readRow(template, item, cells, col, current, input.today);
    // The vendor's sheet may word an item differently, or be of another edition: say so, but the number decides.
    const differs = col.key === undefined && base.text && fold(base.text) !== fold(item.text);
    const textNote = differs ? [`項目の文言がこの様式と異なります（様式: 「${item.text.length > 60 ? `${item.text.slice(0, 60)}…` : item.text}」）`] : [];
    if ("invalid" in read) {
      rows.push({ ...base, status: "invalid", messages: [...read.invalid, ...textNote] });
      continue;
    }
    read.messages.unshift(...textNote);
    const response = normalizeResponse(read.response) ?? null;
    if (sameResponse(item, response ?? undefined, current)) {
      rows.push({ ...base, status: "unchanged", messages: read.messages, response });
      continue;
    }
    // Written from what? A draft revision (rN) or a published version (vN); without it no conflict can be seen.
    const mark = /^([rv])(\d+)$/.exec(cellAt(cells, col.base));
    let conflict: string | null = null;
    if (mark?.[1] === "r" && Number(mark[2]) !== (draft.revisions[key] ?? 0)) conflict = "ファイルを書き出した後に、この項目が Kaiji で変更されています";
    if (mark?.[1] === "v") {
      const version = input.versions?.[Number(mark[2])];
      if (version && !sameResponse(item, version.responses[key], current)) conflict = `第${mark[2]}版の公開後に、この項目の下書きが変更されています`;
    }
    if (conflict) {
      rows.push({ ...base, status: "conflict", messages: [conflict, ...read.messages], response });
      continue;
    }
    rows.push({ ...base, status: "accepted", messages: read.messages, response });
    if (response) after[key] = response;
    else delete after[key];
  }
  for (const row of rows) totals[row.status]++;

  const before = computeDerived(template, answersOf(draft.content));
  const computed = computeDerived(template, answersOf({ ...draft.content, responses: after }));
  const derived = Object.values(computed).map((result) => ({ title: result.title, before: before[result.key] ? derivedText(before[result.key]) : "", after: derivedText(result) }));
  for (const [key, stated] of statedDerived) {
    const result = computed[key];
    if (result && stated !== derivedText(result)) {
      const detail = result.rule === "allMet" && result.notMet.length ? `（満たしていない項目: ${result.notMet.length}）` : "";
      claims.push(`ファイルでは「${result.title}」が「${stated}」とされていますが、様式の規則による判定は「${derivedText(result)}」です${detail}。判定は回答から算出され、ファイルの記載は使いません。`);
    }
  }
  return { fileProblem: null, rows, totals, derived, claims };
}
