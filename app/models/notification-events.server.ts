// What is announced, to whom, in which words (issue 15, item 5). Each event has a key; announcing a key again
// reaches nobody twice (notification.server.ts), so the request that causes an event announces it at once and the
// periodic sweep (sweepNotifications) announces whatever a crash or an error left out, and the reminders that are
// due by date. Only what the recipient may read goes into a notification: recipients are checked with the reading
// rule taken as their organisation, and members who do not meet their organisation's 2FA requirement (who cannot
// act or read as it) hear nothing of what it reads.
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema.js";
import { clock, japanDate, monthsBefore, startOfJapanDay, todayInJapan, withinMonthsSince } from "../../disclosures/clock.js";
import type { DisclosureContent } from "../../disclosures/disclosure-content.js";
import { diffContents } from "../../disclosures/diff.js";
import { readableBy } from "./disclosure.server.js";
import { documentReadableBy, japaneseDate } from "./document.server.js";
import { meetsTwoFactorRule } from "./membership.server.js";
import { announce, type NotificationMessage, type Recipient } from "./notification.server.js";
import { roleRank } from "./organization.js";
import { getTemplate } from "./template.server.js";
import { certificationLabel } from "./vendor-profile.js";
import { organizationScope, WATCH_LIMITS } from "./watch.server.js";

/** Events older than this are no longer announced by the sweep (a fresh database of old versions stays quiet). */
const SWEEP_LOOKBACK_MS = 14 * 24 * 60 * 60_000;
/** The reminder to republish comes this many months after the last version (a month before 「12か月以上更新なし」). */
export const REMINDER_MONTHS = 11;

type Organization = { id: string; name: string; kind: string; verified_at: number | null; require_two_factor: number };

/** Members of an organisation (of at least `minRole`) who may act for it: they meet its 2FA requirement. */
async function membersOf(db: Kysely<Database>, organization: Organization, minRole: Role = "viewer"): Promise<Recipient[]> {
  const rows = await db
    .selectFrom("membership")
    .innerJoin("user", "user.id", "membership.user_id")
    .select(["user.id", "user.email", "membership.role", "user.totp_secret"])
    .where("membership.organization_id", "=", organization.id)
    .execute();
  return rows
    .filter((r) => roleRank[r.role] >= roleRank[minRole] && meetsTwoFactorRule(organization, { twoFactorEnabled: r.totp_secret !== null }))
    .map((r) => ({ userId: r.id, email: r.email }));
}

function organization(db: Kysely<Database>, id: string) {
  return db.selectFrom("organization").select(["id", "name", "kind", "verified_at", "require_two_factor"]).where("id", "=", id).executeTakeFirst();
}

/** Hospital organisations that watch the vendor (and, when given, the disclosure). */
function watchingHospitals(db: Kysely<Database>, vendorId: string, disclosureId?: string) {
  return db
    .selectFrom("watch")
    .innerJoin("organization", "organization.id", "watch.organization_id")
    .select(["organization.id", "organization.name", "organization.kind", "organization.verified_at", "organization.require_two_factor"])
    .where("organization.kind", "=", "hospital")
    .where((eb) => eb.or([eb.and([eb("watch.kind", "=", "vendor"), eb("watch.target_id", "=", vendorId)]), ...(disclosureId ? [eb.and([eb("watch.kind", "=", "disclosure"), eb("watch.target_id", "=", disclosureId)])] : [])]))
    .distinct()
    .execute();
}

async function templateTitle(db: Kysely<Database>, templateId: string, templateVersion: string): Promise<string> {
  return (await getTemplate(db, templateId, templateVersion))?.template.title ?? templateId;
}

const dateOf = (at: number) => japaneseDate(japanDate(at));

// ---- a new version of a watched disclosure -----------------------------------------------------------

