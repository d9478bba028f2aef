// The forms of access requests, posted to the pages of disclosures and of documents alike (DECISIONS 32): the
// hospital's request (with the vendor's terms), the vendor owner's decision, and the owner's terms. Each answers what
// the page shows and the HTTP status; the routes check who may post first (membership and role).
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema.js";
import { clock, endOfJapanDay, isRealDate } from "../../disclosures/clock.js";
import { parseForm } from "../utils/forms.js";
import { AccessRequestError, decideAccess, requestAccess, type AccessTarget, type RequestingHospital } from "./access-request.server.js";
import { normalizeTerms, saveTerms, TERMS_MAX_LENGTH } from "./access-terms.server.js";
import type { AuditActor, RequestMeta } from "./audit.server.js";
import { announceAccessDecision, announceAccessRequest, announceSafely } from "./notification-events.server.js";

export type Reply = { error?: string; success?: string; message?: string };
export type Answer = { reply: Reply; status: number };
type Actor = AuditActor & { userId: string };

const requestSchema = z.object({
  hospitalId: z.string().min(1, "医療機関を選んでください"),
  message: z.string().trim().max(1000, "メッセージは1000文字以内にしてください").optional(),
  // The version of the terms shown, sent only with the box ticked; the model checks it against the one in force.
  termsVersion: z.string().optional(),
  acceptTerms: z.string().optional(),
});
const NOT_ALLOWED = "この医療機関として閲覧を申請することはできません（理由は下記のとおりです）";

/** The hospital's request form (app/components/access-request-panel.tsx) posted for `target` by a member of `hospitals`. */
export async function submitAccessRequest(db: Kysely<Database>, actor: Actor, form: FormData, target: AccessTarget & { vendorOrganizationId: string }, hospitals: RequestingHospital[], meta: RequestMeta): Promise<Answer> {
  const allowed = hospitals.filter((h) => !h.blocked);
  if (!allowed.length) return { reply: { error: NOT_ALLOWED }, status: 403 };
  const parsed = parseForm(form, requestSchema);
  if (!parsed.ok) return { reply: { error: Object.values(parsed.errors)[0] }, status: 400 };
  const { hospitalId, message, termsVersion, acceptTerms } = parsed.data;
  if (!allowed.some((h) => h.id === hospitalId)) {
    return hospitals.some((h) => h.id === hospitalId) ? { reply: { error: NOT_ALLOWED }, status: 403 } : { reply: { error: "医療機関を選んでください" }, status: 400 };
  }
  try {
    const acceptedTermsVersion = acceptTerms ? Number.parseInt(termsVersion ?? "", 10) || 0 : null;
    const requestId = await requestAccess(db, actor, { ...target, hospitalOrganizationId: hospitalId, message: message ?? "", acceptedTermsVersion }, meta);
    // The vendor's owners hear of it (e-mail through the outbox); never failing the request itself.
    await announceSafely("access request", () => announceAccessRequest(db, requestId));
  } catch (error) {
    // The message typed is given back, so that a refusal (terms not accepted, or changed meanwhile) loses nothing.
    if (error instanceof AccessRequestError) return { reply: { error: error.message, message }, status: 400 };
    throw error;
  }
  return { reply: { success: "申請しました。事業者が承認すると閲覧できるようになります" }, status: 200 };
}

/** The vendor owner's 許可 (with an optional last day, inclusive in Japan) / 却下 / 許可を取り消す on one request. */
export async function decideFromForm(db: Kysely<Database>, actor: Actor, form: FormData, decision: "approve" | "decline" | "revoke", target: AccessTarget & { vendorOrganizationId: string }, meta: RequestMeta): Promise<Answer> {
  const until = String(form.get("expiresOn") ?? "");
  // Access granted "until 2026-12-01" lasts to the end of that day in Japan.
  const expiresAt = decision === "approve" && isRealDate(until) ? endOfJapanDay(until) : null;
  if (decision === "approve" && until && (!expiresAt || expiresAt < clock.now())) return { reply: { error: "期限は今日以降の日付を指定してください" }, status: 400 };
  try {
    const requestId = String(form.get("requestId"));
    await decideAccess(db, actor, { ...target, requestId, decision, expiresAt }, meta);
    // The hospital hears of the decision.
    await announceSafely("access decision", () => announceAccessDecision(db, requestId));
  } catch (error) {
    if (error instanceof AccessRequestError) return { reply: { error: error.message }, status: 400 };
    throw error;
  }
  return { reply: { success: decision === "approve" ? "閲覧を許可しました" : decision === "decline" ? "申請を却下しました" : "閲覧許可を取り消しました" }, status: 200 };
}

/** The owner's terms for access requests (app/components/access-terms-form.tsx): saved as a new version when changed. */
export async function saveTermsFromForm(db: Kysely<Database>, actor: Actor, form: FormData, intent: "terms" | "terms-off", organizationId: string, meta: RequestMeta): Promise<Answer> {
  const text = intent === "terms-off" ? "" : normalizeTerms(String(form.get("terms") ?? ""));
  if (text.length > TERMS_MAX_LENGTH) return { reply: { error: `閲覧の条件は${TERMS_MAX_LENGTH.toLocaleString("ja-JP")}文字以内にしてください（現在${text.length.toLocaleString("ja-JP")}文字）` }, status: 400 };
  const saved = await saveTerms(db, actor, organizationId, text, meta);
  if (!saved.changed) return { reply: { success: "閲覧の条件に変更はありません" }, status: 200 };
  return { reply: { success: text ? `閲覧の条件を第${saved.version}版として保存しました。これからの申請には、この版への同意が必要です` : "閲覧の条件をなしにしました。これからの申請に同意は不要です" }, status: 200 };
}
