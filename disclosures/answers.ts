// Answer values: what a disclosure stores for each item, by answer kind. One zod schema per
// item, built from the template, so the editor and the server check answers the same way.
import { z } from "zod";
import { isRealDate } from "./clock.js";
import type { AnswerKind, FieldType, Scale, SubField, Template } from "./template-schema.js";

export type ScalarValue = string | number;

/** The form's 「-」 in a number field that allows it (`dash`): nothing to state. */
export const DASH = "-";
export type ChoiceValue = { selected: string | string[]; extra?: Record<string, string> };
export type StatusValue = { status: string; month?: string; date?: string; reason?: string; fields?: Record<string, ScalarValue> };
export type AnswerValue = ScalarValue | ChoiceValue | StatusValue | Record<string, ScalarValue> | Record<string, Record<string, ScalarValue>>;
/** A disclosure's answers, keyed by item key. Unanswered items are absent. */
export type Answers = Record<string, AnswerValue | undefined>;

const TEXT_MAX = 20_000;
// A lone surrogate is not a character: UTF-8 cannot hold it, so pages, PDFs and CSV would show U+FFFD
// while the published JSON kept "\ud800". Only a hand-made JSON body can carry one; it is refused with the controls.
const LONE_SURROGATE = "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
/** Control characters free text may not carry (tab and line breaks are allowed), and lone surrogates. */
export const CONTROL_CHARACTERS = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]|${LONE_SURROGATE}`);
/** The same, for single-line values: tab and line breaks too. */
export const SINGLE_LINE_CONTROL_CHARACTERS = new RegExp(`[\\u0000-\\u001f\\u007f]|${LONE_SURROGATE}`);
export const CONTROL_MESSAGE = "制御文字は使えません";

/**
 * Invisible format characters (Unicode category Cf): bidi controls such as U+202E RIGHT-TO-LEFT OVERRIDE, which
 * make 「悪意\u202Efdp.exe」 display as 「悪意exe.pdf」, zero-width characters, U+FEFF … Names and URLs may not carry
 * them (answers may: they are shown in their own cell, and some scripts need ZWJ/ZWNJ).
 */
export const FORMAT_CHARACTERS = /\p{Cf}/u;

/** 「見えない書式文字（U+202E）は使えません…」, naming the first one found, since the user cannot see it. */
export function formatCharacterMessage(value: string): string {
  const found = FORMAT_CHARACTERS.exec(value)?.[0] ?? "";
  const code = `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return `文字の向きを変えるなどの見えない書式文字（${code}）は使えません。貼り付けた文字に含まれていないか確認し、入力し直してください`;
}

/** http(s) URLs as typed: no controls, no format characters (a real URL percent-encodes them). */
export const httpUrl = (message: string) =>
  z
    .string()
    .max(2000, "URLが長すぎます")
    .url("URLの形式が正しくありません")
    .refine((s) => /^https?:\/\//i.test(s), message)
    .refine((s) => !SINGLE_LINE_CONTROL_CHARACTERS.test(s), CONTROL_MESSAGE)
    .refine((s) => !FORMAT_CHARACTERS.test(s), (s) => ({ message: formatCharacterMessage(s) }));

/** Free text up to `max` characters that smuggles no control characters. */
export const safeText = (max: number) =>
  z
    .string()
    .max(max, `${max}文字以内で入力してください`)
    .refine((s) => !CONTROL_CHARACTERS.test(s), CONTROL_MESSAGE);

const scalarSchemas: Record<FieldType, (f: { maxLength?: number; min?: number; max?: number; integer?: boolean; dash?: true }) => z.ZodTypeAny> = {
  text: (f) => safeText(f.maxLength ?? 1000).refine((s) => !s.includes("\n"), "改行は使えません"),
  multiline: (f) => safeText(f.maxLength ?? TEXT_MAX),
  tel: () => z.string().regex(/^\+?[0-9０-９][0-9０-９()（）\- ー－]{5,20}$/, "電話番号の形式が正しくありません"),
  url: () => httpUrl("http または https のURLを入力してください"),
  email: () => z.string().max(254).email("メールアドレスの形式が正しくありません"),
  date: () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日付は YYYY-MM-DD の形式で入力してください").refine(isRealDate, "存在しない日付です"),
  month: () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "年月は YYYY-MM の形式で入力してください"),
  number: (f) => {
    let n = z.number({ invalid_type_error: "数値を入力してください" }).finite();
    if (f.integer) n = n.int("整数を入力してください");
    if (f.min !== undefined) n = n.min(f.min, `${f.min}以上で入力してください`);
    if (f.max !== undefined) n = n.max(f.max, `${f.max}以下で入力してください`);
    if (!f.dash) return n;
    // 「-」, or a number with the number's own messages (「0以上で…」), not a union's vague one.
    return z.unknown().superRefine((value, ctx) => {
      if (value === DASH) return;
      const read = n.safeParse(value);
      if (!read.success) for (const issue of read.error.issues) ctx.addIssue({ code: "custom", message: typeof value === "number" ? issue.message : "数値または「-」を入力してください" });
    });
  },
};

