// Watches of a hospital organisation (issue 15, items 4 and 6): vendors and disclosures it follows, the version of a
// disclosure it approved (the pin), and a private Atom feed of the list behind a secret URL.
//
// Watches belong to the organisation, like shortlists; the routes check who may act (members read, editors and
// owners change, verified hospitals only). What the organisation may read is decided here, at every read, with the
// one reading rule (`readableBy`) taken as the organisation itself: a watch on a disclosure it can no longer read
// stays in the table but is only counted on the page and never appears in the feed.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, WatchKind } from "../../db/schema.js";
import { CONTROL_CHARACTERS, CONTROL_MESSAGE } from "../../disclosures/answers.js";
import { clock, japanDate, startOfJapanDay, todayInJapan } from "../../disclosures/clock.js";
import type { DisclosureContent } from "../../disclosures/disclosure-content.js";
import { diffContents } from "../../disclosures/diff.js";
import { publicOrigin } from "../utils/env.server.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { readableBy, type ReaderScope } from "./disclosure.server.js";
import { getTemplate } from "./template.server.js";
import { certificationLabel } from "./vendor-profile.js";
import { atomFeed, feedVersions } from "./feeds.server.js";
import { actingMemberships } from "./membership.server.js";
import { roleRank } from "./organization.js";

export const WATCH_LIMITS = { noteMax: 500, expiringDays: 60, feedEntries: 50 } as const;
export const WATCH_HOSPITAL_ONLY = "ウォッチは医療機関の組織で使えます";
import { WATCH_VERIFIED_ONLY } from "./watch.js";

export { WATCH_VERIFIED_ONLY };
/** The same words whether a disclosure is missing, unpublished or unreadable: nothing leaks. */
export const NOT_WATCHABLE = "指定された開示書は見つからないか、閲覧する権限がありません";

/** A rule of watches was broken: the message is for the user. */
export class WatchRuleError extends Error {}

type Organization = { id: string; kind: string; verified_at: number | null };

/**
 * What the organisation itself reads as: its own id, and — when it is a verified hospital — 医療機関のみ and its
 * approved 申請制 disclosures. A member's own other memberships never widen it, and the private feed (no user at
 * all) reads exactly the same.
 */
export function organizationScope(organization: Organization): ReaderScope {
  const verifiedHospital = organization.kind === "hospital" && organization.verified_at !== null;
  return {
    isAdmin: false,
    memberOf: [organization.id],
    hospitals: organization.kind === "hospital" ? [organization.id] : [],
    verifiedHospitals: verifiedHospital ? [organization.id] : [],
    limits: [],
  };
}

function readableDisclosure(db: Kysely<Database>, organization: Organization, disclosureId: string, now: number) {
  return db
    .selectFrom("disclosure")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .select(["disclosure.id", "disclosure.latest_version", "organization.name as organization_name"])
    .where("disclosure.id", "=", disclosureId)
    .where("disclosure.latest_version", ">", 0)
    .where(readableBy(organizationScope(organization), now))
    .executeTakeFirst();
}

function findWatch(db: Kysely<Database>, organizationId: string, kind: WatchKind, targetId: string) {
  return db
    .selectFrom("watch")
    .select(["target_id", "pinned_version", "pinned_at"])
    .where("organization_id", "=", organizationId)
    .where("kind", "=", kind)
    .where("target_id", "=", targetId)
    .executeTakeFirst();
}

/** Starts watching; watching what is already watched changes nothing (false). */
export async function addWatch(db: Kysely<Database>, actor: AuditActor & { userId: string }, organization: Organization, kind: WatchKind, targetId: string, meta?: RequestMeta, now = clock.now()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let label: string;
    if (kind === "disclosure") {
      const disclosure = await readableDisclosure(trx, organization, targetId, now);
      if (!disclosure) throw new WatchRuleError(NOT_WATCHABLE);
      label = disclosure.organization_name;
    } else {
      const vendor = await trx.selectFrom("organization").select("name").where("id", "=", targetId).where("kind", "=", "vendor").executeTakeFirst();
      if (!vendor) throw new WatchRuleError("指定された事業者は見つかりません");
      label = vendor.name;
    }
    if (await findWatch(trx, organization.id, kind, targetId)) return false;
    await trx.insertInto("watch").values({ organization_id: organization.id, kind, target_id: targetId, created_by: actor.userId, created_at: now }).execute();
    await audit(trx, { action: "watch.added", actor, meta, organizationId: organization.id, target: label, detail: { kind, [kind]: targetId } }, now);
    return true;
  });
}

