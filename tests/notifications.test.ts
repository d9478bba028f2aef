// Notifications (issue 15, item 5), against a real SMTP server on loopback: a watched disclosure's new version reaches
// the watching hospital's members in the app and by e-mail (改版理由, counts of changed items); the outbox keeps the
// e-mail while the SMTP server is down, retries with a back-off and then delivers exactly once; each user chooses
// which events reach them; nobody hears of what they may not read; the reminders by date (certificates expiring
// within 60 days, republishing a month before 「12か月以上更新なし」) come once. Time is frozen (Date only).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";
import { freePort, mailText, startSmtp, type ReceivedMail } from "./helpers/mail.js";
import { publishTiny, registerTinyTemplate } from "./helpers/tiny-disclosure.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const NOW = Date.parse("2026-12-02T01:30:00+09:00");
vi.useFakeTimers({ toFake: ["Date"], now: NOW });
const REASON = "暗号化の方式をAES-256に更新";
const done: ItemResponse = { value: { status: "implemented" } };

// The models are imported after SMTP_URL is set: the environment is read once, when first imported.
type Models = typeof import("../app/models/disclosure.server.js") & typeof import("../app/models/notification.server.js") & typeof import("../app/models/notification-events.server.js");
let m: Models;
let app: Awaited<ReturnType<typeof startApp>>;
let smtpPort = 0;
let stopSmtp: (() => Promise<void>) | null = null;
const received: ReceivedMail[] = [];

type Account = { org: string; user: string; client: Client; email: string };
const accounts: Record<string, Account> = {};

async function signUp(name: string, kind: "vendor" | "hospital" | null, orgName = `${name}病院`): Promise<Account> {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@notify.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  if (!kind) return { org: "", user, client, email };
  const created = await client.post("/orgs", { name: orgName, kind });
  expect(created.status).toBe(302);
  return { org: created.headers.get("location")!.split("/").pop()!, user, client, email };
}

const vendorActor = () => ({ userId: accounts.Acme.user, email: accounts.Acme.email });

async function published(serviceName: string, visibility: "public" | "hospitals" | "request", at = NOW - 10 * 86_400_000) {
  const { org } = accounts.Acme;
  const serviceId = `svc-${serviceName}`;
  await app.db.insertInto("service").values({ id: serviceId, organization_id: org, name: serviceName, kind: "cloud", description: null, created_at: NOW }).execute();
  return publishTiny(app.db, { org, actor: vendorActor() }, { responses: { name: { value: "アクメ株式会社" }, c1: { ...done, note: "方針は第1版" }, c2: done }, serviceId, visibility, at });
}

/** The vendor changes c1's note and publishes the next version with a 改版理由, as on its disclosure page. */
async function publishNext(id: string, note: string, changeReason = REASON) {
  const disclosure = (await m.getDisclosure(app.db, accounts.Acme.org, id))!;
  const revision = async (key: string) => (await app.db.selectFrom("draft_response").select("revision").where("disclosure_id", "=", id).where("item_key", "=", key).executeTakeFirst())?.revision ?? 0;
  await m.saveDraft(app.db, vendorActor(), disclosure, [{ key: "c1", baseRevision: await revision("c1"), response: { ...done, note } }], meta);
  const number = disclosure.latest_version + 1;
  const response = await accounts.Acme.client.post(`/orgs/${accounts.Acme.org}/disclosures/${id}`, { intent: "publish", version: String(number), reason: changeReason });
  expect(visibleText(await response.text())).toContain(`第${number}版を公開しました`);
}

const outboxOf = (userId: string) => app.db.selectFrom("mail_outbox").selectAll().where("user_id", "=", userId).orderBy("created_at").execute();
const notificationsOf = (userId: string) => app.db.selectFrom("notification").selectAll().where("user_id", "=", userId).orderBy("created_at").execute();
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

beforeAll(async () => {
  smtpPort = await freePort();
  // Nothing listens there yet: the SMTP server is "down" until startSmtp().
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  app = await startApp();
  m = { ...(await import("../app/models/disclosure.server.js")), ...(await import("../app/models/notification.server.js")), ...(await import("../app/models/notification-events.server.js")) } as Models;
  await registerTinyTemplate(app.db);

  accounts.Acme = await signUp("Acme", "vendor", "アクメ株式会社");
  accounts.Hospital = await signUp("Hospital", "hospital", "中央病院");
  accounts.Colleague = await signUp("Colleague", null);
  accounts.Strict = await signUp("Strict", "hospital", "厳格病院");
  await app.db.insertInto("membership").values({ organization_id: accounts.Hospital.org, user_id: accounts.Colleague.user, role: "viewer", created_at: NOW }).execute();
  await app.db.updateTable("organization").set({ verified_at: NOW }).where("id", "in", [accounts.Hospital.org, accounts.Strict.org]).execute();
});

