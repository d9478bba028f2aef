// How far a disclosure has been filled in, overall and per section (including sub-sections),
// for the editor's sidebar and the publish page. Derived items are computed, so never counted.
import type { DisclosureContent } from "./disclosure-content.js";
import { hasAnswer } from "./publish-validation.js";
import type { Item, Section, Template } from "./template-schema.js";

export type Counts = {
  /** Items of level "required". */
  required: number;
  /** Required items that have an answer. */
  requiredAnswered: number;
  /** Items of any level that have an answer. */
  answered: number;
  /** Every answerable (non-derived) item. */
  total: number;
};

export type SectionProgress = { key: string; title: string; depth: number; counts: Counts };
export type Progress = { overall: Counts; sections: SectionProgress[] };

const zero = (): Counts => ({ required: 0, requiredAnswered: 0, answered: 0, total: 0 });

function add(to: Counts, from: Counts): void {
  to.required += from.required;
  to.requiredAnswered += from.requiredAnswered;
  to.answered += from.answered;
  to.total += from.total;
}

/**
 * Counts over each section's whole subtree; sections depth-first in form order (a section
 * before its sub-sections), every section listed even when it has no answerable items.
 * "Answered" means something is said (see `hasAnswer`), whether or not it is valid: validity
 * is `validateForPublish`'s business. Responses to keys the template does not have are ignored.
 */
export function progressOf(template: Template, content: DisclosureContent): Progress {
  const responses = content.responses ?? {};
  const answered = (item: Item) =>
    Object.prototype.hasOwnProperty.call(responses, item.key) && hasAnswer(item.answer, responses[item.key]?.value);
  const sections: SectionProgress[] = [];

  function visit(section: Section, depth: number): Counts {
    const counts = zero();
    const entry: SectionProgress = { key: section.key, title: section.title, depth, counts };
    sections.push(entry);
    for (const item of section.items ?? []) {
      if (item.answer.kind === "derived") continue;
      const done = answered(item);
      counts.total++;
      if (done) counts.answered++;
      if (item.level === "required") {
        counts.required++;
        if (done) counts.requiredAnswered++;
      }
    }
    for (const child of section.sections ?? []) add(counts, visit(child, depth + 1));
    return counts;
  }

  const overall = zero();
  for (const section of template.sections) add(overall, visit(section, 0));
  return { overall, sections };
}