const fieldSchema = (f: SubField) => scalarSchemas[f.type](f);
const fieldsSchema = (fields: SubField[]) => z.object(Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f).optional()]))).strict();

const REQUIRED_LABELS = { month: "実施時期", date: "日付", reason: "理由" } as const;

/** What an option's required companion is called on the form: its own word (目標日) or 実施時期 / 日付 / 理由. */
export function requiredLabel(option: { requires?: keyof typeof REQUIRED_LABELS; requiresLabel?: string } | undefined, requires: keyof typeof REQUIRED_LABELS): string {
  return option?.requires === requires && option.requiresLabel ? option.requiresLabel : REQUIRED_LABELS[requires];
}

function statusSchema(scale: Scale) {
  const values = scale.options.map((o) => o.value) as [string, ...string[]];
  return z
    .object({
      status: z.enum(values),
      month: scalarSchemas.month({}).optional(),
      date: scalarSchemas.date({}).optional(),
      reason: safeText(2000).optional(),
      fields: scale.fields ? fieldsSchema(scale.fields).optional() : z.undefined(),
    })
    .strict()
    .superRefine((value, ctx) => {
      const option = scale.options.find((o) => o.value === value.status);
      const requires = option?.requires;
      if (requires === "month" && !value.month) ctx.addIssue({ code: "custom", path: ["month"], message: `${requiredLabel(option, "month")}（年月）を入力してください` });
      if (requires === "date" && !value.date) ctx.addIssue({ code: "custom", path: ["date"], message: `${requiredLabel(option, "date")}を入力してください` });
      if (requires === "reason" && !value.reason?.trim()) ctx.addIssue({ code: "custom", path: ["reason"], message: `${requiredLabel(option, "reason")}を入力してください` });
    });
}

/**
 * The answer without the parts that no longer apply to it, so what is stored and published never says more than
 * the answer does: a status keeps only the 実施時期, date or reason its option requires (実施済 drops the 実施時期
 * left from 実施予定; leaving 対象外 drops the reason), and a choice keeps only the free texts of selected options.
 * Anything else is returned as it is (an invalid answer is for validation to report, not for this to repair).
 */
export function coherentValue(answer: AnswerKind, template: Template, value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  if (answer.kind === "status") {
    const { status, month, date, reason, fields, ...rest } = value as StatusValue & Record<string, unknown>;
    const requires = template.scales?.find((s) => s.key === answer.scale)?.options.find((o) => o.value === status)?.requires;
    return {
      ...rest,
      ...(status !== undefined ? { status } : {}),
      ...(requires === "month" && month !== undefined ? { month } : {}),
      ...(requires === "date" && date !== undefined ? { date } : {}),
      ...(requires === "reason" && reason !== undefined ? { reason } : {}),
      ...(fields !== undefined ? { fields } : {}),
    };
  }
  if (answer.kind === "choice") {
    const { selected, extra, ...rest } = value as ChoiceValue & Record<string, unknown>;
    if (!extra || typeof extra !== "object") return value;
    const chosen = new Set(Array.isArray(selected) ? selected : [selected]);
    const kept = Object.fromEntries(Object.entries(extra).filter(([option]) => chosen.has(option)));
    return { ...rest, selected, ...(Object.keys(kept).length ? { extra: kept } : {}) };
  }
  return value;
}

/** The schema of one item's answer; `null` for derived items, which are never typed in. */
export function answerSchema(answer: AnswerKind, template: Template): z.ZodTypeAny | null {
  switch (answer.kind) {
    case "derived":
      return null;
    case "status": {
      const scale = template.scales?.find((s) => s.key === answer.scale);
      if (!scale) throw new Error(`unknown scale ${answer.scale}`);
      return statusSchema(scale);
    }
    case "choice": {
      const values = answer.options.map((o) => o.value) as [string, ...string[]];
      const withExtra = answer.options.filter((o) => o.extra).map((o) => o.value);
      return z
        .object({
          selected: answer.multiple ? z.array(z.enum(values)).min(1, "一つ以上選択してください") : z.enum(values),
          extra: z.record(z.enum(values), safeText(500)).optional(),
        })
        .strict()
        .refine(
          (v) => Object.keys(v.extra ?? {}).every((k) => withExtra.includes(k)),
          "この選択肢には追記欄がありません",
        );
    }
    case "composite":
      return fieldsSchema(answer.fields);
    case "table":
      return z.object(Object.fromEntries(answer.rows.map((r) => [r.key, fieldsSchema(answer.columns).optional()]))).strict();
    default:
      return scalarSchemas[answer.kind](answer);
  }
}
