// What a reader sees of a published version, as plain data: every answer in words, derived
// results computed, notes and evidence checked for shape. Stored content is trusted for nothing:
// a value of the wrong shape is shown as text, and an evidence URL becomes a link only when it is
// http(s). Components render every string as text (React escapes it).
import type { Answers } from "./answers.js";
import { canonicalJson } from "./canonical-json.js";
import { computeDerived, officialNotes, perspectiveLabels, ratioLabel, unmetNotes, type DerivedResult } from "./derived.js";
import { diffContents, formatAnswer, UNANSWERED, type DiffField, type ItemDiff } from "./diff.js";
import type { DisclosureContent, ItemResponse } from "./disclosure-content.js";
import { itemGuidance, SUB_POINT_TEMPLATES, type GuidanceBlock } from "./item-guidance.js";
import { filterTemplate } from "./template-search.js";
import type { Item, Level, Template } from "./template-schema.js";

export type EvidenceView = { name: string | null; url: string | null; /** Only for http(s) URLs. */ href: string | null };

/** What an answer amounts to: a status scale's outcome, or answered / unanswered for other kinds. */
export type ItemOutcome = "met" | "unmet" | "planned" | "notApplicable" | "assigned" | "answered" | "unanswered";
export const itemOutcomes: readonly ItemOutcome[] = ["met", "unmet", "planned", "notApplicable", "assigned", "answered", "unanswered"];

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
  outcome: ItemOutcome;
  /** Points the form prints under the item (「次の内容を定めている」 (b)…(i)), as the PDF prints them. */
  subPoints: string[];
  /** What the form prints beside the item (HISPRO 対象GL・GLでの参照箇所・確認項目, 役割分担 想定されるリスク …), in its column order. */
  guidance: GuidanceBlock[];
  /** What the template's rules ask of a hospital because this item is not met (e.g. 医療機関側のリスク評価が必要). */
  flags: string[];
};

/** `chapter` is the key of the top-level section the section belongs to. */
export type SectionView = { key: string; number: string | null; title: string; depth: number; chapter: string; items: ItemView[] };

export type ChapterView = { key: string; number: string | null; title: string };

/** How many answerable (non-derived) items have each outcome, and the scale's words for it. */
export type OutcomeCount = { outcome: ItemOutcome; label: string; count: number };

export type DerivedView = {
  key: string;
  title: string;
  /** 「最低限のガイドラインを遵守済」, 「予防 12/15、発見 3/4、是正 2/3」. */
  text: string;
  state: "pass" | "fail" | "incomplete" | null;
  /** A tally's rows as the sheet's summary prints them: 分類, 割合 (「-」 without items), 項目数. */
  groups: { label: string; met: number; total: number; share: string }[];
  /** The form's note this result implements: 「注8による判定」 and the note's words (absent for the portal's own rules). */
  basis?: { label: string; form: string; note: string; text: string };
  /** Secondary, after the verdict: 「対象事項無の6項目を除くと、最低限のガイドラインを遵守済」 (absent when nothing is left out). */
  secondary?: string;
};

export type ContentView = {
  sections: SectionView[];
  derived: DerivedView[];
  itemCount: number;
  answeredCount: number;
  /** Outcomes this template can give, in a fixed order, with their counts (zeros included). */
  outcomes: OutcomeCount[];
  chapters: ChapterView[];
};

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
    groups: result.rule === "tally" ? result.groups.map((g) => ({ label: g.label, met: g.met, total: g.total, share: ratioLabel(g.met, g.total) })) : [],
    ...(result.rule === "allMet" && result.basis ? { basis: { label: result.basis.label, form: result.basis.form, note: result.basis.note, text: result.basis.text } } : {}),
    ...(result.rule === "allMet" && result.excludingOfficial ? { secondary: result.excludingOfficial.text } : {}),
  };
}

function outcomeOfItem(template: Template, item: Item, value: unknown, answer: string | null, derived: DerivedResult | undefined): ItemOutcome {
  if (item.answer.kind === "derived") {
    if (derived?.rule !== "allMet") return answer === null ? "unanswered" : "answered";
    return derived.state === "pass" ? "met" : derived.state === "fail" ? "unmet" : "unanswered";
  }
  if (answer === null) return "unanswered";
  if (item.answer.kind !== "status") return "answered";
  const scaleKey = item.answer.scale;
  const status = isPlainObject(value) ? value.status : undefined;
  const option = template.scales?.find((s) => s.key === scaleKey)?.options.find((o) => o.value === status);
  return option?.outcome ?? "answered";
}

function itemView(template: Template, item: Item, content: DisclosureContent, derived: Record<string, DerivedResult>): ItemView {
  const response = responseOf(content, item.key);
  let answer: string | null;
  const result = item.answer.kind === "derived" ? derived[item.answer.result] : undefined;
  if (item.answer.kind === "derived") {
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
    outcome: outcomeOfItem(template, item, response?.value, answer, result),
    subPoints: SUB_POINT_TEMPLATES.has(template.id) ? (item.checkPoints ?? []) : [],
    guidance: itemGuidance(template, item),
    flags: [...officialNotes(derived, item.key), ...unmetNotes(derived, item.key)],
  };
}

