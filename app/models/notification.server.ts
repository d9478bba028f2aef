// Notifications (issue 15, item 5): an event is announced once to the users it concerns, in the app and by e-mail,
// each as the user chose. The events themselves (who hears of what, in which words) are built in
// notification-events.server.ts; this module stores them and delivers the e-mail.
//
// E-mail goes through an outbox: announcing only writes rows, in one transaction with the event's key, and a
// worker sends them. A failed attempt is tried again later, with a back-off, so nothing is lost while the SMTP
// server is down; a sent message is marked sent and never sent again. A worker claims a message before sending it
// (claimed_until), so two workers (the request's kick and the periodic run, or two processes) never send one
// message twice. The one gap is a crash between the SMTP server's acceptance and the mark: the claim expires and the
// message goes again, with the same Message-ID, which receivers use to drop duplicates.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, NotificationKind } from "../../db/schema.js";
import { clock } from "../../disclosures/clock.js";
import { publicOrigin } from "../utils/env.server.js";
import { deliverMail, mailConfigured, type MailMessage } from "../utils/mail.server.js";
import { NOTIFICATION_LIMITS, notificationKinds } from "./notification.js";

/** What one recipient is told; `link` is a path inside the site (the e-mail makes it absolute with PUBLIC_URL). */
export type NotificationMessage = { subject: string; body: string; link: string };
export type Recipient = { userId: string; email: string };

/** Attempts before a message is given up (kept, with failed_at, for the administrators' screen). */
export const MAX_ATTEMPTS = 20;
/** The wait after the first failed attempt; it doubles after each one, up to BACKOFF_MAX_MS (about 26 h in all). */
export const BACKOFF_FIRST_MS = 30_000;
export const BACKOFF_MAX_MS = 2 * 60 * 60_000;
/** How long a worker holds a message it is sending: longer than the SMTP timeouts in mail.server.ts. */
const CLAIM_MS = 2 * 60_000;
/** Messages one delivery run takes, so that a long backlog does not hold a run for minutes. */
const BATCH = 50;

export function backoffAfter(attempts: number): number {
  return Math.min(BACKOFF_FIRST_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

export type Announcement = {
  /** Identifies the event ("version:<id>:<n>"): the same key announced again reaches nobody twice. */
  key: string;
  kind: NotificationKind;
  recipients: { recipient: Recipient; message: NotificationMessage }[];
};

/**
 * Stores the event's notifications and e-mails in one transaction, as each recipient chose; false when the event
 * was already announced. E-mail is queued only when an SMTP server is configured (a backlog would otherwise
 * arrive all at once the day one is). Delivery starts at once, without waiting for it.
 */
export async function announce(db: Kysely<Database>, announcement: Announcement, now = clock.now()): Promise<boolean> {
  const queued = await db.transaction().execute(async (trx) => {
    const fresh = await trx.insertInto("notification_event").values({ key: announcement.key, created_at: now }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(fresh.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    // One message per user, even when they are reached twice (a member of two watching hospitals).
    const byUser = new Map(announcement.recipients.map((r) => [r.recipient.userId, r]));
    if (!byUser.size) return 0;
    const choices = await preferencesOf(trx, [...byUser.keys()], announcement.kind);
    let mails = 0;
    for (const { recipient, message } of byUser.values()) {
      const choice = choices.get(recipient.userId) ?? { email: true, inApp: true };
      if (choice.inApp) {
        await trx
          .insertInto("notification")
          .values({ id: randomUUID(), user_id: recipient.userId, kind: announcement.kind, event_key: announcement.key, subject: message.subject, body: message.body, link: message.link, created_at: now, read_at: null })
          .execute();
      }
      if (choice.email && mailConfigured()) {
        await trx
          .insertInto("mail_outbox")
          .values({ id: randomUUID(), user_id: recipient.userId, event_key: announcement.key, to_address: recipient.email, subject: message.subject, body: mailBody(message), created_at: now, next_attempt_at: now, claimed_until: null, last_error: null, sent_at: null, failed_at: null })
          .execute();
        mails += 1;
      }
    }
    return mails;
  });
  if (queued) kickDelivery(db);
  return queued !== null;
}

function mailBody(message: NotificationMessage): string {
  return `${message.body}\n\n${absoluteUrl(message.link)}\n\n--\nKaiji（開示）からのお知らせです。受け取るお知らせは ${absoluteUrl("/account/notifications")} で選べます。\n`;
}

const absoluteUrl = (path: string) => publicOrigin() + path;

// ---- preferences ---------------------------------------------------------------------------

export type Preference = { email: boolean; inApp: boolean };

async function preferencesOf(db: Kysely<Database>, userIds: string[], kind: NotificationKind): Promise<Map<string, Preference>> {
  const rows = await db.selectFrom("notification_preference").select(["user_id", "email", "in_app"]).where("kind", "=", kind).where("user_id", "in", userIds).execute();
  return new Map(rows.map((r) => [r.user_id, { email: r.email === 1, inApp: r.in_app === 1 }]));
}

/** Every kind with the user's choice (both channels on unless they turned one off). */
export async function userPreferences(db: Kysely<Database>, userId: string): Promise<Record<NotificationKind, Preference>> {
  const rows = await db.selectFrom("notification_preference").select(["kind", "email", "in_app"]).where("user_id", "=", userId).execute();
  const stored = new Map(rows.map((r) => [r.kind, { email: r.email === 1, inApp: r.in_app === 1 }]));
  return Object.fromEntries(notificationKinds.map((k) => [k, stored.get(k) ?? { email: true, inApp: true }])) as Record<NotificationKind, Preference>;
}

export async function setUserPreferences(db: Kysely<Database>, userId: string, preferences: Record<NotificationKind, Preference>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const kind of notificationKinds) {
      const p = preferences[kind];
      await trx
        .insertInto("notification_preference")
        .values({ user_id: userId, kind, email: p.email ? 1 : 0, in_app: p.inApp ? 1 : 0 })
        .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ email: p.email ? 1 : 0, in_app: p.inApp ? 1 : 0 }))
        .execute();
    }
  });
}