/** Counts of items added, changed and removed since the previous version (none for a first version). */
async function changeCounts(db: Kysely<Database>, disclosureId: string, number: number) {
  if (number <= 1) return null;
  const rows = await db.selectFrom("disclosure_version").select(["number", "content", "template_id", "template_version"]).where("disclosure_id", "=", disclosureId).where("number", "in", [number - 1, number]).execute();
  const before = rows.find((r) => r.number === number - 1);
  const after = rows.find((r) => r.number === number);
  if (!before || !after) return null;
  // Item keys are stable across template versions: the latest version's template reads both (as the diff page does).
  const template = (await getTemplate(db, after.template_id, after.template_version))?.template;
  if (!template) return null;
  const diffs = diffContents(template, JSON.parse(before.content) as DisclosureContent, JSON.parse(after.content) as DisclosureContent);
  return { added: diffs.filter((d) => d.change === "added").length, changed: diffs.filter((d) => d.change === "changed").length, removed: diffs.filter((d) => d.change === "removed").length };
}

/** Tells the members of every hospital that watches the disclosure or its vendor, and may read it, of a new version. */
export async function announceVersion(db: Kysely<Database>, disclosureId: string, number: number, now = clock.now()): Promise<boolean> {
  const version = await db
    .selectFrom("disclosure_version")
    .innerJoin("disclosure", "disclosure.id", "disclosure_version.disclosure_id")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .leftJoin("service", "service.id", "disclosure.service_id")
    .select(["disclosure.organization_id", "organization.name as vendor_name", "service.name as service_name", "disclosure_version.template_id", "disclosure_version.template_version", "disclosure_version.published_at", "disclosure_version.change_reason"])
    .where("disclosure_version.disclosure_id", "=", disclosureId)
    .where("disclosure_version.number", "=", number)
    .executeTakeFirst();
  if (!version) return false;
  const recipients: { recipient: Recipient; message: NotificationMessage }[] = [];
  const hospitals = await watchingHospitals(db, version.organization_id, disclosureId);
  let words: { subject: string; body: string } | null = null;
  for (const hospital of hospitals) {
    const readable = await db.selectFrom("disclosure").select("id").where("id", "=", disclosureId).where("withdrawn_at", "is", null).where(readableBy(organizationScope(hospital), now)).executeTakeFirst();
    if (!readable) continue;
    words ??= await versionWords(db, disclosureId, number, version);
    const message = { subject: words.subject, body: `${words.body}\n\n${hospital.name} のウォッチリスト（ピン留めした版との違い）: ${`/orgs/${hospital.id}/watch`}`, link: `/disclosures/${disclosureId}/v/${number}` };
    for (const recipient of await membersOf(db, hospital)) recipients.push({ recipient, message });
  }
  return announce(db, { key: `version:${disclosureId}:${number}`, kind: "version_published", recipients }, now);
}

async function versionWords(db: Kysely<Database>, disclosureId: string, number: number, version: { vendor_name: string; service_name: string | null; template_id: string; template_version: string; published_at: number; change_reason: string | null }) {
  const title = await templateTitle(db, version.template_id, version.template_version);
  const counts = await changeCounts(db, disclosureId, number);
  const lines = [
    `${version.vendor_name} が「${title}」${version.service_name ? `（${version.service_name}）` : ""}の第${number}版を公開しました。`,
    `最終更新日: ${dateOf(version.published_at)}`,
    `改版理由: ${version.change_reason ?? (number === 1 ? "（初版）" : "（記載なし）")}`,
  ];
  if (counts) lines.push(`前の版からの変更: 追加 ${counts.added} 項目・変更 ${counts.changed} 項目・削除 ${counts.removed} 項目`);
  return { subject: `【Kaiji】${version.vendor_name}「${title}」第${number}版が公開されました`, body: lines.join("\n") };
}

// ---- access requests ------------------------------------------------------------------------------

