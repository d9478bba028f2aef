// The shape of a template (様式・チェックリスト) as data. Every built-in template JSON
// file and every template an administrator imports is validated against this schema,
// plus the cross-reference checks in `template-loader.ts`.
import { z } from "zod";

const nonEmpty = z.string().trim().min(1);

// Keys are stable identifiers used in answers, URLs and diffs: never renumber them.
export const keySchema = z
  .string()
  .regex(/^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/, "key must be ASCII letters/digits separated by . _ -");

export const levelSchema = z.enum(["required", "recommended", "none"]);
export type Level = z.infer<typeof levelSchema>;

export const perspectiveSchema = z.enum(["prevent", "detect", "correct"]);
export type Perspective = z.infer<typeof perspectiveSchema>;

/** A note of the official form (注1 …): id as printed, text verbatim. */
export const noteSchema = z.object({ id: nonEmpty, text: nonEmpty }).strict();
export type Note = z.infer<typeof noteSchema>;

export const referenceSchema = z
  .object({
    /** Which guideline, e.g. 「総務省 ASP-GL」, 「厚労省ガイドライン 6.0版 企画管理編」. */
    guideline: nonEmpty,
    /** Where in it, e.g. 「II. 1. 1. 1」, 「8.1」. Optional: some references name a whole document. */
    location: z.string().trim().min(1).optional(),
  })
  .strict();
export type Reference = z.infer<typeof referenceSchema>;

/** Labelled text blocks beyond the item text, e.g. 想定されるリスク, 推奨される対応例. */
export const detailSchema = z.object({ label: nonEmpty, text: nonEmpty }).strict();

// ---- answer kinds ---------------------------------------------------------------

/** Typed scalar fields: the building block of plain items, composites and table cells. */
export const fieldTypeSchema = z.enum(["text", "multiline", "tel", "url", "email", "date", "month", "number"]);
export type FieldType = z.infer<typeof fieldTypeSchema>;

const fieldOptions = {
  /** Shown after the input, e.g. 人, 箇所, 件, 円. */
  unit: z.string().min(1).optional(),
  /** Shown before the input, e.g. 年間, 1日当たり. */
  prefix: z.string().min(1).optional(),
  placeholder: z.string().min(1).optional(),
  maxLength: z.number().int().positive().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  /**
   * A number field that also takes the form's 「-」 (nothing to state): the real 代行機関 disclosure answers 処理可能件数
   * 「年間 - 件　1日当たり - 件」. Stored as the string "-", printed as written.
   */
  dash: z.literal(true).optional(),
};

export const scalarAnswerSchema = z.object({ kind: fieldTypeSchema, ...fieldOptions }).strict();

export const subFieldSchema = z.object({ key: keySchema, label: z.string().optional(), type: fieldTypeSchema, ...fieldOptions }).strict();
export type SubField = z.infer<typeof subFieldSchema>;

export const choiceOptionSchema = z
  .object({
    value: keySchema,
    label: nonEmpty,
    /** Per-option free text, e.g. 「有（内容： ）」 → { label: "内容" }; 「その他（ ）」 → { label: "" }. */
    extra: z.object({ label: z.string() }).strict().optional(),
  })
  .strict();
export type ChoiceOption = z.infer<typeof choiceOptionSchema>;

export const choiceAnswerSchema = z
  .object({ kind: z.literal("choice"), multiple: z.boolean(), options: z.array(choiceOptionSchema).min(2) })
  .strict();

/** Several typed fields answered together, e.g. 「1箇所（都道府県名：東京都）」. */
export const compositeAnswerSchema = z.object({ kind: z.literal("composite"), fields: z.array(subFieldSchema).min(2) }).strict();

/** A small grid, e.g. staff counts (専任/兼任 × 機関本体/協力・関係会社) or fees. */
export const tableAnswerSchema = z
  .object({
    kind: z.literal("table"),
    rows: z.array(z.object({ key: keySchema, label: nonEmpty }).strict()).min(1),
    columns: z.array(subFieldSchema).min(1),
  })
  .strict();

/** An assessment on a named scale declared in `template.scales` (対応済/未対応/対象外 …). */
export const statusAnswerSchema = z.object({ kind: z.literal("status"), scale: keySchema }).strict();

