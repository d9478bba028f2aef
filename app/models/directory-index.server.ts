// Keeps what the directory reads in step with what was published: the immutable per-version
// summary (written in the publish transaction) and the full-text row of each disclosure (its
// latest version plus the vendor's and service's names). Both are derived data: `backfillDirectory`
// rebuilds whatever is missing, e.g. versions published before this table existed.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { deleteSearchRow, writeSearchRow } from "../../db/search-index.js";
import type { DisclosureContent } from "../../disclosures/disclosure-content.js";
import { contentText } from "../../disclosures/search-text.js";
import { summarizeVersion } from "../../disclosures/summary.js";
import type { Template } from "../../disclosures/template-schema.js";
import { getVersion } from "./disclosure.server.js";
import { loadVersionTemplate } from "./reading.server.js";

export async function recordVersionSummary(db: Kysely<Database>, version: { disclosureId: string; number: number; publishedAt: number }, template: Template, content: DisclosureContent) {
  const s = summarizeVersion(template, content);
  await db
    .insertInto("version_summary")
    .values({
      disclosure_id: version.disclosureId,
      number: version.number,
      published_at: version.publishedAt,
      required_applicable: s.requiredApplicable,
      required_met: s.requiredMet,
      recommended_applicable: s.recommendedApplicable,
      recommended_met: s.recommendedMet,
      planned: s.planned,
      unmet: s.unmet,
      not_applicable: s.notApplicable,
      unanswered: s.unanswered,
      outcomes: s.outcomes,
      release: s.release,
    })
    .execute();
}

/** Rewrites the disclosure's full-text row from its latest version (or removes it if unpublished). */
export async function refreshSearchDocument(db: Kysely<Database>, disclosureId: string, latest?: { template: Template; content: DisclosureContent }) {
  const disclosure = await db
    .selectFrom("disclosure")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
    .select(["disclosure.latest_version", "organization.name as organization_name", "service.name as service_name", "service.description as service_description"])
    .where("disclosure.id", "=", disclosureId)
    .executeTakeFirst();
  const existing = await db.selectFrom("search_document").select("id").where("disclosure_id", "=", disclosureId).executeTakeFirst();
  if (existing) await deleteSearchRow(db, existing.id);
  if (!disclosure || disclosure.latest_version === 0) return;
  if (!latest) {
    const version = await getVersion(db, disclosureId, disclosure.latest_version);
    if (!version) return;
    latest = { template: await loadVersionTemplate(db, version), content: version.parsed };
  }
  const id = existing?.id ?? (await db.insertInto("search_document").values({ disclosure_id: disclosureId }).returning("id").executeTakeFirstOrThrow()).id;
  const text = [disclosure.organization_name, disclosure.service_name, disclosure.service_description, latest.template.title, latest.template.shortTitle, contentText(latest.template, latest.content)]
    .filter(Boolean)
    .join("\n");
  await writeSearchRow(db, id, text);
}

/** After a service's name or description changed: its disclosures' search rows. */
export async function refreshServiceSearch(db: Kysely<Database>, serviceId: string) {
  const rows = await db.selectFrom("disclosure").select("id").where("service_id", "=", serviceId).where("latest_version", ">", 0).execute();
  for (const row of rows) await refreshSearchDocument(db, row.id);
}

/** Summaries and search rows for everything published without them. Idempotent; returns what it did. */
export async function backfillDirectory(db: Kysely<Database>): Promise<{ summaries: number; documents: number }> {
  const missing = await db
    .selectFrom("disclosure_version")
    .leftJoin("version_summary", (join) => join.onRef("version_summary.disclosure_id", "=", "disclosure_version.disclosure_id").onRef("version_summary.number", "=", "disclosure_version.number"))
    .select(["disclosure_version.disclosure_id", "disclosure_version.number"])
    .where("version_summary.disclosure_id", "is", null)
    .execute();
  for (const row of missing) {
    const version = (await getVersion(db, row.disclosure_id, row.number))!;
    const template = await loadVersionTemplate(db, version);
    await recordVersionSummary(db, { disclosureId: row.disclosure_id, number: row.number, publishedAt: version.published_at }, template, version.parsed);
  }
  const unindexed = await db
    .selectFrom("disclosure")
    .select("disclosure.id")
    .where("disclosure.latest_version", ">", 0)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("search_document").select(sql.lit(1).as("one")).whereRef("search_document.disclosure_id", "=", "disclosure.id"))))
    .execute();
  for (const row of unindexed) await refreshSearchDocument(db, row.id);
  return { summaries: missing.length, documents: unindexed.length };
}
