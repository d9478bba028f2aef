// Shortlists (候補リスト) of a hospital organisation: named lists of published disclosures with a
// note per entry. Every query is scoped by organisation id; permission checks (members read,
// editors and owners change, hospital organisations only) are the routes'. An entry stays in its
// list when the reader can no longer read the disclosure, but is then only counted, never named.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Visibility } from "../../db/schema.js";
import { CONTROL_CHARACTERS, CONTROL_MESSAGE, FORMAT_CHARACTERS, formatCharacterMessage, SINGLE_LINE_CONTROL_CHARACTERS } from "../../disclosures/answers.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { readableBy, type ReaderScope } from "./disclosure.server.js";
import { clock } from "../../disclosures/clock.js";

export const SHORTLIST_LIMITS = { lists: 50, entries: 100, nameMax: 100, noteMax: 2000 } as const;
export const SHORTLIST_HOSPITAL_ONLY = "候補リストは医療機関の組織で使えます";
/** The same words whether a disclosure does not exist, is unpublished or may not be read: nothing leaks. */
export const NOT_ADDABLE = "指定された開示書は見つからないか、閲覧する権限がありません";

/** A rule of shortlists was broken (a limit, a bad name or note): the message is for the user. */
export class ShortlistRuleError extends Error {}

function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw new ShortlistRuleError("候補リストの名前を入力してください");
  if (name.length > SHORTLIST_LIMITS.nameMax) throw new ShortlistRuleError(`候補リストの名前は${SHORTLIST_LIMITS.nameMax}文字以内で入力してください`);
  if (SINGLE_LINE_CONTROL_CHARACTERS.test(name)) throw new ShortlistRuleError(CONTROL_MESSAGE);
  if (FORMAT_CHARACTERS.test(name)) throw new ShortlistRuleError(formatCharacterMessage(name));
  return name;
}

function checkNote(raw: string): string | null {
  const note = raw.replace(/\r\n?/g, "\n").trim();
  if (note.length > SHORTLIST_LIMITS.noteMax) throw new ShortlistRuleError(`メモは${SHORTLIST_LIMITS.noteMax}文字以内で入力してください`);
  if (CONTROL_CHARACTERS.test(note)) throw new ShortlistRuleError(CONTROL_MESSAGE);
  return note || null;
}

export type ShortlistSummary = { id: string; name: string; createdAt: number; updatedAt: number; entryCount: number };

export async function listShortlists(db: Kysely<Database>, organizationId: string): Promise<ShortlistSummary[]> {
  const rows = await db
    .selectFrom("shortlist")
    .leftJoin("shortlist_entry", "shortlist_entry.shortlist_id", "shortlist.id")
    .select((eb) => ["shortlist.id", "shortlist.name", "shortlist.created_at", "shortlist.updated_at", eb.fn.count<number>("shortlist_entry.disclosure_id").as("entry_count")])
    .where("shortlist.organization_id", "=", organizationId)
    .groupBy("shortlist.id")
    .orderBy("shortlist.updated_at", "desc")
    .orderBy("shortlist.id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, updatedAt: r.updated_at, entryCount: Number(r.entry_count) }));
}

/** One shortlist's own row (no entries), or undefined when the organisation has no such list. */
export function findShortlist(db: Kysely<Database>, organizationId: string, shortlistId: string) {
  return db.selectFrom("shortlist").select(["id", "name", "created_at", "updated_at"]).where("organization_id", "=", organizationId).where("id", "=", shortlistId).executeTakeFirst();
}

export async function createShortlist(db: Kysely<Database>, actor: AuditActor & { userId: string }, organizationId: string, rawName: string, meta?: RequestMeta): Promise<string> {
  const name = checkName(rawName);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    const { n } = await trx.selectFrom("shortlist").select((eb) => eb.fn.countAll<number>().as("n")).where("organization_id", "=", organizationId).executeTakeFirstOrThrow();
    if (Number(n) >= SHORTLIST_LIMITS.lists) throw new ShortlistRuleError(`候補リストは1つの組織で${SHORTLIST_LIMITS.lists}件まで作成できます`);
    const now = clock.now();
    await trx.insertInto("shortlist").values({ id, organization_id: organizationId, name, created_by: actor.userId, created_at: now, updated_at: now }).execute();
    await audit(trx, { action: "shortlist.created", actor, meta, organizationId, target: name, detail: { shortlist: id } });
  });
  return id;
}

