import { sql, type Kysely } from "kysely";
import { refuseChanges } from "../dialect.js";

// Click-through terms for access requests (issue 15, item 3): a vendor organisation's terms (an NDA it writes) as
// immutable numbered versions; an empty text is a version too and means "no terms". An access request records the
// version the hospital accepted and when (the user and organisation are the request's own). Both nullable: requests
// made without terms, and all requests before this migration, accepted none.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("access_terms")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addPrimaryKeyConstraint("access_terms_pk", ["organization_id", "version"])
    .execute();
  // What a hospital accepted must stay what it read: the data layer refuses changes (deleting the organisation may still cascade).
  await refuseChanges(db, "access_terms_no_update", "update", "access_terms", "access terms versions are immutable");
  await db.schema.alterTable("access_request").addColumn("terms_version", "integer").execute();
  await db.schema.alterTable("access_request").addColumn("terms_accepted_at", "integer").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("access_request").dropColumn("terms_accepted_at").execute();
  await db.schema.alterTable("access_request").dropColumn("terms_version").execute();
  await db.schema.dropTable("access_terms").execute();
}
