// Derived results: computed from answers by the rules a template declares, never typed in.
import type { Answers, StatusValue } from "./answers.js";
import { officialReadingOf, registeredScaleOf, type OfficialReading, type RuleBasis } from "./scale-registry.js";
import { inScope, walkItems, type ItemEntry } from "./template-loader.js";
import type { AllMetRuleDef, DerivedResultDef, Outcome, Perspective, Scale, Template } from "./template-schema.js";

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
  /** The note of the official form this result implements (注8 of the 代行機関 form); null for the portal's own rules. */
  basis: (RuleBasis & { label: string }) | null;
  /**
   * Items answered with an option the form does not have (対象外), counted as the form shows them (実施予定 with
   * 「対象事項無」): they are in `notMet`, so one of them gives 「遵守していない」, as the form's note says.
   */
  countedAsOfficial: { key: string; reading: OfficialReading }[];
  /**
   * Secondary, never the verdict: what the result would be leaving those items out (「対象事項無の n 項目を除くと、…」).
   * Null when no item was counted that way.
   */
  excludingOfficial: { count: number; remark: string; state: "pass" | "fail" | "incomplete"; label: string; text: string } | null;
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

/**
 * How the official form shows a status item's answer when the option is one only the portal offers (対象外 on the
 * 最低限 checklist → 実施予定 with 「対象事項無」); undefined when the form has the option itself or it is unanswered.
 */
export function officialReadingOfAnswer(template: Template, itemKey: string, scaleKey: string, answers: Answers): OfficialReading | undefined {
  const value = answers[itemKey] as StatusValue | undefined;
  if (!value || typeof value !== "object" || typeof value.status !== "string") return undefined;
  const scale = template.scales?.find((s) => s.key === scaleKey);
  if (!scale?.options.some((o) => o.value === value.status)) return undefined;
  return officialReadingOf(scale, value.status);
}

/**
 * The outcome the official form gives an answer of `outcome` on this scale: the option's official reading where
 * every option with that outcome has the same one (the stored summary keeps outcomes, not option values), else
 * the outcome itself.
 */
export function officialOutcome(scale: Scale | undefined, outcome: Outcome): Outcome {
  if (!scale) return outcome;
  const readings = scale.options.filter((o) => o.outcome === outcome).map((o) => officialReadingOf(scale, o.value)?.outcome);
  return readings.length && readings.every((r) => r !== undefined && r === readings[0]) ? readings[0]! : outcome;
}

/**
 * The note of the official form an 「全項目」 rule implements: the note the registry gives the scale of every status
 * item in its scope (注8 of the 代行機関 form for the 最低限 checklist, standalone or as the 別添); null otherwise.
 */
export function ruleBasisOf(template: Template, rule: AllMetRuleDef, entries = scoped(template, rule)): (RuleBasis & { label: string }) | null {
  let basis: RuleBasis | undefined;
  for (const entry of entries) {
    const answer = entry.item.answer;
    const scale = answer.kind === "status" ? template.scales?.find((s) => s.key === answer.scale) : undefined;
    const own = scale ? registeredScaleOf(scale)?.basis : undefined;
    if (!own || (basis && basis !== own)) return null;
    basis = own;
  }
  return basis ? { ...basis, label: `${basis.note}による判定` } : null;
}

function scoped(template: Template, rule: DerivedResultDef): ItemEntry[] {
  return [...walkItems(template)].filter((e) => e.item.answer.kind === "status" && inScope(template, e, rule.scope));
}

export function computeDerived(template: Template, answers: Answers): Record<string, DerivedResult> {
  const results: Record<string, DerivedResult> = {};
  for (const rule of template.derived ?? []) {
    const entries = scoped(template, rule);
    if (rule.rule === "allMet") {
      results[rule.key] = allMet(template, rule, entries, answers);
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
      // Every 視点, those without items too: the sheet's summary prints 「発見 - 0/0」 rather than leaving the row out.
      const order: Perspective[] = ["prevent", "detect", "correct"];
      results[rule.key] = {
        rule: "tally",
        key: rule.key,
        title: rule.title,
        groups: order.map((p) => ({ perspective: p, label: perspectiveLabels[p], ...(groups.get(p) ?? { met: 0, total: 0 }) })),
      };
    }
  }
  return results;
}

/** A tally's 割合 as the cybersecurity sheet prints it: 「20.0%」 with one decimal, 「-」 when there is nothing to count. */
export function ratioLabel(met: number, total: number): string {
  return total > 0 ? `${(Math.round((met * 1000) / total) / 10).toFixed(1)}%` : "-";
}