/** What a request is for, in words both sides may read: the form or document and its service, never content. */
async function requestTarget(db: Kysely<Database>, request: { disclosure_id: string | null; document_id: string | null }) {
  if (request.document_id) {
    const document = await db
      .selectFrom("document")
      .leftJoin("service", "service.id", "document.service_id")
      .select(["document.id", "document.organization_id", "document.title", "service.name as service_name"])
      .where("document.id", "=", request.document_id)
      .executeTakeFirst();
    return (
      document && {
        vendorId: document.organization_id,
        label: `資料「${document.title}」${document.service_name ? `（${document.service_name}）` : ""}`,
        vendorPath: `/orgs/${document.organization_id}/documents/${document.id}`,
        readerPath: `/documents/${document.id}`,
      }
    );
  }
  const disclosure = await db
    .selectFrom("disclosure")
    .leftJoin("service", "service.id", "disclosure.service_id")
    .select(["disclosure.id", "disclosure.organization_id", "disclosure.template_id", "disclosure.template_version", "service.name as service_name"])
    .where("disclosure.id", "=", request.disclosure_id ?? "")
    .executeTakeFirst();
  if (!disclosure) return undefined;
  const title = await templateTitle(db, disclosure.template_id, disclosure.template_version);
  return {
    vendorId: disclosure.organization_id,
    label: `「${title}」${disclosure.service_name ? `（${disclosure.service_name}）` : ""}`,
    vendorPath: `/orgs/${disclosure.organization_id}/disclosures/${disclosure.id}`,
    readerPath: `/disclosures/${disclosure.id}`,
  };
}

function accessRequest(db: Kysely<Database>, requestId: string) {
  return db
    .selectFrom("access_request")
    .innerJoin("user", "user.id", "access_request.requested_by")
    .select(["access_request.id", "access_request.disclosure_id", "access_request.document_id", "access_request.organization_id", "access_request.requested_by", "access_request.message", "access_request.status", "access_request.created_at", "access_request.decided_at", "access_request.expires_at", "user.display_name as requester_name"])
    .where("access_request.id", "=", requestId)
    .executeTakeFirst();
}

/** Tells the vendor's owners that a hospital asks to read a 申請制 disclosure. */
export async function announceAccessRequest(db: Kysely<Database>, requestId: string, now = clock.now()): Promise<boolean> {
  const request = await accessRequest(db, requestId);
  const target = request && (await requestTarget(db, request));
  const [vendor, hospital] = target ? await Promise.all([organization(db, target.vendorId), organization(db, request.organization_id)]) : [];
  if (!request || !target || !vendor || !hospital) return false;
  const message = {
    subject: `【Kaiji】${hospital.name} から${target.label}の閲覧申請が届きました`,
    body: [`${hospital.name}（申請者: ${request.requester_name}）が${target.label}の閲覧を申請しました。`, `申請日時: ${dateOf(request.created_at)}`, request.message ? `申請者からのメッセージ:\n${request.message}` : "申請者からのメッセージはありません。", "承認・却下は、下のリンクの管理画面で行えます。"].join("\n"),
    link: target.vendorPath,
  };
  const recipients = (await membersOf(db, vendor, "owner")).map((recipient) => ({ recipient, message }));
  return announce(db, { key: `access-request:${requestId}`, kind: "access_requested", recipients }, now);
}

const decisionWords = { approved: "承認", declined: "却下", revoked: "取り消し" } as const;

/** Tells the hospital (the member who asked, and its owners) that its request was approved, declined or revoked. */
export async function announceAccessDecision(db: Kysely<Database>, requestId: string, now = clock.now()): Promise<boolean> {
  const request = await accessRequest(db, requestId);
  if (!request || request.status === "pending" || request.decided_at === null) return false;
  const target = await requestTarget(db, request);
  const [vendor, hospital] = target ? await Promise.all([organization(db, target.vendorId), organization(db, request.organization_id)]) : [];
  if (!target || !vendor || !hospital) return false;
  const decision = decisionWords[request.status];
  const until = request.status === "approved" && request.expires_at !== null ? `（${dateOf(request.expires_at)} まで）` : "";
  const message = {
    subject: `【Kaiji】${vendor.name}${target.label}の閲覧申請が${decision}されました`,
    body: [`${hospital.name} が申請した ${vendor.name} ${target.label}の閲覧は、${decision}されました${until}。`, request.status === "approved" ? "サインインすると閲覧できます。" : ""].filter(Boolean).join("\n"),
    link: target.readerPath,
  };
  const members = await membersOf(db, hospital);
  const owners = new Set((await membersOf(db, hospital, "owner")).map((m) => m.userId));
  const recipients = members.filter((m) => m.userId === request.requested_by || owners.has(m.userId)).map((recipient) => ({ recipient, message }));
  return announce(db, { key: `access-decision:${requestId}:${request.status}:${request.decided_at}`, kind: "access_decided", recipients }, now);
}

