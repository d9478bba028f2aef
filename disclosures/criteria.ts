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
