// What changed between two versions of a disclosure, item by item, and a plain-Japanese
// rendering of any answer value for diff views and lists.
import { requiredLabel, type AnswerValue, type ChoiceValue, type StatusValue } from "./answers.js";
import { canonicalJson } from "./canonical-json.js";
import { normalizeResponse, type DisclosureContent, type ItemResponse } from "./disclosure-content.js";
import { walkItems } from "./template-loader.js";
import type { Item, Scale, SubField, Template } from "./template-schema.js";

export type DiffField = "value" | "note" | "evidence";

export type ItemDiff = {
  key: string;
  number?: string;
  /** The item text; the key itself for keys the template does not have. */
  text: string;
  /** Innermost section title; "" for keys the template does not have. */
  sectionTitle: string;
  change: "added" | "removed" | "changed";
  /** For "changed", the parts that differ; for "added"/"removed", the parts present. */
  fields: DiffField[];
  before?: ItemResponse;
  after?: ItemResponse;
};

const FIELDS: DiffField[] = ["value", "note", "evidence"];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Normalised (blank parts dropped, see `normalizeResponse`); undefined when nothing is said. */
function responseOf(content: DisclosureContent, key: string): ItemResponse | undefined {
  const responses = content.responses ?? {};
  if (!Object.prototype.hasOwnProperty.call(responses, key)) return undefined;
  const raw: unknown = responses[key];
  return isPlainObject(raw) ? normalizeResponse(raw as ItemResponse) : undefined;
}

/**
 * The form of a value compared: canonical JSON, so object key order does not matter, and for a
 * multiple choice the selection in option order, so ticking the same boxes in another order is
 * no change.
 */
function comparable(item: Item | undefined, field: DiffField, response: ItemResponse | undefined): string | undefined {
  let part: unknown = response?.[field];
  if (part === undefined) return undefined;
  if (field === "value" && item?.answer.kind === "choice" && isPlainObject(part) && Array.isArray(part.selected)) {
    const order = item.answer.options.map((o) => o.value);
    const rank = (v: unknown) => {
      const i = order.indexOf(v as string);
      return i < 0 ? order.length : i;
    };
    part = { ...part, selected: [...part.selected].sort((a, b) => rank(a) - rank(b) || String(a).localeCompare(String(b))) };
  }
  return canonicalJson(part);
}

/** Whether two responses say the same thing: compared as the diff compares them (blank parts dropped, object keys
 * in any order, a multiple choice in any order). */
export function sameResponse(item: Item | undefined, a: ItemResponse | undefined, b: ItemResponse | undefined): boolean {
  const left = a && normalizeResponse(a);
  const right = b && normalizeResponse(b);
  return FIELDS.every((f) => comparable(item, f, left) === comparable(item, f, right));
}

function diffOne(
  item: Item | undefined,
  base: Pick<ItemDiff, "key" | "number" | "text" | "sectionTitle">,
  before: ItemResponse | undefined,
  after: ItemResponse | undefined,
): ItemDiff | undefined {
  if (!before && !after) return undefined;
  if (!before) return { ...base, change: "added", fields: FIELDS.filter((f) => after![f] !== undefined), after };
  if (!after) return { ...base, change: "removed", fields: FIELDS.filter((f) => before[f] !== undefined), before };
  const fields = FIELDS.filter((f) => comparable(item, f, before) !== comparable(item, f, after));
  return fields.length ? { ...base, change: "changed", fields, before, after } : undefined;
}

/**
 * Item-by-item differences from `before` to `after`, in form order; unchanged items omitted;
 * responses to keys the template does not have last, in key order. Responses are compared
 * normalised, so a blank note or an empty value is the same as none.
 *
 * Both contents are assumed to be for `template`. If their templateVersion differs (a disclosure
 * moved to a new template version) the diff is still by key, which is sound because item keys
 * are stable across versions; keys the template no longer has show up in the trailing part.
 */
export function diffContents(template: Template, before: DisclosureContent, after: DisclosureContent): ItemDiff[] {
  const diffs: ItemDiff[] = [];
  const known = new Set<string>();
  for (const { item, sections } of walkItems(template)) {
    known.add(item.key);
    const base = {
      key: item.key,
      ...(item.number !== undefined ? { number: item.number } : {}),
      text: item.text,
      sectionTitle: sections[sections.length - 1]?.title ?? "",
    };
    const diff = diffOne(item, base, responseOf(before, item.key), responseOf(after, item.key));
    if (diff) diffs.push(diff);
  }
  const others = new Set([...Object.keys(before.responses ?? {}), ...Object.keys(after.responses ?? {})].filter((k) => !known.has(k)));
  for (const key of [...others].sort()) {
    const diff = diffOne(undefined, { key, text: key, sectionTitle: "" }, responseOf(before, key), responseOf(after, key));
    if (diff) diffs.push(diff);
  }
  return diffs;
}

// ---- formatAnswer ----------------------------------------------------------------------

