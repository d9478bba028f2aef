// Disclosures: a template version filled in by a vendor, as a per-item draft (the working copy)
// and immutable published versions. Every query is scoped to the owning organisation by callers
// that went through requireOrgRole; reading rules for everyone else are in `canRead`.
import { randomUUID } from "node:crypto";
import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database, Visibility } from "../../db/schema.js";
import { canonicalContent, coherentContent, contentHash, normalizeContent, normalizeResponse, type DisclosureContent, type ItemResponse } from "../../disclosures/disclosure-content.js";
import { documentParts, partDates } from "../../disclosures/document-parts.js";
import { validateForPublish, type PublishProblem } from "../../disclosures/publish-validation.js";
import { summarizePublish, type PublishSummary } from "../../disclosures/publish-summary.js";
import type { Template } from "../../disclosures/template-schema.js";
import { forgetPublishedPages } from "../utils/published-page-cache.server.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import type { HospitalLimit } from "./organization.js";
import { actingMemberships, hospitalLimit } from "./membership.server.js";
import { recordVersionSummary, refreshSearchDocument } from "./directory-index.server.js";
import { clock } from "../../disclosures/clock.js";

export class PublishValidationError extends Error {
  constructor(readonly problems: PublishProblem[]) {
    super(`${problems.length} item(s) prevent publishing`);
  }
}

export class NothingToPublishError extends Error {}

/** The version about to be published is not the one that was reviewed: someone published meanwhile. */
export class StalePublishError extends Error {
  constructor(readonly latest: number) {
    super(`確認した後に公開の状況が変わりました（最新は第${latest}版）。公開する内容をもう一度確認してください`);
  }
}

export async function createDisclosure(
  db: Kysely<Database>,
  actor: AuditActor & { userId: string },
  organizationId: string,
  input: { templateId: string; templateVersion: string; serviceId: string | null; visibility: Visibility },
  meta: RequestMeta,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("disclosure")
    .values({ id, organization_id: organizationId, service_id: input.serviceId, template_id: input.templateId, template_version: input.templateVersion, visibility: input.visibility, created_at: clock.now(), created_by: actor.userId })
    .execute();
  await audit(db, { action: "disclosure.created", actor, meta, organizationId, target: id, detail: { template: `${input.templateId}@${input.templateVersion}` } });
  return id;
}

/** A disclosure of this organisation, or undefined (never another organisation's). */
export function getDisclosure(db: Kysely<Database>, organizationId: string, id: string) {
  return db
    .selectFrom("disclosure")
    .leftJoin("service", "service.id", "disclosure.service_id")
    .select([
      "disclosure.id",
      "disclosure.organization_id",
      "disclosure.service_id",
      "service.name as service_name",
      "disclosure.template_id",
      "disclosure.template_version",
      "disclosure.visibility",
      "disclosure.latest_version",
      "disclosure.withdrawn_at",
      "disclosure.created_at",
    ])
    .where("disclosure.id", "=", id)
    .where("disclosure.organization_id", "=", organizationId)
    .executeTakeFirst();
}

export function listDisclosures(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("disclosure")
    .leftJoin("service", "service.id", "disclosure.service_id")
    .leftJoin("disclosure_version", (join) => join.onRef("disclosure_version.disclosure_id", "=", "disclosure.id").onRef("disclosure_version.number", "=", "disclosure.latest_version"))
    .select([
      "disclosure.id",
      "service.name as service_name",
      "disclosure.template_id",
      "disclosure.template_version",
      "disclosure.visibility",
      "disclosure.latest_version",
      "disclosure.withdrawn_at",
      "disclosure_version.published_at",
    ])
    .select((eb) =>
      eb
        .selectFrom("draft_response")
        .select((e) => e.fn.max("draft_response.updated_at").as("u"))
        .whereRef("draft_response.disclosure_id", "=", "disclosure.id")
        .as("draft_updated_at"),
    )
    .select((eb) =>
      eb
        .selectFrom("access_request")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("access_request.disclosure_id", "=", "disclosure.id")
        .where("access_request.status", "=", "pending")
        .as("pending_requests"),
    )
    .where("disclosure.organization_id", "=", organizationId)
    .orderBy("disclosure.created_at", "desc")
    .execute();
}

// ---- the draft --------------------------------------------------------------------------

export type Draft = { content: DisclosureContent; revisions: Record<string, number> };

