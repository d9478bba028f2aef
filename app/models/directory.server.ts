// The directory: every published, not withdrawn disclosure a reader may read, searched by text
// (FTS5 over bigrams) and filtered by facts of the vendor and of the version. Candidate rows come
// from one SQL query (visibility and text in SQL); the facet filters run over those rows in
// memory, which also gives the count each filter option would have with the others applied.
// A 申請制 disclosure the reader may not read is listed as a locked entry (DECISIONS 28): what it
// reveals is the vendor, service, template, version number and date, so only filters on those apply
// to it, and a text search matches only those names, never the disclosure's content.
import type { Kysely } from "kysely";
import type { CertificationKind, Database, ServiceKind, Visibility } from "../../db/schema.js";
import { searchDisclosures } from "../../db/search-index.js";
import { byRank, scoreVendor, type CriteriaItems, type Score } from "../../disclosures/criteria.js";
import type { DisclosureContent } from "../../disclosures/disclosure-content.js";
import { buildSnippet, contentSources, matchExpression, type Snippet, type SnippetSource } from "../../disclosures/search-text.js";
import { normalizeForSearch } from "../../disclosures/template-search.js";
import { itemKeyOrder, passedRules, type OutcomeCode } from "../../disclosures/summary.js";
import { walkItems } from "../../disclosures/template-loader.js";
import type { Item, Template } from "../../disclosures/template-schema.js";
import { clock, todayInJapan, withinMonthsSince } from "../../disclosures/clock.js";
import { coverageOptions, DOMESTIC_ONLY, freshnessOptions, isStale, PAGE_SIZE, type Coverage, type DirectoryQuery, type Freshness } from "./directory.js";
import { readableBy, readerScope, type Reader } from "./disclosure.server.js";
import { getTemplate, listTemplates } from "./template.server.js";
import { activeCertifications, certificationKindLabels, certificationLabel, countryLabel, serviceKindLabels, storageLocationLabel } from "./vendor-profile.js";
import { nameSortKey } from "../../disclosures/name-order.js";

export type DirectoryEntry = {
  disclosureId: string;
  organizationId: string;
  organizationName: string;
  verified: boolean;
  serviceName: string | null;
  /** On a per-release form (MDS): 「製品名 バージョン」 of the latest version, shown instead of the service. */
  release: string | null;
  serviceKind: ServiceKind | null;
  templateId: string;
  templateVersion: string;
  templateTitle: string;
  visibility: Visibility;
  version: number;
  publishedAt: number;
  required: { met: number; applicable: number };
  recommended: { met: number; applicable: number };
  planned: number;
  unanswered: number;
  certifications: string[];
  storage: string[];
  /** With a criteria profile: the vendor's score and rank on it. */
  score: Score | null;
  rank: number | null;
  /** A 申請制 disclosure this reader may not read: its counts are zero and its release hidden (nothing from the content). */
  locked: boolean;
  /** The latest version is more than 12 months old (Japanese dates). */
  stale: boolean;
  /**
   * For a text search: an excerpt of what matched, the matched words marked. From the latest
   * version's answers and the names for a readable entry; from the names it lists for a locked one.
   */
  snippet: Snippet | null;
};

export type FacetOption = { value: string; label: string; count: number };
export type Facets = { template: FacetOption[]; kind: FacetOption[]; cert: FacetOption[]; storage: FacetOption[]; verified: number; coverage: FacetOption[]; rule: FacetOption[]; months: FacetOption[] };
export type DirectoryResult = { total: number; entries: DirectoryEntry[]; facets: Facets; page: number; pageCount: number };

type Row = Omit<DirectoryEntry, "certifications" | "storage" | "score" | "rank" | "templateTitle" | "stale" | "snippet"> & {
  certKinds: Set<CertificationKind>;
  countries: Set<string>;
  /** Every storage location is in Japan (the 「国内のみ」 filter), known once per snapshot. */
  domesticOnly: boolean;
  certLabels: string[];
  storageLabels: string[];
  /** The derived results (`templateId:ruleKey`) the latest version passes. */
  passed: Set<string>;
  /** Position in name order, for stable tie-breaks without comparing strings again. */
  nameOrder: number;
  /** Organisation, service and template names, normalised: all a text search may match in a locked entry. */
  names: string;
  /** The same names as written, for snippets. */
  nameSources: SnippetSource[];
};
type Filter = keyof Pick<DirectoryQuery, "template" | "kind" | "certs" | "storage" | "verified" | "coverage" | "rule" | "months">;

