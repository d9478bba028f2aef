// Editions side by side: which item of a new edition of a form continues which item of the previous one
// (SDS Ver.5.0 after Ver.4.1, 令和8年度 after 令和7年度), and what a disclosure's answers become on the new
// edition. A crosswalk is proposed from the two templates (same number and similar text first, then similar
// text alone), confirmed or corrected by an administrator, and stored with the edition; everything here is
// pure and works on any two templates.
import { answerSchema, coherentValue, type StatusValue } from "./answers.js";
import type { CompareInput } from "./compare.js";
import type { DisclosureContent, ItemResponse } from "./disclosure-content.js";
import { walkItems } from "./template-loader.js";
import type { Item, Template } from "./template-schema.js";

/** How a match was found: `number` (same printed number, similar text), `text` (similar text), `confirmed` (by an administrator). */
export type MatchBasis = "number" | "text" | "confirmed";

export type CrosswalkMatch = {
  from: string;
  to: string;
  by: MatchBasis;
  /** Text similarity of the two items, 0–1 (character bigrams, width and spacing ignored). */
  similarity: number;
  /** The item's words changed: answers carried over are flagged for the vendor to review. */
  textChanged: boolean;
};

export type Crosswalk = {
  templateId: string;
  fromVersion: string;
  toVersion: string;
  matches: CrosswalkMatch[];
  /** Items of the old edition that nothing continues. */
  removed: string[];
  /** Items of the new edition that continue nothing. */
  added: string[];
};

/** Similarity below which two items with the same number are not taken for the same item. */
export const NUMBER_MATCH_MIN = 0.5;
/** Similarity above which two items are proposed as the same item whatever their numbers. */
export const TEXT_MATCH_MIN = 0.75;

const plain = (text: string) => text.normalize("NFKC").replace(/[\s、。・，．,.:：;；「」『』（）()]/g, "").toLowerCase();

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const s = plain(text);
  if (s.length === 1) grams.set(s, 1);
  for (let i = 0; i + 1 < s.length; i++) grams.set(s.slice(i, i + 2), (grams.get(s.slice(i, i + 2)) ?? 0) + 1);
  return grams;
}

/** Dice coefficient over character bigrams (with multiplicity): 1 for the same words, 0 for nothing in common. */
export function textSimilarity(a: string, b: string): number {
  return diceOf(bigrams(a), bigrams(b));
}