export const UNANSWERED = "未回答";

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** 「2027-03」 → 「2027年3月」; anything else unchanged. */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[1]}年${Number(m[2])}月` : month;
}

/** 「2027-03-01」 → 「2027年3月1日」; anything else unchanged. */
function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** Anything that is not a string or number, shown so that nothing is hidden in a diff. */
function raw(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return canonicalJson(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A scalar with its prefix and unit, e.g. 「年間1200件」, 「10人」; dates and months in Japanese. */
function scalar(field: { type?: string; prefix?: string; unit?: string }, value: unknown): string {
  const text = typeof value === "string" && field.type === "date" ? formatDate(value) : typeof value === "string" && field.type === "month" ? formatMonth(value) : raw(value);
  return `${field.prefix ?? ""}${text}${field.unit ?? ""}`;
}

/** 「label: value」 pairs for the filled fields, in field order, then any the item does not define. */
function fieldPairs(fields: SubField[], values: Record<string, unknown>, labelOf: (f: SubField) => string | undefined): string[] {
  const pairs: string[] = [];
  for (const field of fields) {
    const v = values[field.key];
    if (isBlank(v)) continue;
    const label = labelOf(field);
    pairs.push(label ? `${label}: ${scalar(field, v)}` : scalar(field, v));
  }
  for (const [key, v] of Object.entries(values)) if (!fields.some((f) => f.key === key) && !isBlank(v)) pairs.push(`${key}: ${raw(v)}`);
  return pairs;
}

/**
 * What a status answer says after its label, in order: 実施時期, 目標日, 理由 (each under the name its option
 * gives it), then the scale's own fields (確認日 …); dates and months in Japanese.
 */
export function statusDetails(scale: Scale | undefined, option: Scale["options"][number] | undefined, v: StatusValue): string[] {
  const details: string[] = [];
  if (!isBlank(v.month)) details.push(`${requiredLabel(option, "month")}: ${formatMonth(String(v.month))}`);
  if (!isBlank(v.date)) details.push(`${requiredLabel(option, "date")}: ${formatDate(String(v.date))}`);
  if (!isBlank(v.reason)) details.push(`${requiredLabel(option, "reason")}: ${v.reason}`);
  if (isPlainObject(v.fields)) {
    const pairs = fieldPairs(scale?.fields ?? [], v.fields, (f) => f.label || f.key);
    if (pairs.length) details.push(pairs.join("、"));
  }
  return details;
}

/**
 * A plain-Japanese rendering of an answer value:
 * status 「実施予定（実施時期: 2027年3月）」, 「対象外（理由: …）」; choice 「有（内容：健診代行業務）」,
 * labels joined by 「、」; composite 「都道府県名: 東京都」; table 「専任/機関本体: 10人」;
 * scalars as they are, with prefix and unit; nothing said 「未回答」. Never throws: a value that
 * does not fit the item is shown as JSON.
 */
export function formatAnswer(template: Template, item: Item, value: AnswerValue | undefined): string {
  if (isBlank(value)) return UNANSWERED;
  const answer = item.answer;
  switch (answer.kind) {
    case "status": {
      if (!isPlainObject(value)) return raw(value);
      const v = value as StatusValue;
      if (isBlank(v.status)) return UNANSWERED;
      const scale = template.scales?.find((s) => s.key === answer.scale);
      const option = scale?.options.find((o) => o.value === v.status);
      return (option?.label ?? raw(v.status)) + statusDetails(scale, option, v).map((d) => `（${d}）`).join("");
    }
    case "choice": {
      if (!isPlainObject(value)) return raw(value);
      const v = value as ChoiceValue;
      const selected = (Array.isArray(v.selected) ? v.selected : [v.selected]).filter((s) => !isBlank(s));
      if (!selected.length) return UNANSWERED;
      return selected
        .map((s) => {
          const option = answer.options.find((o) => o.value === s);
          const label = option?.label ?? raw(s);
          const extra = v.extra?.[s];
          if (isBlank(extra)) return label;
          const extraLabel = option?.extra?.label;
          return extraLabel ? `${label}（${extraLabel}：${extra}）` : `${label}（${extra}）`;
        })
        .join("、");
    }
    case "composite": {
      if (!isPlainObject(value)) return raw(value);
      const pairs = fieldPairs(answer.fields, value, (f) => f.label);
      return pairs.length ? pairs.join("、") : UNANSWERED;
    }
    case "table": {
      if (!isPlainObject(value)) return raw(value);
      const cells = value as Record<string, unknown>;
      const pairs: string[] = [];
      const rowLabel = (key: string) => answer.rows.find((r) => r.key === key)?.label ?? key;
      const rowKeys = [...answer.rows.map((r) => r.key), ...Object.keys(cells).filter((k) => !answer.rows.some((r) => r.key === k))];
      for (const rowKey of rowKeys) {
        const row = cells[rowKey];
        if (isBlank(row)) continue;
        if (!isPlainObject(row)) {
          pairs.push(`${rowLabel(rowKey)}: ${raw(row)}`);
          continue;
        }
        for (const pair of fieldPairs(answer.columns, row, (c) => c.label || c.key)) pairs.push(`${rowLabel(rowKey)}/${pair}`);
      }
      return pairs.length ? pairs.join("、") : UNANSWERED;
    }
    case "derived":
      return raw(value);
    default:
      return typeof value === "string" || typeof value === "number" ? scalar(answer, value) : raw(value);
  }
}