function coverageOf(row: Pick<Row, "required">): number | null {
  return row.required.applicable ? row.required.met / row.required.applicable : null;
}

function meetsCoverage(row: Row, coverage: Coverage): boolean {
  const c = coverageOf(row);
  return c !== null && (coverage === "all" ? c === 1 : c >= 0.9);
}

/** Whether the query filters on `filter` at all: a filter it leaves unset passes every row. */
function isSet(query: DirectoryQuery, filter: Filter): boolean {
  return filter === "certs" ? query.certs.length > 0 : Boolean(query[filter]);
}

/** `since`: where each "n か月以内" option begins (see withinMonthsSince). */
function passes(row: Row, query: DirectoryQuery, filter: Filter, since: Since): boolean {
  switch (filter) {
    case "template":
      return !query.template || row.templateId === query.template;
    case "kind":
      return !query.kind || (query.kind === "none" ? row.serviceKind === null : row.serviceKind === query.kind);
    case "certs":
      return query.certs.every((c) => row.certKinds.has(c));
    case "storage":
      if (!query.storage) return true;
      if (query.storage === DOMESTIC_ONLY) return row.domesticOnly;
      return row.countries.has(query.storage);
    case "verified":
      return !query.verified || row.verified;
    case "coverage":
      return !query.coverage || meetsCoverage(row, query.coverage);
    case "rule":
      return !query.rule || row.passed.has(query.rule);
    case "months":
      return !query.months || row.publishedAt >= since[query.months];
  }
}

type Since = Record<Freshness, number>;

const FILTERS: Filter[] = ["template", "kind", "certs", "storage", "verified", "coverage", "rule", "months"];

// ---- the snapshot: every listed disclosure with its facts, shared by all readers -----------------

// One collator for every comparison: `localeCompare(…, "ja")` builds one per call.
const collator = new Intl.Collator("ja");
const SNAPSHOT_TTL_MS = 60_000;
let snapshot: { key: string; builtAt: number; rows: Row[] } | undefined;

/**
 * Every published, not withdrawn disclosure with what the directory shows and filters on, sorted
 * by name — whoever reads. Every change that matters (publish, withdrawal, visibility, services,
 * certifications, storage, verification) writes an audit row in the same transaction, so the
 * newest audit id (plus today, for certificate expiry) says whether the snapshot is still true;
 * the TTL covers writes that bypass the models (e.g. a seed script in another process).
 */
