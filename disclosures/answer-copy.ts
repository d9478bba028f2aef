// Answer once: what a draft would receive from another disclosure (of the same template, or of a template
// that holds the same items: the 代行機関 form's 別添 is the standalone 最低限のガイドライン遵守チェックリスト) or
// from the organisation's profile, and what may be written when the copy is applied. Pure: the models read
// and write the draft, this decides which items correspond, what would change, and what is still safe to write.
import { coherentValue } from "./answers.js";
import { canonicalJson, sha256Hex } from "./canonical-json.js";
import { evidenceView } from "./disclosure-view.js";
import { formatAnswer, sameResponse } from "./diff.js";
import { normalizeResponse, type DisclosureContent, type ItemResponse } from "./disclosure-content.js";
import { walkItems, walkSections } from "./template-loader.js";
import type { AnswerKind, Item, Section, Template } from "./template-schema.js";

export type ItemPair = { sourceKey: string; targetKey: string };
/** Items at corresponding keys that do not ask the same thing: never copied. */
export type Mismatch = ItemPair & { reason: "text" | "answer" };

/**
 * How the items of a source template correspond to a target template's. `sameKeys`: the same key (the same
 * template, or another version of it). `targetSection`: the source's items sit under a section of the target
 * (its keys prefixed with the section key, as the 代行機関 form's `appendix.` holds the checklist);
 * `sourceSection`: the other way round. Only items with the same text and the same kind of answer pair up.
 */
