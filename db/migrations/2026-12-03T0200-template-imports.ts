import { sql, type Kysely } from "kysely";

// Bringing a form in from its spreadsheet (issue 13): an administrator's import in progress is a working area —
// the uploaded file (bytes, at most 10 MB) and the mapping being written — and nothing in it is a template until
// it is published into template_version. The published version keeps the mapping that read it (nullable: built-in
// versions have none), so the next edition starts from it; like the rest of the row it can never change (the
// triggers of 2026-11-22T0000 refuse updates and deletes).
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("template_import")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_size", "integer", (c) => c.notNull())
    .addColumn("file_sha256", "text", (c) => c.notNull())
    .addColumn("file_bytes", "blob", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("uploaded_at", "integer", (c) => c.notNull())
    .addColumn("mapping", "text", (c) => c.notNull())
    // Each saved change of the mapping raises it: a form rendered from an older mapping is refused, not merged.
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "integer", (c) => c.notNull())
    // id@version of the imported version whose mapping this import started from, if any.
    .addColumn("based_on", "text")
    .execute();
  await sql`alter table template_version add column mapping text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("template_version").dropColumn("mapping").execute();
  await db.schema.dropTable("template_import").execute();
}
