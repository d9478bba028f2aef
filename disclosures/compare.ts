// Several vendors side by side on one template, item by item: rows are items grouped by section,
// columns are vendors' published versions. Everything a reader, the PDF and the spreadsheets show
// comes from this one structure, so the exports hold exactly the cells of the screen.
import type { StatusValue } from "./answers.js";
import { byRank, isIgnored, isMustHave, scoreVendor, type CriteriaItems, type Score } from "./criteria.js";
import { computeDerived, unmetNotes, type DerivedResult } from "./derived.js";
import { formatAnswer, statusDetails, UNANSWERED } from "./diff.js";
import type { DisclosureContent, ItemResponse } from "./disclosure-content.js";
import { answersOf, derivedText, derivedView, evidenceView, type DerivedView, type EvidenceView } from "./disclosure-view.js";
import { officialReadingOf } from "./scale-registry.js";
import { countOutcomes, officialOutcomeCodes, outcomeCodes, type OutcomeCode, type OutcomeCounts } from "./summary.js";
import { compareVersions, walkItems } from "./template-loader.js";
import { normalizeForSearch } from "./template-search.js";
import type { Item, Level, Scale, Section, Template } from "./template-schema.js";

export const MAX_VENDORS = 20;
export const MIN_VENDORS = 2;

export type CellState = "met" | "unmet" | "planned" | "notApplicable" | "assigned" | "answered" | "unanswered";

export const cellStateLabels: Record<CellState, string> = {
  met: "対応済",
  unmet: "未対応",
  planned: "実施予定",
  notApplicable: "対象外",
  assigned: "分担",
  answered: "回答あり",
  unanswered: "未回答",
};

/** A mark that does not rely on colour alone. */
export const cellStateMarks: Record<CellState, string> = { met: "●", unmet: "×", planned: "△", notApplicable: "－", assigned: "◆", answered: "○", unanswered: "？" };

export type Cell = {
  state: CellState;
  /** The answer in words: the scale's label (対応済, 実施予定 …) or the answer itself. */
  label: string;
  /** 実施時期, 対象外の理由 … */
  detail: string | null;
  note: string | null;
  evidence: EvidenceView[];
  /** What the template's rules ask of the hospital because this answer is not met (e.g. 医療機関側のリスク評価が必要). */
  flags: string[];
};

/** A cell as one line of text: what the screen shows in the cell and what the exports write. */
export function cellText(cell: Pick<Cell, "label" | "detail">): string {
  return cell.detail ? `${cell.label}（${cell.detail}）` : cell.label;
}

export type CompareFilters = {
  level: "all" | "required" | "recommended";
  /** Only the items of this subset of the template (e.g. GL 7.0's 別紙), when the newest edition declares it. */
  subset: string | null;
  differences: boolean;
  gaps: boolean;
  section: string | null;
  q: string;
};

export const defaultFilters: CompareFilters = { level: "all", subset: null, differences: false, gaps: false, section: null, q: "" };

export type CompareRow = {
  key: string;
  number: string | null;
  text: string;
  level: Level;
  mustHave: boolean;
  weight: number | null;
  cells: Cell[];
  differs: boolean;
  gap: boolean;
};

export type CompareSection = { key: string; number: string | null; title: string; depth: number; rows: CompareRow[] };

export type VendorSummary = OutcomeCounts & {
  derived: DerivedView[];
  score: Score;
  /** 1 = best, only when a criteria profile ranks the vendors. */
  rank: number | null;
};

/**
 * One vendor's version. `edition`, when `content` was carried over from an older edition of the form along a
 * crosswalk (crosswalk.ts `onEdition`): the version as published, whose derived results are the vendor's own,
 * and the items of `template` its answers reach.
 */
export type CompareInput = { template: Template; content: DisclosureContent; edition?: { template: Template; content: DisclosureContent; keys: ReadonlySet<string> } };

export type Comparison = {
  /** Display order of the input columns (ranked when criteria are given, else as given). */
  order: number[];
  summaries: VendorSummary[];
  /** Sections holding rows that pass the filters, in form order, with their ancestors for context. */
  sections: CompareSection[];
  rowCount: number;
  /** Items compared before filtering (shared by every edition). */
  sharedCount: number;
  editions: { versions: string[]; mixed: boolean; excludedCount: number };
  /** Every section of the row skeleton, for the section filter. */
  sectionOptions: { key: string; title: string; depth: number }[];
  /** The subsets the newest edition declares, for the subset filter. */
  subsetOptions: { key: string; title: string; count: number }[];
};

const STATE_OF_CODE: Partial<Record<OutcomeCode, CellState>> = { m: "met", u: "unmet", p: "planned", n: "notApplicable", a: "assigned" };
const NO_FLAGS: string[] = [];

