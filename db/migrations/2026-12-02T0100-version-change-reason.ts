import type { Kysely } from "kysely";

// The 改版理由 a publisher gives for a version: version metadata like published_at, outside the hashed
// canonical content. The triggers of 2026-11-22T0200 already refuse UPDATE and DELETE of a version, so
// once written it cannot change. Nullable: 第1版 needs no reason, and versions published before have none.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("disclosure_version").addColumn("change_reason", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("disclosure_version").dropColumn("change_reason").execute();
}
