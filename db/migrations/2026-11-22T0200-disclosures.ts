import { sql, type Kysely } from "kysely";
import { refuseChanges } from "../dialect.js";

// Services, organisation profile facts, disclosures with per-item drafts, immutable published
// versions and access requests. Frozen in time: add a new dated migration for changes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("service")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('system', 'cloud', 'device', 'agency', 'other')`))
    .addColumn("description", "text")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("service_organization_id").on("service").column("organization_id").execute();

  await db.schema
    .createTable("certification")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('pmark', 'isms', 'ismap', 'soc2', 'cs_gold', 'other')`))
    .addColumn("name", "text")
    .addColumn("number", "text")
    .addColumn("expires_on", "text")
    .execute();
  await db.schema.createIndex("certification_organization_id").on("certification").column("organization_id").execute();

  await db.schema
    .createTable("storage_location")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("region", "text")
    .execute();
  await db.schema.createIndex("storage_location_organization_id").on("storage_location").column("organization_id").execute();

  await db.schema.alterTable("organization").addColumn("foreign_law", "text", (c) => c.check(sql`foreign_law in ('no', 'yes', 'unknown')`)).execute();

  await db.schema
    .createTable("disclosure")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id"))
    .addColumn("service_id", "text", (c) => c.references("service.id").onDelete("set null"))
    .addColumn("template_id", "text", (c) => c.notNull())
    .addColumn("template_version", "text", (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull().check(sql`visibility in ('public', 'hospitals', 'request')`))
    .addColumn("latest_version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("withdrawn_at", "integer")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("user.id"))
    .addForeignKeyConstraint("disclosure_template_fk", ["template_id", "template_version"], "template_version", ["template_id", "version"])
    .execute();
  await db.schema.createIndex("disclosure_organization_id").on("disclosure").column("organization_id").execute();

  // The working copy, one row per item, each with its own revision for conflict detection.
  await db.schema
    .createTable("draft_response")
    .addColumn("disclosure_id", "text", (c) => c.notNull().references("disclosure.id").onDelete("cascade"))
    .addColumn("item_key", "text", (c) => c.notNull())
    .addColumn("response", "text")
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull().references("user.id"))
    .addPrimaryKeyConstraint("draft_response_pk", ["disclosure_id", "item_key"])
    .execute();

  await db.schema
    .createTable("disclosure_version")
    .addColumn("disclosure_id", "text", (c) => c.notNull().references("disclosure.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("template_id", "text", (c) => c.notNull())
    .addColumn("template_version", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("published_at", "integer", (c) => c.notNull())
    .addColumn("published_by", "text", (c) => c.notNull().references("user.id"))
    .addPrimaryKeyConstraint("disclosure_version_pk", ["disclosure_id", "number"])
    .execute();
  await refuseChanges(db, "disclosure_version_no_update", "update", "disclosure_version", "published versions are immutable");
  await refuseChanges(db, "disclosure_version_no_delete", "delete", "disclosure_version", "published versions are immutable");

  await db.schema
    .createTable("access_request")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("disclosure_id", "text", (c) => c.notNull().references("disclosure.id"))
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("requested_by", "text", (c) => c.notNull().references("user.id"))
    .addColumn("message", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'approved', 'declined', 'revoked')`))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("decided_at", "integer")
    .addColumn("decided_by", "text", (c) => c.references("user.id"))
    .addColumn("expires_at", "integer")
    .execute();
  await db.schema.createIndex("access_request_disclosure_org").on("access_request").columns(["disclosure_id", "organization_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["access_request", "disclosure_version", "draft_response", "disclosure", "storage_location", "certification", "service"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("organization").dropColumn("foreign_law").execute();
}