/** One vendor's column, prepared once: ten thousand cells look these up. */
type Column = {
  template: Template;
  responses: Record<string, ItemResponse | undefined>;
  byKey: Map<string, OutcomeCode>;
  derived: Record<string, DerivedResult>;
  /** The form's notes on items an 「全項目」 rule found unmet, by item key. */
  flags: Map<string, string[]>;
  /** The template's scales by key. */
  scales: Map<string, Scale>;
  /** Its cells, made once per item of the rows' template (frozen: comparisons share them). */
  cells: WeakMap<Item, Cell>;
};

// A column is a pure function of its input, and the comparison page passes the same input object for a published
// version from request to request (app/models/comparison.server.ts keeps them): prepared once per input.
const columns = new WeakMap<CompareInput, Column>();

function columnOf(input: CompareInput): Column {
  let column = columns.get(input);
  if (!column) columns.set(input, (column = newColumn(input)));
  return column;
}

function newColumn({ template, content, edition }: CompareInput): Column {
  // As the official form reads them: a 対象外 the form does not have is its 実施予定 (a gap, and not a met must-have).
  const codes = officialOutcomeCodes(template, outcomeCodes(template, content));
  const byKey = new Map<string, OutcomeCode>();
  let i = 0;
  for (const entry of walkItems(template)) byKey.set(entry.item.key, codes[i++]);
  // Derived results are the version's own, by the rules of the edition it was published on.
  const own = edition ?? { template, content };
  const derived = computeDerived(own.template, answersOf(own.content));
  const flags = new Map<string, string[]>();
  for (const key of byKey.keys()) {
    const notes = unmetNotes(derived, key);
    if (notes.length) flags.set(key, notes);
  }
  return { template, responses: content.responses ?? {}, byKey, derived, flags, scales: new Map((template.scales ?? []).map((scale) => [scale.key, scale])), cells: new WeakMap() };
}

/** A cell depends on its column and its item only, so comparisons of the same versions share it (and its HTML). */
function cellOf(column: Column, item: Item): Cell {
  let cell = column.cells.get(item);
  if (!cell) column.cells.set(item, (cell = Object.freeze(newCell(column, item))));
  return cell;
}

function newCell(column: Column, item: Item): Cell {
  const response = Object.prototype.hasOwnProperty.call(column.responses, item.key) ? column.responses[item.key] : undefined;
  const note = typeof response?.note === "string" && response.note.trim() ? response.note : null;
  const evidence = response?.evidence === undefined ? [] : evidenceView(response.evidence);
  const flags = column.flags.get(item.key) ?? NO_FLAGS;
  if (item.answer.kind === "derived") {
    const result = column.derived[item.answer.result];
    const state: CellState = result?.rule !== "allMet" ? "answered" : result.state === "pass" ? "met" : result.state === "fail" ? "unmet" : "unanswered";
    return { note, evidence, flags, state, label: result ? derivedText(result) : UNANSWERED, detail: "自動判定" };
  }
  if (item.answer.kind === "status") {
    const state = STATE_OF_CODE[column.byKey.get(item.key) ?? "."];
    if (!state) return { note, evidence, flags, state: "unanswered", label: UNANSWERED, detail: null };
    const value = response!.value as StatusValue;
    const scale = column.scales.get(item.answer.scale);
    const option = scale?.options.find((o) => o.value === value.status);
    // Shown as the form shows it: 「実施予定（対象事項無、理由: …）」 (a reason that only repeats 対象事項無 once).
    const official = option ? officialReadingOf(scale, option.value) : undefined;
    const shown = official && typeof value.reason === "string" && value.reason.trim() === official.remark ? { ...value, reason: undefined } : value;
    const details = shown.month || shown.date || shown.reason || shown.fields ? statusDetails(scale, option, shown) : [];
    if (official) details.unshift(official.remark);
    return { note, evidence, flags, state, label: official?.label ?? option?.label ?? String(value.status), detail: details.length ? details.join("、") : null };
  }
  const label = formatAnswer(column.template, item, response?.value);
  return { note, evidence, flags, state: label === UNANSWERED ? "unanswered" : "answered", label, detail: null };
}

const GAP_STATES = new Set<CellState>(["unmet", "planned", "unanswered"]);

