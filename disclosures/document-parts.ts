// Forms printed as several parts, each with its own 「更新情報 最終更新日」 (issue 16): the 代行機関 form is the
// 概要 and its 別添 「最低限のガイドライン遵守チェックリスト」, and the real disclosure in seed 003 dates them a year
// apart. Each part prints the publish date of the version in which that part last changed — set by the system
// from the published history, never typed.
import { canonicalJson } from "./canonical-json.js";
import type { DisclosureContent } from "./disclosure-content.js";
import { walkItems } from "./template-loader.js";
import type { Template } from "./template-schema.js";

export type DocumentPart = { key: string; title: string; sections: string[] };

/** The part holding everything outside the 別添. */
export const OVERVIEW_PART = "overview";

/**
 * The parts of a form: the sections a checklist verdict is computed from (an `allMet` rule scoped to a top-level
 * section: the 別添) are parts of their own, the rest is the 概要. A form without such a section is one part, and
 * gets [] (one date for the whole document, as before).
 */
export function documentParts(template: Pick<Template, "title" | "sections" | "derived">): DocumentPart[] {
  const scoped = new Set((template.derived ?? []).flatMap((d) => (d.rule === "allMet" && d.scope ? [d.scope] : [])));
  const appendices = template.sections.filter((s) => scoped.has(s.key));
  if (!appendices.length) return [];
  const overview = template.sections.filter((s) => !scoped.has(s.key));
  return [
    ...(overview.length ? [{ key: OVERVIEW_PART, title: template.title, sections: overview.map((s) => s.key) }] : []),
    ...appendices.map((s) => ({ key: s.key, title: s.title, sections: [s.key] })),
  ];
}

export type PublishedContent = { publishedAt: number; content: DisclosureContent };

/**
 * For each part, when it last changed: the publish date of the earliest version from which the part's answers are
 * the same up to the last of `history` (oldest first, ending with the version being shown). An empty object when
 * the form is one part.
 */
export function partDates(template: Pick<Template, "title" | "sections" | "derived">, history: PublishedContent[]): Record<string, number> {
  const parts = documentParts(template);
  const current = history.at(-1);
  if (!parts.length || !current) return {};
  const partOf = new Map<string, string>();
  for (const { item, sections } of walkItems(template as Template)) {
    const part = parts.find((p) => p.sections.includes(sections[0].key));
    if (part) partOf.set(item.key, part.key);
  }
  const answersOf = (content: DisclosureContent, part: string) =>
    canonicalJson(Object.fromEntries(Object.entries(content.responses).filter(([key]) => partOf.get(key) === part)));
  const dates: Record<string, number> = {};
  for (const part of parts) {
    const now = answersOf(current.content, part.key);
    let since = history.length - 1;
    while (since > 0 && answersOf(history[since - 1].content, part.key) === now) since--;
    dates[part.key] = history[since].publishedAt;
  }
  return dates;
}