async function directorySnapshot(db: Kysely<Database>, today: string, now: number): Promise<Row[]> {
  const latest = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  const key = `${latest?.id ?? 0}:${today}`;
  if (snapshot && snapshot.key === key && now - snapshot.builtAt < SNAPSHOT_TTL_MS) return snapshot.rows;
  const [rows, certifications, locations] = await Promise.all([
    db
      .selectFrom("disclosure")
      .innerJoin("organization", "organization.id", "disclosure.organization_id")
      .innerJoin("version_summary", (join) => join.onRef("version_summary.disclosure_id", "=", "disclosure.id").onRef("version_summary.number", "=", "disclosure.latest_version"))
      .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
      .select([
        "disclosure.id",
        "disclosure.organization_id",
        "disclosure.template_id",
        "disclosure.template_version",
        "disclosure.visibility",
        "disclosure.latest_version",
        "organization.name as organization_name",
        "organization.reading as organization_reading",
        "organization.verified_at",
        "service.name as service_name",
        "service.kind as service_kind",
        "version_summary.published_at",
        "version_summary.required_met",
        "version_summary.required_applicable",
        "version_summary.recommended_met",
        "version_summary.recommended_applicable",
        "version_summary.planned",
        "version_summary.unanswered",
        "version_summary.outcomes",
        "version_summary.release",
      ])
      .where("disclosure.latest_version", ">", 0)
      .where("disclosure.withdrawn_at", "is", null)
      .execute(),
    db.selectFrom("certification").select(["organization_id", "kind", "name", "expires_on"]).execute(),
    db.selectFrom("storage_location").select(["organization_id", "country", "region"]).orderBy("id").execute(),
  ]);
  // Which derived results each version passes, from its stored outcome codes and its template version.
  const rulesByTemplate = new Map<string, Template | undefined>();
  for (const r of rows) {
    const at = `${r.template_id}@${r.template_version}`;
    if (!rulesByTemplate.has(at)) rulesByTemplate.set(at, (await getTemplate(db, r.template_id, r.template_version))?.template);
  }
  const nameSourcesOf = (r: (typeof rows)[number]): SnippetSource[] => {
    const template = rulesByTemplate.get(`${r.template_id}@${r.template_version}`);
    const names: [string, string | null | undefined][] = [["事業者名", r.organization_name], ["サービス名", r.service_name], ["様式名", template?.title], ["様式名", template?.shortTitle]];
    return names.filter((n): n is [string, string] => Boolean(n[1])).map(([label, text]) => ({ label, text }));
  };
  const passedBy = (r: (typeof rows)[number]) => {
    const template = rulesByTemplate.get(`${r.template_id}@${r.template_version}`);
    return new Set(template ? passedRules(template, r.outcomes).map((key) => `${r.template_id}:${key}`) : []);
  };
  const certsByOrg = groupBy(activeCertifications(certifications, today), (c) => c.organization_id);
  const locationsByOrg = groupBy(locations, (l) => l.organization_id);
  const built: Row[] = rows.map((r) => {
    const certs = certsByOrg.get(r.organization_id) ?? [];
    const places = locationsByOrg.get(r.organization_id) ?? [];
    const countries = new Set(places.map((p) => p.country));
    return {
      disclosureId: r.id,
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      verified: r.verified_at !== null,
      serviceName: r.service_name,
      release: r.release,
      serviceKind: r.service_kind,
      templateId: r.template_id,
      templateVersion: r.template_version,
      visibility: r.visibility,
      version: r.latest_version,
      publishedAt: r.published_at,
      required: { met: r.required_met, applicable: r.required_applicable },
      recommended: { met: r.recommended_met, applicable: r.recommended_applicable },
      planned: r.planned,
      unanswered: r.unanswered,
      certKinds: new Set(certs.map((c) => c.kind)),
      countries,
      domesticOnly: countries.size > 0 && [...countries].every((c) => c === "JP"),
      certLabels: certs.map(certificationLabel),
      storageLabels: places.map(storageLocationLabel),
      passed: passedBy(r),
      nameOrder: 0,
      nameSources: nameSourcesOf(r),
      names: normalizeForSearch(nameSourcesOf(r).map((n) => n.text).join("\n")),
      locked: false,
    };
  });
  // 事業者名順 is 五十音順: by フリガナ when given, the legal form (株式会社 …) left out (disclosures/name-order.ts).
  const sortKeys = new Map(rows.map((r) => [r.id, nameSortKey(r.organization_name, r.organization_reading)]));
  built.sort((a, b) => collator.compare(sortKeys.get(a.disclosureId)!, sortKeys.get(b.disclosureId)!) || collator.compare(a.organizationName, b.organizationName) || collator.compare(a.serviceName ?? "", b.serviceName ?? "") || (a.disclosureId < b.disclosureId ? -1 : 1));
  built.forEach((row, i) => (row.nameOrder = i));
  snapshot = { key, builtAt: now, rows: built };
  return built;
}

/**
 * Which listed disclosures this reader may read. Public ones are readable by anyone (the first
 * rule of `readableBy`); for the others the rules run in SQL, as everywhere else.
 */
async function readableSet(db: Kysely<Database>, reader: Reader, now: number): Promise<((row: Row) => boolean)> {
  const scope = await readerScope(db, reader);
  if (scope.isAdmin) return () => true;
  if (!scope.memberOf.length) return (row) => row.visibility === "public";
  const restricted = await db
    .selectFrom("disclosure")
    .select("disclosure.id")
    .where("disclosure.visibility", "!=", "public")
    .where("disclosure.latest_version", ">", 0)
    .where("disclosure.withdrawn_at", "is", null)
    .where(readableBy(scope, now))
    .execute();
  const ids = new Set(restricted.map((r) => r.id));
  return (row) => row.visibility === "public" || ids.has(row.disclosureId);
}

