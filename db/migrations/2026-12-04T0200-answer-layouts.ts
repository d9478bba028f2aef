import type { Kysely } from "kysely";

// A vendor's own layout of an answer workbook (issue 14): which sheet, heading row and columns its files use, saved
// per organisation and form when an import through that layout is previewed, so the next file of theirs starts from
// it. One row per (organisation, template id): the layout is about the vendor's spreadsheet, not a form's edition.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("answer_layout")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("template_id", "text", (c) => c.notNull())
    // JSON of AnswerLayout (disclosures/answer-import.ts).
    .addColumn("layout", "text", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addPrimaryKeyConstraint("answer_layout_pk", ["organization_id", "template_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("answer_layout").execute();
}
