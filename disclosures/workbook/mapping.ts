// How a workbook becomes a template: which sheet, which rows are headings, which column holds
// what, which words mean which level or answer, which scales and derived results the form
// has. A mapping is plain JSON (saved with the template version, so the next edition starts
// from it) and is checked here before a row is read.
import { z, type ZodIssue } from "zod";
import {
  answerKindSchema,
  derivedResultSchema,
  itemSchema,
  keySchema,
  levelSchema,
  perspectiveSchema,
  scaleSchema,
  templateSchema,
  type Level,
  type Perspective,
} from "../template-schema.js";
import { findRegisteredScale } from "../scale-registry.js";

export const MAPPING_FORMAT = "kaiji.template-workbook-mapping";

const nonEmpty = z.string().trim().min(1);

const column = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,3}$/, "列は A、B、…、AA のように英字で指定してください");

const isRegex = (pattern: string) => {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
};
const regex = z.string().min(1).refine(isRegex, "正規表現として読めません");

/** A heading level read from rows of their own, e.g. a merged row 「1．規程類」. */
const rowLevelSchema = z
  .object({
    from: z.literal("row"),
    /** Where the heading text is (the first cell of a merged heading row). */
    column,
    numberColumn: column.optional(),
    keyColumn: column.optional(),
    /** Only rows whose cell in `column` (default: the heading column) matches this are headings of this level. */
    match: z.object({ column: column.optional(), pattern: regex }).strict().optional(),
    /** Splits the heading text into number and title with named groups, e.g. `^(?<number>\d+)[．.]\s*(?<title>.+)$`. */
    titlePattern: regex.optional(),
    /** Only rows whose heading cell is merged across columns are headings. */
    merged: z.boolean().optional(),
  })
  .strict();

/** A heading level read from a column of the item rows, e.g. a 章 column (empty cells repeat the one above). */
const columnLevelSchema = z
  .object({
    from: z.literal("column"),
    column,
    numberColumn: column.optional(),
    titlePattern: regex.optional(),
  })
  .strict();

export type RowLevel = z.infer<typeof rowLevelSchema>;
export type ColumnLevel = z.infer<typeof columnLevelSchema>;