// Runs of Japanese text and other words, as the full-text index splits them (disclosures/search-text.ts).
const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const TERM = /[\p{L}\p{N}]+/gu;

/** Every term of the query must occur in the names: the search a locked entry gets instead of the full text. */
function namesMatch(q: string): (row: Row) => boolean {
  const terms = normalizeForSearch(q).replace(CJK_RUN, " $& ").match(TERM) ?? [];
  return (row) => terms.every((term) => row.names.includes(term));
}

/** What a locked entry shows: the snapshot row without anything taken from the content. Made once per snapshot row. */
const lockedViews = new WeakMap<Row, Row>();
function locked(row: Row): Row {
  let view = lockedViews.get(row);
  if (!view) {
    const none = { met: 0, applicable: 0 };
    view = { ...row, locked: true, release: null, required: none, recommended: none, planned: 0, unanswered: 0, passed: new Set() };
    lockedViews.set(row, view);
  }
  return view;
}

async function candidateRows(db: Kysely<Database>, reader: Reader, q: string, today: string, now: number): Promise<Row[]> {
  const [rows, readable, text] = await Promise.all([directorySnapshot(db, today, now), readableSet(db, reader, now), searchDisclosures(db, q)]);
  const names = namesMatch(q);
  const out: Row[] = [];
  for (const row of rows) {
    if (readable(row)) {
      if (!text || text.has(row.disclosureId)) out.push(row);
    } else if (row.visibility === "request" && (!text || names(row))) {
      // Hospitals-only disclosures stay unlisted to those who may not read them; 申請制 ones invite a request.
      out.push(locked(row));
    }
  }
  return out;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

function count(rows: Row[], value: (row: Row) => string | Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const row of rows) {
    const v = value(row);
    if (typeof v === "string") add(v);
    else for (const key of v) add(key);
  }
  return counts;
}

/** Criteria, when the reader's hospital has the profile; undefined means "ignore the parameter". */
export type RankingProfile = { templateId: string; items: CriteriaItems };

