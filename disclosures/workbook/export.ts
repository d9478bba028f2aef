// A template as a workbook an administrator can read and edit in Excel, plus the mapping that
// reads it back (`previewImport(grid, mapping)` gives the same template, same content hash).
//
// Texts travel in the workbook, structure in the mapping:
//   sheet 「様式」      title block, one heading row, then the sections as merged rows (行の種類
//                      「見出し1」「見出し2」…) and one row per item: 番号, (グループ), 項目, 区分, 回答形式,
//                      and the columns the template uses (分類, 視点, 参照, 確認事項, 説明, 注, one column
//                      per label of 想定されるリスク-like details). Column A (hidden) holds the keys.
//   sheet 「注記・説明」 the template's description, section descriptions, notes (注) and glossary.
//   mapping JSON     template id, version, source; scales (from the registry where they match);
//                      derived results; the answer words; and per item what no cell carries
//                      (choice options, composite fields, tables, numbers with units …).
import ExcelJS from "exceljs";
import { canonicalJson } from "../canonical-json.js";
import { scaleRegistry } from "../scale-registry.js";
import { walkItems, walkSections } from "../template-loader.js";
import type { AnswerKind, Item, Scale, Section, Template } from "../template-schema.js";
import {
  decodeNoteRefs,
  decodeReferences,
  encodeNoteRefs,
  encodeReferences,
  LEVEL_LABELS,
  normalizeNumberCell,
  PERSPECTIVE_LABELS,
  splitLines,
} from "./cells.js";
import { columnLetters } from "./grid.js";
import { SUPPLEMENT_KINDS } from "./import.js";
import { DEFAULT_NOTES_PATTERN, DEFAULT_PERSPECTIVE_WORDS, MAPPING_FORMAT, type ItemExtras, type ScaleRef, type WorkbookMapping } from "./mapping.js";

export const EXPORT_SHEET = "様式";
export const SUPPLEMENT_SHEET = "注記・説明";
const HEADER_ROW = 5;
const REFERENCE_SEPARATOR = "：";

const KIND_WORDS: Partial<Record<AnswerKind["kind"], string>> = {
  text: "文字列",
  multiline: "複数行テキスト",
  tel: "電話番号",
  url: "URL",
  email: "メールアドレス",
  date: "日付",
  month: "年月",
  number: "数値",
};
const PER_ITEM_WORDS: Record<string, string> = {
  choice: "選択（個別定義）",
  choiceMultiple: "複数選択（個別定義）",
  composite: "複合（個別定義）",
  table: "表（個別定義）",
};

type ColumnField = "key" | "rowKind" | "number" | "group" | "text" | "level" | "answer" | "category" | "perspective" | "references" | "checkPoints" | "help" | "noteRefs" | `detail:${string}`;
type ColumnDef = { field: ColumnField; header: string; width: number; hidden?: boolean };

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const survivesCell = (text: string) => text === text.trim() && !text.includes("\r");

function scaleRef(scale: Scale): ScaleRef {
  const { key, ...shape } = scale;
  const found = scaleRegistry.find((r) => same({ ...r.scale, key }, { ...shape, key }));
  return found ? { registry: found.id, key } : scale;
}

function answerWords(template: Template): { wordOf: (answer: AnswerKind) => { word: string; perItem: boolean }; words: WorkbookMapping["answer"]["words"] } {
  const words: WorkbookMapping["answer"]["words"] = {};
  const byAnswer = new Map<string, string>();
  const scaleWords = new Map<string, string>();
  for (const scale of template.scales ?? []) {
    let word = scale.options.map((o) => o.label).join("／");
    if ([...scaleWords.values()].includes(word)) word = `${word}（${scale.key}）`;
    scaleWords.set(scale.key, word);
  }
  const derivedTitles = new Map((template.derived ?? []).map((d) => [d.key, d.title]));
  const wordOf = (answer: AnswerKind) => {
    const id = canonicalJson(answer);
    const known = byAnswer.get(id);
    if (known) return { word: known, perItem: false };
    let word: string | undefined;
    if (answer.kind === "status") word = scaleWords.get(answer.scale) ?? `尺度（${answer.scale}）`;
    else if (answer.kind === "derived") word = `自動判定（${derivedTitles.get(answer.result) ?? answer.result}）`;
    else if (Object.keys(answer).length === 1) word = KIND_WORDS[answer.kind];
    if (word && !(word in words)) {
      words[word] = answer;
      byAnswer.set(id, word);
      return { word, perItem: false };
    }
    const perItem = answer.kind === "choice" ? PER_ITEM_WORDS[answer.multiple ? "choiceMultiple" : "choice"] : (PER_ITEM_WORDS[answer.kind] ?? `${KIND_WORDS[answer.kind] ?? answer.kind}（個別定義）`);
    words[perItem] = "perItem";
    return { word: perItem, perItem: true };
  };
  return { wordOf, words };
}