/** False when the organisation has no such list. */
export async function renameShortlist(db: Kysely<Database>, actor: AuditActor, organizationId: string, shortlistId: string, rawName: string, meta?: RequestMeta): Promise<boolean> {
  const name = checkName(rawName);
  return db.transaction().execute(async (trx) => {
    const before = await findShortlist(trx, organizationId, shortlistId);
    if (!before) return false;
    if (before.name === name) return true;
    await trx.updateTable("shortlist").set({ name, updated_at: clock.now() }).where("organization_id", "=", organizationId).where("id", "=", shortlistId).execute();
    await audit(trx, { action: "shortlist.renamed", actor, meta, organizationId, target: name, detail: { shortlist: shortlistId, previous_name: before.name } });
    return true;
  });
}

/** Deletes a list and its entries (never the disclosures). False when the organisation has no such list. */
export async function deleteShortlist(db: Kysely<Database>, actor: AuditActor, organizationId: string, shortlistId: string, meta?: RequestMeta): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await findShortlist(trx, organizationId, shortlistId);
    if (!before) return false;
    const removed = await trx.deleteFrom("shortlist_entry").where("shortlist_id", "=", shortlistId).executeTakeFirst();
    await trx.deleteFrom("shortlist").where("organization_id", "=", organizationId).where("id", "=", shortlistId).execute();
    await audit(trx, { action: "shortlist.deleted", actor, meta, organizationId, target: before.name, detail: { shortlist: shortlistId, count: Number(removed.numDeletedRows) } });
    return true;
  });
}

export type ShortlistEntry = {
  disclosureId: string;
  organizationName: string;
  verified: boolean;
  serviceName: string | null;
  templateId: string;
  templateVersion: string;
  templateTitle: string;
  visibility: Visibility;
  version: number;
  /** 最終更新日: the publish time of the latest version. */
  publishedAt: number;
  withdrawn: boolean;
  note: string | null;
  addedAt: number;
};

export type ShortlistDetail = { id: string; name: string; createdAt: number; updatedAt: number; entries: ShortlistEntry[]; unreadable: number };

/**
 * A list with the entries this reader may read (in the order they were added) and how many others
 * it holds: those are counted only, so a list never names what its reader can no longer read.
 */