// ---- reminders by date --------------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60_000;

/** The last day before the expiry warnings start: things valid through `today + expiringDays` are warned of. */
function warnUntil(now: number): string {
  return japanDate(startOfJapanDay(todayInJapan(now)) + WATCH_LIMITS.expiringDays * DAY_MS);
}

/** Certifications of a vendor that expire within 60 days: its owners and the hospitals that watch it. */
async function announceExpiringCertifications(db: Kysely<Database>, now: number): Promise<number> {
  const today = todayInJapan(now);
  const rows = await db
    .selectFrom("certification")
    .select(["id", "organization_id", "kind", "name", "number", "expires_on"])
    .where("expires_on", ">=", today)
    .where("expires_on", "<=", warnUntil(now))
    .execute();
  let announced = 0;
  for (const c of rows) {
    const vendor = await organization(db, c.organization_id);
    if (!vendor) continue;
    const label = certificationLabel(c);
    const message = {
      subject: `【Kaiji】${vendor.name} の ${label} の有効期限が近づいています（${japaneseDate(c.expires_on!)}）`,
      body: `${vendor.name} の認証「${label}」${c.number ? `（${c.number}）` : ""}の有効期限は ${japaneseDate(c.expires_on!)} です。`,
      link: `/vendors/${vendor.id}`,
    };
    // Certifications are on the public vendor page: every watcher may read them.
    const recipients = [...(await membersOf(db, vendor, "owner")), ...(await recipientsOfHospitals(db, await watchingHospitals(db, vendor.id)))].map((recipient) => ({ recipient, message }));
    if (await announce(db, { key: `certification:${c.id}:${c.expires_on}`, kind: "expiring_soon", recipients }, now)) announced += 1;
  }
  return announced;
}

async function recipientsOfHospitals(db: Kysely<Database>, hospitals: Organization[]): Promise<Recipient[]> {
  return (await Promise.all(hospitals.map((h) => membersOf(db, h)))).flat();
}

/** Documents (latest version, not withdrawn) whose 有効期限 is within 60 days: the vendor's owners, and watchers who may read them. */
async function announceExpiringDocuments(db: Kysely<Database>, now: number): Promise<number> {
  const rows = await db
    .selectFrom("document")
    .innerJoin("document_version as v", (j) => j.onRef("v.document_id", "=", "document.id").onRef("v.number", "=", "document.latest_version"))
    .select(["document.id", "document.organization_id", "document.title", "v.number", "v.expires_on"])
    .where("document.withdrawn_at", "is", null)
    .where("v.expires_on", ">=", todayInJapan(now))
    .where("v.expires_on", "<=", warnUntil(now))
    .execute();
  let announced = 0;
  for (const d of rows) {
    const vendor = await organization(db, d.organization_id);
    if (!vendor) continue;
    const message = {
      subject: `【Kaiji】${vendor.name} の資料「${d.title}」の有効期限が近づいています（${japaneseDate(d.expires_on!)}）`,
      body: `${vendor.name} の資料「${d.title}」第${d.number}版の有効期限は ${japaneseDate(d.expires_on!)} です。`,
      link: `/documents/${d.id}`,
    };
    const readers: Organization[] = [];
    for (const hospital of await watchingHospitals(db, vendor.id)) {
      const readable = await db.selectFrom("document").select("id").where("id", "=", d.id).where(documentReadableBy(organizationScope(hospital))).executeTakeFirst();
      if (readable) readers.push(hospital);
    }
    const recipients = [...(await membersOf(db, vendor, "owner")), ...(await recipientsOfHospitals(db, readers))].map((recipient) => ({ recipient, message }));
    if (await announce(db, { key: `document:${d.id}:${d.number}:${d.expires_on}`, kind: "expiring_soon", recipients }, now)) announced += 1;
  }
  return announced;
}

