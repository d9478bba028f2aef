// Access requests for what a vendor publishes "on request" (申請制): a disclosure or a document (DECISIONS 16, 31, 32).
// A hospital asks with a message (accepting the vendor's terms in force), the vendor approves (optionally until a date)
// or declines, and may revoke an approval later. Who may ask for a hospital: an editor or owner of a verified hospital
// who meets its 2FA requirement (DECISIONS 16). One table, one set of rules for both kinds of target: a request names
// exactly one of `disclosure_id` and `document_id`.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { AccessRequestStatus, Database } from "../../db/schema.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { roleRank, type HospitalLimitReason } from "./organization.js";
import { actingMemberships, hospitalLimit } from "./membership.server.js";
import { termsInForce } from "./access-terms.server.js";
import { ACCESS_TARGET_NOUNS, type AccessTargetKind } from "./access-request.js";
import { clock } from "../../disclosures/clock.js";

export class AccessRequestError extends Error {}

/** What a request is about: a 申請制 disclosure or a 申請制 document, never both. */
export type AccessTarget = { disclosureId: string; documentId?: undefined } | { documentId: string; disclosureId?: undefined };

/** The target's kind, id, and its column in access_request. */
export function targetOf(target: AccessTarget): { kind: AccessTargetKind; id: string; column: "access_request.disclosure_id" | "access_request.document_id" } {
  return target.documentId !== undefined
    ? { kind: "document", id: target.documentId, column: "access_request.document_id" }
    : { kind: "disclosure", id: target.disclosureId, column: "access_request.disclosure_id" };
}

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

/** The vendor organisation of a target that may be asked for now (申請制, not withdrawn), or undefined. */
async function requestableOwner(db: Kysely<Database>, target: AccessTarget): Promise<string | undefined> {
  const t = targetOf(target);
  const table = t.kind === "document" ? ("document" as const) : ("disclosure" as const);
  const row = await db.selectFrom(table).select("organization_id").where("id", "=", t.id).where("visibility", "=", "request").where("withdrawn_at", "is", null).executeTakeFirst();
  return row?.organization_id;
}

export type AccessRequestInput = AccessTarget & { vendorOrganizationId: string; hospitalOrganizationId: string; message: string; acceptedTermsVersion?: number | null };

/**
 * Stores a pending request and returns its id. `acceptedTermsVersion`: the version of the vendor's terms the requester
 * ticked 「同意します」 for, or null. When the vendor has terms in force it must be exactly that version, checked in the
 * same transaction as the insert. The target must be the vendor's, 申請制 and not withdrawn, whatever a route sends.
 */
export async function requestAccess(db: Kysely<Database>, actor: AuditActor & { userId: string }, input: AccessRequestInput, meta: RequestMeta): Promise<string> {
  const target = targetOf(input);
  const noun = ACCESS_TARGET_NOUNS[target.kind];
  const hospital = (await requestingHospitals(db, actor.userId)).find((h) => h.id === input.hospitalOrganizationId);
  if (!hospital || hospital.blocked) throw new AccessRequestError("この医療機関として閲覧を申請することはできません");
  return db.transaction().execute(async (trx) => {
    if ((await requestableOwner(trx, input)) !== input.vendorOrganizationId) throw new AccessRequestError(`この${noun}には閲覧を申請できません`);
    const open = await trx
      .selectFrom("access_request")
      .select(["id", "status"])
      .where(target.column, "=", target.id)
      .where("organization_id", "=", input.hospitalOrganizationId)
      // An approval whose end date has passed no longer counts: the hospital may ask again.
      .where((eb) => eb.or([eb("status", "=", "pending"), eb.and([eb("status", "=", "approved"), eb.or([eb("expires_at", "is", null), eb("expires_at", ">=", clock.now())])])]))
      .executeTakeFirst();
    if (open) throw new AccessRequestError(open.status === "pending" ? `この${noun}にはすでに申請中です` : `この${noun}はすでに閲覧が許可されています`);
    const terms = await termsInForce(trx, input.vendorOrganizationId);
    if (terms && input.acceptedTermsVersion == null) throw new AccessTermsError("申請するには、閲覧の条件を読み「上記の条件に同意します」にチェックしてください");
    if (terms && input.acceptedTermsVersion !== terms.version) throw new AccessTermsError("閲覧の条件が変更されました。新しい条件を確認し、同意のうえもう一度申請してください");
    const id = randomUUID();
    const now = clock.now();
    await trx
      .insertInto("access_request")
      .values({
        id,
        disclosure_id: target.kind === "disclosure" ? target.id : null,
        document_id: target.kind === "document" ? target.id : null,
        organization_id: input.hospitalOrganizationId,
        requested_by: actor.userId,
        message: input.message || null,
        status: "pending",
        created_at: now,
        decided_at: null,
        decided_by: null,
        expires_at: null,
        terms_version: terms?.version ?? null,
        terms_accepted_at: terms ? now : null,
      })
      .execute();
    // Logged for the vendor (whose disclosure or document it is) and for the hospital.
    for (const organizationId of [input.vendorOrganizationId, input.hospitalOrganizationId]) {
      await audit(trx, { action: "access.requested", actor, meta, organizationId, target: target.id }, now);
      if (terms) await audit(trx, { action: "access.terms_accepted", actor, meta, organizationId, target: target.id, detail: { version: terms.version } }, now);
    }
    return id;
  });
}

