import { sql, type Kysely } from "kysely";
import { isPostgres, refuseChanges } from "../dialect.js";

// Accounts, sessions, second factor, organisations, invitations and the audit log.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("user")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("is_admin", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("totp_secret", "text")
    .addColumn("totp_pending_secret", "text")
    .addColumn("totp_last_step", "integer")
    .addColumn("failed_sign_ins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "integer")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("password_changed_at", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("expires_at", "integer", (c) => c.notNull())
    .addColumn("created_at", "integer", (c) => c.notNull())
    // 0 while a signed-in password still waits for its second factor.
    .addColumn("two_factor_verified", "integer", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("session_user_id").on("session").column("user_id").execute();

  await db.schema
    .createTable("recovery_code")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "integer")
    .execute();
  await db.schema.createIndex("recovery_code_user_id").on("recovery_code").column("user_id").execute();

  await db.schema
    .createTable("organization")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('vendor', 'hospital')`))
    .addColumn("verified_at", "integer")
    .addColumn("require_two_factor", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("membership")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('owner', 'editor', 'viewer')`))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("membership_pk", ["organization_id", "user_id"])
    .execute();
  await db.schema.createIndex("membership_user_id").on("membership").column("user_id").execute();

  await db.schema
    .createTable("invitation")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id").onDelete("cascade"))
    // Only the hash of the token in the link is stored: a database reader cannot join.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('owner', 'editor', 'viewer')`))
    .addColumn("email", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("user.id"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("expires_at", "integer", (c) => c.notNull())
    .addColumn("accepted_at", "integer")
    .addColumn("accepted_by", "text", (c) => c.references("user.id"))
    .addColumn("revoked_at", "integer")
    .execute();
  await db.schema.createIndex("invitation_organization_id").on("invitation").column("organization_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("at", "integer", (c) => c.notNull())
    .addColumn("actor_user_id", "text")
    .addColumn("actor_email", "text")
    .addColumn("organization_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("detail", "text")
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("audit_log_organization_at").on("audit_log").columns(["organization_id", "at"]).execute();
  // Append-only: the data layer refuses to rewrite history.
  await refuseChanges(db, "audit_log_no_update", "update", "audit_log", "the audit log is append-only");
  await refuseChanges(db, "audit_log_no_delete", "delete", "audit_log", "the audit log is append-only");
  if (isPostgres(db)) await createAuditHighWater(db);
}

/**
 * PostgreSQL's sequences hand out ids that a rolled-back transaction never returns, so there the audit ids are
 * numbered by the app (app/models/audit.server.ts) from this one-row table, which a trigger raises on every entry:
 * like SQLite's sqlite_sequence it remembers the highest id ever written, so entries removed from the end show.
 */
async function createAuditHighWater(db: Kysely<any>) {
  await sql`create table audit_log_high_water (id bigint not null)`.execute(db);
  await sql`insert into audit_log_high_water (id) values (0)`.execute(db);
  await sql`create function kaiji_audit_high_water() returns trigger language plpgsql as $$
    begin update audit_log_high_water set id = greatest(id, new.id); return null; end $$`.execute(db);
  await sql`create trigger audit_log_high_water after insert on audit_log for each row execute function kaiji_audit_high_water()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["audit_log", "invitation", "membership", "organization", "recovery_code", "session", "user"]) {
    await db.schema.dropTable(table).execute();
  }
}