/** A month before 「12か月以上更新なし」: the vendor's owners are reminded to republish (once per version). */
async function announceFreshnessReminders(db: Kysely<Database>, now: number): Promise<number> {
  const rows = await db
    .selectFrom("disclosure")
    .innerJoin("disclosure_version as v", (j) => j.onRef("v.disclosure_id", "=", "disclosure.id").onRef("v.number", "=", "disclosure.latest_version"))
    .leftJoin("service", "service.id", "disclosure.service_id")
    .select(["disclosure.id", "disclosure.organization_id", "v.number", "v.published_at", "v.template_id", "v.template_version", "service.name as service_name"])
    .where("disclosure.withdrawn_at", "is", null)
    .where("v.published_at", "<", withinMonthsSince(REMINDER_MONTHS, now))
    .execute();
  let announced = 0;
  for (const d of rows) {
    const vendor = await organization(db, d.organization_id);
    if (!vendor) continue;
    const title = await templateTitle(db, d.template_id, d.template_version);
    const flaggedAfter = japaneseDate(monthsBefore(japanDate(d.published_at), -12));
    const message = {
      subject: `【Kaiji】「${title}」の更新時期です（最終更新日 ${dateOf(d.published_at)}）`,
      body: `${vendor.name} の「${title}」${d.service_name ? `（${d.service_name}）` : ""}第${d.number}版は ${dateOf(d.published_at)} から更新されていません。${flaggedAfter} を過ぎると、ディレクトリと開示書のページに「12か月以上更新なし」と表示されます。内容に変更がなくても、確認して改めて公開すると最終更新日が新しくなります。`,
      link: `/orgs/${vendor.id}/disclosures/${d.id}`,
    };
    const recipients = (await membersOf(db, vendor, "owner")).map((recipient) => ({ recipient, message }));
    if (await announce(db, { key: `freshness:${d.id}:${d.number}`, kind: "freshness_reminder", recipients }, now)) announced += 1;
  }
  return announced;
}

export type SweepReport = { versions: number; requests: number; decisions: number; certifications: number; documents: number; reminders: number };

/**
 * Announces what is due and whatever was missed: versions, requests and decisions of the last two weeks (each once,
 * whoever announces it first), certifications and documents expiring within 60 days, and the reminders to
 * republish. Run by the server every hour and at start.
 */
export async function sweepNotifications(db: Kysely<Database>, now = clock.now()): Promise<SweepReport> {
  const since = now - SWEEP_LOOKBACK_MS;
  const report: SweepReport = { versions: 0, requests: 0, decisions: 0, certifications: 0, documents: 0, reminders: 0 };
  const versions = await db.selectFrom("disclosure_version").select(["disclosure_id", "number"]).where("published_at", ">=", since).execute();
  for (const v of versions) if (await announceVersion(db, v.disclosure_id, v.number, now)) report.versions += 1;
  const requests = await db.selectFrom("access_request").select(["id", "status", "created_at", "decided_at"]).where((eb) => eb.or([eb("created_at", ">=", since), eb("decided_at", ">=", since)])).execute();
  for (const r of requests) {
    if (r.created_at >= since && (await announceAccessRequest(db, r.id, now))) report.requests += 1;
    if (r.decided_at !== null && r.decided_at >= since && (await announceAccessDecision(db, r.id, now))) report.decisions += 1;
  }
  report.certifications = await announceExpiringCertifications(db, now);
  report.documents = await announceExpiringDocuments(db, now);
  report.reminders = await announceFreshnessReminders(db, now);
  return report;
}

/**
 * Announces after the action it reports, without ever failing it: the action is done, and whatever this could not
 * announce the next sweep does. Errors are logged, not thrown.
 */
export async function announceSafely(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    console.warn(`[notifications] ${what}: ${(error as Error).message}`);
  }
}
