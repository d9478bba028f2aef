// A hospital's own criteria for one template: items it treats as must-have beyond 必須, items it
// ignores, and weights. Applied to every vendor at once, it gives each a score and a rank.
import { z } from "zod";
import type { OutcomeCode } from "./summary.js";
import { keySchema, type Item } from "./template-schema.js";

export const WEIGHT_MAX = 10;
export const DEFAULT_WEIGHT = 1;

export const criteriaItemSchema = z
  .object({
    mode: z.enum(["must", "ignore"]).optional(),
    weight: z.number().int().min(0).max(WEIGHT_MAX).optional(),
  })
  .strict();
export type CriteriaItem = z.infer<typeof criteriaItemSchema>;
export const criteriaItemsSchema = z.record(keySchema, criteriaItemSchema);
export type CriteriaItems = z.infer<typeof criteriaItemsSchema>;

export const criteriaModeLabels = { standard: "標準", must: "必達", ignore: "対象外とする" } as const;

export function isIgnored(criteria: CriteriaItems | undefined, key: string): boolean {
  return criteria?.[key]?.mode === "ignore";
}

/** Required items are always must-haves unless ignored; the profile adds its own. */
export function isMustHave(criteria: CriteriaItems | undefined, item: Pick<Item, "key" | "level">): boolean {
  const mode = criteria?.[item.key]?.mode;
  return mode === "must" || (mode !== "ignore" && item.level === "required");
}

export function weightOf(criteria: CriteriaItems | undefined, key: string): number {
  return criteria?.[key]?.weight ?? DEFAULT_WEIGHT;
}

export type Score = {
  /** Must-have items, and those of them not satisfied (未対応, 実施予定 or unanswered). */
  mustTotal: number;
  mustMissing: number;
  /** Weighted share of applicable status items met, 0–100; null when nothing is applicable. */
  score: number | null;
};

// 対象外 never counts against a vendor, the way 「ガイドラインの遵守」 leaves it out.
const SATISFIED = new Set<OutcomeCode>(["m", "a", "y", "n", "d"]);

/**
 * Scores one vendor on the items given (for different editions: the items they share).
 * `codeOf` gives the vendor's outcome code for an item key.
 */
export function scoreVendor(items: readonly Pick<Item, "key" | "level" | "answer">[], codeOf: (key: string) => OutcomeCode, criteria?: CriteriaItems): Score {
  let mustTotal = 0;
  let mustMissing = 0;
  let points = 0;
  let possible = 0;
  for (const item of items) {
    if (isIgnored(criteria, item.key)) continue;
    const code = codeOf(item.key);
    if (isMustHave(criteria, item)) {
      mustTotal++;
      if (!SATISFIED.has(code)) mustMissing++;
    }
    if (item.answer.kind !== "status" || code === "n") continue;
    const weight = weightOf(criteria, item.key);
    possible += weight;
    if (code === "m" || code === "a") points += weight;
  }
  return { mustTotal, mustMissing, score: possible ? Math.round((points / possible) * 1000) / 10 : null };
}

/** Fewest missing must-haves first, then the highest score; ties keep their order. */
export function byRank(a: Score, b: Score): number {
  return a.mustMissing - b.mustMissing || (b.score ?? -1) - (a.score ?? -1);
}

/** Differs from the default (標準, weight 1): profiles store only such items, so "has an entry" is enough. */
export function isChangedFromDefault(criteria: CriteriaItems | undefined, key: string): boolean {
  const entry = criteria?.[key];
  return !!entry && (entry.mode !== undefined || (entry.weight !== undefined && entry.weight !== DEFAULT_WEIGHT));
}

/** What the criteria editor shows: the page's GET parameters, so a filtered view is a URL and needs no script. */
export type CriteriaFilters = { q: string; level: "all" | "required" | "recommended"; chapter: string | null; changed: boolean };
export const CRITERIA_QUERY_MAX = 100;

export function parseCriteriaFilters(params: URLSearchParams): CriteriaFilters {
  const level = params.get("level");
  return {
    q: (params.get("q") ?? "").trim().slice(0, CRITERIA_QUERY_MAX),
    level: level === "required" || level === "recommended" ? level : "all",
    chapter: params.get("chapter") || null,
    changed: params.get("changed") === "1",
  };
}

/** The filters as GET parameters (defaults left out), for links and for returning to the same view after a save. */
export function criteriaFilterParams(filters: CriteriaFilters): URLSearchParams {
  const out = new URLSearchParams();
  if (filters.q) out.set("q", filters.q);
  if (filters.level !== "all") out.set("level", filters.level);
  if (filters.chapter) out.set("chapter", filters.chapter);
  if (filters.changed) out.set("changed", "1");
  return out;
}

const normalize = (text: string) => text.normalize("NFKC").toLowerCase();
const NUMBER_LIKE = /^[0-9][0-9.\-()]*$/;

/**
 * Every whitespace-separated term must occur in the item's number, group, text or category. A term
 * that looks like an item number ("1-1-2") also matches the items it numbers: "1-1-2" finds 1-1-2-1…
 * but "1-1-1-1" does not find 1-1-1-10.
 */
export function criteriaItemMatches(item: Pick<Item, "number" | "text" | "group" | "category">, q: string): boolean {
  const terms = normalize(q).split(/\s+/).filter(Boolean);
  if (!terms.length) return true;
  const number = normalize(item.number ?? "");
  const text = normalize([item.group, item.text, item.category].filter(Boolean).join("\n"));
  return terms.every((term) =>
    NUMBER_LIKE.test(term) ? (number.startsWith(term) && !/[0-9]/.test(number.charAt(term.length))) || text.includes(term) : number.includes(term) || text.includes(term),
  );
}