/** A value computed from other answers by a derived result; never typed in. */
export const derivedAnswerSchema = z.object({ kind: z.literal("derived"), result: keySchema }).strict();

export const answerKindSchema = z.discriminatedUnion("kind", [
  scalarAnswerSchema,
  choiceAnswerSchema,
  compositeAnswerSchema,
  tableAnswerSchema,
  statusAnswerSchema,
  derivedAnswerSchema,
]);
export type AnswerKind = z.infer<typeof answerKindSchema>;

// ---- scales ------------------------------------------------------------------------

/**
 * What a scale option means, whatever it is called on the form. Comparison and derived
 * results work on outcomes, so 対応済 (HISPRO), 実施済 (checklist) and ○ (cyber) all count as met.
 */
export const outcomeSchema = z.enum(["met", "unmet", "planned", "notApplicable", "assigned"]);
export type Outcome = z.infer<typeof outcomeSchema>;

export const scaleOptionSchema = z
  .object({
    value: keySchema,
    label: nonEmpty,
    /** Printed form of the option where the official sheet uses a mark, e.g. ○ / ×. */
    symbol: z.string().min(1).optional(),
    outcome: outcomeSchema,
    /** What must accompany the option: 実施予定 needs 実施時期, 対象外 needs a reason. */
    requires: z.enum(["month", "date", "reason"]).optional(),
    /** The form's word for what it requires, where it is not 実施時期 / 日付 / 理由: e.g. 目標日 for いいえ (事業者確認用). */
    requiresLabel: z.string().trim().min(1).optional(),
  })
  .strict();

export const scaleSchema = z
  .object({
    key: keySchema,
    options: z.array(scaleOptionSchema).min(2),
    /** Extra fields answered with every item of the scale, e.g. 確認日 on the 役割分担 checklist. */
    fields: z.array(subFieldSchema).optional(),
  })
  .strict();
export type Scale = z.infer<typeof scaleSchema>;

// ---- items and sections -------------------------------------------------------------

export const itemSchema = z
  .object({
    key: keySchema,
    /** Display number as printed on the form (「1-1-1-1」, 「3」, 「①」); not unique on every form. */
    number: z.string().min(1).optional(),
    /** Row-group label where the official form groups several rows (e.g. 「提供するサービス」). */
    group: z.string().min(1).optional(),
    /** The item as the form states it (対策項目, チェック項目, field label). */
    text: nonEmpty,
    level: levelSchema,
    answer: answerKindSchema,
    /** 視点 of the cybersecurity checklist. */
    perspective: perspectiveSchema.optional(),
    /** Classification printed with the item on some forms (e.g. HISPRO 分類, 役割分担 分類). */
    category: z.string().min(1).optional(),
    references: z.array(referenceSchema).optional(),
    /** 確認項目: what an assessor checks. */
    checkPoints: z.array(nonEmpty).optional(),
    details: z.array(detailSchema).optional(),
    help: z.string().min(1).optional(),
    /** Ids of notes (注) that the form attaches to this item, e.g. ["注1"]. */
    noteRefs: z.array(nonEmpty).optional(),
  })
  .strict();
export type Item = z.infer<typeof itemSchema>;

export type Section = {
  key: string;
  number?: string;
  title: string;
  description?: string;
  notes?: Note[];
  items?: Item[];
  sections?: Section[];
};

export const sectionSchema: z.ZodType<Section> = z.lazy(() =>
  z
    .object({
      key: keySchema,
      number: z.string().min(1).optional(),
      title: nonEmpty,
      description: z.string().min(1).optional(),
      notes: z.array(noteSchema).optional(),
      items: z.array(itemSchema).optional(),
      sections: z.array(sectionSchema).optional(),
    })
    .strict(),
);

// ---- subsets ----------------------------------------------------------------------------

/**
 * A named selection of items across sections that the form (or a guideline about it) singles out, e.g. the
 * 別紙 「MDS/SDSにおけるセキュリティ確認事項」 of the 医療情報システム安全管理ガイドライン 第7.0版. Derived results
 * can be scoped to it and a comparison can be limited to it.
 */
export const subsetSchema = z
  .object({
    key: keySchema,
    title: nonEmpty,
    /** Where the selection comes from, e.g. 「厚生労働省ガイドライン 第7.0版 保守委託機関編 別紙」. */
    source: z.string().trim().min(1).optional(),
    items: z.array(keySchema).min(1),
  })
  .strict();
