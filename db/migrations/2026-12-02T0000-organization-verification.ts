import type { Kysely } from "kysely";

// A verification request from an organisation's owner: when, and what they gave to be checked
// (医療機関コード, 法人番号 …). What the administrator checked is in the audit log.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organization").addColumn("verification_requested_at", "integer").execute();
  await db.schema.alterTable("organization").addColumn("verification_reference", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organization").dropColumn("verification_reference").execute();
  await db.schema.alterTable("organization").dropColumn("verification_requested_at").execute();
}
