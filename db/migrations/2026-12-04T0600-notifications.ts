import { sql, type Kysely } from "kysely";

// Notifications (issue 15, item 5): what happened, for whom, in the app and by e-mail.
// - notification_event: one row per event that has been announced (its key, e.g. "version:<id>:<n>"), so that an
//   event announced twice — by the request that caused it and by the periodic sweep that catches anything missed —
//   reaches its recipients once.
// - notification: the in-app list of a user (unread until read).
// - mail_outbox: e-mails waiting to be sent, with attempts and the time of the next one (back-off), so that nothing
//   is lost while the SMTP server is down; a claim (claimed_until) keeps two workers from sending one message.
// - notification_preference: a user's choice per event kind and channel; no row means both channels on.
// Frozen in time: never edit after it lands; add a new dated migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification_event")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("notification")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    // A path inside the site (never an absolute URL).
    .addColumn("link", "text", (c) => c.notNull().check(sql`link like '/%'`))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("read_at", "integer")
    .addUniqueConstraint("notification_user_event", ["user_id", "event_key"])
    .execute();
  await db.schema.createIndex("notification_user_created").on("notification").columns(["user_id", "created_at"]).execute();
  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.references("user.id").onDelete("cascade"))
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "integer", (c) => c.notNull())
    .addColumn("claimed_until", "integer")
    .addColumn("last_error", "text")
    .addColumn("sent_at", "integer")
    // Given up after the last attempt; kept for the administrators' screen.
    .addColumn("failed_at", "integer")
    .addUniqueConstraint("mail_outbox_user_event", ["user_id", "event_key"])
    .execute();
  await db.schema.createIndex("mail_outbox_due").on("mail_outbox").columns(["sent_at", "failed_at", "next_attempt_at"]).execute();
  await db.schema
    .createTable("notification_preference")
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("email", "integer", (c) => c.notNull())
    .addColumn("in_app", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preference_pk", ["user_id", "kind"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notification_preference").execute();
  await db.schema.dropTable("mail_outbox").execute();
  await db.schema.dropTable("notification").execute();
  await db.schema.dropTable("notification_event").execute();
}
