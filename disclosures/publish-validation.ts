// Checks before a disclosure is published: every required item answered, every response valid
// for its item, no responses to items the template does not have. Pure: the caller loads the
// template named by the content (templateId/templateVersion) and decides what to do with the list.
import type { ZodIssue } from "zod";
import { normalizeResponse, responseSchema, type DisclosureContent, type ItemResponse } from "./disclosure-content.js";
import { walkItems, type ItemEntry } from "./template-loader.js";
import type { AnswerKind, Template } from "./template-schema.js";

export type PublishProblem = {
  key: string;
  number?: string;
  text: string;
  /** Title of the innermost section holding the item; "" for keys the template does not have. */
  sectionTitle: string;
  kind: "missing" | "invalid" | "unknown";
  message: string;
};

export const MISSING_MESSAGE = "必須項目が未回答です";
export const UNKNOWN_MESSAGE = "この様式にない項目への回答です";
export const MALFORMED_MESSAGE = "回答の形式が正しくありません";
export const DERIVED_VALUE_MESSAGE = "この項目は他の回答から自動で求めるため、入力できません";

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/**
 * Whether a value says something for an item of this answer kind. "Nothing said" is narrow:
 * absent, blank text, a status or choice with nothing selected, a composite or table whose
 * cells are all blank. Anything else counts as answered, even if malformed (validation reports
 * that separately), so a wrong-shaped value is reported as invalid, never as missing.
 * A status answer counts whatever the option (対象外 with its reason is an answer).
 */
export function hasAnswer(answer: AnswerKind, value: unknown): boolean {
  if (isBlank(value)) return false;
  if (!isPlainObject(value)) return true;
  switch (answer.kind) {
    case "status":
      return !isBlank(value.status);
    case "choice": {
      const selected = value.selected;
      return Array.isArray(selected) ? selected.some((s) => !isBlank(s)) : !isBlank(selected);
    }
    case "composite":
      return Object.values(value).some((v) => !isBlank(v));
    case "table":
      return Object.values(value).some((row) => (isPlainObject(row) ? Object.values(row).some((c) => !isBlank(c)) : !isBlank(row)));
    default:
      return true;
  }
}

/** The items' own messages are Japanese; zod's built-in ones (wrong type, unknown keys) are not. */
function japaneseMessage(issue: ZodIssue): string {
  if (/[^\x00-\x7f]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_enum_value":
      return "選択肢にない値です";
    case "unrecognized_keys":
      return `この項目にない欄があります（${issue.keys.join("、")}）`;
    case "invalid_type":
      return issue.received === "undefined" ? "入力してください" : MALFORMED_MESSAGE;
    default:
      return MALFORMED_MESSAGE;
  }
}

function problemFor(entry: ItemEntry, kind: PublishProblem["kind"], message: string): PublishProblem {
  const { item, sections } = entry;
  return {
    key: item.key,
    ...(item.number !== undefined ? { number: item.number } : {}),
    text: item.text,
    sectionTitle: sections[sections.length - 1]?.title ?? "",
    kind,
    message,
  };
}

/**
 * Problems that block publishing, in form order; responses to unknown keys come last, in key
 * order. Responses are checked as they would be published, i.e. after `normalizeResponse`
 * (a blank note or an empty evidence row is dropped, not reported).
 *
 * Per item: a required item with nothing said is "missing"; a response that fails
 * `responseSchema` is "invalid" (one problem, first message). A required, unanswered item may
 * have both, e.g. an empty value with a javascript: evidence URL; its value's own complaints
 * (「一つ以上選択してください」 for an empty selection) are then left to the "missing" problem.
 */
export function validateForPublish(template: Template, content: DisclosureContent): PublishProblem[] {
  const problems: PublishProblem[] = [];
  const responses = content.responses ?? {};
  const known = new Set<string>();

  for (const entry of walkItems(template)) {
    const { item } = entry;
    known.add(item.key);
    const raw: unknown = Object.prototype.hasOwnProperty.call(responses, item.key) ? responses[item.key] : undefined;
    if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
      problems.push(problemFor(entry, "invalid", MALFORMED_MESSAGE));
      continue;
    }
    const response = raw ? normalizeResponse(raw as ItemResponse) : undefined;
    const derived = item.answer.kind === "derived";
    const missing = !derived && item.level === "required" && !hasAnswer(item.answer, response?.value);
    if (missing) problems.push(problemFor(entry, "missing", MISSING_MESSAGE));
    if (!response) continue;

    if (derived && response.value !== undefined) {
      problems.push(problemFor(entry, "invalid", DERIVED_VALUE_MESSAGE));
      continue;
    }
    const result = responseSchema(item, template).safeParse(response);
    if (result.success) continue;
    const issues = missing ? result.error.issues.filter((i) => i.path[0] !== "value") : result.error.issues;
    if (issues.length) problems.push(problemFor(entry, "invalid", japaneseMessage(issues[0])));
  }

  const unknown = Object.keys(responses)
    .filter((key) => !known.has(key))
    // Only what would be published: an empty leftover response vanishes on normalisation.
    .filter((key) => {
      const r: unknown = responses[key];
      return isPlainObject(r) ? normalizeResponse(r as ItemResponse) !== undefined : r !== undefined && r !== null;
    })
    .sort();
  for (const key of unknown) problems.push({ key, text: key, sectionTitle: "", kind: "unknown", message: UNKNOWN_MESSAGE });
  return problems;
}