/** Fields the vendor fills once (事業者名, 製品名 …): a first section of plain items. */
const headerFieldsSchema = z
  .object({
    key: keySchema.default("header"),
    title: nonEmpty.default("基本情報"),
    fields: z
      .array(
        z
          .object({
            key: keySchema,
            text: nonEmpty,
            level: levelSchema.default("required"),
            answer: answerKindSchema.default({ kind: "text" }),
            help: z.string().min(1).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** Per-item values that win over the columns: what a cell cannot carry (choices, composite fields, tables …). */
const itemExtrasSchema = itemSchema.omit({ key: true }).partial().strict();
export type ItemExtras = z.infer<typeof itemExtrasSchema>;

const scaleRefSchema = z.union([
  z
    .object({ registry: z.string().min(1).refine((id) => Boolean(findRegisteredScale(id)), "登録されていない尺度です"), key: keySchema.optional() })
    .strict(),
  scaleSchema,
]);
export type ScaleRef = z.infer<typeof scaleRefSchema>;

/** Template metadata; sections, scales, notes, help and derived results come from elsewhere in the mapping. */
const templateMetaSchema = templateSchema
  .omit({ sections: true, scales: true, derived: true, notes: true, help: true })
  .extend({ language: z.enum(["ja", "en"]).default("ja") });

export const DEFAULT_LEVEL_WORDS: Record<string, Level> = {
  必須: "required",
  "◎": "required",
  "●": "required",
  推奨: "recommended",
  "○": "recommended",
  任意: "none",
  "－": "none",
  "-": "none",
  "―": "none",
};

export const DEFAULT_PERSPECTIVE_WORDS: Record<string, Perspective> = { 予防: "prevent", 発見: "detect", 是正: "correct" };

/** Rows under (or inside) the table that are notes, judged by their first non-empty cell. */
export const DEFAULT_NOTES_PATTERN = "^(?:※|＊|\\*|注[0-9０-９]*[\\s　:：．.、）)]|注$|（注|\\(注|【注|備考[:：])";

export const workbookMappingSchema = z
  .object({
    format: z.literal(MAPPING_FORMAT),
    formatVersion: z.literal(1),
    template: templateMetaSchema,
    /** Sheet name (ignored for CSV, which has one sheet). */
    sheet: nonEmpty,
    /** Rows holding the column headings; the table starts below the last. Rows repeating them later are skipped. */
    headerRows: z.array(z.number().int().positive()).min(1),
    includeHiddenRows: z.boolean().default(false),
    columns: z
      .object({
        key: column.optional(),
        number: column.optional(),
        text: column,
        level: column.optional(),
        answer: column.optional(),
        group: column.optional(),
        category: column.optional(),
        perspective: column.optional(),
        references: column.optional(),
        checkPoints: column.optional(),
        help: column.optional(),
        noteRefs: column.optional(),
        details: z.array(z.object({ label: nonEmpty, column }).strict()).optional(),
      })
      .strict(),
    /** Heading levels, outermost first; levels read from rows come before levels read from columns. */
    sections: z.array(z.discriminatedUnion("from", [rowLevelSchema, columnLevelSchema])).max(6).default([]),
    /** The one section of a form without headings. */
    defaultSection: z.object({ key: keySchema, title: nonEmpty }).strict().default({ key: "items", title: "項目" }),
    /** Item keys when the key column is empty: from the number, or from the section key and the number. */
    itemKeys: z.enum(["number", "sectionAndNumber"]).default("number"),
    /** Where item numbers must be unique. */
    uniqueNumbers: z.enum(["template", "section", "none"]).default("template"),
    levelWords: z.record(z.string(), levelSchema).default(DEFAULT_LEVEL_WORDS),
    /** The level of an item whose level cell is empty. */
    levelBlank: levelSchema.default("none"),
    answer: z
      .object({
        /** The answer of an item whose answer cell is empty (or when there is no answer column). */
        default: answerKindSchema.optional(),
        /** Words of the answer column; "perItem": the answer is in `items[key].answer`. */
        words: z.record(z.string(), z.union([answerKindSchema, z.literal("perItem")])).default({}),
      })
      .strict()
      .default({}),
    perspectiveWords: z.record(z.string(), perspectiveSchema).default(DEFAULT_PERSPECTIVE_WORDS),
    /** A reference cell holds one reference per line: 「guideline：location」, or only a location when `guideline` is set. */
    references: z.object({ separator: z.string().min(1).default("："), guideline: nonEmpty.optional() }).strict().default({}),
    /** null: no row is a note by its text (rows after the last item still are). */
    notesPattern: regex.nullable().default(DEFAULT_NOTES_PATTERN),
    scales: z.array(scaleRefSchema).default([]),
    headerFields: headerFieldsSchema.optional(),
    derived: z.array(derivedResultSchema).default([]),
    /** Per item key. */
    items: z.record(z.string(), itemExtrasSchema).default({}),
    /** A sheet of notes, section descriptions and glossary in the layout `exportTemplate` writes. */
    supplement: z.object({ sheet: nonEmpty }).strict().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const firstColumnLevel = m.sections.findIndex((l) => l.from === "column");
    if (firstColumnLevel >= 0 && m.sections.slice(firstColumnLevel).some((l) => l.from === "row"))
      ctx.addIssue({ code: "custom", path: ["sections"], message: "列から読む見出しは、行から読む見出しより下の階層にしてください" });
  });

export type WorkbookMapping = z.output<typeof workbookMappingSchema>;
export type WorkbookMappingInput = z.input<typeof workbookMappingSchema>;

const FIELD_LABELS: Record<string, string> = {
  format: "形式（format）",
  formatVersion: "形式の版（formatVersion）",
  template: "様式の情報（template）",
  "template.id": "様式ID（template.id）",
  "template.version": "様式の版（template.version）",
  "template.title": "様式名（template.title）",
  "template.source": "出典（template.source）",
  "template.source.document": "出典の文書名（template.source.document）",
  "template.source.edition": "出典の版（template.source.edition）",
  sheet: "シート名（sheet）",
  headerRows: "見出し行（headerRows）",
  columns: "列の対応（columns）",
  "columns.text": "項目文の列（columns.text）",
};

function formatPath(p: (string | number)[]): string {
  return p.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
}

function issueMessage(issue: ZodIssue): string {
  const at = formatPath(issue.path);
  const label = FIELD_LABELS[at] ?? at;
  if (issue.code === "invalid_type" && issue.received === "undefined") return `${label} が指定されていません。`;
  if (issue.code === "unrecognized_keys") return `${label || "マッピング"} に知らない項目があります: ${issue.keys.join(", ")}`;
  if (issue.code === "invalid_literal") return `${label} は ${JSON.stringify(issue.expected)} にしてください。`;
  if (issue.code === "too_small" && issue.type === "string") return `${label} が空です。`;
  if (issue.code === "too_small" && issue.type === "array") return `${label} を1つ以上指定してください。`;
  return `${label || "マッピング"}: ${issue.message}`;
}

export type MappingProblem = { field: string; message: string };

/** Checks a mapping (parsed JSON); returns it with defaults filled in, or every problem in Japanese. */
export function parseMapping(input: unknown): { mapping: WorkbookMapping; problems: [] } | { mapping: null; problems: MappingProblem[] } {
  const parsed = workbookMappingSchema.safeParse(input);
  if (parsed.success) return { mapping: parsed.data, problems: [] };
  return { mapping: null, problems: parsed.error.issues.map((issue) => ({ field: formatPath(issue.path), message: issueMessage(issue) })) };
}
