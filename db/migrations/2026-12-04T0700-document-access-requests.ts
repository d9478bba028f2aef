import { sql, type Kysely } from "kysely";

// Access requests for 申請制 documents (issue 15, item 2; DECISIONS 32): one access_request table for both kinds of
// target. A request names either a disclosure or a document — disclosure_id becomes nullable, document_id is new, and a
// CHECK keeps exactly one of them set — so requesting, deciding, listing, the terms accepted and the reading rule are
// one model (app/models/access-request.server.ts). SQLite cannot change a column's NOT NULL or add a CHECK in place:
// the table is rebuilt (create the new one, copy every row, drop the old one, rename, recreate the indexes). Nothing
// references access_request, so this is safe with foreign keys on and inside the migrator's transaction.
// Frozen in time: never edit after it lands; add a new dated migration instead.

type Target = { column: "disclosure_id" | "document_id"; references: string; onDeleteCascade: boolean };

async function createAccessRequestTable(db: Kysely<any>, name: string, targets: Target[], oneTarget: boolean) {
  let table = db.schema.createTable(name).addColumn("id", "text", (c) => c.primaryKey());
  for (const t of targets) {
    table = table.addColumn(t.column, "text", (c) => {
      const column = oneTarget ? c.references(t.references) : c.notNull().references(t.references);
      return t.onDeleteCascade ? column.onDelete("cascade") : column;
    });
  }
  table = table
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("requested_by", "text", (c) => c.notNull().references("user.id"))
    .addColumn("message", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'approved', 'declined', 'revoked')`))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("decided_at", "integer")
    .addColumn("decided_by", "text", (c) => c.references("user.id"))
    .addColumn("expires_at", "integer")
    .addColumn("terms_version", "integer")
    .addColumn("terms_accepted_at", "integer");
  // A request is about one thing: a disclosure or a document, never both, never neither.
  if (oneTarget) table = table.addCheckConstraint("access_request_one_target", sql`(disclosure_id is null) <> (document_id is null)`);
  await table.execute();
}

const COMMON = ["id", "organization_id", "requested_by", "message", "status", "created_at", "decided_at", "decided_by", "expires_at", "terms_version", "terms_accepted_at"];

export async function up(db: Kysely<any>): Promise<void> {
  await createAccessRequestTable(
    db,
    "access_request_new",
    [
      { column: "disclosure_id", references: "disclosure.id", onDeleteCascade: false },
      // A document's versions go with it (document_version cascades too); so do the requests for it.
      { column: "document_id", references: "document.id", onDeleteCascade: true },
    ],
    true,
  );
  const columns = sql.join(["disclosure_id", ...COMMON].map((c) => sql.ref(c)));
  await sql`insert into access_request_new (${columns}) select ${columns} from access_request`.execute(db);
  await db.schema.dropTable("access_request").execute();
  await db.schema.alterTable("access_request_new").renameTo("access_request").execute();
  await db.schema.createIndex("access_request_disclosure_org").on("access_request").columns(["disclosure_id", "organization_id"]).execute();
  await db.schema.createIndex("access_request_document_org").on("access_request").columns(["document_id", "organization_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Requests for documents have no place in the old table: they are dropped.
  await createAccessRequestTable(db, "access_request_old", [{ column: "disclosure_id", references: "disclosure.id", onDeleteCascade: false }], false);
  const columns = sql.join(["disclosure_id", ...COMMON].map((c) => sql.ref(c)));
  await sql`insert into access_request_old (${columns}) select ${columns} from access_request where disclosure_id is not null`.execute(db);
  await db.schema.dropTable("access_request").execute();
  await db.schema.alterTable("access_request_old").renameTo("access_request").execute();
  await db.schema.createIndex("access_request_disclosure_org").on("access_request").columns(["disclosure_id", "organization_id"]).execute();
}
