// A structural summary of a template for tooling (`scripts/templates.ts summary`) and lists.
import { canonicalJson, sha256Hex } from "./canonical-json.js";
import { walkItems } from "./template-loader.js";
import type { Level, Section, Template } from "./template-schema.js";

export type SectionSummary = { key: string; title: string; itemCount: number; sections: SectionSummary[] };
export type TemplateSummary = {
  id: string;
  version: string;
  title: string;
  itemCount: number;
  byLevel: Record<Level, number>;
  sections: SectionSummary[];
};

/** The canonical content hash of a validated template: the `content_hash` `app/models/template.server.ts` stores. */
export function templateContentHash(template: Template): string {
  return sha256Hex(canonicalJson(template));
}

/** Derived items show a computed result: they are not answerable and are not counted. */
const isAnswerable = (item: { answer: { kind: string } }) => item.answer.kind !== "derived";

function summarizeSection(section: Section): SectionSummary {
  const sections = (section.sections ?? []).map(summarizeSection);
  const own = (section.items ?? []).filter(isAnswerable).length;
  return { key: section.key, title: section.title, itemCount: own + sections.reduce((n, s) => n + s.itemCount, 0), sections };
}

export function summarizeTemplate(template: Template): TemplateSummary {
  const byLevel: Record<Level, number> = { required: 0, recommended: 0, none: 0 };
  let itemCount = 0;
  for (const { item } of walkItems(template)) {
    if (!isAnswerable(item)) continue;
    itemCount++;
    byLevel[item.level]++;
  }
  return { id: template.id, version: template.version, title: template.title, itemCount, byLevel, sections: template.sections.map(summarizeSection) };
}

/** What `scripts/templates.ts summary` (and `import --dry-run`) prints per template: the summary and the version's content hash. */
export type TemplateVersionSummary = Pick<TemplateSummary, "id" | "version" | "title"> & { contentHash: string } & Omit<TemplateSummary, "id" | "version" | "title">;

export function summarizeTemplateVersion(template: Template): TemplateVersionSummary {
  const { id, version, title, ...counts } = summarizeTemplate(template);
  return { id, version, title, contentHash: templateContentHash(template), ...counts };
}
