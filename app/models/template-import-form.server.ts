// The administrator's mapping form ↔ the workbook mapping (JSON). The form shows the fields most workbooks need;
// the full mapping is a JSON text beside it for everything else. A submission changes the JSON only where the
// administrator changed a form field (compared with the mapping the form was rendered from), so an edit typed
// into the JSON is never undone by an untouched form field. Pure (no database, no Remix); `.server` because it
// reaches disclosures/workbook, whose reader (exceljs) must stay out of the browser bundle.
import { allYesOrNotApplicableRule, findRegisteredScale, scaleRegistry } from "../../disclosures/scale-registry.js";
import { cellText, columnLetters, describeColumns, MAPPING_FORMAT, type SheetGrid, type WorkbookGrid } from "../../disclosures/workbook/index.js";
import { COLUMN_FIELDS, HEADER_PRESETS, LEVEL_SLOTS, TEMPLATE_FIELDS, TITLE_PATTERN, type MappingFormValues } from "./template-import-fields.js";

export { COLUMN_FIELDS, HEADER_PRESETS, LEVEL_SLOTS, TEMPLATE_FIELDS, TITLE_PATTERN, type MappingFormValues };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

function get(obj: unknown, path: string): unknown {
  let at: unknown = obj;
  for (const part of path.split(".")) at = isObject(at) ? at[part] : undefined;
  return at;
}

function set(obj: Json, path: string, value: unknown) {
  const parts = path.split(".");
  let at = obj;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(at[part])) at[part] = {};
    at = at[part] as Json;
  }
  if (value === undefined) delete at[parts.at(-1)!];
  else at[parts.at(-1)!] = value;
}

function sectionLevels(m: unknown): Json[] {
  const levels = get(m, "sections");
  return Array.isArray(levels) ? levels.filter(isObject) : [];
}

function headerFields(m: unknown): Json[] {
  const fields = get(m, "headerFields.fields");
  return Array.isArray(fields) ? fields.filter(isObject) : [];
}

/** Which registry scale the mapping uses, when it is exactly one scale from the registry ("keep" otherwise, "" for none). */
function registryScale(m: unknown): string {
  const scales = get(m, "scales");
  if (!Array.isArray(scales) || scales.length === 0) return "";
  if (scales.length === 1 && isObject(scales[0]) && typeof scales[0].registry === "string" && findRegisteredScale(scales[0].registry)) return scales[0].registry;
  return "keep";
}

/** The form's values for a mapping (any JSON: a mapping being written need not be valid yet). */
export function formValues(m: unknown): MappingFormValues {
  const values: MappingFormValues = {};
  for (const f of TEMPLATE_FIELDS) values[f.name] = str(get(m, f.name));
  values.sheet = str(get(m, "sheet"));
  const headerRows = get(m, "headerRows");
  values.headerRows = Array.isArray(headerRows) ? headerRows.map(str).join(", ") : str(headerRows);
  for (const f of COLUMN_FIELDS) values[f.name] = str(get(m, f.name)).toUpperCase();
  const levels = sectionLevels(m);
  for (let i = 0; i < LEVEL_SLOTS; i++) {
    const level = levels[i];
    values[`levels.${i}.from`] = level && (level.from === "row" || level.from === "column") ? level.from : "";
    values[`levels.${i}.column`] = str(level?.column).toUpperCase();
    values[`levels.${i}.merged`] = level?.merged === true ? "on" : "";
    values[`levels.${i}.title`] = !level || level.titlePattern === undefined ? "none" : level.titlePattern === TITLE_PATTERN ? "split" : "keep";
  }
  values.levelBlank = str(get(m, "levelBlank")) || "none";
  values.scale = registryScale(m);
  const texts = new Set(headerFields(m).map((f) => str(f.text)));
  for (const preset of HEADER_PRESETS) values[`header.${preset.key}`] = texts.has(preset.text) ? "on" : "";
  const derived = get(m, "derived");
  values.allMet = Array.isArray(derived) && derived.some((d) => isObject(d) && d.rule === "allMet") ? "on" : "";
  return values;
}

export type FieldError = { field: string; message: string };

/**
 * Applies the form fields the administrator changed (`submitted` differs from `base`, the values the form was
 * rendered with) to `json`, the mapping as the JSON text now says. Returns the new mapping, or errors for fields
 * that cannot be written into a mapping at all (then nothing should be stored).
 */