/** The requests for one disclosure or document, newest first, with the text of the terms version each accepted (the vendor's list). */
export function listAccessRequests(db: Kysely<Database>, target: AccessTarget) {
  const t = targetOf(target);
  return (
    db
      .selectFrom("access_request")
      .innerJoin("organization", "organization.id", "access_request.organization_id")
      .innerJoin("user", "user.id", "access_request.requested_by")
      .leftJoin("disclosure", "disclosure.id", "access_request.disclosure_id")
      .leftJoin("document", "document.id", "access_request.document_id")
      // The text of the terms version the hospital accepted, from the vendor's own versions.
      .leftJoin("access_terms", (join) =>
        join.onRef("access_terms.version", "=", "access_request.terms_version").on((eb) => eb(eb.fn.coalesce("disclosure.organization_id", "document.organization_id"), "=", eb.ref("access_terms.organization_id"))),
      )
      .select(["access_request.id", "organization.name as hospital_name", "user.display_name as requested_by_name", "access_request.message", "access_request.status", "access_request.created_at", "access_request.expires_at", "access_request.terms_version", "access_request.terms_accepted_at", "access_terms.text as terms_text"])
      .where(t.column, "=", t.id)
      .orderBy("access_request.created_at", "desc")
      .execute()
  );
}

export type AccessDecision = { requestId: string; disclosureId: string | null; documentId: string | null; vendorOrganizationId: string; hospitalOrganizationId: string; status: AccessRequestStatus; expiresAt: number | null };

/**
 * Approve (until `expiresAt`, or indefinitely), decline, or revoke an approval. Scoped to the vendor's disclosure or
 * document; logged for the vendor and for the hospital. Returns what was decided, for whom.
 */
export async function decideAccess(
  db: Kysely<Database>,
  actor: AuditActor & { userId: string },
  input: AccessTarget & { vendorOrganizationId: string; requestId: string; decision: "approve" | "decline" | "revoke"; expiresAt: number | null },
  meta: RequestMeta,
): Promise<AccessDecision> {
  const target = targetOf(input);
  const from = input.decision === "revoke" ? ["approved"] : ["pending"];
  const status = input.decision === "approve" ? "approved" : input.decision === "decline" ? "declined" : "revoked";
  return db.transaction().execute(async (trx) => {
    // The target must be this vendor's: a request id of another vendor's item changes nothing.
    const owner = await trx.selectFrom(target.kind === "document" ? ("document" as const) : ("disclosure" as const)).select("organization_id").where("id", "=", target.id).executeTakeFirst();
    const now = clock.now();
    const row =
      owner?.organization_id === input.vendorOrganizationId
        ? await trx
            .updateTable("access_request")
            .set({ status, decided_at: now, decided_by: actor.userId, ...(input.decision === "approve" ? { expires_at: input.expiresAt } : {}) })
            .where("id", "=", input.requestId)
            .where(target.column, "=", target.id)
            .where("status", "in", from as ("pending" | "approved")[])
            .returning(["id", "disclosure_id", "document_id", "organization_id", "status", "expires_at"])
            .executeTakeFirst()
        : undefined;
    if (!row) throw new AccessRequestError("この申請は処理できません（すでに処理済みか、存在しません）");
    const action = input.decision === "approve" ? "access.approved" : input.decision === "decline" ? "access.declined" : "access.revoked";
    for (const organizationId of [input.vendorOrganizationId, row.organization_id]) await audit(trx, { action, actor, meta, organizationId, target: target.id }, now);
    return { requestId: row.id, disclosureId: row.disclosure_id, documentId: row.document_id, vendorOrganizationId: input.vendorOrganizationId, hospitalOrganizationId: row.organization_id, status: row.status, expiresAt: row.expires_at };
  });
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

/** The requests of these hospitals for one disclosure or document, newest first (the hospital's own view). */
export function requestsOfHospitals(db: Kysely<Database>, target: AccessTarget, hospitalIds: string[]) {
  if (!hospitalIds.length) return Promise.resolve([]);
  const t = targetOf(target);
  return db
    .selectFrom("access_request")
    .innerJoin("organization", "organization.id", "access_request.organization_id")
    .select(["access_request.id", "organization.name as hospital_name", "access_request.status", "access_request.created_at", "access_request.expires_at"])
    .where(t.column, "=", t.id)
    .where("access_request.organization_id", "in", hospitalIds)
    .orderBy("access_request.created_at", "desc")
    .execute();
}

