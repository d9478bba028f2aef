import type { Kysely } from "kysely";

// The organisation's address (所在地), a profile fact: it prefills the forms that ask for it (the 代行機関
// form's 所在地(住所)). Nullable: organisations made before have none until an editor sets it.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organization").addColumn("address", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organization").dropColumn("address").execute();
}
