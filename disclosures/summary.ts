// What a published version says in numbers, computed once at publish and stored beside it, so
// the directory can filter and rank thousands of disclosures without reading their content.
// `outcomes` keeps one character per item of the template version in form order (`walkItems`):
// a template version never changes, so the position is a stable key.
import { answersOf } from "./disclosure-view.js";
import type { DisclosureContent } from "./disclosure-content.js";
import { officialOutcome, outcomeOf } from "./derived.js";
import { hasAnswer } from "./publish-validation.js";
import { inScope, walkItems } from "./template-loader.js";
import type { Item, Outcome, Template } from "./template-schema.js";

/** met, unmet, planned, notApplicable, assigned (役割分担); answered (non-status item); unanswered; derived. */
export type OutcomeCode = "m" | "u" | "p" | "n" | "a" | "y" | "." | "d";

const codeOf: Record<Outcome, OutcomeCode> = { met: "m", unmet: "u", planned: "p", notApplicable: "n", assigned: "a" };

export type OutcomeCounts = {
  requiredApplicable: number;
  requiredMet: number;
  recommendedApplicable: number;
  recommendedMet: number;
  planned: number;
  unmet: number;
  notApplicable: number;
  unanswered: number;
};

export type VersionSummary = OutcomeCounts & {
  outcomes: string;
  /** On a form answered per product release (MDS): 「製品名 バージョン」 as published; else null. */
  release: string | null;
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
export function countOutcomes<T extends Pick<Item, "level" | "answer">>(items: Iterable<T>, codeOf: (item: T, index: number) => OutcomeCode): OutcomeCounts {
  const counts: OutcomeCounts = { requiredApplicable: 0, requiredMet: 0, recommendedApplicable: 0, recommendedMet: 0, planned: 0, unmet: 0, notApplicable: 0, unanswered: 0 };
  let index = 0;
  for (const item of items) {
    const code = codeOf(item, index++);
    if (code === "p") counts.planned++;
    if (code === "u") counts.unmet++;
    if (code === "n") counts.notApplicable++;
    if (code === ".") counts.unanswered++;
    if (item.answer.kind !== "status" || code === "n") continue;
    if (item.level === "required") {
      counts.requiredApplicable++;
      if (code === "m") counts.requiredMet++;
    } else if (item.level === "recommended") {
      counts.recommendedApplicable++;
      if (code === "m") counts.recommendedMet++;
    }
  }
  return counts;
}

export function summarizeVersion(template: Template, content: DisclosureContent): VersionSummary {
  const codes = outcomeCodes(template, content);
  const items = [...walkItems(template)].map((e) => e.item);
  return { ...countOutcomes(items, (_, i) => codes[i]), outcomes: codes.join(""), release: releaseOf(template, content) };
}

/** The product release a disclosure on a per-release form (MDS) is about, 「製品名 バージョン」; null on other forms. */
export function releaseOf(template: Pick<Template, "release">, content: DisclosureContent): string | null {
  if (!template.release) return null;
  const responses = content.responses ?? {};
  const text = (key: string) => {
    const value = Object.prototype.hasOwnProperty.call(responses, key) ? responses[key]?.value : undefined;
    return typeof value === "string" ? value.trim() : "";
  };
  return [text(template.release.product), text(template.release.version)].filter(Boolean).join(" ") || null;
}

/** Item keys in the order of `outcomes`, for reading a stored summary back. */
export function itemKeyOrder(template: Template): string[] {
  return [...walkItems(template)].map((e) => e.item.key);
}

/**
 * The `allMet` rules (derived results) that a stored version passes, read from its outcome codes alone: every
 * applicable status item in the rule's scope is met (対象外 left out; an unanswered item means not passed),
 * exactly as computeDerived decides, so the directory can filter on it without reading any content. An option the
 * form does not have counts as the form shows it (対象外 on the 最低限 checklist → 実施予定, 注8): whatever version a
 * disclosure was published on, the stored codes keep the vendor's answer and the verdict is the official one.
 */
export function passedRules(template: Template, outcomes: string): string[] {
  const entries = [...walkItems(template)];
  const scales = new Map((template.scales ?? []).map((s) => [s.key, s]));
  return (template.derived ?? []).flatMap((rule) => {
    if (rule.rule !== "allMet") return [];
    const passed = entries.every((entry, i) => {
      const answer = entry.item.answer;
      if (answer.kind !== "status" || !inScope(template, entry, rule.scope)) return true;
      if (outcomes[i] === "m") return true;
      if (outcomes[i] !== "n") return false;
      return officialOutcome(scales.get(answer.scale), "notApplicable") === "notApplicable";
    });
    return passed ? [rule.key] : [];
  });
}

/**
 * Outcome codes as the official form reads them, for the comparison and the hospital's criteria: an answer with
 * an option the form does not have (対象外 on the 最低限 checklist) becomes the form's (実施予定, "p").
 */
export function officialOutcomeCodes(template: Template, codes: readonly OutcomeCode[]): OutcomeCode[] {
  const scales = new Map((template.scales ?? []).map((s) => [s.key, s]));
  let i = 0;
  const out: OutcomeCode[] = [];
  for (const entry of walkItems(template)) {
    const code = codes[i++];
    const answer = entry.item.answer;
    out.push(code === "n" && answer.kind === "status" ? codeOf[officialOutcome(scales.get(answer.scale), "notApplicable")] : code);
  }
  return out;
}
