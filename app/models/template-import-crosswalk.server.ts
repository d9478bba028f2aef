// A new edition of a template being imported (SDS Ver.5.0 after Ver.4.1): the crosswalk from the previous
// edition, proposed from the two (disclosures/crosswalk.ts), corrected by the administrator — proposed pairs
// taken apart, unmatched items paired — and checked. The decisions are kept with the import (its `crosswalk`
// column) and the result is stored with the version when it is published (template-import.server.ts).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import {
  applyCrosswalkDecisions,
  checkCrosswalk,
  proposeCrosswalk,
  type Crosswalk,
  type CrosswalkDecisions,
  type ItemPair,
  type MatchBasis,
} from "../../disclosures/crosswalk.js";
import { compareVersions, walkItems } from "../../disclosures/template-loader.js";
import type { Item, Template } from "../../disclosures/template-schema.js";
import { getTemplate, type StoredCrosswalk } from "./template.server.js";

/** The administrator's decisions as the import keeps them, for the crosswalk from version `from`. */
export type StoredDecisions = CrosswalkDecisions & { from: string };

const isPair = (p: unknown): p is ItemPair => typeof p === "object" && p !== null && typeof (p as ItemPair).from === "string" && typeof (p as ItemPair).to === "string";

export function parseDecisions(text: string | null): StoredDecisions | null {
  if (!text) return null;
  const raw = JSON.parse(text) as Partial<StoredDecisions>;
  if (typeof raw.from !== "string") return null;
  return { from: raw.from, rejected: (raw.rejected ?? []).filter(isPair), paired: (raw.paired ?? []).filter(isPair) };
}

/** The edition a new version follows: the latest stored version of the same template older than it. */
export async function previousEdition(db: Kysely<Database>, id: string, version: string): Promise<Template | undefined> {
  const rows = await db.selectFrom("template_version").select(["version"]).where("template_id", "=", id).execute();
  const previous = rows
    .map((r) => r.version)
    .filter((v) => compareVersions(v, version) < 0)
    .sort(compareVersions)
    .at(-1);
  return previous ? (await getTemplate(db, id, previous))?.template : undefined;
}

// A proposal compares every unmatched item with every other (a few seconds for thousands of items): kept per
// would-be template (the import's cached preview holds the same object while its mapping is unchanged).
const proposals = new WeakMap<Template, Map<string, Crosswalk>>();
function proposalFor(from: Template, to: Template): Crosswalk {
  const byFrom = proposals.get(to) ?? new Map<string, Crosswalk>();
  proposals.set(to, byFrom);
  const hit = byFrom.get(from.version);
  if (hit) return hit;
  const proposal = proposeCrosswalk(from, to);
  byFrom.set(from.version, proposal);
  return proposal;
}

export type ImportCrosswalk = {
  from: Template;
  to: Template;
  proposal: Crosswalk;
  /** The decisions that apply (made for this previous edition). */
  decisions: CrosswalkDecisions;
  /** Decisions kept for another previous edition (one published since): not applied. */
  staleFrom: string | null;
  /** The proposal with the decisions applied: what publishing stores. */
  crosswalk: Crosswalk;
  /** What is wrong with it, in Japanese, naming the items. */
  problems: string[];
  /** Proposed pairs kept, proposed pairs rejected, pairs the administrator added. */
  counts: { confirmed: number; rejected: number; added: number };
};

const clip = (text: string, max = 80) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);

/** An item as messages name it: its number and its words. */
export function itemLabel(item: Pick<Item, "number" | "text">): string {
  return `${item.number ?? ""}「${clip(item.text)}」`;
}

function itemsOf(template: Template): Map<string, Item> {
  return new Map([...walkItems(template)].filter((e) => e.item.answer.kind !== "derived").map((e) => [e.item.key, e.item]));
}

/**
 * The crosswalk of an import whose would-be template (`to`, from its preview) follows a stored version of the
 * same template; null for a first edition.
 */
export async function importCrosswalk(db: Kysely<Database>, to: Template, storedDecisions: string | null): Promise<ImportCrosswalk | null> {
  const from = await previousEdition(db, to.id, to.version);
  if (!from) return null;
  const proposal = proposalFor(from, to);
  const stored = parseDecisions(storedDecisions);
  const applies = stored?.from === from.version;
  const decisions: CrosswalkDecisions = applies ? { rejected: stored.rejected, paired: stored.paired } : { rejected: [], paired: [] };
  const crosswalk = applyCrosswalkDecisions(proposal, decisions, from, to);
  const olds = itemsOf(from);
  const news = itemsOf(to);
  const problems = checkCrosswalk(crosswalk, from, to).map((p) => {
    const item = (p.message.startsWith("旧版") ? olds : news).get(p.key);
    return item ? p.message.replace(`「${p.key}」`, ` ${itemLabel(item)}`) : `${p.message}（マッピングを変えて項目がなくなったときは、その対応を取り消してください）`;
  });
  const proposed = new Set(proposal.matches.map((m) => `${m.from}\n${m.to}`));
  const rejected = decisions.rejected.filter((p) => proposed.has(`${p.from}\n${p.to}`)).length;
  return {
    from,
    to,
    proposal,
    decisions,
    staleFrom: stored && !applies ? stored.from : null,
    crosswalk,
    problems,
    counts: { confirmed: crosswalk.matches.filter((m) => m.by !== "confirmed").length, rejected, added: decisions.paired.length },
  };
}