export function applyForm(json: Json, submitted: MappingFormValues, base: MappingFormValues): { mapping: Json; errors: FieldError[] } {
  const m = structuredClone(json);
  const errors: FieldError[] = [];
  const changed = (name: string) => (submitted[name] ?? "") !== (base[name] ?? "");
  const value = (name: string) => (submitted[name] ?? "").trim();

  for (const f of TEMPLATE_FIELDS) if (changed(f.name)) set(m, f.name, value(f.name) || undefined);
  if (changed("sheet")) set(m, "sheet", value("sheet") || undefined);
  if (changed("headerRows")) {
    const text = value("headerRows");
    const rows = text
      .split(/[\s,、，]+/)
      .filter(Boolean)
      .map((s) => Number(s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))));
    if (!text) set(m, "headerRows", undefined);
    else if (rows.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000)) errors.push({ field: "headerRows", message: "見出し行は行番号を数字で入力してください（複数ある場合は「10, 11」のように区切る）。" });
    else set(m, "headerRows", [...new Set(rows)].sort((a, b) => a - b));
  }
  for (const f of COLUMN_FIELDS) {
    if (!changed(f.name)) continue;
    const letters = value(f.name).toUpperCase();
    if (letters && !/^[A-Z]{1,3}$/.test(letters)) errors.push({ field: f.name, message: `${f.label}は A、B、…、AA のように列の英字で指定してください。` });
    else set(m, f.name, letters || undefined);
  }

  const levelNames = Array.from({ length: LEVEL_SLOTS }, (_, i) => ["from", "column", "merged", "title"].map((p) => `levels.${i}.${p}`)).flat();
  if (levelNames.some(changed)) {
    const old = sectionLevels(m);
    const rebuilt: Json[] = [];
    for (let i = 0; i < LEVEL_SLOTS; i++) {
      const from = value(`levels.${i}.from`);
      if (from !== "row" && from !== "column") continue;
      const column = value(`levels.${i}.column`).toUpperCase();
      if (!/^[A-Z]{1,3}$/.test(column)) {
        errors.push({ field: `levels.${i}.column`, message: `見出し（第${i + 1}階層）を読む列を選んでください。` });
        continue;
      }
      // What the form does not show (match, numberColumn, keyColumn …) stays when the level keeps its kind.
      const level: Json = old[i]?.from === from ? structuredClone(old[i]) : {};
      level.from = from;
      level.column = column;
      if (from === "row" && value(`levels.${i}.merged`) === "on") level.merged = true;
      else delete level.merged;
      if (from === "column") for (const rowOnly of ["merged", "match", "keyColumn"]) delete level[rowOnly];
      const title = value(`levels.${i}.title`);
      if (title === "split") level.titlePattern = TITLE_PATTERN;
      else if (title === "none") delete level.titlePattern;
      rebuilt.push(level);
    }
    const rest = old.slice(LEVEL_SLOTS);
    set(m, "sections", [...rebuilt, ...rest]);
  }

  if (changed("levelBlank")) {
    const blank = value("levelBlank");
    if (["required", "recommended", "none"].includes(blank)) set(m, "levelBlank", blank === "none" ? undefined : blank);
  }

  if (changed("scale") && value("scale") !== "keep") {
    const registered = findRegisteredScale(value("scale"));
    if (!registered) errors.push({ field: "scale", message: "回答の尺度を一覧から選んでください。" });
    else {
      set(m, "scales", [{ registry: registered.id }]);
      set(m, "answer.default", { kind: "status", scale: registered.scale.key });
    }
  }

  const presetNames = HEADER_PRESETS.map((p) => `header.${p.key}`);
  if (presetNames.some(changed)) {
    let fields = headerFields(m);
    for (const preset of HEADER_PRESETS) {
      const name = `header.${preset.key}`;
      if (!changed(name)) continue;
      const wanted = value(name) === "on";
      const present = fields.some((f) => f.text === preset.text);
      if (wanted && !present) {
        const key = fields.some((f) => f.key === preset.key) ? `${preset.key}${fields.length + 1}` : preset.key;
        fields = [...fields, { key, text: preset.text, ...("answer" in preset ? { answer: { ...preset.answer } } : {}) }];
      } else if (!wanted && present) fields = fields.filter((f) => f.text !== preset.text);
    }
    if (fields.length) set(m, "headerFields", { ...(isObject(m.headerFields) ? m.headerFields : {}), fields });
    else set(m, "headerFields", undefined);
  }

  if (changed("allMet")) {
    const derived = Array.isArray(m.derived) ? (m.derived as unknown[]) : [];
    if (value("allMet") === "on") {
      if (!derived.some((d) => isObject(d) && d.rule === "allMet")) set(m, "derived", [...derived, allYesOrNotApplicableRule("allYesOrNotApplicable")]);
    } else {
      const left = derived.filter((d) => !(isObject(d) && d.rule === "allMet"));
      set(m, "derived", left.length ? left : undefined);
    }
  }
  return { mapping: m, errors };
}

