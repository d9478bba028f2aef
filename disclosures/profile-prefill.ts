// Organisation facts that answer template items outright, so a vendor does not type them again: what each
// fact answers and in which form. Only matches that leave nothing to judge are listed; what was considered and
// left out is in DECISIONS.md (22). Pure: the models gather the facts and write through `planProposals`
// (disclosures/answer-copy.ts) in "fill" mode, so nothing the vendor typed is ever replaced.
import { answerSchema } from "./answers.js";
import { EVIDENCE_MAX, type ItemResponse } from "./disclosure-content.js";
import type { Proposal } from "./answer-copy.js";
import { walkItems } from "./template-loader.js";
import type { Item, Template } from "./template-schema.js";

export type OrganizationFacts = {
  name: string;
  address: string | null;
  /** Certifications in force today, with the names people use for them (「Pマーク」). */
  certifications: { kind: string; label: string; number: string | null }[];
};

export type ProfileFact = "name" | "address" | "certification";
export const profileFactLabels: Record<ProfileFact, string> = { name: "組織名", address: "所在地", certification: "第三者認証" };

/** A one-line or multi-line text item answered by `text`, if the item accepts it as it is. */
function textAnswer(item: Item, template: Template, text: string | null): ItemResponse | undefined {
  const value = text?.trim();
  if (!value || (item.answer.kind !== "text" && item.answer.kind !== "multiline")) return undefined;
  return answerSchema(item.answer, template)!.safeParse(value).success ? { value } : undefined;
}

/** Kinds that the item 「プライバシーマーク認定・ISMS認証等の公正な第三者の認定を取得すること」 names. */
const THIRD_PARTY_KINDS = ["pmark", "isms"];

/** The scale's option that means met and needs nothing more (対応済), and the certificates as evidence. */
function certificationAnswer(item: Item, template: Template, facts: OrganizationFacts): ItemResponse | undefined {
  const held = facts.certifications.filter((c) => THIRD_PARTY_KINDS.includes(c.kind));
  if (!held.length || item.answer.kind !== "status") return undefined;
  const scale = item.answer.scale;
  const met = template.scales?.find((s) => s.key === scale)?.options.find((o) => o.outcome === "met" && !o.requires);
  if (!met) return undefined;
  return {
    value: { status: met.value },
    evidence: held.slice(0, EVIDENCE_MAX).map((c) => ({ name: c.number ? `${c.label}（登録番号 ${c.number}）` : c.label })),
  };
}

type Rule = { template: string; item: string; fact: ProfileFact; answer: (item: Item, template: Template, facts: OrganizationFacts) => ItemResponse | undefined };

/** Keyed by template id and item key: keys are stable across template versions (DECISIONS 2). */
export const profileRules: Rule[] = [
  { template: "agency-disclosure", item: "name", fact: "name", answer: (item, template, facts) => textAnswer(item, template, facts.name) },
  { template: "agency-disclosure", item: "address", fact: "address", answer: (item, template, facts) => textAnswer(item, template, facts.address) },
  { template: "hispro-checksheet", item: "1.1.1.37", fact: "certification", answer: certificationAnswer },
];

/** What the organisation's facts answer in `template`, as proposals for `planProposals` (`from` is the fact). */
export function profileProposals(template: Template, facts: OrganizationFacts, rules: Rule[] = profileRules): Proposal[] {
  const items = new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  return rules.flatMap((rule) => {
    const item = rule.template === template.id ? items.get(rule.item) : undefined;
    const response = item ? rule.answer(item, template, facts) : undefined;
    return item && response ? [{ key: item.key, from: rule.fact, response }] : [];
  });
}
