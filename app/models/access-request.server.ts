// Access requests for disclosures published "on request": a hospital asks with a message, the
// vendor approves (optionally until a date) or declines, and may revoke an approval later.
// Who may ask for a hospital: an editor or owner of a verified hospital who meets its 2FA
// requirement (DECISIONS 16).
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { roleRank, type HospitalLimitReason } from "./organization.js";
import { actingMemberships, hospitalLimit } from "./membership.server.js";
import { termsInForce } from "./access-terms.server.js";
import { clock } from "../../disclosures/clock.js";

export class AccessRequestError extends Error {}

/** Why a member may not ask for access on a hospital's behalf; null when they may. */
export type RequestBlock = HospitalLimitReason | "role";
export type RequestingHospital = { id: string; name: string; blocked: RequestBlock | null };

/** The user's hospital organisations, each with whether the user may ask for access on its behalf. */
export async function requestingHospitals(db: Kysely<Database>, userId: string): Promise<RequestingHospital[]> {
  return (await actingMemberships(db, userId))
    .filter((m) => m.kind === "hospital")
    .map((m) => ({ id: m.id, name: m.name, blocked: hospitalLimit(m) ?? (roleRank[m.role] < roleRank.editor ? "role" : null) }));
}

/** The vendor's terms changed (or were never accepted): nothing is stored, the hospital reads the ones in force. */
export class AccessTermsError extends AccessRequestError {}

/**
 * `acceptedTermsVersion`: the version of the vendor's terms the requester ticked 「同意します」 for, or null. When the
 * vendor has terms in force it must be exactly that version, checked in the same transaction as the insert.
 */
export async function requestAccess(db: Kysely<Database>, actor: AuditActor & { userId: string }, input: { disclosureId: string; vendorOrganizationId: string; hospitalOrganizationId: string; message: string; acceptedTermsVersion?: number | null }, meta: RequestMeta) {
  const hospital = (await requestingHospitals(db, actor.userId)).find((h) => h.id === input.hospitalOrganizationId);
  if (!hospital || hospital.blocked) throw new AccessRequestError("この医療機関として閲覧を申請することはできません");
  return db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom("access_request")
      .select(["id", "status"])
      .where("disclosure_id", "=", input.disclosureId)
      .where("organization_id", "=", input.hospitalOrganizationId)
      // An approval whose end date has passed no longer counts: the hospital may ask again.
      .where((eb) => eb.or([eb("status", "=", "pending"), eb.and([eb("status", "=", "approved"), eb.or([eb("expires_at", "is", null), eb("expires_at", ">=", clock.now())])])]))
      .executeTakeFirst();
    if (open) throw new AccessRequestError(open.status === "pending" ? "この開示書にはすでに申請中です" : "この開示書はすでに閲覧が許可されています");
    const terms = await termsInForce(trx, input.vendorOrganizationId);
    if (terms && input.acceptedTermsVersion == null) throw new AccessTermsError("申請するには、閲覧の条件を読み「上記の条件に同意します」にチェックしてください");
    if (terms && input.acceptedTermsVersion !== terms.version) throw new AccessTermsError("閲覧の条件が変更されました。新しい条件を確認し、同意のうえもう一度申請してください");
    const id = randomUUID();
    const now = clock.now();
    await trx
      .insertInto("access_request")
      .values({ id, disclosure_id: input.disclosureId, organization_id: input.hospitalOrganizationId, requested_by: actor.userId, message: input.message || null, status: "pending", created_at: now, decided_at: null, decided_by: null, expires_at: null, terms_version: terms?.version ?? null, terms_accepted_at: terms ? now : null })
      .execute();
    // Logged for the vendor (whose disclosure it is) and for the hospital.
    for (const organizationId of [input.vendorOrganizationId, input.hospitalOrganizationId]) {
      await audit(trx, { action: "access.requested", actor, meta, organizationId, target: input.disclosureId }, now);
      if (terms) await audit(trx, { action: "access.terms_accepted", actor, meta, organizationId, target: input.disclosureId, detail: { version: terms.version } }, now);
    }
    return id;
  });
}

export function listAccessRequests(db: Kysely<Database>, disclosureId: string) {
  return db
    .selectFrom("access_request")
    .innerJoin("organization", "organization.id", "access_request.organization_id")
    .innerJoin("user", "user.id", "access_request.requested_by")
    .innerJoin("disclosure", "disclosure.id", "access_request.disclosure_id")
    // The text of the terms version the hospital accepted, from the vendor's own versions.
    .leftJoin("access_terms", (join) => join.onRef("access_terms.organization_id", "=", "disclosure.organization_id").onRef("access_terms.version", "=", "access_request.terms_version"))
    .select(["access_request.id", "organization.name as hospital_name", "user.display_name as requested_by_name", "access_request.message", "access_request.status", "access_request.created_at", "access_request.expires_at", "access_request.terms_version", "access_request.terms_accepted_at", "access_terms.text as terms_text"])
    .where("access_request.disclosure_id", "=", disclosureId)
    .orderBy("access_request.created_at", "desc")
    .execute();
}

/** Approve (until `expiresAt`, or indefinitely), decline, or revoke an approval. Scoped to the vendor's disclosure. */
export async function decideAccess(db: Kysely<Database>, actor: AuditActor & { userId: string }, input: { disclosureId: string; vendorOrganizationId: string; requestId: string; decision: "approve" | "decline" | "revoke"; expiresAt: number | null }, meta: RequestMeta) {
  const from = input.decision === "revoke" ? ["approved"] : ["pending"];
  const status = input.decision === "approve" ? "approved" : input.decision === "decline" ? "declined" : "revoked";
  const result = await db
    .updateTable("access_request")
    .set({ status, decided_at: clock.now(), decided_by: actor.userId, ...(input.decision === "approve" ? { expires_at: input.expiresAt } : {}) })
    .where("id", "=", input.requestId)
    .where("disclosure_id", "=", input.disclosureId)
    .where("status", "in", from as ("pending" | "approved")[])
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AccessRequestError("この申請は処理できません（すでに処理済みか、存在しません）");
  const action = input.decision === "approve" ? "access.approved" : input.decision === "decline" ? "access.declined" : "access.revoked";
  await audit(db, { action, actor, meta, organizationId: input.vendorOrganizationId, target: input.disclosureId });
}

/** What a hospital may know about an on-request disclosure before access: who and which form, no answers. */
export function requestableDisclosure(db: Kysely<Database>, disclosureId: string) {
  return db
    .selectFrom("disclosure")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .leftJoin("service", "service.id", "disclosure.service_id")
    .select(["disclosure.id", "disclosure.organization_id", "disclosure.template_id", "disclosure.template_version", "disclosure.visibility", "organization.name as vendor_name", "service.name as service_name"])
    .where("disclosure.id", "=", disclosureId)
    .where("disclosure.visibility", "=", "request")
    .where("disclosure.latest_version", ">", 0)
    .where("disclosure.withdrawn_at", "is", null)
    .executeTakeFirst();
}

export function requestsOfHospitals(db: Kysely<Database>, disclosureId: string, hospitalIds: string[]) {
  if (!hospitalIds.length) return Promise.resolve([]);
  return db
    .selectFrom("access_request")
    .innerJoin("organization", "organization.id", "access_request.organization_id")
    .select(["access_request.id", "organization.name as hospital_name", "access_request.status", "access_request.created_at", "access_request.expires_at"])
    .where("access_request.disclosure_id", "=", disclosureId)
    .where("access_request.organization_id", "in", hospitalIds)
    .orderBy("access_request.created_at", "desc")
    .execute();
}