export async function getShortlist(db: Kysely<Database>, organizationId: string, shortlistId: string, scope: ReaderScope, now = clock.now()): Promise<ShortlistDetail | undefined> {
  const list = await findShortlist(db, organizationId, shortlistId);
  if (!list) return undefined;
  const [rows, total] = await Promise.all([
    db
      .selectFrom("shortlist_entry")
      .innerJoin("disclosure", "disclosure.id", "shortlist_entry.disclosure_id")
      .innerJoin("organization", "organization.id", "disclosure.organization_id")
      // Only a service of the same organisation: a stray service_id never shows another's name.
      .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
      .innerJoin("disclosure_version", (join) => join.onRef("disclosure_version.disclosure_id", "=", "disclosure.id").onRef("disclosure_version.number", "=", "disclosure.latest_version"))
      .leftJoin("template_version", (join) => join.onRef("template_version.template_id", "=", "disclosure_version.template_id").onRef("template_version.version", "=", "disclosure_version.template_version"))
      .leftJoin("version_summary", (join) => join.onRef("version_summary.disclosure_id", "=", "disclosure.id").onRef("version_summary.number", "=", "disclosure.latest_version"))
      .select((eb) => [
        "disclosure.id",
        "disclosure.visibility",
        "disclosure.latest_version",
        "disclosure.withdrawn_at",
        "organization.name as organization_name",
        "organization.verified_at",
        "service.name as service_name",
        "disclosure_version.template_id",
        "disclosure_version.template_version",
        "template_version.title as template_title",
        // The summary's copy first: reading disclosure_version.published_at walks past its large content column.
        eb.fn.coalesce("version_summary.published_at", "disclosure_version.published_at").as("published_at"),
        "shortlist_entry.note",
        "shortlist_entry.added_at",
      ])
      .where("shortlist_entry.shortlist_id", "=", shortlistId)
      .where(readableBy(scope, now))
      .orderBy("shortlist_entry.added_at")
      .orderBy("shortlist_entry.disclosure_id")
      .execute(),
    db.selectFrom("shortlist_entry").select((eb) => eb.fn.countAll<number>().as("n")).where("shortlist_id", "=", shortlistId).executeTakeFirstOrThrow(),
  ]);
  return {
    id: list.id,
    name: list.name,
    createdAt: list.created_at,
    updatedAt: list.updated_at,
    unreadable: Number(total.n) - rows.length,
    entries: rows.map((r) => ({
      disclosureId: r.id,
      organizationName: r.organization_name,
      verified: r.verified_at !== null,
      serviceName: r.service_name,
      templateId: r.template_id,
      templateVersion: r.template_version,
      templateTitle: r.template_title ?? r.template_id,
      visibility: r.visibility,
      version: r.latest_version,
      publishedAt: Number(r.published_at),
      withdrawn: r.withdrawn_at !== null,
      note: r.note,
      addedAt: r.added_at,
    })),
  };
}

/** A published disclosure this reader may read, with the names an audit entry and a message use. */
async function findAddable(db: Kysely<Database>, disclosureId: string, scope: ReaderScope, now: number) {
  return db
    .selectFrom("disclosure")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
    .select(["disclosure.id", "disclosure.withdrawn_at", "organization.name as organization_name", "service.name as service_name"])
    .where("disclosure.id", "=", disclosureId)
    .where("disclosure.latest_version", ">", 0)
    .where(readableBy(scope, now))
    .executeTakeFirst();
}

export type AddResult = { added: boolean; label: string };

/**
 * Adds a published disclosure the reader may read. Adding one that is already there changes
 * nothing (`added: false`). Throws ShortlistRuleError for a missing list, a disclosure that cannot
 * be added (one message for missing, unpublished and unreadable ones) or a full list.
 */
export async function addShortlistEntry(
  db: Kysely<Database>,
  actor: AuditActor & { userId: string },
  organizationId: string,
  shortlistId: string,
  disclosureId: string,
  scope: ReaderScope,
  meta?: RequestMeta,
  now = clock.now(),
): Promise<AddResult> {
  return db.transaction().execute(async (trx) => {
    const list = await findShortlist(trx, organizationId, shortlistId);
    if (!list) throw new ShortlistRuleError("候補リストが見つかりません");
    const disclosure = await findAddable(trx, disclosureId, scope, now);
    if (!disclosure) throw new ShortlistRuleError(NOT_ADDABLE);
    const label = disclosure.service_name ? `${disclosure.organization_name}「${disclosure.service_name}」` : disclosure.organization_name;
    const existing = await trx.selectFrom("shortlist_entry").select("disclosure_id").where("shortlist_id", "=", shortlistId).where("disclosure_id", "=", disclosureId).executeTakeFirst();
    if (existing) return { added: false, label };
    if (disclosure.withdrawn_at !== null) throw new ShortlistRuleError("取り下げられた開示書は候補リストに追加できません");
    const { n } = await trx.selectFrom("shortlist_entry").select((eb) => eb.fn.countAll<number>().as("n")).where("shortlist_id", "=", shortlistId).executeTakeFirstOrThrow();
    if (Number(n) >= SHORTLIST_LIMITS.entries) throw new ShortlistRuleError(`1つの候補リストに追加できるのは${SHORTLIST_LIMITS.entries}件までです`);
    await trx.insertInto("shortlist_entry").values({ shortlist_id: shortlistId, disclosure_id: disclosureId, note: null, added_by: actor.userId, added_at: now }).execute();
    await trx.updateTable("shortlist").set({ updated_at: now }).where("id", "=", shortlistId).execute();
    await audit(trx, { action: "shortlist.entry_added", actor, meta, organizationId, target: list.name, detail: { shortlist: shortlistId, disclosure: disclosureId, vendor: label } }, now);
    return { added: true, label };
  });
}