export type Correspondence = {
  via: { kind: "sameKeys" } | { kind: "targetSection" | "sourceSection"; section: string; title: string };
  /** In the target's form order. */
  pairs: ItemPair[];
  mismatches: Mismatch[];
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Items that take an answer (derived ones are computed, never copied), by key, in form order. */
function answerable(template: Template): Map<string, Item> {
  return new Map([...walkItems(template)].filter((e) => e.item.answer.kind !== "derived").map((e) => [e.item.key, e.item]));
}

/** An item text without width or spacing differences. */
const plainText = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

/** Item texts compared without width or spacing differences (「BYOD の実施」 = 「BYODの実施」). */
export function sameText(a: string, b: string): boolean {
  return plainText(a) === plainText(b);
}

/**
 * What an answer kind accepts, comparable across templates: the kind with all its options; for a status, the
 * values, outcomes and requirements of its scale's options (labels may differ: the stored value is the same).
 */
function answerShape(template: Template, answer: AnswerKind): string {
  if (answer.kind !== "status") return canonicalJson(answer);
  const scale = template.scales?.find((s) => s.key === answer.scale);
  return canonicalJson({
    kind: answer.kind,
    options: scale?.options.map((o) => ({ value: o.value, outcome: o.outcome, requires: o.requires })) ?? null,
    fields: scale?.fields ?? null,
  });
}

export function sameAnswer(source: Template, a: AnswerKind, target: Template, b: AnswerKind): boolean {
  return answerShape(source, a) === answerShape(target, b);
}

type Candidate = { via: Correspondence["via"]; map: (sourceKey: string) => string | undefined };

function candidates(source: Template, target: Template): Candidate[] {
  const list: Candidate[] = [{ via: { kind: "sameKeys" }, map: (k) => k }];
  for (const { section } of walkSections(target.sections)) {
    list.push({ via: { kind: "targetSection", section: section.key, title: section.title }, map: (k) => `${section.key}.${k}` });
  }
  for (const { section } of walkSections(source.sections)) {
    const prefix = `${section.key}.`;
    list.push({ via: { kind: "sourceSection", section: section.key, title: section.title }, map: (k) => (k.startsWith(prefix) ? k.slice(prefix.length) : undefined) });
  }
  return list;
}

/**
 * The items `source` and `target` share, derived from the templates themselves (never a table of keys): of
 * every way the keys may correspond (the same keys, or one template's items under a section of the other),
 * the one that pairs the most items with the same text and the same kind of answer. Null when none does.
 */
export function correspondence(source: Template, target: Template): Correspondence | null {
  // Each item's text and answer once, as compared (a 504-item form meets every section's candidate).
  const facts = (template: Template) => new Map([...answerable(template)].map(([key, item]) => [key, { text: plainText(item.text), answer: answerShape(template, item.answer) }]));
  const sourceItems = facts(source);
  const targetItems = facts(target);
  const order = new Map([...targetItems.keys()].map((k, i) => [k, i]));
  const most = Math.min(sourceItems.size, targetItems.size);
  let best: Correspondence | null = null;
  for (const candidate of candidates(source, target)) {
    const pairs: ItemPair[] = [];
    const mismatches: Mismatch[] = [];
    for (const [sourceKey, item] of sourceItems) {
      const targetKey = candidate.map(sourceKey);
      const other = targetKey === undefined ? undefined : targetItems.get(targetKey);
      if (!other) continue;
      const pair = { sourceKey, targetKey: targetKey! };
      if (item.text !== other.text) mismatches.push({ ...pair, reason: "text" });
      else if (item.answer !== other.answer) mismatches.push({ ...pair, reason: "answer" });
      else pairs.push(pair);
    }
    if (pairs.length > (best?.pairs.length ?? 0)) {
      const byTarget = (a: ItemPair, b: ItemPair) => order.get(a.targetKey)! - order.get(b.targetKey)!;
      best = { via: candidate.via, pairs: pairs.sort(byTarget), mismatches: mismatches.sort(byTarget) };
      // Every item of the smaller template is paired: no other way can pair more.
      if (pairs.length === most) break;
    }
  }
  return best;
}

// ---- what a copy would do ------------------------------------------------------------------------

export type CopyMode = "fill" | "overwrite";
/** fill: the item is empty; overwrite / keep: it holds something else (written only when overwriting); identical: nothing to do. */
export type CopyAction = "fill" | "overwrite" | "identical" | "keep";
export type CopyCounts = Record<CopyAction, number>;
/** `from`: the source item's key, or the profile fact the answer comes from. */
export type Proposal = { key: string; from: string; response: ItemResponse | undefined };
export type PlannedItem = { key: string; from: string; action: CopyAction; current?: ItemResponse; copied: ItemResponse };
export type CopyPlan = {
  mode: CopyMode;
  /** Every proposal the source has an answer for, in the order given (the target's form order). */
  items: PlannedItem[];
  counts: CopyCounts;
  /** Proposals for items the source has not answered: nothing to copy. */
  sourceEmpty: number;
};

export const writes = (action: CopyAction) => action === "fill" || action === "overwrite";

const noCounts = (): CopyCounts => ({ fill: 0, overwrite: 0, identical: 0, keep: 0 });

/** A response as stored content holds it (blank parts dropped); undefined when nothing is said. */
export function responseIn(content: DisclosureContent, key: string): ItemResponse | undefined {
  const responses: unknown = content.responses;
  // Inherited names (toString, __proto__) give functions or an empty object: nothing said either way.
  const response = isPlainObject(responses) ? responses[key] : undefined;
  return isPlainObject(response) ? normalizeResponse(response as ItemResponse) : undefined;
}

/** The response as the target item would store it: through the same coherence rule as a save (`coherentValue`). */
function coherentResponse(template: Template, item: Item, response: ItemResponse | undefined): ItemResponse | undefined {
  if (!response) return undefined;
  return normalizeResponse(response.value === undefined ? response : { ...response, value: coherentValue(item.answer, template, response.value) as ItemResponse["value"] });
}

/**
 * What writing `proposals` into `targetContent` would do, item by item. An empty item is filled; an item that
 * says something else is overwritten only in "overwrite" mode (otherwise kept); an identical one is left alone.
 * Proposals for keys the target has no answerable item for are dropped.
 */
export function planProposals(target: Template, targetContent: DisclosureContent, proposals: Proposal[], mode: CopyMode): CopyPlan {
  const items = answerable(target);
  const counts = noCounts();
  const planned: PlannedItem[] = [];
  let sourceEmpty = 0;
  for (const proposal of proposals) {
    const item = items.get(proposal.key);
    if (!item) continue;
    const copied = coherentResponse(target, item, proposal.response);
    if (!copied) {
      sourceEmpty++;
      continue;
    }
    const current = responseIn(targetContent, proposal.key);
    const action: CopyAction = !current ? "fill" : sameResponse(item, current, copied) ? "identical" : mode === "overwrite" ? "overwrite" : "keep";
    counts[action]++;
    planned.push({ key: proposal.key, from: proposal.from, action, ...(current ? { current } : {}), copied });
  }
  return { mode, items: planned, counts, sourceEmpty };
}

/** What copying `sourceContent` into `targetContent` along `link` would do. */
export function planCopy(input: { target: Template; targetContent: DisclosureContent; sourceContent: DisclosureContent; link: Correspondence; mode: CopyMode }): CopyPlan {
  const proposals = input.link.pairs.map((p) => ({ key: p.targetKey, from: p.sourceKey, response: responseIn(input.sourceContent, p.sourceKey) }));
  return planProposals(input.target, input.targetContent, proposals, input.mode);
}

/**
 * A fingerprint of what the copy would write to each item. It depends on the source only, so a preview and its
 * apply agree on it unless the source changed in between (the target's own changes are checked item by item).
 */
export function copiedDigest(plan: CopyPlan): string {
  return sha256Hex(canonicalJson([plan.mode, plan.items.map((i) => [i.key, i.copied])]));
}

/** The revision of every item the preview would write: what applying it checks. */
export function previewedRevisions(plan: CopyPlan, revisions: Record<string, number>): Record<string, number> {
  return Object.fromEntries(plan.items.filter((i) => writes(i.action)).map((i) => [i.key, revisions[i.key] ?? 0]));
}

export type ApplyDecision = {
  writes: { key: string; baseRevision: number; response: ItemResponse }[];
  /** Items the preview would have written that someone changed since: left as they are. */
  changedSince: string[];
};

/**
 * What may be written now, given the plan recomputed at apply time, the revisions the preview showed, and the
 * draft's revisions now. Only items the preview showed as written are written, and only if nobody changed them
 * since (an item that meanwhile came to say exactly what the copy would write is no conflict). Items the
 * preview did not show are never written, whatever the plan says now.
 */
export function decideApply(plan: CopyPlan, previewed: Record<string, number>, revisions: Record<string, number>): ApplyDecision {
  const decision: ApplyDecision = { writes: [], changedSince: [] };
  for (const item of plan.items) {
    if (!Object.prototype.hasOwnProperty.call(previewed, item.key) || item.action === "identical") continue;
    const seen = previewed[item.key];
    if ((revisions[item.key] ?? 0) !== seen) decision.changedSince.push(item.key);
    else if (writes(item.action)) decision.writes.push({ key: item.key, baseRevision: seen, response: item.copied });
  }
  return decision;
}

// ---- the preview in words ---------------------------------------------------------------------------

export type PlanRow = { key: string; number: string | null; text: string; action: CopyAction; current: string[]; copied: string[] };
export type PlanSection = { key: string; trail: string[]; counts: CopyCounts; rows: PlanRow[] };

/** A response in words: the answer, then 備考 and 根拠資料 when there are any. */
export function responseLines(template: Template, item: Item, response: ItemResponse | undefined): string[] {
  if (!response) return [];
  const lines = response.value === undefined ? [] : [formatAnswer(template, item, response.value)];
  if (response.note) lines.push(`備考: ${response.note}`);
  for (const e of evidenceView(response.evidence)) lines.push(`根拠資料: ${[e.name, e.url].filter(Boolean).join(" — ")}`);
  return lines;
}

/**
 * The plan grouped by the target's sections (innermost, in form order) with counts per section. Identical items
 * are counted but get no row: there is nothing to look at.
 */
export function planSections(target: Template, plan: CopyPlan): PlanSection[] {
  const byKey = new Map(plan.items.map((i) => [i.key, i]));
  const sections = new Map<string, PlanSection>();
  for (const { item, sections: trail } of walkItems(target)) {
    const planned = byKey.get(item.key);
    if (!planned) continue;
    const section = trail[trail.length - 1] as Section;
    let group = sections.get(section.key);
    if (!group) {
      group = { key: section.key, trail: trail.map((s) => s.title), counts: noCounts(), rows: [] };
      sections.set(section.key, group);
    }
    group.counts[planned.action]++;
    if (planned.action === "identical") continue;
    group.rows.push({
      key: item.key,
      number: item.number ?? null,
      text: item.text,
      action: planned.action,
      current: responseLines(target, item, planned.current),
      copied: responseLines(target, item, planned.copied),
    });
  }
  return [...sections.values()];
}