function uniqueNumberScope(template: Template): WorkbookMapping["uniqueNumbers"] {
  const unique = (items: Item[]) => {
    const numbers = items.flatMap((i) => (i.number ? [i.number] : []));
    return new Set(numbers).size === numbers.length;
  };
  if (unique([...walkItems(template)].map((e) => e.item))) return "template";
  if ([...walkSections(template.sections)].every(({ section }) => unique(section.items ?? []))) return "section";
  return "none";
}

/** Detail labels in the order most items give them (想定されるリスク before 推奨される対応例), ties by first use. */
function detailColumnOrder(items: Item[]): string[] {
  const labels = [...new Set(items.flatMap((i) => (i.details ?? []).map((d) => d.label)))];
  const before = new Map<string, number>();
  for (const item of items) {
    const order = [...new Set((item.details ?? []).map((d) => d.label))];
    order.forEach((a, i) => order.slice(i + 1).forEach((b) => before.set(`${a}\n${b}`, (before.get(`${a}\n${b}`) ?? 0) + 1)));
  }
  return labels.sort((a, b) => (before.get(`${b}\n${a}`) ?? 0) - (before.get(`${a}\n${b}`) ?? 0));
}

function depthOf(sections: Section[]): number {
  return sections.reduce((d, s) => Math.max(d, 1 + depthOf(s.sections ?? [])), 0);
}