/** Sets (or, with an empty text, clears) an entry's note. False when the list has no such entry. */
export async function setShortlistNote(db: Kysely<Database>, actor: AuditActor, organizationId: string, shortlistId: string, disclosureId: string, rawNote: string, meta?: RequestMeta): Promise<boolean> {
  const note = checkNote(rawNote);
  return db.transaction().execute(async (trx) => {
    const list = await findShortlist(trx, organizationId, shortlistId);
    if (!list) return false;
    const entry = await trx.selectFrom("shortlist_entry").select("note").where("shortlist_id", "=", shortlistId).where("disclosure_id", "=", disclosureId).executeTakeFirst();
    if (!entry) return false;
    if (entry.note === note) return true;
    const now = clock.now();
    await trx.updateTable("shortlist_entry").set({ note }).where("shortlist_id", "=", shortlistId).where("disclosure_id", "=", disclosureId).execute();
    await trx.updateTable("shortlist").set({ updated_at: now }).where("id", "=", shortlistId).execute();
    // The note itself stays out of the log: only that it changed (and its length).
    await audit(trx, { action: "shortlist.note_changed", actor, meta, organizationId, target: list.name, detail: { shortlist: shortlistId, disclosure: disclosureId, characters: note?.length ?? 0 } }, now);
    return true;
  });
}

/** False when the list has no such entry. */
export async function removeShortlistEntry(db: Kysely<Database>, actor: AuditActor, organizationId: string, shortlistId: string, disclosureId: string, meta?: RequestMeta): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const list = await findShortlist(trx, organizationId, shortlistId);
    if (!list) return false;
    const removed = await trx.deleteFrom("shortlist_entry").where("shortlist_id", "=", shortlistId).where("disclosure_id", "=", disclosureId).executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1) return false;
    const now = clock.now();
    await trx.updateTable("shortlist").set({ updated_at: now }).where("id", "=", shortlistId).execute();
    await audit(trx, { action: "shortlist.entry_removed", actor, meta, organizationId, target: list.name, detail: { shortlist: shortlistId, disclosure: disclosureId } }, now);
    return true;
  });
}

/** Removes the entries this reader can no longer read (they cannot be named, so not picked one by one). */
export async function removeUnreadableEntries(db: Kysely<Database>, actor: AuditActor, organizationId: string, shortlistId: string, scope: ReaderScope, meta?: RequestMeta, now = clock.now()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const list = await findShortlist(trx, organizationId, shortlistId);
    if (!list) return 0;
    const readable = trx.selectFrom("disclosure").select("disclosure.id").where(readableBy(scope, now));
    const removed = await trx.deleteFrom("shortlist_entry").where("shortlist_id", "=", shortlistId).where("disclosure_id", "not in", readable).executeTakeFirst();
    const count = Number(removed.numDeletedRows);
    if (!count) return 0;
    await trx.updateTable("shortlist").set({ updated_at: now }).where("id", "=", shortlistId).execute();
    await audit(trx, { action: "shortlist.entry_removed", actor, meta, organizationId, target: list.name, detail: { shortlist: shortlistId, count, unreadable: true } }, now);
    return count;
  });
}