export async function getDraft(db: Kysely<Database>, disclosure: { id: string; template_id: string; template_version: string }): Promise<Draft> {
  const rows = await db.selectFrom("draft_response").select(["item_key", "response", "revision"]).where("disclosure_id", "=", disclosure.id).execute();
  const responses: Record<string, ItemResponse> = {};
  const revisions: Record<string, number> = {};
  for (const row of rows) {
    revisions[row.item_key] = row.revision;
    if (row.response) responses[row.item_key] = JSON.parse(row.response) as ItemResponse;
  }
  return { content: { templateId: disclosure.template_id, templateVersion: disclosure.template_version, responses }, revisions };
}

export type DraftChange = { key: string; baseRevision: number; response: ItemResponse | null };
export type Conflict = { key: string; mine: ItemResponse | null; theirs: ItemResponse | null; theirRevision: number; updatedBy: string; updatedAt: number };
export type SaveResult = { saved: { key: string; revision: number }[]; conflicts: Conflict[] };

/**
 * Saves changed items only. Each change names the revision it was based on; if the item moved on
 * meanwhile, nothing is written for it and both values come back as a conflict (no silent overwrite).
 * Drafts may hold incomplete or invalid answers: publishing is where they are checked.
 */
export async function saveDraft(db: Kysely<Database>, actor: AuditActor & { userId: string }, disclosure: { id: string; organization_id: string }, changes: DraftChange[], meta: RequestMeta): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    const result: SaveResult = { saved: [], conflicts: [] };
    const now = clock.now();
    for (const change of changes) {
      const current = await trx
        .selectFrom("draft_response")
        .innerJoin("user", "user.id", "draft_response.updated_by")
        .select(["draft_response.response", "draft_response.revision", "draft_response.updated_at", "user.display_name"])
        .where("disclosure_id", "=", disclosure.id)
        .where("item_key", "=", change.key)
        .executeTakeFirst();
      const currentRevision = current?.revision ?? 0;
      const normalized = change.response ? (normalizeResponse(change.response) ?? null) : null;
      if (change.baseRevision !== currentRevision) {
        const theirs = current?.response ? (JSON.parse(current.response) as ItemResponse) : null;
        // The same value arriving twice (a retried save) is not a conflict.
        if (JSON.stringify(theirs) === JSON.stringify(normalized)) {
          result.saved.push({ key: change.key, revision: currentRevision });
          continue;
        }
        result.conflicts.push({ key: change.key, mine: normalized, theirs, theirRevision: currentRevision, updatedBy: current?.display_name ?? "", updatedAt: current?.updated_at ?? 0 });
        continue;
      }
      const row = { response: normalized ? JSON.stringify(normalized) : null, revision: currentRevision + 1, updated_at: now, updated_by: actor.userId };
      if (current) await trx.updateTable("draft_response").set(row).where("disclosure_id", "=", disclosure.id).where("item_key", "=", change.key).execute();
      else await trx.insertInto("draft_response").values({ disclosure_id: disclosure.id, item_key: change.key, ...row }).execute();
      result.saved.push({ key: change.key, revision: row.revision });
    }
    if (result.saved.length) {
      await audit(trx, { action: "disclosure.edited", actor, meta, organizationId: disclosure.organization_id, target: disclosure.id, detail: { items: result.saved.length } });
    }
    return result;
  });
}

// ---- publishing ---------------------------------------------------------------------------

/**
 * Validates the draft and, in one transaction, stores it as the next immutable version. Its
 * publish time is the 最終更新日; its hash covers the canonical content (template id/version + responses).
 * The 改版理由 (`changeReason`, checked by the caller with `parseChangeReason`) is stored with the version
 * but, like the publish time, outside the hashed content. `expectedNumber` refuses to publish anything but
 * the version the publisher reviewed (StalePublishError).
 */