/** What publishing keeps with the version (template_version.crosswalk). */
export function storedCrosswalk(edition: ImportCrosswalk): StoredCrosswalk {
  return { from: edition.from.version, matches: edition.crosswalk.matches, removed: edition.crosswalk.removed, added: edition.crosswalk.added };
}

// ---- the administrator's decisions ---------------------------------------------------------------------

export type CrosswalkIntent = "crosswalk-reject" | "crosswalk-restore" | "crosswalk-pair";
export const CROSSWALK_INTENTS: readonly string[] = ["crosswalk-reject", "crosswalk-restore", "crosswalk-pair"];

export type Decided = { ok: true; decisions: StoredDecisions } | { ok: false; message: string };

const same = (a: ItemPair, b: ItemPair) => a.from === b.from && a.to === b.to;

/**
 * One decision on the crosswalk as the page shows it: take a pair apart (a proposed one is rejected, one of the
 * administrator's is withdrawn), put a rejected pair back, or pair an unmatched old item with an unmatched new one.
 * A decision on something the crosswalk no longer shows is refused with what to do.
 */
export function decide(edition: ImportCrosswalk, intent: CrosswalkIntent, pair: ItemPair): Decided {
  const olds = itemsOf(edition.from);
  const news = itemsOf(edition.to);
  const oldItem = olds.get(pair.from);
  const newItem = news.get(pair.to);
  const rejected = [...edition.decisions.rejected];
  const paired = [...edition.decisions.paired];
  const done = (): Decided => ({ ok: true, decisions: { from: edition.from.version, rejected, paired } });
  if (!oldItem || !newItem) return { ok: false, message: !oldItem ? "旧版の項目を選んでください" : "新版の項目を選んでください" };
  const names = `${itemLabel(oldItem)} → ${itemLabel(newItem)}`;
  const match = edition.crosswalk.matches.find((m) => same(m, pair));
  const unmatchedOld = edition.crosswalk.removed.includes(pair.from);
  const unmatchedNew = edition.crosswalk.added.includes(pair.to);

  if (intent === "crosswalk-reject") {
    if (!match) return { ok: false, message: `対応 ${names}は対応表にありません。最新の対応表を確かめてください。` };
    if (match.by === "confirmed") {
      const own = paired.findIndex((p) => same(p, pair));
      if (own >= 0) paired.splice(own, 1);
      return done();
    }
    rejected.push(pair);
    return done();
  }
  if (intent === "crosswalk-restore") {
    const at = rejected.findIndex((p) => same(p, pair));
    if (at < 0 || match) return { ok: false, message: `対応 ${names}は外されていません。最新の対応表を確かめてください。` };
    if (!unmatchedOld || !unmatchedNew)
      return { ok: false, message: `対応 ${names}を戻せません: ${!unmatchedOld ? `旧版の項目 ${itemLabel(oldItem)}` : `新版の項目 ${itemLabel(newItem)}`}は既に別の項目と対応づけられています。先にその対応を外してください。` };
    rejected.splice(at, 1);
    return done();
  }
  if (!unmatchedOld || !unmatchedNew)
    return { ok: false, message: `${!unmatchedOld ? `旧版の項目 ${itemLabel(oldItem)}` : `新版の項目 ${itemLabel(newItem)}`}は既に別の項目と対応づけられています。先にその対応を外してください。` };
  // Pairing what the proposal paired and the administrator rejected is putting it back.
  const wasRejected = rejected.findIndex((p) => same(p, pair));
  if (wasRejected >= 0) rejected.splice(wasRejected, 1);
  else paired.push(pair);
  return done();
}

// ---- what the page shows --------------------------------------------------------------------------------

export const CROSSWALK_PAIRS_SHOWN = 1_000;

export type CrosswalkItemView = { key: string; number: string; text: string };
export type CrosswalkPairView = { from: CrosswalkItemView; to: CrosswalkItemView; by: MatchBasis; similarity: number; textChanged: boolean };
export type CrosswalkView = {
  fromVersion: string;
  toVersion: string;
  pairs: CrosswalkPairView[];
  pairCount: number;
  rejected: { from: CrosswalkItemView; to: CrosswalkItemView }[];
  removed: CrosswalkItemView[];
  added: CrosswalkItemView[];
  problems: string[];
  staleFrom: string | null;
  counts: ImportCrosswalk["counts"];
};

export function crosswalkView(edition: ImportCrosswalk): CrosswalkView {
  const olds = itemsOf(edition.from);
  const news = itemsOf(edition.to);
  const view = (items: Map<string, Item>, key: string): CrosswalkItemView => {
    const item = items.get(key);
    return { key, number: item?.number ?? "", text: item ? clip(item.text, 200) : "（この版にない項目）" };
  };
  const { crosswalk } = edition;
  const proposed = new Set(edition.proposal.matches.map((m) => `${m.from}\n${m.to}`));
  return {
    fromVersion: edition.from.version,
    toVersion: edition.to.version,
    pairs: crosswalk.matches.slice(0, CROSSWALK_PAIRS_SHOWN).map((m) => ({ from: view(olds, m.from), to: view(news, m.to), by: m.by, similarity: m.similarity, textChanged: m.textChanged })),
    pairCount: crosswalk.matches.length,
    rejected: edition.decisions.rejected.filter((p) => proposed.has(`${p.from}\n${p.to}`)).map((p) => ({ from: view(olds, p.from), to: view(news, p.to) })),
    removed: crosswalk.removed.map((k) => view(olds, k)),
    added: crosswalk.added.map((k) => view(news, k)),
    problems: edition.problems,
    staleFrom: edition.staleFrom,
    counts: edition.counts,
  };
}
