// Filtering a template's items for the catalog pages: by level and by free text.
import { walkItems } from "./template-loader.js";
import type { Item, Level, Section, Template } from "./template-schema.js";

export type ItemFilter = { level?: Level; q?: string };
/** `trail` is the section and its ancestors, outermost first (for breadcrumbs and scoped notes). */
export type SectionMatch = { section: Section; depth: number; trail: Section[]; items: Item[] };

/** NFKC + lower case, so 全角/半角 and case differences do not hide a match. */
export function normalizeForSearch(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

function searchableText(item: Item): string {
  return [
    item.number,
    item.group,
    item.text,
    item.category,
    item.help,
    ...(item.checkPoints ?? []),
    ...(item.details ?? []).map((d) => d.text),
    ...(item.references ?? []).map((r) => `${r.guideline} ${r.location ?? ""}`),
  ]
    .filter(Boolean)
    .join("\n");
}

export function itemMatches(item: Item, filter: ItemFilter): boolean {
  if (filter.level && item.level !== filter.level) return false;
  if (!filter.q) return true;
  const haystack = normalizeForSearch(searchableText(item));
  // Every whitespace-separated term must occur (AND), the way people expect a search box to work.
  return normalizeForSearch(filter.q).split(/\s+/).filter(Boolean).every((term) => haystack.includes(term));
}

/** Sections in form order (depth-first) with the items of each that match; empty sections are kept for structure. */
export function filterTemplate(template: Template, filter: ItemFilter): { sections: SectionMatch[]; matchCount: number; totalCount: number } {
  const sections: SectionMatch[] = [];
  let matchCount = 0;
  const walk = (list: Section[], ancestors: Section[]) => {
    for (const section of list) {
      const trail = [...ancestors, section];
      const items = (section.items ?? []).filter((item) => itemMatches(item, filter));
      matchCount += items.length;
      sections.push({ section, depth: ancestors.length, trail, items });
      walk(section.sections ?? [], trail);
    }
  };
  walk(template.sections, []);
  return { sections, matchCount, totalCount: [...walkItems(template)].length };
}