export async function publish(
  db: Kysely<Database>,
  actor: AuditActor & { userId: string },
  disclosure: { id: string; organization_id: string; template_id: string; template_version: string },
  template: Template,
  meta: RequestMeta,
  now = clock.now(),
  options: { changeReason?: string | null; expectedNumber?: number } = {},
): Promise<{ number: number; contentHash: string }> {
  const published = await db.transaction().execute(async (trx) => {
    // Coherent whatever the draft holds (drafts saved before the rule, or by other paths).
    const content = coherentContent(template, (await getDraft(trx, disclosure)).content);
    const problems = validateForPublish(template, content);
    if (problems.length) throw new PublishValidationError(problems);
    const latest = await trx.selectFrom("disclosure").select(["latest_version"]).where("id", "=", disclosure.id).executeTakeFirstOrThrow();
    if (options.expectedNumber !== undefined && latest.latest_version + 1 !== options.expectedNumber) throw new StalePublishError(latest.latest_version);
    if (latest.latest_version > 0) {
      const previous = await trx.selectFrom("disclosure_version").select(["content_hash"]).where("disclosure_id", "=", disclosure.id).where("number", "=", latest.latest_version).executeTakeFirstOrThrow();
      if (previous.content_hash === contentHash(content)) throw new NothingToPublishError("前の版から変更がありません");
    }
    const number = latest.latest_version + 1;
    const hash = contentHash(content);
    await trx
      .insertInto("disclosure_version")
      .values({ disclosure_id: disclosure.id, number, template_id: content.templateId, template_version: content.templateVersion, content: canonicalContent(content), content_hash: hash, published_at: now, published_by: actor.userId, change_reason: options.changeReason ?? null })
      .execute();
    await trx.updateTable("disclosure").set({ latest_version: number, withdrawn_at: null }).where("id", "=", disclosure.id).execute();
    const published = normalizeContent(content);
    await recordVersionSummary(trx, { disclosureId: disclosure.id, number, publishedAt: now }, template, published);
    await refreshSearchDocument(trx, disclosure.id, { template, content: published });
    await audit(trx, { action: "disclosure.published", actor, meta, organizationId: disclosure.organization_id, target: disclosure.id, detail: { version: number, sha256: hash, reason: Boolean(options.changeReason) } });
    return { number, contentHash: hash };
  });
  // Comparisons show latest versions: kept ones are stale now (a publish also lifts a withdrawal).
  forgetPublishedPages(disclosure.id);
  return published;
}

export async function setWithdrawn(db: Kysely<Database>, actor: AuditActor, disclosure: { id: string; organization_id: string }, withdrawn: boolean, meta: RequestMeta) {
  await db.updateTable("disclosure").set({ withdrawn_at: withdrawn ? clock.now() : null }).where("id", "=", disclosure.id).execute();
  forgetPublishedPages(disclosure.id);
  await audit(db, { action: withdrawn ? "disclosure.withdrawn" : "disclosure.reinstated", actor, meta, organizationId: disclosure.organization_id, target: disclosure.id });
}

export async function setVisibility(db: Kysely<Database>, actor: AuditActor, disclosure: { id: string; organization_id: string }, visibility: Visibility, meta: RequestMeta) {
  await db.updateTable("disclosure").set({ visibility }).where("id", "=", disclosure.id).execute();
  forgetPublishedPages(disclosure.id);
  await audit(db, { action: "disclosure.visibility_changed", actor, meta, organizationId: disclosure.organization_id, target: disclosure.id, detail: { visibility } });
}

export function listVersions(db: Kysely<Database>, disclosureId: string) {
  return db.selectFrom("disclosure_version").select(["number", "published_at", "content_hash", "change_reason"]).where("disclosure_id", "=", disclosureId).orderBy("number", "desc").execute();
}

/** What publishing the draft now would publish (the confirmation step), compared with the latest version. */
export async function publishPreview(db: Kysely<Database>, disclosure: { id: string; template_id: string; template_version: string; latest_version: number }, template: Template): Promise<PublishSummary> {
  const { content } = await getDraft(db, disclosure);
  const latest = disclosure.latest_version ? await getVersion(db, disclosure.id, disclosure.latest_version) : undefined;
  return summarizePublish(template, content, latest ? { number: latest.number, content: latest.parsed, contentHash: latest.content_hash } : null);
}

/** A version's facts without its content (cheap: for cache checks). */
export function getVersionMeta(db: Kysely<Database>, disclosureId: string, number: number) {
  return db
    .selectFrom("disclosure_version")
    .select(["number", "template_id", "template_version", "content_hash", "published_at", "change_reason"])
    .where("disclosure_id", "=", disclosureId)
    .where("number", "=", number)
    .executeTakeFirst();
}

export async function getVersion(db: Kysely<Database>, disclosureId: string, number: number) {
  const row = await db
    .selectFrom("disclosure_version")
    .select(["number", "template_id", "template_version", "content", "content_hash", "published_at", "change_reason"])
    .where("disclosure_id", "=", disclosureId)
    .where("number", "=", number)
    .executeTakeFirst();
  return row ? { ...row, parsed: JSON.parse(row.content) as DisclosureContent } : undefined;
}

