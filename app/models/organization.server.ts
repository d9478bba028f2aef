// Organisations (vendor or hospital), memberships with roles, verification, and invitations by link.
// Every query is scoped by organisation id; permission checks live in utils/permissions.server.ts,
// the 2FA rule and what a member acts for in membership.server.ts.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, OrganizationKind, Role } from "../../db/schema.js";
import { env } from "../utils/env.server.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { clock } from "../../disclosures/clock.js";


export class MembershipRuleError extends Error {}

export async function createOrganization(db: Kysely<Database>, actor: AuditActor & { userId: string }, input: { name: string; kind: OrganizationKind; reading?: string | null }, meta: RequestMeta): Promise<string> {
  const id = randomUUID();
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("organization").values({ id, name: input.name.trim(), kind: input.kind, reading: input.reading ?? null, created_at: now }).execute();
    await trx.insertInto("membership").values({ organization_id: id, user_id: actor.userId, role: "owner", created_at: now }).execute();
    await audit(trx, { action: "organization.created", actor, meta, organizationId: id, target: input.name.trim(), detail: { kind: input.kind } });
  });
  return id;
}

/** The organisation's フリガナ (normalised; `null` removes it): names sort 五十音順 by it. */
export async function setReading(db: Kysely<Database>, actor: AuditActor, organizationId: string, value: string | null, meta?: RequestMeta): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = (await trx.selectFrom("organization").select("reading").where("id", "=", organizationId).executeTakeFirst())?.reading ?? null;
    if (before === value) return;
    await trx.updateTable("organization").set({ reading: value }).where("id", "=", organizationId).execute();
    await audit(trx, { action: "profile.updated", actor, meta, organizationId, target: `フリガナ: ${before ?? "未設定"} → ${value ?? "未設定"}`, detail: { field: "reading" } });
  });
}

export function getOrganization(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("organization")
    .select(["id", "name", "reading", "kind", "verified_at", "verification_requested_at", "verification_reference", "require_two_factor", "created_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export function getMembership(db: Kysely<Database>, organizationId: string, userId: string) {
  return db.selectFrom("membership").select(["role", "created_at"]).where("organization_id", "=", organizationId).where("user_id", "=", userId).executeTakeFirst();
}

export function listMyOrganizations(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("membership")
    .innerJoin("organization", "organization.id", "membership.organization_id")
    .select(["organization.id", "organization.name", "organization.kind", "organization.verified_at", "membership.role"])
    .where("membership.user_id", "=", userId)
    .orderBy("organization.name")
    .execute();
}

export function listMembers(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("membership")
    .innerJoin("user", "user.id", "membership.user_id")
    .select(["user.id", "user.email", "user.display_name", "membership.role", "membership.created_at", "user.totp_secret"])
    .where("membership.organization_id", "=", organizationId)
    .orderBy("membership.created_at")
    .execute()
    .then((rows) => rows.map(({ totp_secret, ...r }) => ({ ...r, twoFactorEnabled: Boolean(totp_secret) })));
}

async function ownerCount(db: Kysely<Database>, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom("membership")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Changes a member's role; the last owner cannot be demoted. */
export async function changeRole(db: Kysely<Database>, actor: AuditActor, organizationId: string, userId: string, role: Role, meta: RequestMeta) {
  await db.transaction().execute(async (trx) => {
    const member = await getMembership(trx, organizationId, userId);
    if (!member) throw new MembershipRuleError("このメンバーは組織にいません");
    if (member.role === role) return;
    if (member.role === "owner" && (await ownerCount(trx, organizationId)) <= 1) throw new MembershipRuleError("最後のオーナーの役割は変更できません。先に別のメンバーをオーナーにしてください");
    await trx.updateTable("membership").set({ role }).where("organization_id", "=", organizationId).where("user_id", "=", userId).execute();
    const email = await emailOf(trx, userId);
    await audit(trx, { action: "member.role_changed", actor, meta, organizationId, target: email, detail: { from: member.role, to: role } });
  });
}

/** Removes a member (or lets one leave); the last owner cannot leave. */
export async function removeMember(db: Kysely<Database>, actor: AuditActor, organizationId: string, userId: string, meta: RequestMeta) {
  await db.transaction().execute(async (trx) => {
    const member = await getMembership(trx, organizationId, userId);
    if (!member) throw new MembershipRuleError("このメンバーは組織にいません");
    if (member.role === "owner" && (await ownerCount(trx, organizationId)) <= 1) throw new MembershipRuleError("最後のオーナーは組織から外れることができません。先に別のメンバーをオーナーにしてください");
    await trx.deleteFrom("membership").where("organization_id", "=", organizationId).where("user_id", "=", userId).execute();
    const email = await emailOf(trx, userId);
    await audit(trx, { action: actor.userId === userId ? "member.left" : "member.removed", actor, meta, organizationId, target: email, detail: { role: member.role } });
  });
}

async function emailOf(db: Kysely<Database>, userId: string): Promise<string> {
  return (await db.selectFrom("user").select("email").where("id", "=", userId).executeTakeFirstOrThrow()).email;
}

export async function setRequireTwoFactor(db: Kysely<Database>, actor: AuditActor, organizationId: string, required: boolean, meta: RequestMeta) {
  await db.updateTable("organization").set({ require_two_factor: required ? 1 : 0 }).where("id", "=", organizationId).execute();
  await audit(db, { action: "organization.two_factor_required", actor, meta, organizationId, detail: { required } });
}

// ---- verification ----------------------------------------------------------------------------

/** An owner asks the administrators to verify the organisation, giving what they can check (医療機関コード …). */
export async function requestVerification(db: Kysely<Database>, actor: AuditActor, organizationId: string, reference: string, meta: RequestMeta) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("organization").set({ verification_requested_at: clock.now(), verification_reference: reference }).where("id", "=", organizationId).execute();
    await audit(trx, { action: "organization.verification_requested", actor, meta, organizationId, detail: { reference } });
  });
}