/** `now` decides which certificates are in force (through the Japanese date) and what "n か月以内" means. */
export async function searchDirectory(db: Kysely<Database>, reader: Reader, query: DirectoryQuery, options: { now?: number; profile?: RankingProfile } = {}): Promise<DirectoryResult> {
  const now = options.now ?? clock.now();
  const profile = options.profile;
  // A profile ranks the vendors of its own template.
  const effective: DirectoryQuery = profile ? { ...query, template: profile.templateId } : query;
  const candidates = await candidateRows(db, reader, effective.q, todayInJapan(now), now);
  // A ranking is computed from answers: a locked entry has none to rank.
  const rows = profile ? candidates.filter((row) => !row.locked) : candidates;
  const since = Object.fromEntries(freshnessOptions.map((m) => [m, withinMonthsSince(m, now)])) as Since;
  // One bit per filter the row fails: it matches with 0, and counts for a facet when only that facet's bit may be set.
  // Only the filters the query sets are tested; the facet of an unset one counts the matching rows.
  const tests = FILTERS.flatMap((filter, bit) => (isSet(effective, filter) ? [{ filter, bit: 1 << bit }] : []));
  const masks = rows.map((row) => tests.reduce((mask, t) => (passes(row, effective, t.filter, since) ? mask : mask | t.bit), 0));
  const matching = rows.filter((_, i) => masks[i] === 0);
  const allBut = (skip: Filter) => {
    if (!isSet(effective, skip)) return matching;
    const keep = ~(1 << FILTERS.indexOf(skip));
    return rows.filter((_, i) => (masks[i] & keep) === 0);
  };

  const templates = await listTemplates(db);
  const titles = new Map(templates.map((t) => [t.id, t.title]));
  const templateCounts = count(allBut("template"), (r) => r.templateId);
  const kindCounts = count(allBut("kind"), (r) => r.serviceKind ?? "none");
  const certCounts = count(allBut("certs"), (r) => r.certKinds);
  const storageRows = allBut("storage");
  const storageCounts = count(storageRows, (r) => r.countries);
  const domestic = storageRows.filter((r) => r.domesticOnly).length;
  const coverageRows = allBut("coverage");
  const ruleCounts = count(allBut("rule"), (r) => r.passed);
  const monthRows = allBut("months");

  const facets: Facets = {
    template: templates.map((t) => ({ value: t.id, label: t.title, count: templateCounts.get(t.id) ?? 0 })),
    kind: [...Object.entries(serviceKindLabels), ["none", "事業者全体（サービス指定なし）"] as const].map(([value, label]) => ({ value, label, count: kindCounts.get(value) ?? 0 })),
    cert: Object.entries(certificationKindLabels).map(([value, label]) => ({ value, label, count: certCounts.get(value) ?? 0 })),
    storage: [
      { value: DOMESTIC_ONLY, label: "国内のみ", count: domestic },
      ...[...storageCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, n]) => ({ value, label: `${countryLabel(value)}を含む`, count: n })),
    ],
    verified: allBut("verified").filter((r) => r.verified).length,
    coverage: (["all", "90"] as const).map((value) => ({ value, label: coverageOptions[value], count: coverageRows.filter((r) => meetsCoverage(r, value)).length })),
    rule: await ruleOptions(db, templates, ruleCounts),
    months: freshnessOptions.map((m) => ({ value: String(m), label: `${m}か月以内`, count: monthRows.filter((r) => r.publishedAt >= since[m]).length })),
  };

  let scores: Map<string, Score> | undefined;
  if (profile) scores = await scoreRows(db, matching, profile);
  const byName = (a: Row, b: Row) => a.nameOrder - b.nameOrder;
  const sorters: Record<DirectoryQuery["sort"], (a: Row, b: Row) => number> = {
    name: byName,
    fresh: (a, b) => b.publishedAt - a.publishedAt || byName(a, b),
    coverage: (a, b) => (coverageOf(b) ?? -1) - (coverageOf(a) ?? -1) || byName(a, b),
    rank: scores ? (a, b) => byRank(scores!.get(a.disclosureId)!, scores!.get(b.disclosureId)!) || byName(a, b) : byName,
  };
  const sort = scores && query.sort === "name" ? "rank" : query.sort;
  matching.sort(sorters[sort]);
  const ranks = new Map<string, number>();
  if (scores) [...matching].sort(sorters.rank).forEach((row, i) => ranks.set(row.disclosureId, i + 1));

  const pageCount = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const pageRows = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  // Snippets for the page shown only: its rows' versions are read, never every match's.
  const snippets = matchExpression(effective.q) ? await snippetsFor(db, pageRows, effective.q) : undefined;
  const entries = pageRows.map((row): DirectoryEntry => {
    const { certKinds: _kinds, countries: _countries, domesticOnly: _domestic, certLabels, storageLabels, passed: _passed, nameOrder: _order, names: _names, nameSources: _sources, ...rest } = row;
    return {
      ...rest,
      templateTitle: titles.get(row.templateId) ?? row.templateId,
      certifications: certLabels,
      storage: storageLabels,
      score: scores?.get(row.disclosureId) ?? null,
      rank: ranks.get(row.disclosureId) ?? null,
      stale: isStale(row.publishedAt, now),
      snippet: snippets?.get(row.disclosureId) ?? null,
    };
  });
  return { total: matching.length, entries, facets, page, pageCount };
}

// ---- snippets for the page shown ------------------------------------------------------------------

// Versions never change, so what one says (its sources) is kept by disclosure and number.
const SOURCES_KEPT = 200;
const keptSources = new Map<string, SnippetSource[]>();

/**
 * The excerpt of each row of the page shown, for a text search. Readable rows: their latest
 * version's answers (one source per item and part, in form order), then the service description
 * and the names — the text the full-text row was built from. A locked row gets an excerpt of its
 * names only: its content is neither read nor shown (DECISIONS 28, 33).
 */
