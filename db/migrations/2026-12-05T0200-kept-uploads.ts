import type { Kysely } from "kysely";

// The file a vendor chose for the answer-layout form, kept between the form's steps (app/models/answer-layout.server.ts)
// in the database rather than in one process's memory, so that behind several app processes the next step finds it
// whichever process answers (DECISIONS 47). Short-lived: rows expire after 30 minutes and are swept.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("kept_upload")
    .addColumn("token", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("disclosure_id", "text", (c) => c.notNull().references("disclosure.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("bytes", "blob", (c) => c.notNull())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("expires_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("kept_upload_expires_at").on("kept_upload").column("expires_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("kept_upload").execute();
}
