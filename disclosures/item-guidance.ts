// What the official form prints beside an item besides its text and the answer, in the form's own column order
// (issue 16): HISPRO's 対象GL, GLでの参照箇所 and 確認項目; the 役割分担 checklist's 想定されるリスク, 推奨される対応例 and
// ガイドライン等関連部分. The published page, the PDF and the answers workbook print this one list, so a hospital
// holding our page next to the official sheet finds the same columns.
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

export function itemGuidance(template: Pick<Template, "id">, item: Item): GuidanceBlock[] {
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
  return blocks;
}
