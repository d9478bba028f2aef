import type { Kysely } from "kysely";

// Document disclosures (issue 15, item 2): files a vendor keeps (サービス仕様適合開示書, SLA, MDS/SDS workbook,
// 事業者確認用 checklist, certificates and 言明書, other) with the same visibility levels as structured
// disclosures. A document has immutable versions; each version names its file by SHA-256, and the bytes are kept
// once per hash in document_file (in the database, as template imports keep theirs: one file to back up, written
// in the same transaction as the version that points at it).
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("document")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("service_id", "text", (c) => c.references("service.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull())
    .addColumn("latest_version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("withdrawn_at", "integer")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("document_organization").on("document").column("organization_id").execute();

  await db.schema
    .createTable("document_file")
    .addColumn("sha256", "text", (c) => c.primaryKey())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("bytes", "blob", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("document_version")
    .addColumn("document_id", "text", (c) => c.notNull().references("document.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull().references("document_file.sha256"))
    // YYYY-MM-DD (Japanese calendar dates as written on the document).
    .addColumn("created_on", "text", (c) => c.notNull())
    .addColumn("expires_on", "text")
    .addColumn("note", "text")
    .addColumn("uploaded_at", "integer", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addPrimaryKeyConstraint("document_version_pk", ["document_id", "number"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("document_version").execute();
  await db.schema.dropTable("document_file").execute();
  await db.schema.dropTable("document").execute();
}
