// What a reader sees of a published version, as plain data: every answer in words, derived
// results computed, notes and evidence checked for shape. Stored content is trusted for nothing:
// a value of the wrong shape is shown as text, and an evidence URL becomes a link only when it is
// http(s). Components render every string as text (React escapes it).
import type { Answers } from "./answers.js";
import { canonicalJson } from "./canonical-json.js";
import { computeDerived, perspectiveLabels, type DerivedResult } from "./derived.js";
import { diffContents, formatAnswer, UNANSWERED, type DiffField, type ItemDiff } from "./diff.js";
import type { DisclosureContent, ItemResponse } from "./disclosure-content.js";
import { filterTemplate } from "./template-search.js";
import type { Item, Level, Template } from "./template-schema.js";

export type EvidenceView = { name: string | null; url: string | null; /** Only for http(s) URLs. */ href: string | null };

export type ItemView = {
  key: string;
  number: string | null;
  level: Level;
  perspective: string | null;
  group: string | null;
  text: string;
  /** The answer in words; null when unanswered. */
  answer: string | null;
  /** Computed from other answers (自動判定), never typed in. */
  derived: boolean;
  note: string | null;
  evidence: EvidenceView[];
};

export type SectionView = { key: string; number: string | null; title: string; depth: number; items: ItemView[] };

export type DerivedView = {
  key: string;
  title: string;
  /** 「最低限のガイドラインを遵守済」, 「予防 12/15、発見 3/4、是正 2/3」. */
  text: string;
  state: "pass" | "fail" | "incomplete" | null;
  groups: { label: string; met: number; total: number }[];
};

export type ContentView = { sections: SectionView[]; derived: DerivedView[]; itemCount: number; answeredCount: number };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Text for anything: strings as they are, anything else as JSON, so nothing is hidden. */
function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value.trim() ? value : null;
  try {
    return canonicalJson(value);
  } catch {
    return String(value);
  }
}

/** A link target only for a well-formed http(s) URL; javascript:, data:, file: … stay text. */
export function safeHref(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url.trim())) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function evidenceView(raw: unknown): EvidenceView[] {
  if (!Array.isArray(raw)) return raw === undefined || raw === null ? [] : [{ name: asText(raw), url: null, href: null }];
  return raw.flatMap((e): EvidenceView[] => {
    if (!isPlainObject(e)) return asText(e) ? [{ name: asText(e), url: null, href: null }] : [];
    const name = asText(e.name);
    const url = asText(e.url);
    return name || url ? [{ name, url, href: safeHref(url) }] : [];
  });
}

function responseOf(content: DisclosureContent, key: string): Record<string, unknown> | undefined {
  const responses: unknown = content.responses;
  if (!isPlainObject(responses) || !Object.prototype.hasOwnProperty.call(responses, key)) return undefined;
  const response = responses[key];
  return isPlainObject(response) ? response : undefined;
}

/** Answer values by item key, for derived results. */
export function answersOf(content: DisclosureContent): Answers {
  const answers: Answers = {};
  for (const [key, response] of Object.entries(isPlainObject(content.responses) ? content.responses : {})) {
    if (isPlainObject(response) && response.value !== undefined) answers[key] = response.value as Answers[string];
  }
  return answers;
}

export function derivedText(result: DerivedResult): string {
  if (result.rule === "allMet") return result.label;
  return result.groups.map((g) => `${g.label} ${g.met}/${g.total}`).join("、");
}

export function derivedView(result: DerivedResult): DerivedView {
  return {
    key: result.key,
    title: result.title,
    text: derivedText(result),
    state: result.rule === "allMet" ? result.state : null,
    groups: result.rule === "tally" ? result.groups.map((g) => ({ label: g.label, met: g.met, total: g.total })) : [],
  };
}

function itemView(template: Template, item: Item, content: DisclosureContent, derived: Record<string, DerivedResult>): ItemView {
  const response = responseOf(content, item.key);
  let answer: string | null;
  if (item.answer.kind === "derived") {
    const result = derived[item.answer.result];
    answer = result ? derivedText(result) : null;
  } else {
    const formatted = formatAnswer(template, item, response?.value as ItemResponse["value"]);
    answer = formatted === UNANSWERED ? null : formatted;
  }
  return {
    key: item.key,
    number: item.number ?? null,
    level: item.level,
    perspective: item.perspective ? perspectiveLabels[item.perspective] : null,
    group: item.group ?? null,
    text: item.text,
    answer,
    derived: item.answer.kind === "derived",
    note: asText(response?.note),
    evidence: evidenceView(response?.evidence),
  };
}

/** Every item of the template in form order, grouped by section, with this content's answers. */
export function buildContentView(template: Template, content: DisclosureContent): ContentView {
  const results = computeDerived(template, answersOf(content));
  let itemCount = 0;
  let answeredCount = 0;
  const sections = filterTemplate(template, {}).sections.map(({ section, depth, items }) => ({
    key: section.key,
    number: section.number ?? null,
    title: section.title,
    depth,
    items: items.map((item) => {
      const view = itemView(template, item, content, results);
      if (!view.derived) {
        itemCount++;
        if (view.answer !== null) answeredCount++;
      }
      return view;
    }),
  }));
  return { sections, derived: Object.values(results).map(derivedView), itemCount, answeredCount };
}

// ---- differences between two versions ---------------------------------------------------

export const changeLabels: Record<ItemDiff["change"], string> = { added: "回答を追加", removed: "回答を削除", changed: "変更" };
export const fieldLabels: Record<DiffField, string> = { value: "回答", note: "備考", evidence: "根拠資料" };

export type DiffFieldView = { field: DiffField; label: string; before: string[]; after: string[] };

export type DiffItemView = {
  key: string;
  number: string | null;
  text: string;
  sectionTitle: string;
  change: ItemDiff["change"];
  changeLabel: string;
  /** Whether the template (of the later version) still has this item. */
  known: boolean;
  fields: DiffFieldView[];
};

function evidenceLines(raw: unknown): string[] {
  return evidenceView(raw).map((e) => [e.name, e.url].filter(Boolean).join(" — "));
}

function fieldLines(template: Template, item: Item | undefined, field: DiffField, response: ItemResponse | undefined): string[] {
  if (!response || response[field] === undefined) return [];
  if (field === "evidence") return evidenceLines(response.evidence);
  if (field === "note") return [asText(response.note) ?? ""];
  if (!item) return [asText(response.value) ?? ""];
  return [formatAnswer(template, item, response.value)];
}

/** `diffContents` with every side in words: for "changed" only the fields that differ. */
export function buildDiffView(template: Template, before: DisclosureContent, after: DisclosureContent): DiffItemView[] {
  const items = new Map<string, Item>();
  for (const { items: list } of filterTemplate(template, {}).sections) for (const item of list) items.set(item.key, item);
  return diffContents(template, before, after).map((diff) => {
    const item = items.get(diff.key);
    return {
      key: diff.key,
      number: diff.number ?? null,
      text: diff.text,
      sectionTitle: diff.sectionTitle,
      change: diff.change,
      changeLabel: changeLabels[diff.change],
      known: Boolean(item),
      fields: diff.fields.map((field) => ({
        field,
        label: fieldLabels[field],
        before: fieldLines(template, item, field, diff.before),
        after: fieldLines(template, item, field, diff.after),
      })),
    };
  });
}