function diceOf(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0;
  let shared = 0;
  for (const n of a.values()) total += n;
  for (const n of b.values()) total += n;
  if (total === 0) return 1;
  for (const [gram, n] of a) shared += Math.min(n, b.get(gram) ?? 0);
  return (2 * shared) / total;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const normalizedNumber = (n: string | undefined) => (n === undefined ? undefined : plain(n));

/** Items that take an answer, in form order (derived ones are computed on each edition by its own rules). */
function answerable(template: Template): Item[] {
  return [...walkItems(template)].map((e) => e.item).filter((item) => item.answer.kind !== "derived");
}

/**
 * The proposed crosswalk from `from` to `to`: first pairs with the same printed number whose texts are at least
 * NUMBER_MATCH_MIN alike, then, among what is left, the most similar pairs at or above TEXT_MATCH_MIN, each
 * item used once, best first. Deterministic: ties go to form order.
 */
export function proposeCrosswalk(from: Template, to: Template): Crosswalk {
  const olds = answerable(from);
  const news = answerable(to);
  const oldGrams = olds.map((i) => bigrams(i.text));
  const newGrams = news.map((i) => bigrams(i.text));
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const matches: (CrosswalkMatch & { at: number })[] = [];
  const take = (o: number, n: number, by: MatchBasis, similarity: number) => {
    usedOld.add(o);
    usedNew.add(n);
    matches.push({ from: olds[o].key, to: news[n].key, by, similarity: round(similarity), textChanged: plain(olds[o].text) !== plain(news[n].text), at: n });
  };

  const newByNumber = new Map<string, number[]>();
  news.forEach((item, n) => {
    const number = normalizedNumber(item.number);
    if (number) newByNumber.set(number, [...(newByNumber.get(number) ?? []), n]);
  });
  olds.forEach((item, o) => {
    const number = normalizedNumber(item.number);
    const best = (number ? (newByNumber.get(number) ?? []) : [])
      .filter((n) => !usedNew.has(n))
      .map((n) => ({ n, similarity: diceOf(oldGrams[o], newGrams[n]) }))
      .filter((c) => c.similarity >= NUMBER_MATCH_MIN)
      .sort((a, b) => b.similarity - a.similarity || a.n - b.n)[0];
    if (best) take(o, best.n, "number", best.similarity);
  });

  const pairs: { o: number; n: number; similarity: number }[] = [];
  olds.forEach((_, o) => {
    if (usedOld.has(o)) return;
    news.forEach((_, n) => {
      if (usedNew.has(n)) return;
      const similarity = diceOf(oldGrams[o], newGrams[n]);
      if (similarity >= TEXT_MATCH_MIN) pairs.push({ o, n, similarity });
    });
  });
  pairs.sort((a, b) => b.similarity - a.similarity || a.n - b.n || a.o - b.o);
  for (const { o, n, similarity } of pairs) if (!usedOld.has(o) && !usedNew.has(n)) take(o, n, "text", similarity);

  matches.sort((a, b) => a.at - b.at);
  return {
    templateId: to.id,
    fromVersion: from.version,
    toVersion: to.version,
    matches: matches.map(({ at: _at, ...m }) => m),
    removed: olds.filter((_, o) => !usedOld.has(o)).map((i) => i.key),
    added: news.filter((_, n) => !usedNew.has(n)).map((i) => i.key),
  };
}

export type CrosswalkProblem = { key: string; message: string };

/** An administrator's crosswalk checked against the two editions: every key exists, each item is used once. */
export function checkCrosswalk(crosswalk: Pick<Crosswalk, "matches">, from: Template, to: Template): CrosswalkProblem[] {
  const olds = new Set(answerable(from).map((i) => i.key));
  const news = new Set(answerable(to).map((i) => i.key));
  const problems: CrosswalkProblem[] = [];
  const seenFrom = new Set<string>();
  const seenTo = new Set<string>();
  for (const m of crosswalk.matches) {
    if (!olds.has(m.from)) problems.push({ key: m.from, message: `旧版に項目「${m.from}」がありません` });
    if (!news.has(m.to)) problems.push({ key: m.to, message: `新版に項目「${m.to}」がありません` });
    if (seenFrom.has(m.from)) problems.push({ key: m.from, message: `旧版の項目「${m.from}」が複数の項目に対応づけられています` });
    if (seenTo.has(m.to)) problems.push({ key: m.to, message: `新版の項目「${m.to}」に複数の項目が対応づけられています` });
    seenFrom.add(m.from);
    seenTo.add(m.to);
  }
  return problems;
}

/** A pair of items, old edition's key first. */
export type ItemPair = { from: string; to: string };

/** An administrator's corrections of a proposed crosswalk: proposed pairs taken apart, and pairs of their own. */
export type CrosswalkDecisions = { rejected: ItemPair[]; paired: ItemPair[] };

/**
 * The proposal with an administrator's decisions applied: a rejected pair is dropped (a rejection of a pair the
 * proposal no longer makes changes nothing), a pair of their own is added with basis "confirmed", and what is
 * removed and added follows. Not checked here: `checkCrosswalk` says what is wrong with the result.
 */
export function applyCrosswalkDecisions(proposal: Crosswalk, decisions: CrosswalkDecisions, from: Template, to: Template): Crosswalk {
  const olds = answerable(from);
  const news = answerable(to);
  const oldItems = new Map(olds.map((i) => [i.key, i]));
  const newItems = new Map(news.map((i) => [i.key, i]));
  const rejected = new Set(decisions.rejected.map((p) => `${p.from}\n${p.to}`));
  const kept = proposal.matches.filter((m) => !rejected.has(`${m.from}\n${m.to}`));
  const own = decisions.paired.map((p): CrosswalkMatch => {
    const oldItem = oldItems.get(p.from);
    const newItem = newItems.get(p.to);
    const similarity = oldItem && newItem ? round(textSimilarity(oldItem.text, newItem.text)) : 0;
    return { from: p.from, to: p.to, by: "confirmed", similarity, textChanged: !oldItem || !newItem || plain(oldItem.text) !== plain(newItem.text) };
  });
  const order = new Map(news.map((i, n) => [i.key, n]));
  const matches = [...kept, ...own].sort((a, b) => (order.get(a.to) ?? news.length) - (order.get(b.to) ?? news.length));
  const usedOld = new Set(matches.map((m) => m.from));
  const usedNew = new Set(matches.map((m) => m.to));
  return {
    ...proposal,
    matches,
    removed: olds.filter((i) => !usedOld.has(i.key)).map((i) => i.key),
    added: news.filter((i) => !usedNew.has(i.key)).map((i) => i.key),
  };
}

/** Why an answer needs the vendor's look on the new edition. */
export type ReviewReason = "textChanged" | "answerNotCarried";

export type CarryOver = {
  /** The answers on the new edition (template id and version of `to`). */
  content: DisclosureContent;
  /** New-edition keys whose answer was carried over. */
  carried: string[];
  /** New-edition keys the vendor should look at again, with why (their note and evidence are carried either way). */
  review: { key: string; reason: ReviewReason }[];
  /** New items, left unanswered. */
  added: string[];
  /** Old keys whose answer has nowhere to go on the new edition. */
  dropped: string[];
};

/**
 * A status answer on another scale: the option with the same value, else the only option with the same outcome
 * (はい on one edition is 実施済 on another: both "met"), else the only option with the same label.
 */
function statusOnScale(value: StatusValue, from: Template, oldItem: Item, to: Template, newItem: Item): StatusValue | undefined {
  if (oldItem.answer.kind !== "status" || newItem.answer.kind !== "status") return undefined;
  const oldScale = oldItem.answer.scale;
  const newScale = newItem.answer.scale;
  const oldOption = from.scales?.find((s) => s.key === oldScale)?.options.find((o) => o.value === value.status);
  const options = to.scales?.find((s) => s.key === newScale)?.options ?? [];
  if (!oldOption) return undefined;
  const same = options.find((o) => o.value === oldOption.value && o.outcome === oldOption.outcome);
  const byOutcome = options.filter((o) => o.outcome === oldOption.outcome);
  const byLabel = options.filter((o) => o.label === oldOption.label);
  const option = same ?? (byOutcome.length === 1 ? byOutcome[0] : byLabel.length === 1 ? byLabel[0] : undefined);
  return option ? { ...value, status: option.value } : undefined;
}

/**
 * The value as the new item would store it, or undefined when the new item's answer cannot hold it. `strict`
 * (a draft moving on): the value must also be complete for the new item (e.g. a 対象外 that now needs a reason
 * is not carried, so the vendor gives one); otherwise (reading a published version) its meaning is enough.
 */
function carriedValue(value: ItemResponse["value"], from: Template, oldItem: Item, to: Template, newItem: Item, strict: boolean): ItemResponse["value"] | undefined {
  if (value === undefined) return undefined;
  let candidate: unknown = value;
  if (newItem.answer.kind === "status") {
    if (oldItem.answer.kind !== "status") return undefined;
    candidate = statusOnScale(value as StatusValue, from, oldItem, to, newItem);
    if (candidate === undefined) return undefined;
  } else if (newItem.answer.kind !== oldItem.answer.kind) return undefined;
  const coherent = coherentValue(newItem.answer, to, candidate);
  if (!strict && newItem.answer.kind === "status") return coherent as ItemResponse["value"];
  const schema = answerSchema(newItem.answer, to);
  return schema?.safeParse(coherent).success ? (coherent as ItemResponse["value"]) : undefined;
}

/**
 * A disclosure's answers moved along a crosswalk to the new edition. A carried answer must be valid on the new
 * item as it stands (after dropping what no longer applies); otherwise only its note and evidence move and the
 * item is flagged. Nothing is invented: new items stay unanswered.
 */
export function carryOver(content: DisclosureContent, from: Template, to: Template, crosswalk: Pick<Crosswalk, "matches">, options: { strict?: boolean } = {}): CarryOver {
  const strict = options.strict ?? true;
  const oldItems = new Map(answerable(from).map((i) => [i.key, i]));
  const newItems = new Map(answerable(to).map((i) => [i.key, i]));
  const responses: Record<string, ItemResponse> = {};
  const carried: string[] = [];
  const review: CarryOver["review"] = [];
  const moved = new Set<string>();
  for (const m of crosswalk.matches) {
    const oldItem = oldItems.get(m.from);
    const newItem = newItems.get(m.to);
    const response = content.responses[m.from];
    if (!oldItem || !newItem || !response) continue;
    moved.add(m.from);
    const value = carriedValue(response.value, from, oldItem, to, newItem, strict);
    const kept: ItemResponse = {
      ...(value !== undefined ? { value } : {}),
      ...(response.note !== undefined ? { note: response.note } : {}),
      ...(response.evidence !== undefined ? { evidence: response.evidence } : {}),
    };
    if (Object.keys(kept).length) responses[m.to] = kept;
    if (response.value !== undefined && value === undefined) review.push({ key: m.to, reason: "answerNotCarried" });
    else {
      if (value !== undefined) carried.push(m.to);
      if (m.textChanged) review.push({ key: m.to, reason: "textChanged" });
    }
  }
  const matchedNew = new Set(crosswalk.matches.map((m) => m.to));
  const order = [...newItems.keys()];
  const byOrder = (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
  return {
    content: { templateId: to.id, templateVersion: to.version, responses },
    carried: carried.sort(byOrder),
    review: review.sort((a, b) => byOrder(a.key, b.key)),
    added: order.filter((k) => !matchedNew.has(k)),
    dropped: Object.keys(content.responses).filter((k) => oldItems.has(k) && !moved.has(k)),
  };
}

/**
 * A version published on an older edition, as the comparison reads it on `newest`: its answers carried along
 * the crosswalk by meaning (a 対象外 stays 対象外 even where the new edition asks a reason), the items they reach (plus derived rows whose rule the older edition also has), and the
 * version itself for its own derived results.
 */
export function onEdition(version: { template: Template; content: DisclosureContent }, newest: Template, crosswalk: Pick<Crosswalk, "matches">): CompareInput {
  const moved = carryOver(version.content, version.template, newest, crosswalk, { strict: false });
  const rules = new Set((version.template.derived ?? []).map((d) => d.key));
  const keys = new Set(crosswalk.matches.map((m) => m.to));
  for (const { item } of walkItems(newest)) if (item.answer.kind === "derived" && rules.has(item.answer.result)) keys.add(item.key);
  return { template: newest, content: moved.content, edition: { ...version, keys } };
}
