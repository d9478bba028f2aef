// Loads a comparison: which disclosures (given directly or as a hospital's shortlist), checked one
// by one against the reading rules, on one template, with the hospital's criteria profile if asked.
// A disclosure the reader may not read is skipped exactly like one that does not exist, so the
// notice never tells which restricted disclosures exist.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { comparing, MAX_VENDORS, MIN_VENDORS, type CompareInput, type Comparison } from "../../disclosures/compare.js";
import { onEdition } from "../../disclosures/crosswalk.js";
import { compareVersions } from "../../disclosures/template-loader.js";
import { findReadersCriteriaProfile, type CriteriaProfile } from "./criteria.server.js";
import { getVersion, readableBy, readerScope, type Reader } from "./disclosure.server.js";
import { loadVersionTemplate } from "./reading.server.js";
import { describeFilters, type ComparisonParams } from "./comparison.js";
import { crosswalkBetween, listTemplates } from "./template.server.js";
import { roleRank } from "./organization.js";
import { actingMemberships } from "./membership.server.js";
import { clock } from "../../disclosures/clock.js";
import { releaseOf } from "../../disclosures/summary.js";
import { LruCache } from "../utils/page-cache.server.js";

export type ComparisonColumn = {
  disclosureId: string;
  organizationName: string;
  verified: boolean;
  serviceName: string | null;
  /** On a per-release form (MDS): the product release the version is about (「製品名 バージョン」), shown instead of the service. */
  release: string | null;
  templateVersion: string;
  version: number;
  publishedAt: number;
  withdrawn: boolean;
  /** The shortlist's note about this vendor. */
  note: string | null;
};

export type ComparisonPage = {
  template: { id: string; title: string };
  shortlist: { id: string; name: string; organizationId: string } | null;
  profile: { id: string; name: string } | null;
  /** Columns in display order (ranked when a profile is applied). */
  columns: ComparisonColumn[];
  comparison: Comparison;
  /** The filters in words (also printed on exports). */
  filterLines: string[];
  notices: string[];
};

export type ComparisonOutcome =
  | { kind: "ok"; page: ComparisonPage }
  /** Nothing to compare yet, or too many: a message for the user, never a 500. */
  | { kind: "message"; status: 200 | 400; message: string; notices: string[] }
  | { kind: "notFound" };

type Candidate = Omit<ComparisonColumn, "note" | "release"> & { templateId: string };

/** The disclosures of a comparison that the reader may read, with their template and latest version. */
export async function loadComparisonInputs(db: Kysely<Database>, reader: Reader, params: ComparisonParams, now = clock.now()) {
  const scope = await readerScope(db, reader);
  let ids = params.disclosures;
  let notes = new Map<string, string | null>();
  let shortlist: ComparisonPage["shortlist"] = null;
  if (params.shortlist) {
    // A shortlist is its hospital's: members only, and a 404 for everyone else.
    const found = await db.selectFrom("shortlist").select(["id", "name", "organization_id"]).where("id", "=", params.shortlist).executeTakeFirst();
    if (!found || !scope.memberOf.includes(found.organization_id)) return { kind: "notFound" } as const;
    shortlist = { id: found.id, name: found.name, organizationId: found.organization_id };
    const entries = await db.selectFrom("shortlist_entry").select(["disclosure_id", "note"]).where("shortlist_id", "=", found.id).orderBy("added_at").orderBy("disclosure_id").execute();
    ids = entries.map((e) => e.disclosure_id);
    notes = new Map(entries.map((e) => [e.disclosure_id, e.note]));
  }
  const rows = ids.length
    ? await db
        .selectFrom("disclosure")
        .innerJoin("organization", "organization.id", "disclosure.organization_id")
        .innerJoin("disclosure_version", (join) => join.onRef("disclosure_version.disclosure_id", "=", "disclosure.id").onRef("disclosure_version.number", "=", "disclosure.latest_version"))
        .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
        .select([
          "disclosure.id",
          "disclosure.template_id",
          "disclosure.template_version",
          "disclosure.latest_version",
          "disclosure.withdrawn_at",
          "organization.name as organization_name",
          "organization.verified_at",
          "service.name as service_name",
          "disclosure_version.published_at",
        ])
        .where("disclosure.id", "in", ids)
        .where(readableBy(scope, now))
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const candidates: Candidate[] = ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{ disclosureId: r.id, organizationName: r.organization_name, verified: r.verified_at !== null, serviceName: r.service_name, templateId: r.template_id, templateVersion: r.template_version, version: r.latest_version, publishedAt: r.published_at, withdrawn: r.withdrawn_at !== null }];
  });
  return { kind: "found" as const, scope, shortlist, notes, candidates, skipped: ids.length - candidates.length };
}

