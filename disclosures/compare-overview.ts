// The picture before the rows (issue 19, item 1): per 章 and vendor, the share of applicable items met, and per vendor
// the outcomes of every item shown. Counted from the comparison's own rows and cells — what the matrix shows under
// the same filters — so the overview and the matrix can never disagree.
import type { CellState, Comparison } from "./compare.js";

export type StateCounts = Record<CellState, number>;
export type OverviewCell = { met: number; applicable: number; counts: StateCounts; share: number | null };
export type OverviewChapter = { key: string; number: string | null; title: string; cells: OverviewCell[] };
export type ComparisonOverview = { chapters: OverviewChapter[]; vendors: { counts: StateCounts; total: number }[] };

const emptyCounts = (): StateCounts => ({ met: 0, unmet: 0, planned: 0, notApplicable: 0, assigned: 0, answered: 0, unanswered: 0 });

/** Met (a 分担 is the 役割分担 form's met) over met, planned, unmet and unanswered; 対象外 and free answers do not count. */
function cellOf(counts: StateCounts): OverviewCell {
  const met = counts.met + counts.assigned;
  const applicable = met + counts.planned + counts.unmet + counts.unanswered;
  return { met, applicable, counts, share: applicable ? met / applicable : null };
}

/** The overview of a comparison as shown: its 章 are the sections at the top of the outline (depth 0). */
export function comparisonOverview(comparison: Pick<Comparison, "sections" | "order">): ComparisonOverview {
  const vendorCount = comparison.order.length;
  const chapters: { key: string; number: string | null; title: string; counts: StateCounts[] }[] = [];
  const totals = Array.from({ length: vendorCount }, emptyCounts);
  for (const section of comparison.sections) {
    if (section.depth === 0 || !chapters.length) chapters.push({ key: section.key, number: section.number, title: section.title, counts: Array.from({ length: vendorCount }, emptyCounts) });
    const chapter = chapters[chapters.length - 1];
    for (const row of section.rows) {
      row.cells.forEach((cell, i) => {
        chapter.counts[i][cell.state] += 1;
        totals[i][cell.state] += 1;
      });
    }
  }
  return {
    chapters: chapters.filter((c) => c.counts.some((v) => Object.values(v).some(Boolean))).map((c) => ({ key: c.key, number: c.number, title: c.title, cells: c.counts.map(cellOf) })),
    vendors: totals.map((counts) => ({ counts, total: Object.values(counts).reduce((a, b) => a + b, 0) })),
  };
}

/** Five steps of met share, for colours that survive greyscale printing (each cell also prints its percentage). */
export function shareStep(share: number | null): 0 | 1 | 2 | 3 | 4 | 5 {
  if (share === null) return 0;
  return share >= 1 ? 5 : share >= 0.9 ? 4 : share >= 0.75 ? 3 : share >= 0.5 ? 2 : 1;
}

export const percentText = (share: number | null) => (share === null ? "—" : `${Math.floor(share * 100)}%`);