/** Stops watching (the pin goes with it; the audit log keeps its history). False when it was not watched. */
export async function removeWatch(db: Kysely<Database>, actor: AuditActor, organizationId: string, kind: WatchKind, targetId: string, meta?: RequestMeta, now = clock.now()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await findWatch(trx, organizationId, kind, targetId);
    if (!before) return false;
    await trx.deleteFrom("watch").where("organization_id", "=", organizationId).where("kind", "=", kind).where("target_id", "=", targetId).execute();
    await audit(trx, { action: "watch.removed", actor, meta, organizationId, target: targetId, detail: { kind, [kind]: targetId, pinned_version: before.pinned_version } }, now);
    return true;
  });
}

function checkNote(raw: string): string | null {
  const note = raw.replace(/\r\n?/g, "\n").trim();
  if (note.length > WATCH_LIMITS.noteMax) throw new WatchRuleError(`メモは${WATCH_LIMITS.noteMax}文字以内で入力してください`);
  if (CONTROL_CHARACTERS.test(note)) throw new WatchRuleError(CONTROL_MESSAGE);
  return note || null;
}

/**
 * Pins the version the hospital approved on a watched disclosure it may read: who, when, a note. A new pin replaces
 * the old one; the audit log keeps every pin (version and note length; the note itself stays out of the log).
 */
export async function pinVersion(
  db: Kysely<Database>,
  actor: AuditActor & { userId: string },
  organization: Organization,
  disclosureId: string,
  version: number,
  rawNote: string,
  meta?: RequestMeta,
  now = clock.now(),
): Promise<void> {
  const note = checkNote(rawNote);
  await db.transaction().execute(async (trx) => {
    const watch = await findWatch(trx, organization.id, "disclosure", disclosureId);
    if (!watch) throw new WatchRuleError("ウォッチしていない開示書の版は固定できません");
    const disclosure = await readableDisclosure(trx, organization, disclosureId, now);
    if (!disclosure) throw new WatchRuleError(NOT_WATCHABLE);
    if (!Number.isSafeInteger(version) || version < 1 || version > disclosure.latest_version) throw new WatchRuleError("指定された版はありません");
    await trx
      .updateTable("watch")
      .set({ pinned_version: version, pinned_by: actor.userId, pinned_at: now, pin_note: note })
      .where("organization_id", "=", organization.id)
      .where("kind", "=", "disclosure")
      .where("target_id", "=", disclosureId)
      .execute();
    await audit(
      trx,
      { action: "watch.pinned", actor, meta, organizationId: organization.id, target: disclosure.organization_name, detail: { disclosure: disclosureId, version, previous_version: watch.pinned_version, characters: note?.length ?? 0 } },
      now,
    );
  });
}

/** For the small forms on the version and vendor pages: which of these organisations watch the target. */
export async function watchingOrganizations(db: Kysely<Database>, organizationIds: string[], kind: WatchKind, targetId: string): Promise<Set<string>> {
  if (!organizationIds.length) return new Set();
  const rows = await db.selectFrom("watch").select("organization_id").where("organization_id", "in", organizationIds).where("kind", "=", kind).where("target_id", "=", targetId).execute();
  return new Set(rows.map((r) => r.organization_id));
}

// ---- the watch list ------------------------------------------------------------------------------

export type WatchedDisclosure = {
  disclosureId: string;
  organizationName: string;
  serviceName: string | null;
  templateTitle: string;
  latest: number;
  latestAt: number;
  /** 改版理由 of the latest version. */
  changeReason: string | null;
  withdrawnAt: number | null;
  pin: { version: number; at: number; by: string | null; note: string | null } | null;
  /** Items that differ from the pinned version to the latest (0 when the pin is the latest; null without a pin). */
  changedItems: number | null;
};

export type WatchedVendor = {
  organizationId: string;
  name: string;
  disclosures: { disclosureId: string; templateTitle: string; serviceName: string | null; version: number; publishedAt: number; withdrawn: boolean }[];
  expiring: { label: string; number: string | null; expiresOn: string }[];
};

export type WatchList = { disclosures: WatchedDisclosure[]; unreadable: number; vendors: WatchedVendor[] };

async function contentOf(db: Kysely<Database>, disclosureId: string, number: number): Promise<{ content: DisclosureContent; templateId: string; templateVersion: string } | undefined> {
  const row = await db.selectFrom("disclosure_version").select(["content", "template_id", "template_version"]).where("disclosure_id", "=", disclosureId).where("number", "=", number).executeTakeFirst();
  return row && { content: JSON.parse(row.content) as DisclosureContent, templateId: row.template_id, templateVersion: row.template_version };
}

