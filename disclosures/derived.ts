// Derived results: computed from answers by the rules a template declares, never typed in.
import type { Answers, StatusValue } from "./answers.js";
import { inScope, walkItems, type ItemEntry } from "./template-loader.js";
import type { DerivedResultDef, Outcome, Perspective, Template } from "./template-schema.js";

export const perspectiveLabels: Record<Perspective, string> = { prevent: "予防", detect: "発見", correct: "是正" };

export type AllMetResult = {
  rule: "allMet";
  key: string;
  title: string;
  /** fail wins over incomplete: the 代行機関 form says one 実施予定 already means 「遵守していない」. */
  state: "pass" | "fail" | "incomplete";
  label: string;
  applicable: number;
  met: number;
  notApplicable: number;
  /** Keys of applicable items not met (planned or unmet), in form order. */
  notMet: string[];
  unanswered: string[];
  /** The rule's note for each item in `notMet`, e.g. 「医療機関側のリスク評価が必要」. */
  unmetNote: string | null;
};

export type TallyResult = {
  rule: "tally";
  key: string;
  title: string;
  /** One group per 視点 present in scope, or a single 合計 group when the rule has no groupBy. */
  groups: { perspective?: Perspective; label: string; met: number; total: number }[];
};

export type DerivedResult = AllMetResult | TallyResult;

/** Outcome of a status item's answer, or undefined when unanswered or not a status item. */
export function outcomeOf(template: Template, entry: ItemEntry, answers: Answers): Outcome | undefined {
  const { answer } = entry.item;
  if (answer.kind !== "status") return undefined;
  const value = answers[entry.item.key] as StatusValue | undefined;
  if (!value) return undefined;
  const scale = template.scales?.find((s) => s.key === answer.scale);
  return scale?.options.find((o) => o.value === value.status)?.outcome;
}

function scoped(template: Template, rule: DerivedResultDef): ItemEntry[] {
  return [...walkItems(template)].filter((e) => e.item.answer.kind === "status" && inScope(template, e, rule.scope));
}

export function computeDerived(template: Template, answers: Answers): Record<string, DerivedResult> {
  const results: Record<string, DerivedResult> = {};
  for (const rule of template.derived ?? []) {
    const entries = scoped(template, rule);
    if (rule.rule === "allMet") {
      const result: AllMetResult = { rule: "allMet", key: rule.key, title: rule.title, state: "pass", label: "", applicable: 0, met: 0, notApplicable: 0, notMet: [], unanswered: [], unmetNote: rule.unmetNote ?? null };
      for (const entry of entries) {
        const outcome = outcomeOf(template, entry, answers);
        if (outcome === "notApplicable") {
          result.notApplicable++;
          continue;
        }
        result.applicable++;
        if (outcome === "met") result.met++;
        else if (outcome === undefined) result.unanswered.push(entry.item.key);
        else result.notMet.push(entry.item.key);
      }
      result.state = result.notMet.length ? "fail" : result.unanswered.length ? "incomplete" : "pass";
      result.label = rule.labels[result.state];
      results[rule.key] = result;
    } else if (!rule.groupBy) {
      const met = entries.filter((e) => outcomeOf(template, e, answers) === "met").length;
      results[rule.key] = { rule: "tally", key: rule.key, title: rule.title, groups: [{ label: "合計", met, total: entries.length }] };
    } else {
      const groups = new Map<Perspective, { met: number; total: number }>();
      for (const entry of entries) {
        const perspective = entry.item.perspective!;
        const group = groups.get(perspective) ?? { met: 0, total: 0 };
        group.total++;
        if (outcomeOf(template, entry, answers) === "met") group.met++;
        groups.set(perspective, group);
      }
      const order: Perspective[] = ["prevent", "detect", "correct"];
      results[rule.key] = {
        rule: "tally",
        key: rule.key,
        title: rule.title,
        groups: order.filter((p) => groups.has(p)).map((p) => ({ perspective: p, label: perspectiveLabels[p], ...groups.get(p)! })),
      };
    }
  }
  return results;
}

/**
 * The notes the template's rules attach to an item that is not met (GL 7.0 別紙: 「医療機関側のリスク評価が必要」),
 * each once: a whole-form rule and the 別紙 rule usually carry the same note, and a reader needs it once.
 */
export function unmetNotes(derived: Record<string, DerivedResult>, itemKey: string): string[] {
  const notes = Object.values(derived).flatMap((r) => (r.rule === "allMet" && r.unmetNote && r.notMet.includes(itemKey) ? [r.unmetNote] : []));
  return notes.length > 1 ? [...new Set(notes)] : notes;
}