const otherLabels: Record<ItemOutcome, string> = { met: "対応済", unmet: "未対応", planned: "実施予定", notApplicable: "対象外", assigned: "分担", answered: "回答あり", unanswered: "未回答" };

/** The outcomes a template can give, named in its own words (対応済, 実施済, ○ …). */
function outcomeLabels(template: Template): Map<ItemOutcome, string> {
  const labels = new Map<ItemOutcome, string[]>();
  let other = false;
  for (const { items } of filterTemplate(template, {}).sections) {
    for (const item of items) {
      if (item.answer.kind === "derived") continue;
      if (item.answer.kind !== "status") {
        other = true;
        continue;
      }
      const scaleKey = item.answer.scale;
      for (const option of template.scales?.find((s) => s.key === scaleKey)?.options ?? []) {
        const list = labels.get(option.outcome) ?? [];
        if (!list.includes(option.label)) list.push(option.label);
        labels.set(option.outcome, list);
      }
    }
  }
  const result = new Map<ItemOutcome, string>();
  for (const outcome of itemOutcomes) {
    if (outcome === "answered" && !other) continue;
    if (outcome === "unanswered") result.set(outcome, otherLabels.unanswered);
    else if (outcome === "answered") result.set(outcome, otherLabels.answered);
    else if (labels.has(outcome)) result.set(outcome, outcome === "assigned" ? otherLabels.assigned : labels.get(outcome)!.join("・"));
  }
  return result;
}

/** Every item of the template in form order, grouped by section, with this content's answers. */
export function buildContentView(template: Template, content: DisclosureContent): ContentView {
  const results = computeDerived(template, answersOf(content));
  let itemCount = 0;
  let answeredCount = 0;
  const labels = outcomeLabels(template);
  const counts = new Map<ItemOutcome, number>();
  let chapter = "";
  const sections = filterTemplate(template, {}).sections.map(({ section, depth, items }) => {
    if (depth === 0) chapter = section.key;
    return {
      key: section.key,
      number: section.number ?? null,
      title: section.title,
      depth,
      chapter,
      items: items.map((item) => {
        const view = itemView(template, item, content, results);
        if (!view.derived) {
          itemCount++;
          if (view.answer !== null) answeredCount++;
          counts.set(view.outcome, (counts.get(view.outcome) ?? 0) + 1);
        }
        return view;
      }),
    };
  });
  // An outcome the scales cannot give (a hand-edited value) is still counted, never hidden.
  const outcomes = itemOutcomes
    .filter((o) => labels.has(o) || counts.has(o))
    .map((outcome) => ({ outcome, label: labels.get(outcome) ?? otherLabels[outcome], count: counts.get(outcome) ?? 0 }));
  const chapters = template.sections.map((s) => ({ key: s.key, number: s.number ?? null, title: s.title }));
  return { sections, derived: Object.values(results).map(derivedView), itemCount, answeredCount, outcomes, chapters };
}

// ---- filters of the public page ---------------------------------------------------------

/** Per 章, how many answerable items have each outcome (the picture before the rows: issue 19, item 2). */
export type ChapterOutcomes = ChapterView & { counts: Record<ItemOutcome, number> };

export function chapterOutcomes(view: Pick<ContentView, "sections" | "chapters">): ChapterOutcomes[] {
  return view.chapters
    .map((chapter) => {
      const counts = Object.fromEntries(itemOutcomes.map((o) => [o, 0])) as Record<ItemOutcome, number>;
      for (const section of view.sections) if (section.chapter === chapter.key) for (const item of section.items) if (!item.derived) counts[item.outcome] += 1;
      return { ...chapter, counts };
    })
    .filter((c) => itemOutcomes.some((o) => c.counts[o] > 0));
}

export type ReadingFilters = { outcome: ItemOutcome | null; chapter: string | null };

/** `?outcome=unmet&chapter=s1` from a URL; unknown values are ignored (the whole version is shown). */
export function readingFiltersOf(params: URLSearchParams, view: ContentView): ReadingFilters {
  const outcome = params.get("outcome");
  const chapter = params.get("chapter");
  return {
    outcome: itemOutcomes.includes(outcome as ItemOutcome) ? (outcome as ItemOutcome) : null,
    chapter: chapter && view.chapters.some((c) => c.key === chapter) ? chapter : null,
  };
}

/** The sections (and items) the filters keep; sections left without items are dropped. */
export function filterContentView(view: ContentView, filters: ReadingFilters): { sections: SectionView[]; shown: number } {
  if (!filters.outcome && !filters.chapter) return { sections: view.sections, shown: view.itemCount };
  let shown = 0;
  const sections = view.sections.flatMap((s) => {
    if (filters.chapter && s.chapter !== filters.chapter) return [];
    const items = filters.outcome ? s.items.filter((i) => !i.derived && i.outcome === filters.outcome) : s.items;
    shown += items.filter((i) => !i.derived).length;
    return items.length ? [{ ...s, items }] : [];
  });
  return { sections, shown };
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