/**
 * What a hospital member can use from the directory and the comparison: shortlists they may change,
 * and profiles — of the hospitals they act for (the 2FA rule of `actingMemberships`).
 */
export async function hospitalToolsOf(db: Kysely<Database>, reader: Reader) {
  if (!reader) return { shortlists: [], profiles: [] };
  const hospitals = (await actingMemberships(db, reader.userId)).filter((m) => m.kind === "hospital" && m.mayAct);
  if (!hospitals.length) return { shortlists: [], profiles: [] };
  const editing = hospitals.filter((m) => roleRank[m.role] >= roleRank.editor).map((m) => m.id);
  const [shortlists, profiles] = await Promise.all([
    !editing.length
      ? ([] as { id: string; name: string; organizationId: string; organizationName: string }[])
      : db
          .selectFrom("shortlist")
          .innerJoin("organization", "organization.id", "shortlist.organization_id")
          .select(["shortlist.id", "shortlist.name", "shortlist.organization_id as organizationId", "organization.name as organizationName"])
          .where("shortlist.organization_id", "in", editing)
          .orderBy("organization.name")
          .orderBy("shortlist.name")
          .execute(),
    db
      .selectFrom("criteria_profile")
      .select(["criteria_profile.id", "criteria_profile.name", "criteria_profile.template_id as templateId"])
      .where("criteria_profile.organization_id", "in", hospitals.map((m) => m.id))
      .orderBy("criteria_profile.name")
      .execute(),
  ]);
  return { shortlists, profiles };
}

let computing: Promise<unknown> = Promise.resolve();

/**
 * Runs a comparison's steps one turn of the event loop each, and one comparison at a time: they all run on this
 * one thread, so two at once would finish no sooner and make every other request wait for both. In between,
 * whatever else is waiting (a page, /healthz) is answered.
 */
