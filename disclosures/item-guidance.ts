// What the official form prints beside an item besides its text and the answer, in the form's own column order
// (issue 16): HISPRO's 対象GL, GLでの参照箇所 and 確認項目; the 役割分担 checklist's 想定されるリスク, 推奨される対応例 and
// ガイドライン等関連部分, and the 用語の解説 terms that belong to the item. The published page, the PDF and the answers workbook print this one list, so a hospital
// holding our page next to the official sheet finds the same columns.
import { walkItems } from "./template-loader.js";
import type { Item, Template } from "./template-schema.js";

export type GuidanceBlock = { label: string; lines: string[] };

/**
 * Forms whose items' points are part of the item itself (「次の内容を定めている」 (b)…(i) on the 最低限 checklist, alone and
 * as the 代行機関 form's 別添): printed under the item text as sub-points, not as guidance.
 */
export const SUB_POINT_TEMPLATES: ReadonlySet<string> = new Set(["minimum-guideline-checklist", "agency-disclosure"]);

/** The form's own column names for an item's references; a form we have no words for gets 「参照」. */
const referenceLabels: Record<string, { guideline: string; location?: string }> = {
  "hispro-checksheet": { guideline: "対象GL", location: "GLでの参照箇所" },
  "responsibility-checklist": { guideline: "ガイドライン等関連部分" },
};

export function itemGuidance(template: Pick<Template, "id" | "help">, item: Item): GuidanceBlock[] {
  const blocks: GuidanceBlock[] = [];
  const add = (label: string, lines: string[]) => {
    if (lines.length) blocks.push({ label, lines });
  };
  // 役割分担: 想定されるリスク and 推奨される対応例 come before the references, as in the seed's columns.
  for (const detail of item.details ?? []) add(detail.label, [detail.text]);
  const references = item.references ?? [];
  const labels = referenceLabels[template.id];
  if (labels?.location) {
    add(labels.guideline, references.map((r) => r.guideline));
    add(labels.location, references.flatMap((r) => (r.location ? [r.location] : [])));
  } else {
    add(labels?.guideline ?? "参照", references.map((r) => (r.location ? `${r.guideline} ${r.location}` : r.guideline)));
  }
  if (!SUB_POINT_TEMPLATES.has(template.id)) add("確認項目", item.checkPoints ?? []);
  // The glossary's terms this item belongs to (its 記載場所, or its words use them): explained under 「用語の解説」.
  add("用語の解説", (template.help ?? []).filter((h) => h.items?.includes(item.key)).map((h) => h.term));
  return blocks;
}

export type GlossaryEntry = { term: string; text: string; places: string[]; items: { key: string; number: string | null; text: string }[] };

/** The form's 用語の解説 with the items each term belongs to, for readers of a disclosure (the page lists them last). */
export function glossaryOf(template: Template): GlossaryEntry[] {
  const items = new Map([...walkItems(template)].map(({ item, sections }) => [item.key, { key: item.key, number: [sections.at(-1)?.number, item.number].filter(Boolean).join(" ") || null, text: item.group ?? item.text }]));
  return (template.help ?? []).map((h) => ({ term: h.term, text: h.text, places: h.places ?? [], items: (h.items ?? []).flatMap((key) => items.get(key) ?? []) }));
}
