// Server-side form parsing with zod: the action is authoritative and answers with field errors.
import { z } from "zod";
import { CONTROL_MESSAGE, FORMAT_CHARACTERS, formatCharacterMessage, SINGLE_LINE_CONTROL_CHARACTERS } from "../../disclosures/answers";
import { normalizeReading, READING_MESSAGE } from "../../disclosures/name-order";

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Parses a submission; the first message per field, keyed by field name ("" for form-wide). */
export function parseForm<S extends z.ZodTypeAny>(formData: FormData, schema: S): FormResult<z.infer<S>> {
  const raw: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string" && !(key in raw)) raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

export const emailField = z
  .string({ required_error: "メールアドレスを入力してください" })
  .trim()
  .min(1, "メールアドレスを入力してください")
  .max(254, "メールアドレスが長すぎます")
  .email("メールアドレスの形式が正しくありません");

/**
 * A name shown to other people (organisation, service, display name): one line, and no invisible format
 * characters — a bidi override would make it display as something else, here and in file names.
 */
export const nameField = (label: string, max = 100) =>
  z
    .string({ required_error: `${label}を入力してください` })
    .trim()
    .min(1, `${label}を入力してください`)
    .max(max, `${label}は${max}文字以内で入力してください`)
    .refine((s) => !SINGLE_LINE_CONTROL_CHARACTERS.test(s), CONTROL_MESSAGE)
    .refine((s) => !FORMAT_CHARACTERS.test(s), (s) => ({ message: formatCharacterMessage(s) }));

/** An optional フリガナ: stored normalised (katakana), null when empty (disclosures/name-order.ts). */
export const readingField = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const reading = normalizeReading(s ?? "");
    if (reading === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: READING_MESSAGE });
    return reading ?? null;
  });

/** Passwords are never trimmed; the length cap keeps Argon2 cheap on hostile input. */
export const passwordField = z.string({ required_error: "パスワードを入力してください" }).min(1, "パスワードを入力してください").max(256, "パスワードは256文字以内にしてください");