function computeInTurns<T>(steps: Generator<void, T, void>): Promise<T> {
  const run = computing.then(async () => {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
  computing = run.catch(() => undefined);
  return run;
}

// A published version never changes (the database refuses it): what a comparison reads of one is kept per process,
// bounded by entries and roughly by size. Callers have checked the reader may read it (loadComparisonInputs).
type ReadVersion = { input: CompareInput; release: string | null; size: number };
const readVersions = new LruCache<ReadVersion>({ maxEntries: 400, maxWeight: 96 * 1024 * 1024, weigh: (v) => v.size });

async function readVersion(db: Kysely<Database>, disclosureId: string, number: number): Promise<ReadVersion> {
  const key = `${disclosureId}:${number}`;
  const kept = readVersions.get(key);
  if (kept) return kept;
  const version = (await getVersion(db, disclosureId, number))!;
  const template = await loadVersionTemplate(db, version);
  // The parsed content takes a few times its JSON's length in memory.
  const read = { input: { template, content: version.parsed }, release: releaseOf(template, version.parsed), size: version.content.length * 4 };
  readVersions.set(key, read);
  // SQLite answers synchronously: let other requests in between twenty versions' worth of reading and parsing.
  await new Promise((resolve) => setImmediate(resolve));
  return read;
}

export async function loadComparison(db: Kysely<Database>, reader: Reader, params: ComparisonParams, now = clock.now()): Promise<ComparisonOutcome> {
  const inputs = await loadComparisonInputs(db, reader, params, now);
  if (inputs.kind === "notFound") return inputs;
  const notices: string[] = [];
  if (inputs.skipped) notices.push(`${inputs.skipped}件の開示書は、見つからないか閲覧する権限がないため比較から除きました。`);
  const templates = await listTemplates(db);
  const templateId = params.template && templates.some((t) => t.id === params.template) ? params.template : inputs.candidates[0]?.templateId;
  const onTemplate = inputs.candidates.filter((c) => c.templateId === templateId);
  const otherTemplates = inputs.candidates.length - onTemplate.length;
  if (otherTemplates) notices.push(`${otherTemplates}件は別の様式の開示書のため除きました（比較は1つの様式ごとに行います）。`);
  if (onTemplate.length > MAX_VENDORS) return { kind: "message", status: 400, message: `一度に比較できるのは${MAX_VENDORS}社までです（指定された開示書: ${onTemplate.length}件）。候補を絞ってください。`, notices };
  if (onTemplate.length < MIN_VENDORS) return { kind: "message", status: 200, message: `比較するには、閲覧できる同じ様式の開示書が${MIN_VENDORS}件以上必要です（現在: ${onTemplate.length}件）。`, notices };

  const compared: CompareInput[] = [];
  const releases: (string | null)[] = [];
  for (const candidate of onTemplate) {
    const read = await readVersion(db, candidate.disclosureId, candidate.version);
    compared.push(read.input);
    releases.push(read.release);
  }
  let profile: CriteriaProfile | undefined;
  if (params.profile) {
    profile = await findReadersCriteriaProfile(db, inputs.scope.hospitals, params.profile, templateId!);
    if (!profile) notices.push("指定された評価基準が見つからないため、評価基準なしで表示しています。");
  }
  const comparison = await computeInTurns(comparing(await onNewestEdition(db, compared), params.filters, profile?.items));
  const columns = comparison.order.map((i) => ({ ...withoutTemplateId(onTemplate[i]), release: releases[i], note: inputs.notes.get(onTemplate[i].disclosureId) ?? null }));
  const section = params.filters.section ? comparison.sectionOptions.find((s) => s.key === params.filters.section) : undefined;
  if (params.filters.section && !section) notices.push("指定された章が見つからないため、すべての章を表示しています。");
  const subset = params.filters.subset ? comparison.subsetOptions.find((s) => s.key === params.filters.subset) : undefined;
  if (params.filters.subset && !subset) notices.push("指定された項目の範囲がこの様式にないため、すべての項目を表示しています。");
  return {
    kind: "ok",
    page: {
      template: { id: templateId!, title: templates.find((t) => t.id === templateId)?.title ?? templateId! },
      shortlist: inputs.shortlist,
      profile: profile ? { id: profile.id, name: profile.name } : null,
      columns,
      comparison,
      filterLines: describeFilters(params.filters, section?.title ?? null, profile?.name ?? null, subset?.title ?? null),
      notices,
    },
  };
}

/**
 * Versions published on older editions of the form are compared on the newest one, through the crosswalk
 * between the editions: matched items are compared even when renumbered or reworded, the rest are left out.
 */
async function onNewestEdition(db: Kysely<Database>, compared: CompareInput[]): Promise<CompareInput[]> {
  const newest = compared.map((c) => c.template).reduce((a, b) => (compareVersions(a.version, b.version) >= 0 ? a : b));
  return Promise.all(
    compared.map(async (input) => {
      if (input.template.version === newest.version) return input;
      const crosswalk = (await crosswalkBetween(db, newest.id, input.template.version, newest.version))!;
      return onEdition(input, newest, crosswalk);
    }),
  );
}

function withoutTemplateId({ templateId: _templateId, ...column }: Candidate): Omit<ComparisonColumn, "note" | "release"> {
  return column;
}
