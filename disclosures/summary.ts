// What a published version says in numbers, computed once at publish and stored beside it, so
// the directory can filter and rank thousands of disclosures without reading their content.
// `outcomes` keeps one character per item of the template version in form order (`walkItems`):
// a template version never changes, so the position is a stable key.
import { answersOf } from "./disclosure-view.js";
import type { DisclosureContent } from "./disclosure-content.js";
import { outcomeOf } from "./derived.js";
import { hasAnswer } from "./publish-validation.js";
import { walkItems } from "./template-loader.js";
import type { Outcome, Template } from "./template-schema.js";

/** met, unmet, planned, notApplicable, assigned (役割分担); answered (non-status item); unanswered; derived. */
export type OutcomeCode = "m" | "u" | "p" | "n" | "a" | "y" | "." | "d";

const codeOf: Record<Outcome, OutcomeCode> = { met: "m", unmet: "u", planned: "p", notApplicable: "n", assigned: "a" };

export type VersionSummary = {
  requiredApplicable: number;
  requiredMet: number;
  recommendedApplicable: number;
  recommendedMet: number;
  planned: number;
  unmet: number;
  notApplicable: number;
  unanswered: number;
  outcomes: string;
};

export function outcomeCodes(template: Template, content: DisclosureContent): OutcomeCode[] {
  const answers = answersOf(content);
  const codes: OutcomeCode[] = [];
  for (const entry of walkItems(template)) {
    const { answer } = entry.item;
    if (answer.kind === "derived") codes.push("d");
    else if (answer.kind === "status") {
      const outcome = outcomeOf(template, entry, answers);
      codes.push(outcome ? codeOf[outcome] : ".");
    } else codes.push(hasAnswer(answer, answers[entry.item.key]) ? "y" : ".");
  }
  return codes;
}

/**
 * Coverage counts status items only (対応済・実施済 out of those not 対象外): a field such as a
 * company name cannot be "met". `unanswered` counts every answerable item of any level.
 */
export function summarizeVersion(template: Template, content: DisclosureContent): VersionSummary {
  const codes = outcomeCodes(template, content);
  const summary: VersionSummary = { requiredApplicable: 0, requiredMet: 0, recommendedApplicable: 0, recommendedMet: 0, planned: 0, unmet: 0, notApplicable: 0, unanswered: 0, outcomes: codes.join("") };
  let index = 0;
  for (const { item } of walkItems(template)) {
    const code = codes[index++];
    if (code === "p") summary.planned++;
    if (code === "u") summary.unmet++;
    if (code === "n") summary.notApplicable++;
    if (code === ".") summary.unanswered++;
    if (item.answer.kind !== "status" || code === "n") continue;
    if (item.level === "required") {
      summary.requiredApplicable++;
      if (code === "m") summary.requiredMet++;
    } else if (item.level === "recommended") {
      summary.recommendedApplicable++;
      if (code === "m") summary.recommendedMet++;
    }
  }
  return summary;
}

/** Item keys in the order of `outcomes`, for reading a stored summary back. */
export function itemKeyOrder(template: Template): string[] {
  return [...walkItems(template)].map((e) => e.item.key);
}