/** The deepest nesting of [ and { outside strings: a mapping never needs more than a dozen levels. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

export const MAPPING_MAX_DEPTH = 24;

/** The mapping JSON typed by the administrator: an object, or a message in Japanese. */
export function parseMappingText(text: string): { ok: true; json: Json } | { ok: false; message: string } {
  if (jsonDepth(text) > MAPPING_MAX_DEPTH) return { ok: false, message: `マッピングのJSONの入れ子が深すぎます（${MAPPING_MAX_DEPTH}段まで）。` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message.replace(/^JSON\.parse: /, "") : "";
    const position = /position (\d+)/.exec(detail)?.[1];
    const where = position ? `（${lineAndColumn(text, Number(position))}付近）` : "";
    return { ok: false, message: `マッピングのJSONを読めません${where}。括弧・引用符・カンマを確かめてください。` };
  }
  if (!isObject(parsed)) return { ok: false, message: "マッピングは { } で囲んだJSONのオブジェクトにしてください。" };
  return { ok: true, json: parsed };
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return `${line}行目 ${position - before.lastIndexOf("\n")}文字目`;
}

/** 1.2.3 → 1.3.0: the next edition's version proposed when it starts from the previous mapping. */
export function raiseVersion(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m ? `${m[1]}.${Number(m[2]) + 1}.0` : "1.0.0";
}

/** The previous edition's mapping, with the version raised for the next one. */
export function nextEditionMapping(saved: string): Json {
  const mapping = JSON.parse(saved) as Json;
  const template = isObject(mapping.template) ? mapping.template : {};
  mapping.template = { ...template, version: raiseVersion(str(template.version)) };
  return mapping;
}

/**
 * A file name as it may be shown: the last path part only, without control or invisible format characters (a
 * bidi override would make 「gpj.xlsx」 look like something else), at most 120 characters.
 */
export function displayFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f\p{Cf}]/gu, "").replace(/\s+/g, " ").trim();
  const short = [...clean].length > 120 ? `${[...clean].slice(0, 119).join("")}…` : clean;
  return short || "（名前のないファイル）";
}

// ---- a first guess for a new upload ---------------------------------------------------------------

const HEADING_WORDS: [RegExp, string][] = [
  [/^(番号|項番|No\.?|NO\.?|№|項目番号|管理番号)$/i, "columns.number"],
  [/(質問項目|確認項目|チェック項目|項目内容|項目|要求事項|内容)/, "columns.text"],
  [/(区分|必須|レベル)/, "columns.level"],
  [/(参照|ガイドライン|根拠)/, "columns.references"],
  [/確認事項/, "columns.checkPoints"],
  [/(説明|補足|解説)/, "columns.help"],
];

function distinctValues(cells: string[]): number {
  return new Set(cells.map((c) => c.trim()).filter(Boolean)).size;
}

/** The first row (of the first 30) with the most distinct values: the table's heading row, usually. */
function guessHeaderRow(sheet: SheetGrid): number {
  let best = 1;
  let bestCount = 0;
  for (let r = 1; r <= Math.min(sheet.rowCount, 30); r++) {
    const count = distinctValues(sheet.rows[r - 1] ?? []);
    if (count > bestCount) [best, bestCount] = [r, count];
  }
  return best;
}

/** A mapping to start from: the longest visible sheet, its likely heading row and columns, はい／いいえ／対象外. */
export function initialMapping(grid: WorkbookGrid, fileName: string): Json {
  // The visible sheet with the most rows: a 記入要領 sheet in front of the form is usually short.
  const visible = grid.sheets.filter((s) => s.state === "visible");
  const sheet = (visible.length ? visible : grid.sheets).reduce<SheetGrid | undefined>((best, s) => (!best || s.rowCount > best.rowCount ? s : best), undefined);
  const headerRow = sheet ? guessHeaderRow(sheet) : 1;
  const columns: Json = {};
  if (sheet) {
    for (const { column, heading, hidden } of describeColumns(sheet, [headerRow])) {
      if (hidden || !heading) continue;
      const field = HEADING_WORDS.find(([pattern, name]) => pattern.test(heading) && !columns[name.slice("columns.".length)])?.[1];
      if (field) columns[field.slice("columns.".length)] = column;
    }
  }
  const sections: Json[] = [];
  if (sheet) {
    // Merged rows below the heading row that start in the first column are chapter rows, as in MDS.
    const chapterRows = sheet.merges.filter((m) => m.top === m.bottom && m.top > headerRow && m.right - m.left >= 2 && cellText(sheet, m.top, m.left).trim());
    if (chapterRows.length >= 2) sections.push({ from: "row", column: columnLetters(chapterRows[0].left), merged: true, titlePattern: TITLE_PATTERN });
  }
  const title = sheet ? (sheet.rows[0] ?? []).find((c) => c.trim())?.trim().slice(0, 200) ?? "" : "";
  const stem = displayFileName(fileName).replace(/\.[^.]*$/, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const registered = scaleRegistry[0];
  return {
    format: MAPPING_FORMAT,
    formatVersion: 1,
    template: { ...(stem ? { id: stem } : {}), version: "1.0.0", title, source: { document: title, edition: "" } },
    sheet: sheet?.name ?? "",
    headerRows: [headerRow],
    columns,
    sections,
    answer: { default: { kind: "status", scale: registered.scale.key } },
    scales: [{ registry: registered.id }],
  };
}