// ---- the in-app list -----------------------------------------------------------------------

export function listNotifications(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("notification")
    .select(["id", "kind", "subject", "body", "link", "created_at", "read_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(NOTIFICATION_LIMITS.listed)
    .execute();
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom("notification").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).where("read_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read and gives its link; undefined for anyone else's. */
export async function openNotification(db: Kysely<Database>, userId: string, id: string, now = clock.now()): Promise<string | undefined> {
  const row = await db.selectFrom("notification").select(["link", "read_at"]).where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  if (!row) return undefined;
  if (row.read_at === null) await db.updateTable("notification").set({ read_at: now }).where("id", "=", id).execute();
  return row.link;
}

export async function markAllRead(db: Kysely<Database>, userId: string, now = clock.now()): Promise<void> {
  await db.updateTable("notification").set({ read_at: now }).where("user_id", "=", userId).where("read_at", "is", null).execute();
}

// ---- the outbox ----------------------------------------------------------------------------

export type DeliveryReport = { sent: number; failed: number; gaveUp: number };
type Send = (message: MailMessage) => Promise<void>;

/**
 * Sends the messages that are due, each claimed first; failures wait longer each time (backoffAfter) and are given
 * up after MAX_ATTEMPTS. `send` is replaceable for tests that count attempts.
 */
export async function deliverDueMail(db: Kysely<Database>, now = clock.now(), send: Send = deliverMail): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, gaveUp: 0 };
  const due = await db
    .selectFrom("mail_outbox")
    .select(["id", "to_address", "subject", "body", "attempts"])
    .where("sent_at", "is", null)
    .where("failed_at", "is", null)
    .where("next_attempt_at", "<=", now)
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)]))
    .orderBy("next_attempt_at")
    .limit(BATCH)
    .execute();
  for (const message of due) {
    const claimed = await db
      .updateTable("mail_outbox")
      .set({ claimed_until: now + CLAIM_MS })
      .where("id", "=", message.id)
      .where("sent_at", "is", null)
      .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    try {
      await send({ to: message.to_address, subject: message.subject, text: message.body, messageId: `<${message.id}@kaiji.outbox>` });
      await db.updateTable("mail_outbox").set({ sent_at: clock.now(), claimed_until: null, attempts: message.attempts + 1, last_error: null }).where("id", "=", message.id).execute();
      report.sent += 1;
    } catch (error) {
      const attempts = message.attempts + 1;
      const gaveUp = attempts >= MAX_ATTEMPTS;
      await db
        .updateTable("mail_outbox")
        .set({ attempts, claimed_until: null, last_error: String((error as Error).message ?? error).slice(0, 500), next_attempt_at: now + backoffAfter(attempts), failed_at: gaveUp ? now : null })
        .where("id", "=", message.id)
        .execute();
      if (gaveUp) report.gaveUp += 1;
      else report.failed += 1;
    }
  }
  return report;
}

export type OutboxState = { waiting: number; failed: number; oldestWaitingAt: number | null; lastError: string | null };

/** For the administrators' screen: what is waiting, what was given up, and the latest reason. */
export async function outboxState(db: Kysely<Database>): Promise<OutboxState> {
  const waiting = await db
    .selectFrom("mail_outbox")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
    .where("sent_at", "is", null)
    .where("failed_at", "is", null)
    .executeTakeFirstOrThrow();
  const failed = await db.selectFrom("mail_outbox").select((eb) => eb.fn.countAll<number>().as("n")).where("failed_at", "is not", null).executeTakeFirstOrThrow();
  const last = await db.selectFrom("mail_outbox").select(["last_error"]).where("last_error", "is not", null).where("sent_at", "is", null).orderBy("next_attempt_at", "desc").executeTakeFirst();
  return { waiting: Number(waiting.n), failed: Number(failed.n), oldestWaitingAt: waiting.oldest === null ? null : Number(waiting.oldest), lastError: last?.last_error ?? null };
}

/** Gives messages that were given up a new start (the administrator fixed the mail server). */
export async function retryFailedMail(db: Kysely<Database>, now = clock.now()): Promise<number> {
  const result = await db.updateTable("mail_outbox").set({ failed_at: null, attempts: 0, next_attempt_at: now }).where("failed_at", "is not", null).where("sent_at", "is", null).executeTakeFirst();
  const n = Number(result.numUpdatedRows);
  if (n) kickDelivery(db);
  return n;
}

// One delivery run at a time in a process; runs asked for meanwhile are folded into one more.
let running: Promise<unknown> | null = null;
let again = false;

/** Starts a delivery run now (or right after the current one), without waiting for it. */
export function kickDelivery(db: Kysely<Database>): void {
  if (running) {
    again = true;
    return;
  }
  running = deliverDueMail(db)
    .catch((error) => console.warn(`[mail] delivery run failed: ${(error as Error).message}`))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        kickDelivery(db);
      }
    });
}

/** Resolves when the current delivery run (if any) has ended: for tests and a clean shutdown. */
export async function deliveryIdle(): Promise<void> {
  while (running) await running;
}
