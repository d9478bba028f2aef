// A vendor's click-through terms for access requests (DECISIONS 31): plain text its owners write, kept as immutable
// numbered versions per organisation. The latest version is in force; an empty one means "no terms". Hospitals accept
// the version in force with their request (access-request.server.ts checks and records it).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { clock } from "../../disclosures/clock.js";

import { TERMS_MAX_LENGTH } from "./access-terms.js";

export { TERMS_MAX_LENGTH };
export type AccessTerms = { version: number; text: string; created_at: number };

/** Line breaks as "\n" and no surrounding blank space, so the same terms saved twice compare equal. */
export function normalizeTerms(text: string): string {
  return text.replace(/\r\n?/g, "\n").trim();
}

/** The latest version of the organisation's terms, or null when it never wrote any. */
export function latestTerms(db: Kysely<Database>, organizationId: string): Promise<AccessTerms | undefined> {
  return db
    .selectFrom("access_terms")
    .select(["version", "text", "created_at"])
    .where("organization_id", "=", organizationId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The terms a hospital must accept before asking, or null when there are none in force. */
export async function termsInForce(db: Kysely<Database>, organizationId: string): Promise<AccessTerms | null> {
  const latest = await latestTerms(db, organizationId);
  return latest && latest.text ? latest : null;
}

/** Saves the terms as a new version when they changed (empty text turns them off); returns the version in force after. */
export async function saveTerms(db: Kysely<Database>, actor: AuditActor & { userId: string }, organizationId: string, text: string, meta: RequestMeta) {
  const normalized = normalizeTerms(text);
  return db.transaction().execute(async (trx) => {
    const latest = await latestTerms(trx, organizationId);
    if ((latest?.text ?? "") === normalized) return { changed: false, version: latest?.version ?? null };
    const version = (latest?.version ?? 0) + 1;
    await trx.insertInto("access_terms").values({ organization_id: organizationId, version, text: normalized, created_at: clock.now(), created_by: actor.userId }).execute();
    await audit(trx, { action: normalized ? "access_terms.changed" : "access_terms.disabled", actor, meta, organizationId, detail: { version } });
    return { changed: true, version };
  });
}
