import { sql, type Kysely } from "kysely";
import { refuseChanges } from "../dialect.js";

// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("template_version")
    .addColumn("template_id", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull().check(sql`origin in ('builtin', 'import')`))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("template_version_pk", ["template_id", "version"])
    .execute();
  // A published template version is immutable: the data layer refuses changes, not just the app.
  await refuseChanges(db, "template_version_no_update", "update", "template_version", "template versions are immutable");
  await refuseChanges(db, "template_version_no_delete", "delete", "template_version", "template versions are immutable");
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("template_version").execute();
}
