import { sql, type Kysely } from "kysely";
import { isPostgres, refuseChanges } from "../dialect.js";

// What hospitals need to find and compare vendors: an immutable per-version summary (counts and
// one outcome code per item) computed at publish, a full-text index of what each disclosure says,
// shortlists with notes, and the hospitals' own criteria profiles. Frozen in time: add a new
// dated migration for changes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("version_summary")
    .addColumn("disclosure_id", "text", (c) => c.notNull())
    .addColumn("number", "integer", (c) => c.notNull())
    // A copy of the version's publish time: reading it from disclosure_version would walk the
    // overflow pages of its large content column for every row of a directory search.
    .addColumn("published_at", "integer", (c) => c.notNull())
    .addColumn("required_applicable", "integer", (c) => c.notNull())
    .addColumn("required_met", "integer", (c) => c.notNull())
    .addColumn("recommended_applicable", "integer", (c) => c.notNull())
    .addColumn("recommended_met", "integer", (c) => c.notNull())
    .addColumn("planned", "integer", (c) => c.notNull())
    .addColumn("unmet", "integer", (c) => c.notNull())
    .addColumn("not_applicable", "integer", (c) => c.notNull())
    .addColumn("unanswered", "integer", (c) => c.notNull())
    // One character per item of the template version, in form order (see disclosures/summary.ts).
    .addColumn("outcomes", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("version_summary_pk", ["disclosure_id", "number"])
    .addForeignKeyConstraint("version_summary_version_fk", ["disclosure_id", "number"], "disclosure_version", ["disclosure_id", "number"])
    .execute();
  await refuseChanges(db, "version_summary_no_update", "update", "version_summary", "version summaries are immutable");

  // Bigram tokens for Japanese (see disclosures/search-text.ts); rebuilt on publish and service edits.
  // The FTS row id comes from search_document, so a disclosure's row is found without a scan.
  await db.schema
    .createTable("search_document")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("disclosure_id", "text", (c) => c.notNull().unique().references("disclosure.id"))
    .execute();
  if (isPostgres(db)) {
    // The same tokens in a tsvector, a long text in overlapping parts (db/search-index.ts, DECISIONS 46).
    await sql`create table disclosure_search (rowid bigint not null references search_document (id), part integer not null, body tsvector not null, primary key (rowid, part))`.execute(db);
    await sql`create index disclosure_search_body on disclosure_search using gin (body)`.execute(db);
  } else {
    await sql`create virtual table disclosure_search using fts5(body, tokenize = 'unicode61 remove_diacritics 0')`.execute(db);
  }

  await db.schema.createIndex("disclosure_template").on("disclosure").columns(["template_id", "latest_version"]).execute();

  await db.schema
    .createTable("shortlist")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("user.id"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("shortlist_organization_id").on("shortlist").column("organization_id").execute();

  await db.schema
    .createTable("shortlist_entry")
    .addColumn("shortlist_id", "text", (c) => c.notNull().references("shortlist.id").onDelete("cascade"))
    .addColumn("disclosure_id", "text", (c) => c.notNull().references("disclosure.id"))
    .addColumn("note", "text")
    .addColumn("added_by", "text", (c) => c.notNull().references("user.id"))
    .addColumn("added_at", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("shortlist_entry_pk", ["shortlist_id", "disclosure_id"])
    .execute();

  await db.schema
    .createTable("criteria_profile")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("template_id", "text", (c) => c.notNull())
    // JSON: { [itemKey]: { mode?: "must" | "ignore", weight?: number } } (see disclosures/criteria.ts).
    .addColumn("items", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("user.id"))
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("criteria_profile_organization_id").on("criteria_profile").column("organization_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["criteria_profile", "shortlist_entry", "shortlist", "version_summary"]) await db.schema.dropTable(table).execute();
  await sql`drop table disclosure_search`.execute(db);
  await db.schema.dropTable("search_document").execute();
  await db.schema.dropIndex("disclosure_template").execute();
}
