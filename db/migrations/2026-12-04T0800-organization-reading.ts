import type { Kysely } from "kysely";

// An organisation's reading (フリガナ, katakana): names sort 五十音順 by it (issue 19, item 5). Null until given.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organization").addColumn("reading", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organization").dropColumn("reading").execute();
}