afterAll(async () => {
  await m?.deliveryIdle();
  await app?.close();
  await stopSmtp?.();
  delete process.env.SMTP_URL;
});

describe("a new version of a watched disclosure", () => {
  let id = "";

  it("is kept in the outbox while the SMTP server is down, retried with a back-off, then delivered exactly once", async () => {
    id = await published("公開クラウド", "public");
    expect((await accounts.Hospital.client.post(`/orgs/${accounts.Hospital.org}/watch`, { intent: "watch", kind: "disclosure", targetId: id })).status).toBeLessThan(400);

    await publishNext(id, "方針は第2版で改訂");
    await m.deliveryIdle();
    // The attempt made at once failed: kept, with the reason, for 30 s.
    let [mail] = await outboxOf(accounts.Hospital.user);
    expect(mail).toMatchObject({ to_address: accounts.Hospital.email, attempts: 1, sent_at: null, failed_at: null });
    expect(mail.last_error).toBeTruthy();
    expect(mail.next_attempt_at).toBe(Date.now() + m.BACKOFF_FIRST_MS);

    // Not due yet: nothing is tried.
    expect(await m.deliverDueMail(app.db)).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    // Due, still down: the wait doubles (the editor's message and the viewer colleague's).
    advance(m.BACKOFF_FIRST_MS);
    expect(await m.deliverDueMail(app.db)).toEqual({ sent: 0, failed: 2, gaveUp: 0 });
    [mail] = await outboxOf(accounts.Hospital.user);
    expect(mail.attempts).toBe(2);
    expect(mail.next_attempt_at).toBe(Date.now() + 2 * m.BACKOFF_FIRST_MS);

    stopSmtp = await startSmtp(smtpPort, received);
    advance(2 * m.BACKOFF_FIRST_MS);
    // Two workers at once (the periodic run and a request's kick): each message is sent by one of them.
    const reports = await Promise.all([m.deliverDueMail(app.db), m.deliverDueMail(app.db)]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(2);
    // Later runs (within the sessions' idle timeout, as the pages below are used signed in) send nothing again.
    advance(10 * 60_000);
    expect((await m.deliverDueMail(app.db)).sent).toBe(0);
    expect(received.map((r) => r.to).sort()).toEqual([[accounts.Colleague.email], [accounts.Hospital.email]]);
    [mail] = await outboxOf(accounts.Hospital.user);
    expect(mail).toMatchObject({ attempts: 3, last_error: null });
    expect(mail.sent_at).not.toBeNull();

    const text = mailText(received.find((r) => r.to[0] === accounts.Hospital.email)!.raw);
    expect(text).toContain("アクメ株式会社");
    expect(text).toContain("第2版");
    expect(text).toContain(`改版理由: ${REASON}`);
    expect(text).toContain("追加 0 項目・変更 1 項目・削除 0 項目");
    // Links are absolute from PUBLIC_URL (never the request's Host), to the version and the watch list.
    expect(text).toContain(`http://localhost:`);
    expect(text).toContain(`/disclosures/${id}/v/2`);
  });

  it("appears in the app, for every member who may read it, and opening it marks it read", async () => {
    const [note] = await notificationsOf(accounts.Hospital.user);
    expect(note).toMatchObject({ kind: "version_published", link: `/disclosures/${id}/v/2`, read_at: null });
    expect(note.body).toContain(REASON);
    // The viewer of the same hospital hears of it too (in the app; by e-mail as well).
    expect(await notificationsOf(accounts.Colleague.user)).toHaveLength(1);

    const page = await accounts.Hospital.client.text("/account/notifications");
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("未読 1 件");
    expect(visibleText(page.html)).toContain(`改版理由: ${REASON}`);
    // The header counts unread ones on every page.
    expect(visibleText((await accounts.Hospital.client.text("/orgs")).html)).toContain("お知らせ（1）");

    // Someone else's notification cannot be opened (nor marked read).
    const other = await accounts.Acme.client.post("/account/notifications", { intent: "open", id: note.id });
    expect(other.status).toBe(404);
    const opened = await accounts.Hospital.client.post("/account/notifications", { intent: "open", id: note.id });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`/disclosures/${id}/v/2`);
    expect((await notificationsOf(accounts.Hospital.user))[0].read_at).not.toBeNull();
    expect(visibleText((await accounts.Hospital.client.text("/orgs")).html)).not.toContain("お知らせ（");
  });

  it("is announced once, however often the sweep runs", async () => {
    // The sweep announces what was not announced yet (第1版 was published without the page, long before the watch)...
    await m.sweepNotifications(app.db);
    const before = (await app.db.selectFrom("notification").select("id").execute()).length;
    // ...and nothing twice.
    await m.sweepNotifications(app.db);
    await m.announceVersion(app.db, id, 2);
    expect((await app.db.selectFrom("notification").select("id").execute()).length).toBe(before);
  });

  it("reaches each user by the channels they chose", async () => {
    // The colleague keeps this kind in the app only; the hospital's editor turns the in-app one off.
    const saved = await accounts.Colleague.client.post("/account/notifications", { intent: "preferences", "version_published.inApp": "on" });
    expect(saved.status).toBe(200);
    expect(visibleText(await saved.text())).toContain("保存しました");
    await accounts.Hospital.client.post("/account/notifications", { intent: "preferences", "version_published.email": "on" });
    const page = visibleText((await accounts.Colleague.client.text("/account/notifications")).html);
    expect(page).toContain("受け取るお知らせ");

    const colleagueMails = (await outboxOf(accounts.Colleague.user)).length;
    const hospitalNotes = (await notificationsOf(accounts.Hospital.user)).length;
    await publishNext(id, "方針は第3版で改訂", "第3版の改訂");
    await m.deliveryIdle();
    expect(await outboxOf(accounts.Colleague.user)).toHaveLength(colleagueMails);
    expect((await notificationsOf(accounts.Colleague.user)).at(-1)!.subject).toContain("第3版");
    expect(await notificationsOf(accounts.Hospital.user)).toHaveLength(hospitalNotes);
    expect((await outboxOf(accounts.Hospital.user)).at(-1)!.subject).toContain("第3版");
    // Preferences are one user's: a sign-in is needed to see or change them.
    const anonymous = await new Client(app.base).get("/account/notifications");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("nobody hears of what they may not read", () => {
  it("a 申請制 disclosure reaches a watcher of its vendor only once the hospital's request is approved", async () => {
    await accounts.Strict.client.post(`/orgs/${accounts.Strict.org}/watch`, { intent: "watch", kind: "vendor", targetId: accounts.Acme.org });
    const locked = await published("申請制サービス", "request");
    await publishNext(locked, "第2版の内容");
    expect((await notificationsOf(accounts.Strict.user)).filter((n) => n.link.includes(locked))).toHaveLength(0);
    expect((await outboxOf(accounts.Strict.user)).filter((o) => o.body.includes(locked))).toHaveLength(0);

    await app.db
      .insertInto("access_request")
      .values({ id: "req-strict", disclosure_id: locked, organization_id: accounts.Strict.org, requested_by: accounts.Strict.user, message: null, status: "approved", created_at: NOW, decided_at: NOW, decided_by: accounts.Acme.user, expires_at: null, terms_version: null, terms_accepted_at: null })
      .execute();
    await publishNext(locked, "第3版の内容", "第3版");
    expect((await notificationsOf(accounts.Strict.user)).filter((n) => n.link === `/disclosures/${locked}/v/3`)).toHaveLength(1);
  });

  it("members who do not meet their hospital's 2FA requirement hear nothing of what it reads", async () => {
    await app.db.updateTable("organization").set({ require_two_factor: 1 }).where("id", "=", accounts.Strict.org).execute();
    const locked = (await app.db.selectFrom("access_request").select("disclosure_id").where("id", "=", "req-strict").executeTakeFirstOrThrow()).disclosure_id!;
    await publishNext(locked, "第4版の内容", "第4版");
    expect((await notificationsOf(accounts.Strict.user)).filter((n) => n.link === `/disclosures/${locked}/v/4`)).toHaveLength(0);
    await app.db.updateTable("organization").set({ require_two_factor: 0 }).where("id", "=", accounts.Strict.org).execute();
  });
});

describe("reminders by date", () => {
  it("warns of a certificate expiring within 60 days, the vendor's owners and its watchers, once", async () => {
    // 2 December 2026 in Japan: 31 January 2027 is within 60 days, 1 February 2027 not yet.
    await app.db.insertInto("certification").values({ organization_id: accounts.Acme.org, kind: "isms", name: null, number: "IS 123456", expires_on: "2027-01-31" }).execute();
    await app.db.insertInto("certification").values({ organization_id: accounts.Acme.org, kind: "pmark", name: null, number: "P-1", expires_on: "2027-02-01" }).execute();
    const first = await m.sweepNotifications(app.db);
    expect(first.certifications).toBe(1);
    const subjects = async (userId: string) => (await notificationsOf(userId)).filter((n) => n.kind === "expiring_soon").map((n) => n.subject);
    expect(await subjects(accounts.Acme.user)).toEqual([expect.stringContaining("2027年1月31日")]);
    expect(await subjects(accounts.Strict.user)).toEqual([expect.stringContaining("ISMS")]);
    // Watching a disclosure is not watching the vendor.
    expect(await subjects(accounts.Hospital.user)).toEqual([]);
    expect((await m.sweepNotifications(app.db)).certifications).toBe(0);
  });

  it("reminds the owners to republish a month before 「12か月以上更新なし」, once per version", async () => {
    const elevenMonths = Date.parse("2026-01-01T12:00:00+09:00");
    const tenMonths = Date.parse("2026-02-03T12:00:00+09:00");
    const old = await published("古いサービス", "public", elevenMonths);
    const recent = await published("新しいサービス", "public", tenMonths);
    const report = await m.sweepNotifications(app.db);
    expect(report.reminders).toBe(1);
    const reminders = (await notificationsOf(accounts.Acme.user)).filter((n) => n.kind === "freshness_reminder");
    expect(reminders.map((n) => n.link)).toEqual([`/orgs/${accounts.Acme.org}/disclosures/${old}`]);
    expect(reminders[0].body).toContain("2027年1月1日 を過ぎると");
    expect(reminders[0].body).toContain("12か月以上更新なし");
    expect(reminders.some((n) => n.link.includes(recent))).toBe(false);
    expect((await m.sweepNotifications(app.db)).reminders).toBe(0);
    // Hospitals are not reminded of the vendor's chores.
    expect((await notificationsOf(accounts.Strict.user)).some((n) => n.kind === "freshness_reminder")).toBe(false);
  });
});

describe("the outbox gives up after its last attempt, and an administrator can start it again", () => {
  it("marks a message failed after MAX_ATTEMPTS and sends it after a retry", async () => {
    await m.deliveryIdle();
    await app.db
      .insertInto("mail_outbox")
      .values({ id: "doomed", user_id: accounts.Acme.user, event_key: "test:doomed", to_address: accounts.Acme.email, subject: "件名", body: "本文", created_at: Date.now(), attempts: m.MAX_ATTEMPTS - 1, next_attempt_at: Date.now(), claimed_until: null, last_error: null, sent_at: null, failed_at: null })
      .execute();
    const failing = async () => {
      throw new Error("550 mailbox unavailable");
    };
    expect(await m.deliverDueMail(app.db, Date.now(), failing)).toMatchObject({ gaveUp: 1 });
    expect(await m.outboxState(app.db)).toMatchObject({ failed: 1, lastError: "550 mailbox unavailable" });
    const doomed = () => app.db.selectFrom("mail_outbox").select(["sent_at", "failed_at", "attempts"]).where("id", "=", "doomed").executeTakeFirstOrThrow();
    expect(await doomed()).toMatchObject({ sent_at: null, attempts: m.MAX_ATTEMPTS });
    // Given up: never tried again by itself.
    await m.deliverDueMail(app.db, Date.now() + 365 * 86_400_000);
    expect((await doomed()).sent_at).toBeNull();
    const sent = received.length;
    expect(await m.retryFailedMail(app.db)).toBe(1);
    await m.deliveryIdle();
    expect(await doomed()).toMatchObject({ failed_at: null, attempts: 1 });
    expect((await doomed()).sent_at).not.toBeNull();
    expect(received.length).toBe(sent + 1);
    expect((await m.outboxState(app.db)).failed).toBe(0);
  });
});