/**
 * An administrator verifies an organisation (recording what was checked: 医療機関コード, 法人番号 …;
 * routes require it for hospitals) or takes the verification back.
 */
export async function setVerified(db: Kysely<Database>, actor: AuditActor, organizationId: string, verified: boolean, meta: RequestMeta, checked: string | null = null) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("organization").set({ verified_at: verified ? clock.now() : null }).where("id", "=", organizationId).execute();
    await audit(trx, { action: verified ? "organization.verified" : "organization.unverified", actor, meta, organizationId, detail: checked ? { checked } : undefined });
  });
}

/** Organisations waiting for verification: hospitals first (they cannot read beyond public until then), then those who asked, oldest first. */
export function listVerificationQueue(db: Kysely<Database>) {
  return db
    .selectFrom("organization")
    .select(["id", "name", "kind", "created_at", "verification_requested_at", "verification_reference"])
    .where("verified_at", "is", null)
    .orderBy((eb) => eb.case().when("kind", "=", "hospital").then(0).else(1).end())
    .orderBy((eb) => eb.case().when("verification_requested_at", "is", null).then(1).else(0).end())
    .orderBy("verification_requested_at")
    .orderBy("created_at")
    .execute();
}

export function listAllOrganizations(db: Kysely<Database>) {
  return db
    .selectFrom("organization")
    .leftJoin("membership", "membership.organization_id", "organization.id")
    .select(["organization.id", "organization.name", "organization.kind", "organization.verified_at", "organization.created_at"])
    .select((eb) => eb.fn.count<number>("membership.user_id").as("members"))
    .groupBy("organization.id")
    .orderBy("organization.created_at", "desc")
    .execute();
}

// ---- invitations --------------------------------------------------------------------------

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates an invitation; the token is returned once (for the link) and only its hash is stored. */
export async function createInvitation(db: Kysely<Database>, actor: AuditActor & { userId: string }, organizationId: string, input: { role: Role; email: string | null }, meta: RequestMeta) {
  const token = randomBytes(32).toString("base64url");
  const now = clock.now();
  const id = randomUUID();
  await db
    .insertInto("invitation")
    .values({ id, organization_id: organizationId, token_hash: tokenHash(token), role: input.role, email: input.email, created_by: actor.userId, created_at: now, expires_at: now + env.INVITATION_TTL_HOURS * 3_600_000 })
    .execute();
  await audit(db, { action: "member.invited", actor, meta, organizationId, target: input.email, detail: { role: input.role, invitation: id } });
  return { id, token, expiresAt: now + env.INVITATION_TTL_HOURS * 3_600_000 };
}

export function listPendingInvitations(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("invitation")
    .select(["id", "role", "email", "created_at", "expires_at"])
    .where("organization_id", "=", organizationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", clock.now())
    .orderBy("created_at", "desc")
    .execute();
}

export async function revokeInvitation(db: Kysely<Database>, actor: AuditActor, organizationId: string, invitationId: string, meta: RequestMeta): Promise<boolean> {
  const result = await db
    .updateTable("invitation")
    .set({ revoked_at: clock.now() })
    .where("id", "=", invitationId)
    .where("organization_id", "=", organizationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await audit(db, { action: "member.invitation_revoked", actor, meta, organizationId, detail: { invitation: invitationId } });
  return true;
}

export type InvitationState = "valid" | "expired" | "used" | "revoked";

export async function findInvitation(db: Kysely<Database>, token: string) {
  const row = await db
    .selectFrom("invitation")
    .innerJoin("organization", "organization.id", "invitation.organization_id")
    .select(["invitation.id", "invitation.role", "invitation.email", "invitation.expires_at", "invitation.accepted_at", "invitation.revoked_at", "organization.id as organization_id", "organization.name", "organization.kind"])
    .where("invitation.token_hash", "=", tokenHash(token))
    .executeTakeFirst();
  if (!row) return undefined;
  const state: InvitationState = row.revoked_at ? "revoked" : row.accepted_at ? "used" : row.expires_at <= clock.now() ? "expired" : "valid";
  return { ...row, state };
}

/** Accepts an invitation exactly once (the update that marks it used is the check). */
export async function acceptInvitation(db: Kysely<Database>, user: { id: string; email: string }, token: string, meta: RequestMeta): Promise<{ ok: true; organizationId: string } | { ok: false; reason: InvitationState | "unknown" | "member" }> {
  return db.transaction().execute(async (trx) => {
    const invitation = await findInvitation(trx, token);
    if (!invitation) return { ok: false, reason: "unknown" } as const;
    if (invitation.state !== "valid") return { ok: false, reason: invitation.state } as const;
    if (await getMembership(trx, invitation.organization_id, user.id)) return { ok: false, reason: "member" } as const;
    const marked = await trx
      .updateTable("invitation")
      .set({ accepted_at: clock.now(), accepted_by: user.id })
      .where("id", "=", invitation.id)
      .where("accepted_at", "is", null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) return { ok: false, reason: "used" } as const;
    await trx.insertInto("membership").values({ organization_id: invitation.organization_id, user_id: user.id, role: invitation.role, created_at: clock.now() }).execute();
    await audit(trx, { action: "member.joined", actor: { userId: user.id, email: user.email }, meta, organizationId: invitation.organization_id, target: user.email, detail: { role: invitation.role, invitation: invitation.id } });
    return { ok: true, organizationId: invitation.organization_id } as const;
  });
}