/**
 * For forms printed in several parts (代行機関 概要 and 別添), the date each part of version `number` last changed, from
 * the published history; undefined for a form in one part (nothing is loaded then).
 */
export async function versionPartDates(db: Kysely<Database>, disclosureId: string, number: number, template: Template): Promise<Record<string, number> | undefined> {
  if (!documentParts(template).length) return undefined;
  const rows = await db
    .selectFrom("disclosure_version")
    .select(["content", "published_at"])
    .where("disclosure_id", "=", disclosureId)
    .where("number", "<=", number)
    .orderBy("number")
    .execute();
  return partDates(template, rows.map((r) => ({ publishedAt: r.published_at, content: JSON.parse(r.content) as DisclosureContent })));
}

// ---- who may read a published disclosure -----------------------------------------------------

export type Reader = { userId: string; isAdmin: boolean } | null;

/** What decides what a reader may read: resolved once per request. */
export type ReaderScope = {
  isAdmin: boolean;
  /** Organisations the reader acts for: members whose 2FA requirement they meet (their own disclosures, shortlists). */
  memberOf: string[];
  /** The hospitals among them (their criteria profiles). */
  hospitals: string[];
  /** The verified hospitals among them: what 医療機関のみ and approved 申請制 disclosures are read as. */
  verifiedHospitals: string[];
  /** The reader's hospitals that do not read as hospitals yet, and why (for pages that explain it). */
  limits: HospitalLimit[];
};

export async function readerScope(db: Kysely<Database>, reader: Reader): Promise<ReaderScope> {
  if (!reader) return { isAdmin: false, memberOf: [], hospitals: [], verifiedHospitals: [], limits: [] };
  const memberships = await actingMemberships(db, reader.userId);
  const acting = memberships.filter((m) => m.mayAct);
  const limits = memberships.flatMap((m) => {
    const reason = hospitalLimit(m);
    return reason ? [{ id: m.id, name: m.name, reason }] : [];
  });
  return {
    isAdmin: reader.isAdmin,
    memberOf: acting.map((m) => m.id),
    hospitals: acting.filter((m) => m.kind === "hospital").map((m) => m.id),
    verifiedHospitals: acting.filter((m) => m.kind === "hospital" && !hospitalLimit(m)).map((m) => m.id),
    limits,
  };
}

/**
 * The reading rules as a condition on the `disclosure` table, so a list (the directory) and a single
 * check (`canRead`) are the same rules. Public: anyone. Hospitals: members of a verified hospital
 * organisation. On request: members of a verified hospital whose request was approved and has not
 * expired or been revoked. The vendor's own members and administrators always. Membership counts
 * only where the reader meets the organisation's 2FA requirement (`readerScope`). Withdrawal hides
 * nothing from those who could read it before.
 */
export function readableBy(scope: ReaderScope, now = clock.now()) {
  return (eb: ExpressionBuilder<Database, "disclosure">) => {
    if (scope.isAdmin) return eb.lit(true);
    const rules = [eb("disclosure.visibility", "=", "public")];
    if (scope.memberOf.length) rules.push(eb("disclosure.organization_id", "in", scope.memberOf));
    if (scope.verifiedHospitals.length) {
      rules.push(eb("disclosure.visibility", "=", "hospitals"));
      rules.push(
        eb.and([
          eb("disclosure.visibility", "=", "request"),
          eb.exists(
            eb
              .selectFrom("access_request")
              .select("access_request.id")
              .whereRef("access_request.disclosure_id", "=", "disclosure.id")
              .where("access_request.organization_id", "in", scope.verifiedHospitals)
              .where("access_request.status", "=", "approved")
              // Approved "until 2026-12-01": readable up to and including 23:59:59.999 JST that day (endOfJapanDay).
              .where((e) => e.or([e("access_request.expires_at", "is", null), e("access_request.expires_at", ">=", now)])),
          ),
        ]),
      );
    }
    return eb.or(rules);
  };
}

export async function canRead(db: Kysely<Database>, reader: Reader, disclosure: { id: string; visibility: Visibility }, now = clock.now()): Promise<boolean> {
  if (disclosure.visibility === "public") return true;
  if (!reader) return false;
  const scope = await readerScope(db, reader);
  const row = await db.selectFrom("disclosure").select("disclosure.id").where("disclosure.id", "=", disclosure.id).where(readableBy(scope, now)).executeTakeFirst();
  return Boolean(row);
}
