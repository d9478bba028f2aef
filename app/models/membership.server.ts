// What a user acts for and reads as: their memberships, under the one rule of an organisation's
// "2FA required" setting, and whether their hospitals read as hospitals (verified). No app
// settings or connections are imported here, so models and scripts can use it freely.
import type { Kysely } from "kysely";
import type { Database, OrganizationKind, Role } from "../../db/schema.js";
import type { HospitalLimitReason } from "./organization.js";

/**
 * An organisation's "2FA required" setting, in one place: a member without a second factor neither
 * acts for it nor reads as it. `requireOrgRole` asks it of every organisation page and action;
 * `actingMemberships` (behind the reading rules, the directory, comparisons, shortlists and access
 * requests) of everything a member reads or asks for as a member.
 */
export function meetsTwoFactorRule(organization: { require_two_factor: number }, user: { twoFactorEnabled: boolean }): boolean {
  return !organization.require_two_factor || user.twoFactorEnabled;
}

export type ActingMembership = {
  id: string;
  name: string;
  kind: OrganizationKind;
  role: Role;
  verified: boolean;
  /** False when the organisation requires 2FA and the user has none: the user may not act for it or read as it. */
  mayAct: boolean;
};

/** Every organisation of a user, with the role and whether the user may act for it now (the 2FA rule). */
export async function actingMemberships(db: Kysely<Database>, userId: string): Promise<ActingMembership[]> {
  const rows = await db
    .selectFrom("membership")
    .innerJoin("organization", "organization.id", "membership.organization_id")
    .innerJoin("user", "user.id", "membership.user_id")
    .select(["organization.id", "organization.name", "organization.kind", "organization.verified_at", "organization.require_two_factor", "membership.role", "user.totp_secret"])
    .where("membership.user_id", "=", userId)
    .orderBy("organization.name")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, role: r.role, verified: r.verified_at !== null, mayAct: meetsTwoFactorRule(r, { twoFactorEnabled: r.totp_secret !== null }) }));
}

/**
 * Why a member's hospital does not (yet) read 医療機関のみ and approved 申請制 disclosures, or
 * null when it does: a hospital must be verified by an administrator, and the 2FA rule met.
 */
export function hospitalLimit(membership: ActingMembership): HospitalLimitReason | null {
  if (membership.kind !== "hospital") return null;
  if (!membership.mayAct) return "twoFactor";
  return membership.verified ? null : "unverified";
}
