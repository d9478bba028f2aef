import type { Kysely } from "kysely";

// Failed sign-ins for addresses without an account, counted in the database like an account's own (user.
// failed_sign_ins), so that every app process gives such an address the same growing delay as a real account
// (DECISIONS 47). Keyed by the SHA-256 of the normalised address: whatever someone types is not stored.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sign_in_failure")
    .addColumn("email_hash", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("locked_until", "integer")
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_in_failure_updated_at").on("sign_in_failure").column("updated_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("sign_in_failure").execute();
}
