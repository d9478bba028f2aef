import { sql, type Kysely } from "kysely";

// Watches of a hospital organisation (issue 15, item 4): a vendor or a disclosure it follows, and on a watched
// disclosure the version it approved (the pin: who, when, a note). One row per (organisation, kind, target).
// The private feed of the watch list (item 6): one secret per organisation, stored as its SHA-256 only.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("watch")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('vendor', 'disclosure')`))
    // An organisation id (kind "vendor") or a disclosure id (kind "disclosure"); no foreign key, as it names either.
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("pinned_version", "integer")
    .addColumn("pinned_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("pinned_at", "integer")
    .addColumn("pin_note", "text")
    .addPrimaryKeyConstraint("watch_pk", ["organization_id", "kind", "target_id"])
    .execute();
  await db.schema.createIndex("watch_target").on("watch").columns(["kind", "target_id"]).execute();
  await db.schema
    .createTable("watch_feed_token")
    .addColumn("organization_id", "text", (c) => c.primaryKey().references("organization.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("watch_feed_token").execute();
  await db.schema.dropTable("watch").execute();
}
