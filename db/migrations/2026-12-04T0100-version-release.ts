import type { Kysely } from "kysely";

// The product release a version discloses on a per-release form (MDS): 「製品名 バージョン」 from the published
// content, for the directory to show without reading content. Null for per-service forms; versions published
// before this column were all on forms without a `release` (the field did not exist), so null is right for them.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("version_summary").addColumn("release", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("version_summary").dropColumn("release").execute();
}