/** The workbook (as an exceljs object, for callers that add to it) and the mapping that reads it back. */
export function buildTemplateWorkbook(template: Template): { workbook: ExcelJS.Workbook; mapping: WorkbookMapping } {
  const entries = [...walkItems(template)];
  const items = entries.map((e) => e.item);
  const uses = (pick: (i: Item) => unknown) => items.some((i) => {
    const v = pick(i);
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
  const detailLabels = detailColumnOrder(items);

  const columns: ColumnDef[] = [
    { field: "key", header: "キー", width: 16, hidden: true },
    { field: "rowKind", header: "行の種類", width: 9 },
    { field: "number", header: "番号", width: 10 },
    ...(uses((i) => i.group) ? [{ field: "group" as const, header: "グループ", width: 18 }] : []),
    { field: "text", header: "項目", width: 60 },
    { field: "level", header: "区分", width: 7 },
    { field: "answer", header: "回答形式", width: 20 },
    ...(uses((i) => i.category) ? [{ field: "category" as const, header: "分類", width: 14 }] : []),
    ...(uses((i) => i.perspective) ? [{ field: "perspective" as const, header: "視点", width: 7 }] : []),
    ...(uses((i) => i.references) ? [{ field: "references" as const, header: "参照", width: 36 }] : []),
    ...(uses((i) => i.checkPoints) ? [{ field: "checkPoints" as const, header: "確認事項", width: 44 }] : []),
    ...(uses((i) => i.help) ? [{ field: "help" as const, header: "説明", width: 40 }] : []),
    ...(uses((i) => i.noteRefs) ? [{ field: "noteRefs" as const, header: "注", width: 10 }] : []),
    ...detailLabels.map((label) => ({ field: `detail:${label}` as const, header: label, width: 40 })),
  ];
  const letter = new Map(columns.map((c, i) => [c.field, columnLetters(i + 1)]));
  const at = (field: ColumnField) => letter.get(field);
  const last = columns.length;
  const titleColumn = 4; // the first column after 番号: where a heading row's merged title starts

  const { wordOf, words } = answerWords(template);
  const extras: Record<string, ItemExtras> = {};

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kaiji";
  const ws = workbook.addWorksheet(EXPORT_SHEET, {
    views: [{ state: "frozen", ySplit: HEADER_ROW }],
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  ws.columns = columns.map((c) => ({ width: c.width, hidden: c.hidden ?? false }));

  const thin = { style: "thin" as const, color: { argb: "FF808080" } };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const text = (cell: ExcelJS.Cell, value: string) => {
    cell.value = value === "" ? null : value;
    cell.numFmt = "@";
  };

  const source = [template.source.document, template.source.edition, template.source.publisher].filter(Boolean).join("　");
  const block = [
    template.title,
    `出典：${source}`,
    `様式ID：${template.id}　版：${template.version}　※ 文言（見出し・項目・区分・参照など）は Excel で直して取り込み直せます。回答形式の定義、選択肢、尺度、判定ルールは対応表（.mapping.json）にあります。A列（非表示）のキーは変えないでください。`,
  ];
  block.forEach((line, i) => {
    const row = ws.getRow(i + 1);
    text(row.getCell(2), line);
    ws.mergeCells(i + 1, 2, i + 1, last);
    row.getCell(2).font = i === 0 ? { bold: true, size: 14 } : { size: 9 };
    row.getCell(2).alignment = { wrapText: i === 2, vertical: "top" };
  });
  ws.getRow(3).height = 30;

  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    text(cell, c.header);
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.border = border;
  });

  const shades = ["FFDDEBF7", "FFEAF1F8", "FFF3F7FB", "FFF7F9FC", "FFFAFBFD", "FFFCFDFE"];
  let r = HEADER_ROW;
  const writeSection = (section: Section, depth: number) => {
    r++;
    if (!survivesCell(section.title) || (section.number !== undefined && normalizeNumberCell(section.number) !== section.number))
      throw new Error(`${template.id}@${template.version}: the heading "${section.key}" cannot be written to a cell and read back unchanged`);
    const row = ws.getRow(r);
    text(row.getCell(1), section.key);
    text(row.getCell(2), `見出し${depth}`);
    text(row.getCell(3), section.number ?? "");
    text(row.getCell(titleColumn), section.title);
    ws.mergeCells(r, titleColumn, r, last);
    for (let c = 1; c <= last; c++) {
      const cell = row.getCell(c);
      cell.font = { bold: true };
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: shades[depth - 1] ?? shades[5] } };
      cell.border = border;
      cell.alignment = { vertical: "middle", wrapText: true };
    }
    for (const item of section.items ?? []) writeItem(item);
    for (const child of section.sections ?? []) writeSection(child, depth + 1);
  };

  const writeItem = (item: Item) => {
    r++;
    const row = ws.getRow(r);
    const extra: ItemExtras = {};
    const put = (field: ColumnField, value: string) => {
      const l = at(field);
      if (l) text(row.getCell(l), value);
    };
    put("key", item.key);
    if (item.number !== undefined && normalizeNumberCell(item.number) !== item.number) extra.number = item.number;
    else put("number", item.number ?? "");
    put("text", item.text);
    if (!survivesCell(item.text)) extra.text = item.text;
    put("level", LEVEL_LABELS[item.level]);
    const answer = wordOf(item.answer);
    put("answer", answer.word);
    if (answer.perItem) extra.answer = item.answer;
    for (const field of ["group", "category", "help"] as const) {
      const value = item[field];
      if (value === undefined) continue;
      if (survivesCell(value)) put(field, value);
      else extra[field] = value;
    }
    if (item.perspective) put("perspective", PERSPECTIVE_LABELS[item.perspective]);
    if (item.references?.length) {
      const cell = encodeReferences(item.references, REFERENCE_SEPARATOR);
      if (same(decodeReferences(cell, REFERENCE_SEPARATOR), item.references)) put("references", cell);
      else extra.references = item.references;
    }
    if (item.checkPoints?.length) {
      const cell = item.checkPoints.join("\n");
      if (same(splitLines(cell), item.checkPoints)) put("checkPoints", cell);
      else extra.checkPoints = item.checkPoints;
    }
    if (item.noteRefs?.length) {
      const cell = encodeNoteRefs(item.noteRefs);
      if (same(decodeNoteRefs(cell), item.noteRefs)) put("noteRefs", cell);
      else extra.noteRefs = item.noteRefs;
    }
    if (item.details?.length) {
      // One column per label reads back in column order; repeated labels or another order go to the mapping.
      const inColumns = detailLabels.flatMap((label) => item.details!.filter((d) => d.label === label));
      const fits = same(inColumns, item.details) && new Set(item.details.map((d) => d.label)).size === item.details.length && item.details.every((d) => survivesCell(d.text));
      if (fits) for (const d of item.details) put(`detail:${d.label}`, d.text);
      else extra.details = item.details;
    }
    if (Object.keys(extra).length) extras[item.key] = extra;
    for (let c = 1; c <= last; c++) {
      const cell = row.getCell(c);
      cell.border = border;
      cell.alignment = { vertical: "top", wrapText: true };
    }
  };
  for (const section of template.sections) writeSection(section, 1);

  const supplementRows: string[][] = [];
  if (template.description) supplementRows.push([SUPPLEMENT_KINDS.description, "", "", template.description]);
  for (const note of template.notes ?? []) supplementRows.push([SUPPLEMENT_KINDS.note, "", note.id, note.text]);
  for (const { section } of walkSections(template.sections)) {
    if (section.description) supplementRows.push([SUPPLEMENT_KINDS.sectionDescription, section.key, section.title, section.description]);
    for (const note of section.notes ?? []) supplementRows.push([SUPPLEMENT_KINDS.note, section.key, note.id, note.text]);
  }
  // A term's items (the keys it belongs to) in 対象, its 記載場所 as printed in column E.
  for (const term of template.help ?? []) supplementRows.push([SUPPLEMENT_KINDS.term, (term.items ?? []).join(" "), term.term, term.text, ...(term.places?.length ? [term.places.join("、")] : [])]);
  for (const row of supplementRows)
    if (!survivesCell(row[2]) || !survivesCell(row[3])) throw new Error(`${template.id}@${template.version}: a note or description cannot be written to a cell and read back unchanged`);

  const sup = workbook.addWorksheet(SUPPLEMENT_SHEET, { views: [{ state: "frozen", ySplit: 2 }] });
  sup.columns = [{ width: 12 }, { width: 24 }, { width: 24 }, { width: 90 }, { width: 24 }];
  text(sup.getCell("A1"), `注記・説明（${template.title}）　種類: ${Object.values(SUPPLEMENT_KINDS).join("・")}。対象は見出しのキー（「様式」シートA列）、空欄は様式全体。`);
  sup.getCell("A1").font = { bold: true };
  ["種類", "対象", "見出し・番号", "本文", "記載場所"].forEach((h, i) => {
    const cell = sup.getRow(2).getCell(i + 1);
    text(cell, h);
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } };
    cell.border = border;
  });
  supplementRows.forEach((values, i) => {
    const row = sup.getRow(3 + i);
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      text(cell, v);
      cell.alignment = { vertical: "top", wrapText: true };
      cell.border = border;
    });
  });

  const depth = depthOf(template.sections);
  const { sections: _s, scales, derived, notes: _n, help: _h, description: _d, ...meta } = template;
  const mapping: WorkbookMapping = {
    format: MAPPING_FORMAT,
    formatVersion: 1,
    template: meta,
    sheet: EXPORT_SHEET,
    headerRows: [HEADER_ROW],
    includeHiddenRows: false,
    columns: {
      key: at("key"),
      number: at("number"),
      text: at("text")!,
      level: at("level"),
      answer: at("answer"),
      ...(at("group") ? { group: at("group") } : {}),
      ...(at("category") ? { category: at("category") } : {}),
      ...(at("perspective") ? { perspective: at("perspective") } : {}),
      ...(at("references") ? { references: at("references") } : {}),
      ...(at("checkPoints") ? { checkPoints: at("checkPoints") } : {}),
      ...(at("help") ? { help: at("help") } : {}),
      ...(at("noteRefs") ? { noteRefs: at("noteRefs") } : {}),
      ...(detailLabels.length ? { details: detailLabels.map((label) => ({ label, column: at(`detail:${label}`)! })) } : {}),
    },
    sections: Array.from({ length: depth }, (_, i) => ({
      from: "row" as const,
      column: columnLetters(titleColumn),
      numberColumn: at("number"),
      keyColumn: at("key"),
      match: { column: at("rowKind"), pattern: `^見出し${i + 1}$` },
    })),
    defaultSection: { key: "items", title: "項目" },
    itemKeys: "number",
    uniqueNumbers: uniqueNumberScope(template),
    levelWords: { [LEVEL_LABELS.required]: "required", [LEVEL_LABELS.recommended]: "recommended" },
    levelBlank: "none",
    answer: { words },
    perspectiveWords: DEFAULT_PERSPECTIVE_WORDS,
    references: { separator: REFERENCE_SEPARATOR },
    notesPattern: DEFAULT_NOTES_PATTERN,
    scales: (scales ?? []).map(scaleRef),
    derived: derived ?? [],
    items: extras,
    supplement: { sheet: SUPPLEMENT_SHEET },
  };
  return { workbook, mapping };
}

/** The template as .xlsx bytes and the mapping (JSON-serialisable) that imports it back unchanged. */
export async function exportTemplate(template: Template): Promise<{ workbook: Buffer; mapping: WorkbookMapping }> {
  const { workbook, mapping } = buildTemplateWorkbook(template);
  return { workbook: Buffer.from(await workbook.xlsx.writeBuffer()), mapping };
}
