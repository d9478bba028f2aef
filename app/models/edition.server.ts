// Moving a disclosure's draft to the newest edition of its form (issue 13, "editions side by side"): the
// answers carried along the crosswalk (disclosures/crosswalk.ts), reworded items flagged for review, new items
// unanswered. Published versions stay on the edition they were published on (they are immutable); the next
// publish is on the new edition. Callers went through requireOrgRole(…, "editor").
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { sha256Hex } from "../../disclosures/canonical-json.js";
import { carryOver, type CarryOver } from "../../disclosures/crosswalk.js";
import { clock } from "../../disclosures/clock.js";
import { normalizeResponse } from "../../disclosures/disclosure-content.js";
import type { Template } from "../../disclosures/template-schema.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { getDraft } from "./disclosure.server.js";
import { crosswalkBetween, getTemplate, newerTemplateVersion } from "./template.server.js";

type Target = { id: string; organization_id: string; template_id: string; template_version: string };

export type EditionMove = { from: Template; to: Template; result: CarryOver; matched: number; token: string };

/** What the draft was when the plan was made: a move is applied only to the draft the vendor reviewed. */
function draftToken(version: string, revisions: Record<string, number>): string {
  return sha256Hex(JSON.stringify([version, Object.entries(revisions).sort(([a], [b]) => (a < b ? -1 : 1))]));
}

/** The move of the draft to the newest edition, or null when the disclosure is on it already. */
export async function planEditionMove(db: Kysely<Database>, disclosure: Target): Promise<EditionMove | null> {
  const newest = await newerTemplateVersion(db, disclosure.template_id, disclosure.template_version);
  if (!newest) return null;
  const [from, to, crosswalk, draft] = await Promise.all([
    getTemplate(db, disclosure.template_id, disclosure.template_version),
    getTemplate(db, disclosure.template_id, newest),
    crosswalkBetween(db, disclosure.template_id, disclosure.template_version, newest),
    getDraft(db, disclosure),
  ]);
  return {
    from: from!.template,
    to: to!.template,
    result: carryOver(draft.content, from!.template, to!.template, crosswalk!),
    matched: crosswalk!.matches.length,
    token: draftToken(disclosure.template_version, draft.revisions),
  };
}

export type MoveOutcome = { kind: "moved"; plan: EditionMove } | { kind: "stale" };

/**
 * Applies the move the vendor reviewed (`token`, `toVersion`), in one transaction: every draft row is rewritten
 * with the next revision (open editors on the old edition then see conflicts, never a silent overwrite), and the
 * disclosure moves to the new edition. Stale when the draft or the newest edition changed since the preview.
 */
export async function moveToEdition(db: Kysely<Database>, actor: AuditActor & { userId: string }, disclosure: Target, toVersion: string, token: string, meta: RequestMeta): Promise<MoveOutcome> {
  return db.transaction().execute(async (trx) => {
    const plan = await planEditionMove(trx, disclosure);
    if (!plan || plan.to.version !== toVersion || plan.token !== token) return { kind: "stale" };
    const rows = await trx.selectFrom("draft_response").select(["item_key", "revision"]).where("disclosure_id", "=", disclosure.id).execute();
    const revisions = new Map(rows.map((r) => [r.item_key, r.revision]));
    const now = clock.now();
    const responses = plan.result.content.responses;
    for (const key of new Set([...revisions.keys(), ...Object.keys(responses)])) {
      const normalized = responses[key] ? (normalizeResponse(responses[key]) ?? null) : null;
      const row = { response: normalized ? JSON.stringify(normalized) : null, revision: (revisions.get(key) ?? 0) + 1, updated_at: now, updated_by: actor.userId };
      if (revisions.has(key)) await trx.updateTable("draft_response").set(row).where("disclosure_id", "=", disclosure.id).where("item_key", "=", key).execute();
      else await trx.insertInto("draft_response").values({ disclosure_id: disclosure.id, item_key: key, ...row }).execute();
    }
    await trx.updateTable("disclosure").set({ template_version: plan.to.version }).where("id", "=", disclosure.id).execute();
    await audit(trx, {
      action: "disclosure.edition_moved",
      actor,
      meta,
      organizationId: disclosure.organization_id,
      target: disclosure.id,
      detail: { from: plan.from.version, to: plan.to.version, carried: plan.result.carried.length, review: plan.result.review.length, added: plan.result.added.length, dropped: plan.result.dropped.length },
    });
    return { kind: "moved", plan };
  });
}
