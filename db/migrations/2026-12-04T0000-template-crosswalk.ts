import { sql, type Kysely } from "kysely";

// Editions side by side (issue 13, item 4): when an administrator imports a new edition of a template, the
// crosswalk from the previous edition (proposed, then confirmed or corrected) is kept with the new version —
// JSON `{ from, matches, removed, added }`, nullable: built-in versions, first editions and versions published
// before this migration have none and fall back to the proposal. Like the rest of the row it never changes
// (the triggers of 2026-11-22T0000 refuse every update and delete of template_version). The import keeps the
// administrator's decisions until then (JSON `{ from, rejected, paired }`, null while there are none).
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table template_version add column crosswalk text`.execute(db);
  await sql`alter table template_import add column crosswalk text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("template_import").dropColumn("crosswalk").execute();
  await db.schema.alterTable("template_version").dropColumn("crosswalk").execute();
}