export type Subset = z.infer<typeof subsetSchema>;

// ---- derived results ------------------------------------------------------------------

/**
 * `allMet`: pass exactly when every applicable status item in scope has outcome "met";
 * notApplicable items are left out; an unanswered item makes the result incomplete. Where the rule is an
 * official form's own (its scale has a basis in the scale registry), an option the form does not have counts as
 * the form shows it (対象外 on the 最低限 checklist → 実施予定), see derived.ts and DECISIONS 37.
 */
export const allMetRuleSchema = z
  .object({
    rule: z.literal("allMet"),
    key: keySchema,
    title: nonEmpty,
    /** Section or subset key limiting the scope; absent means the whole template. */
    scope: keySchema.optional(),
    labels: z.object({ pass: nonEmpty, fail: nonEmpty, incomplete: nonEmpty }).strict(),
    /**
     * What the rule asks of a hospital for each applicable item in scope that is not met, e.g. GL 7.0:
     * where a vendor answers いいえ to a 別紙 item, 「医療機関側のリスク評価が必要」.
     */
    unmetNote: z.string().trim().min(1).optional(),
  })
  .strict();

/**
 * `tally`: how many items in scope are met out of how many, per 視点 (e.g. 予防 3/15) or, without
 * `groupBy`, in total (the 医療従事者 sheet prints only 0/10).
 */
export const tallyRuleSchema = z
  .object({
    rule: z.literal("tally"),
    key: keySchema,
    title: nonEmpty,
    scope: keySchema.optional(),
    groupBy: z.literal("perspective").optional(),
  })
  .strict();

export type AllMetRuleDef = z.infer<typeof allMetRuleSchema>;

export const derivedResultSchema = z.discriminatedUnion("rule", [allMetRuleSchema, tallyRuleSchema]);
export type DerivedResultDef = z.infer<typeof derivedResultSchema>;

// ---- the template ------------------------------------------------------------------------

/** One correction of the source text, as the template page lists it (the seed is `source.seed`). */
export const templateErratumSchema = z
  .object({
    /** 1-based line in the seed file. */
    line: z.number().int().positive(),
    found: z.string().min(1),
    /** May be empty: debris deleted. */
    used: z.string(),
    why: nonEmpty,
    item: keySchema.optional(),
  })
  .strict();
export type TemplateErratum = z.infer<typeof templateErratumSchema>;

export const templateSchema = z
  .object({
    id: keySchema,
    /** Our version of the template definition; a published template version never changes. */
    version: z.string().regex(/^\d+\.\d+\.\d+$/, "version must look like 1.0.0"),
    title: nonEmpty,
    /** Short name for lists and tabs. */
    shortTitle: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    language: z.enum(["ja", "en"]),
    source: z
      .object({
        document: nonEmpty,
        edition: nonEmpty,
        publisher: z.string().min(1).optional(),
        /** Seed file the template was generated from, when it was. */
        seed: z.string().min(1).optional(),
      })
      .strict(),
    /**
     * The corrections of the seed text that reach this template (disclosures/errata/<seed>.json): where, the text as
     * found, the text used, why, and the item it reaches. Absent in versions generated before the errata layer.
     */
    errata: z.array(templateErratumSchema).optional(),
    scales: z.array(scaleSchema).optional(),
    notes: z.array(noteSchema).optional(),
    /**
     * Template-wide help, e.g. the 役割分担 glossary (用語の解説): `places` as the form prints them (記載場所 「Part2 B.7」),
     * `items` the items they name or whose words use the term (a place this version of the form has no item for
     * links nowhere, and stays printed).
     */
    help: z.array(z.object({ term: nonEmpty, text: nonEmpty, places: z.array(nonEmpty).optional(), items: z.array(keySchema).optional() }).strict()).optional(),
    subsets: z.array(subsetSchema).optional(),
    derived: z.array(derivedResultSchema).optional(),
    /**
     * A form answered per product release (MDS: the product's name and version are part of the disclosure): the
     * two required text items that name them. Without it a form is answered per service (SDS) or organisation.
     */
    release: z.object({ product: keySchema, version: keySchema }).strict().optional(),
    sections: z.array(sectionSchema).min(1),
  })
  .strict();
export type Template = z.infer<typeof templateSchema>;