export function compareDisclosures(inputs: CompareInput[], filters: CompareFilters = defaultFilters, criteria?: CriteriaItems): Comparison {
  const steps = comparing(inputs, filters, criteria);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The comparison in steps: it pauses after each vendor's column and each section's rows (a few ms each), so a
 * server can let other requests through in between (a 20-vendor comparison of a 500-item form is ten
 * thousand cells). `compareDisclosures` runs it in one go.
 */
export function* comparing(inputs: CompareInput[], filters: CompareFilters = defaultFilters, criteria?: CriteriaItems): Generator<void, Comparison, void> {
  // The newest edition gives the rows; only items every edition has are compared.
  const templates = new Map<string, Template>();
  for (const { template } of inputs) templates.set(template.version, template);
  const newest = [...templates.keys()].sort(compareVersions).at(-1)!;
  const skeleton = templates.get(newest)!;
  const versions = [...new Set(inputs.map((i) => (i.edition ?? i).template.version))].sort(compareVersions);
  const keySets = [
    ...[...templates.values()].map((t) => new Set([...walkItems(t)].map((e) => e.item.key))),
    ...inputs.flatMap((i) => (i.edition ? [i.edition.keys] : [])),
  ];
  const shared = (key: string) => keySets.every((keys) => keys.has(key));
  const allKeys = new Set(keySets.flatMap((keys) => [...keys]));
  const sharedKeys = [...allKeys].filter(shared);

  const perVendor: Column[] = [];
  for (const input of inputs) {
    perVendor.push(columnOf(input));
    yield;
  }

  const sharedItems = [...walkItems(skeleton)].filter((e) => shared(e.item.key)).map((e) => e.item);
  const counted = sharedItems.filter((item) => !isIgnored(criteria, item.key));
  const summaries: VendorSummary[] = perVendor.map((vendor) => {
    const summary = countOutcomes(counted, (item) => vendor.byKey.get(item.key) ?? ".");
    const score = scoreVendor(sharedItems, (key) => vendor.byKey.get(key) ?? ".", criteria);
    return { ...summary, derived: Object.values(vendor.derived).map(derivedView), score, rank: null };
  });

  const order = inputs.map((_, i) => i);
  if (criteria) {
    order.sort((a, b) => byRank(summaries[a].score, summaries[b].score));
    order.forEach((index, position) => (summaries[index].rank = position + 1));
  }

  const subset = skeleton.subsets?.find((s) => s.key === filters.subset);
  const subsetItems = subset ? new Set(subset.items) : null;
  const terms = normalizeForSearch(filters.q).split(/\s+/).filter(Boolean);
  const sections: CompareSection[] = [];
  const sectionOptions: Comparison["sectionOptions"] = [];
  let rowCount = 0;

  const visit = function* (list: Section[], depth: number, inScope: boolean): Generator<void, void, void> {
    for (const section of list) {
      sectionOptions.push({ key: section.key, title: section.number ? `${section.number} ${section.title}` : section.title, depth });
      const scoped = inScope || filters.section === section.key;
      const rows: CompareRow[] = [];
      for (const item of section.items ?? []) {
        if (!shared(item.key) || isIgnored(criteria, item.key) || !scoped) continue;
        if (filters.level !== "all" && item.level !== filters.level) continue;
        if (subsetItems && !subsetItems.has(item.key)) continue;
        const cells = order.map((i) => cellOf(perVendor[i], item));
        const mustHave = isMustHave(criteria, item);
        // Differences compare the answers themselves (for a status: 対応済 vs 未対応), not notes.
        const differs = new Set(cells.map((c) => `${c.state}\u0000${c.label}`)).size > 1;
        const gap = mustHave && cells.some((c) => GAP_STATES.has(c.state));
        if (filters.differences && !differs) continue;
        if (filters.gaps && !gap) continue;
        if (terms.length) {
          const haystack = normalizeForSearch([item.number, item.text, ...cells.flatMap((c) => [c.label, c.detail, c.note])].filter(Boolean).join("\n"));
          if (!terms.every((t) => haystack.includes(t))) continue;
        }
        rows.push({ key: item.key, number: item.number ?? null, text: item.text, level: item.level, mustHave, weight: criteria ? (criteria[item.key]?.weight ?? 1) : null, cells, differs, gap });
      }
      rowCount += rows.length;
      const at = sections.length;
      sections.push({ key: section.key, number: section.number ?? null, title: section.title, depth, rows });
      const before = rowCount;
      yield;
      yield* visit(section.sections ?? [], depth + 1, scoped);
      // Keep a section when it or a sub-section has rows (its heading gives them context).
      if (!rows.length && rowCount === before) sections.splice(at, 1);
    }
  };
  yield* visit(skeleton.sections, 0, filters.section === null || !sectionOptionsHas(skeleton, filters.section));

  return {
    order,
    summaries,
    sections,
    rowCount,
    sharedCount: sharedItems.length,
    editions: { versions, mixed: versions.length > 1, excludedCount: allKeys.size - sharedKeys.length },
    sectionOptions,
    subsetOptions: (skeleton.subsets ?? []).map((s) => ({ key: s.key, title: s.title, count: s.items.filter(shared).length })),
  };
}

function sectionOptionsHas(template: Template, key: string): boolean {
  const walk = (list: Section[]): boolean => list.some((s) => s.key === key || walk(s.sections ?? []));
  return walk(template.sections);
}
