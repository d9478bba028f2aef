import type { Kysely } from "kysely";

// The request counts of the rate limits, shared by every app process on the database (issue 17, item 4): one row
// per limit and client, counted since `reset_at` minus the limit's window; a row whose `reset_at` has passed starts
// again at the next request, and is swept now and then (by reset_at).
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limit")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("hits", "integer", (c) => c.notNull())
    .addColumn("reset_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_limit_reset_at").on("rate_limit").column("reset_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limit").execute();
}