async function templateTitles(db: Kysely<Database>, rows: { template_id: string; template_version: string }[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (const r of rows) {
    const key = `${r.template_id}@${r.template_version}`;
    if (!titles.has(key)) titles.set(key, (await getTemplate(db, r.template_id, r.template_version))?.template.title ?? r.template_id);
  }
  return titles;
}

/** The last Japanese date of "expiring within n days" counted from today (today + n). */
function daysAfter(today: string, days: number): string {
  return japanDate(startOfJapanDay(today) + days * 24 * 60 * 60 * 1000);
}

export async function loadWatchList(db: Kysely<Database>, organization: Organization, now = clock.now()): Promise<WatchList> {
  const scope = organizationScope(organization);
  const rows = await db
    .selectFrom("watch")
    .innerJoin("disclosure", "disclosure.id", "watch.target_id")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
    .innerJoin("disclosure_version", (join) => join.onRef("disclosure_version.disclosure_id", "=", "disclosure.id").onRef("disclosure_version.number", "=", "disclosure.latest_version"))
    .leftJoin("user as pinner", "pinner.id", "watch.pinned_by")
    .select([
      "disclosure.id",
      "disclosure.latest_version",
      "disclosure.withdrawn_at",
      "organization.name as organization_name",
      "service.name as service_name",
      "disclosure_version.template_id",
      "disclosure_version.template_version",
      "disclosure_version.published_at",
      "disclosure_version.change_reason",
      "watch.pinned_version",
      "watch.pinned_at",
      "watch.pin_note",
      "pinner.display_name as pinned_by_name",
    ])
    .where("watch.organization_id", "=", organization.id)
    .where("watch.kind", "=", "disclosure")
    .where(readableBy(scope, now))
    .orderBy("disclosure_version.published_at", "desc")
    .orderBy("disclosure.id")
    .execute();
  const { n: total } = await db.selectFrom("watch").select((eb) => eb.fn.countAll<number>().as("n")).where("organization_id", "=", organization.id).where("kind", "=", "disclosure").executeTakeFirstOrThrow();
  const titles = await templateTitles(db, rows);

  const disclosures: WatchedDisclosure[] = [];
  for (const r of rows) {
    let changedItems: number | null = null;
    const pinned = r.pinned_version !== null && r.pinned_version <= r.latest_version ? r.pinned_version : null;
    if (pinned !== null) {
      if (pinned === r.latest_version) changedItems = 0;
      else {
        const [before, after] = await Promise.all([contentOf(db, r.id, pinned), contentOf(db, r.id, r.latest_version)]);
        // Item keys are stable across template versions: the latest version's template reads both (as the diff page does).
        const template = after && (await getTemplate(db, after.templateId, after.templateVersion))?.template;
        changedItems = before && after && template ? diffContents(template, before.content, after.content).length : null;
      }
    }
    disclosures.push({
      disclosureId: r.id,
      organizationName: r.organization_name,
      serviceName: r.service_name,
      templateTitle: titles.get(`${r.template_id}@${r.template_version}`) ?? r.template_id,
      latest: r.latest_version,
      latestAt: r.published_at,
      changeReason: r.change_reason,
      withdrawnAt: r.withdrawn_at,
      pin: pinned !== null ? { version: pinned, at: r.pinned_at ?? 0, by: r.pinned_by_name ?? null, note: r.pin_note } : null,
      changedItems,
    });
  }

  const vendorRows = await db
    .selectFrom("watch")
    .innerJoin("organization", "organization.id", "watch.target_id")
    .select(["organization.id", "organization.name"])
    .where("watch.organization_id", "=", organization.id)
    .where("watch.kind", "=", "vendor")
    .where("organization.kind", "=", "vendor")
    .orderBy("organization.name")
    .execute();
  const today = todayInJapan(now);
  const until = daysAfter(today, WATCH_LIMITS.expiringDays);
  const vendors: WatchedVendor[] = [];
  for (const v of vendorRows) {
    const [list, certificates] = await Promise.all([
      db
        .selectFrom("disclosure")
        .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
        .innerJoin("disclosure_version", (join) => join.onRef("disclosure_version.disclosure_id", "=", "disclosure.id").onRef("disclosure_version.number", "=", "disclosure.latest_version"))
        .select(["disclosure.id", "disclosure.latest_version", "disclosure.withdrawn_at", "service.name as service_name", "disclosure_version.template_id", "disclosure_version.template_version", "disclosure_version.published_at"])
        .where("disclosure.organization_id", "=", v.id)
        .where("disclosure.latest_version", ">", 0)
        .where(readableBy(scope, now))
        .orderBy("disclosure_version.published_at", "desc")
        .orderBy("disclosure.id")
        .execute(),
      // In force through its expiry date (a Japanese date): expiring within 60 days is today … today + 60.
      db
        .selectFrom("certification")
        .select(["kind", "name", "number", "expires_on"])
        .where("organization_id", "=", v.id)
        .where("expires_on", ">=", today)
        .where("expires_on", "<=", until)
        .orderBy("expires_on")
        .orderBy("id")
        .execute(),
    ]);
    const vendorTitles = await templateTitles(db, list);
    vendors.push({
      organizationId: v.id,
      name: v.name,
      disclosures: list.map((d) => ({
        disclosureId: d.id,
        templateTitle: vendorTitles.get(`${d.template_id}@${d.template_version}`) ?? d.template_id,
        serviceName: d.service_name,
        version: d.latest_version,
        publishedAt: d.published_at,
        withdrawn: d.withdrawn_at !== null,
      })),
      expiring: certificates.map((c) => ({ label: certificationLabel(c), number: c.number, expiresOn: c.expires_on! })),
    });
  }
  return { disclosures, unreadable: Number(total) - rows.length, vendors };
}

// ---- the private feed ------------------------------------------------------------------------------

const hashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("base64url");
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** When the organisation's current feed secret was issued, or null (none yet). */
export async function feedTokenIssuedAt(db: Kysely<Database>, organizationId: string): Promise<number | null> {
  const row = await db.selectFrom("watch_feed_token").select("created_at").where("organization_id", "=", organizationId).executeTakeFirst();
  return row?.created_at ?? null;
}

/** A new secret (32 random bytes, base64url), replacing — and so revoking — the old one. Only its hash is stored. */
export async function issueFeedToken(db: Kysely<Database>, actor: AuditActor & { userId: string }, organizationId: string, meta?: RequestMeta, now = clock.now()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.transaction().execute(async (trx) => {
    const replaced = await trx.deleteFrom("watch_feed_token").where("organization_id", "=", organizationId).executeTakeFirst();
    await trx.insertInto("watch_feed_token").values({ organization_id: organizationId, token_hash: hashOf(token), created_at: now, created_by: actor.userId }).execute();
    await audit(trx, { action: "watch.feed_issued", actor, meta, organizationId, target: null, detail: { replaced: Number(replaced.numDeletedRows) > 0 } }, now);
  });
  return token;
}

/** The organisation behind a feed secret, or undefined (malformed, unknown or revoked). */
async function organizationOfToken(db: Kysely<Database>, token: string) {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  return db
    .selectFrom("watch_feed_token")
    .innerJoin("organization", "organization.id", "watch_feed_token.organization_id")
    .select(["organization.id", "organization.name", "organization.kind", "organization.verified_at"])
    .where("watch_feed_token.token_hash", "=", hashOf(token))
    .executeTakeFirst();
}

/**
 * The Atom feed of an organisation's watch list: the latest versions of the watched disclosures it may read now
 * (newest first, at most 50) with their 改版理由, and a 「取り下げ」 entry for each withdrawn one. Undefined for a
 * wrong or revoked secret.
 */
export async function watchFeed(db: Kysely<Database>, token: string, now = clock.now()): Promise<string | undefined> {
  const organization = await organizationOfToken(db, token);
  if (!organization) return undefined;
  const watched = db.selectFrom("watch").select("watch.target_id").where("watch.organization_id", "=", organization.id).where("watch.kind", "=", "disclosure");
  const rows = await feedVersions(db)
    .where("disclosure.id", "in", watched)
    .where(readableBy(organizationScope(organization), now))
    .limit(WATCH_LIMITS.feedEntries)
    .execute();
  // The feed's own id never carries the secret: it is the watch page's address.
  const page = `${publicOrigin()}/orgs/${encodeURIComponent(organization.id)}/watch`;
  return atomFeed(db, { id: `${page}#feed`, title: `${organization.name}のウォッチリスト`, author: "Kaiji", alternate: page, self: null, rows, updatedWhenEmpty: now });
}

// ---- the small forms on version and vendor pages -----------------------------------------------------

export type WatchControl = { organizationId: string; organizationName: string; watching: boolean };

/**
 * The verified hospitals a signed-in reader edits for (and meets the 2FA rule of), each with whether it watches the
 * target; a disclosure only for the hospitals that may read it.
 */
export async function watchControlsOf(db: Kysely<Database>, reader: { userId: string } | null, kind: WatchKind, targetId: string, now = clock.now()): Promise<WatchControl[]> {
  if (!reader) return [];
  const hospitals = (await actingMemberships(db, reader.userId)).filter((m) => m.kind === "hospital" && m.mayAct && m.verified && roleRank[m.role] >= roleRank.editor);
  const controls: WatchControl[] = [];
  const watching = await watchingOrganizations(db, hospitals.map((h) => h.id), kind, targetId);
  for (const h of hospitals) {
    if (kind === "disclosure" && !(await readableDisclosure(db, { id: h.id, kind: h.kind, verified_at: h.verified ? 1 : null }, targetId, now))) continue;
    controls.push({ organizationId: h.id, organizationName: h.name, watching: watching.has(h.id) });
  }
  return controls;
}