async function snippetsFor(db: Kysely<Database>, rows: Row[], q: string): Promise<Map<string, Snippet>> {
  const open = rows.filter((r) => !r.locked);
  const versions = open.length
    ? await db
        .selectFrom("disclosure")
        .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
        .select(["disclosure.id", "disclosure.latest_version", "service.description as service_description"])
        .where("disclosure.id", "in", open.map((r) => r.disclosureId))
        .execute()
    : [];
  const facts = new Map(versions.map((v) => [v.id, v]));
  const missing = open.filter((r) => !keptSources.has(`${r.disclosureId}:${facts.get(r.disclosureId)?.latest_version}`));
  if (missing.length) {
    const contents = await db
      .selectFrom("disclosure_version")
      .innerJoin("disclosure", (join) => join.onRef("disclosure.id", "=", "disclosure_version.disclosure_id").onRef("disclosure.latest_version", "=", "disclosure_version.number"))
      .select(["disclosure_version.disclosure_id", "disclosure_version.number", "disclosure_version.template_id", "disclosure_version.template_version", "disclosure_version.content"])
      .where("disclosure_version.disclosure_id", "in", missing.map((r) => r.disclosureId))
      .execute();
    for (const c of contents) {
      const template = (await getTemplate(db, c.template_id, c.template_version))?.template;
      const sources = template ? contentSources(template, JSON.parse(c.content) as DisclosureContent).map((source) => ({ ...source, normalized: normalizeForSearch(source.text) })) : [];
      if (keptSources.size >= SOURCES_KEPT) keptSources.delete(keptSources.keys().next().value!);
      keptSources.set(`${c.disclosure_id}:${c.number}`, sources);
    }
  }
  const snippets = new Map<string, Snippet>();
  for (const row of rows) {
    let sources = row.nameSources;
    if (!row.locked) {
      const fact = facts.get(row.disclosureId);
      const description: SnippetSource[] = fact?.service_description ? [{ label: "サービスの説明", text: fact.service_description }] : [];
      sources = [...(keptSources.get(`${row.disclosureId}:${fact?.latest_version}`) ?? []), ...description, ...row.nameSources];
    }
    const snippet = buildSnippet(sources, q);
    if (snippet) snippets.set(row.disclosureId, snippet);
  }
  return snippets;
}

/** One option per 「全項目が…」 rule of each template's latest version, named by the template and the rule's passing label. */
async function ruleOptions(db: Kysely<Database>, templates: { id: string; title: string; version: string }[], counts: Map<string, number>): Promise<FacetOption[]> {
  const options: FacetOption[] = [];
  for (const t of templates) {
    const template = (await getTemplate(db, t.id, t.version))?.template;
    for (const rule of template?.derived ?? []) {
      if (rule.rule !== "allMet") continue;
      const value = `${t.id}:${rule.key}`;
      options.push({ value, label: `${template!.shortTitle ?? template!.title}: ${rule.labels.pass}`, count: counts.get(value) ?? 0 });
    }
  }
  return options;
}

/** Scores from the stored outcome codes: no version content is read. */
async function scoreRows(db: Kysely<Database>, rows: Row[], profile: RankingProfile): Promise<Map<string, Score>> {
  const scores = new Map<string, Score>();
  const itemsByVersion = new Map<string, { items: Item[]; index: Map<string, number> }>();
  for (const version of new Set(rows.map((r) => r.templateVersion))) {
    const template = (await getTemplate(db, profile.templateId, version))?.template;
    if (!template) continue;
    const keys = itemKeyOrder(template);
    itemsByVersion.set(version, { items: [...walkItems(template)].map((e) => e.item), index: new Map(keys.map((k, i) => [k, i])) });
  }
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const outcomes = await db
      .selectFrom("version_summary")
      .innerJoin("disclosure", (join) => join.onRef("disclosure.id", "=", "version_summary.disclosure_id").onRef("disclosure.latest_version", "=", "version_summary.number"))
      .select(["version_summary.disclosure_id", "version_summary.outcomes"])
      .where("version_summary.disclosure_id", "in", chunk.map((r) => r.disclosureId))
      .execute();
    const byId = new Map(outcomes.map((o) => [o.disclosure_id, o.outcomes]));
    for (const row of chunk) {
      const shape = itemsByVersion.get(row.templateVersion);
      const codes = byId.get(row.disclosureId) ?? "";
      if (!shape) continue;
      scores.set(row.disclosureId, scoreVendor(shape.items, (key) => (codes[shape.index.get(key) ?? -1] ?? ".") as OutcomeCode, profile.items));
    }
  }
  return scores;
}