const stateOf = (notMet: number, unanswered: number) => (notMet ? "fail" : unanswered ? "incomplete" : "pass");

function allMet(template: Template, rule: AllMetRuleDef, entries: ItemEntry[], answers: Answers): AllMetResult {
  const basis = ruleBasisOf(template, rule, entries);
  const result: AllMetResult = {
    rule: "allMet",
    key: rule.key,
    title: rule.title,
    state: "pass",
    label: "",
    applicable: 0,
    met: 0,
    notApplicable: 0,
    notMet: [],
    unanswered: [],
    unmetNote: rule.unmetNote ?? null,
    basis,
    countedAsOfficial: [],
    excludingOfficial: null,
  };
  for (const entry of entries) {
    let outcome = outcomeOf(template, entry, answers);
    // An option the form does not have counts as the form shows it. Scales whose forms have 対象外 themselves
    // (MDS/SDS, GL 7.0 別紙: はい or 対象外) have no official reading, so 対象外 stays out there, as their source says.
    const answer = entry.item.answer;
    const reading = answer.kind === "status" && outcome !== undefined ? officialReadingOfAnswer(template, entry.item.key, answer.scale, answers) : undefined;
    if (reading) {
      result.countedAsOfficial.push({ key: entry.item.key, reading });
      outcome = reading.outcome;
    }
    if (outcome === "notApplicable") {
      result.notApplicable++;
      continue;
    }
    result.applicable++;
    if (outcome === "met") result.met++;
    else if (outcome === undefined) result.unanswered.push(entry.item.key);
    else result.notMet.push(entry.item.key);
  }
  result.state = stateOf(result.notMet.length, result.unanswered.length);
  result.label = rule.labels[result.state];
  if (result.countedAsOfficial.length) {
    const counted = new Set(result.countedAsOfficial.map((c) => c.key));
    const state = stateOf(result.notMet.filter((k) => !counted.has(k)).length, result.unanswered.length);
    const count = counted.size;
    const remark = result.countedAsOfficial[0].reading.remark;
    result.excludingOfficial = { count, remark, state, label: rule.labels[state], text: `${remark}の${count}項目を除くと、${rule.labels[state]}` };
  }
  return result;
}

/**
 * The notes the template's rules attach to an item that is not met (GL 7.0 別紙: 「医療機関側のリスク評価が必要」),
 * each once: a whole-form rule and the 別紙 rule usually carry the same note, and a reader needs it once.
 */
export function unmetNotes(derived: Record<string, DerivedResult>, itemKey: string): string[] {
  const notes = Object.values(derived).flatMap((r) => (r.rule === "allMet" && r.unmetNote && r.notMet.includes(itemKey) ? [r.unmetNote] : []));
  return notes.length > 1 ? [...new Set(notes)] : notes;
}

/**
 * What a reader must know about an answer the form cannot show as given: 対象外 on the 最低限 checklist is printed
 * as 「実施予定（対象事項無）」 and counted as 実施予定 by the form's note (once, whichever rules count it).
 */
export function officialNotes(derived: Record<string, DerivedResult>, itemKey: string): string[] {
  for (const r of Object.values(derived)) {
    if (r.rule !== "allMet") continue;
    const counted = r.countedAsOfficial.find((c) => c.key === itemKey);
    if (counted) return [`様式上は「${counted.reading.label}（${counted.reading.remark}）」: ${r.basis ? `${r.basis.note}の判定では` : "様式の判定では"}${counted.reading.label}として数えます`];
  }
  return [];
}

/**
 * How a rule follows its official form, in words for the template page: the note it implements and how each
 * option the form does not have is counted (「対象外」 → 「実施予定（対象事項無）」); null for the portal's own rules.
 */
export function officialRuleOf(template: Template, rule: DerivedResultDef): { basis: RuleBasis & { label: string }; readings: string[] } | null {
  if (rule.rule !== "allMet") return null;
  const basis = ruleBasisOf(template, rule);
  if (!basis) return null;
  const readings = new Set<string>();
  for (const entry of scoped(template, rule)) {
    const answer = entry.item.answer;
    const scale = answer.kind === "status" ? template.scales?.find((s) => s.key === answer.scale) : undefined;
    for (const option of scale?.options ?? []) {
      const reading = officialReadingOf(scale, option.value);
      if (reading) readings.add(`「${option.label}」は様式にない選択肢のため、様式どおり「${reading.label}（${reading.remark}）」と印刷し、${reading.label}として判定します。`);
    }
  }
  return { basis, readings: [...readings] };
}
