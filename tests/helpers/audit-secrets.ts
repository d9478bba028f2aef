import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { Database } from "../../db/schema.js";

/** Fails if any audit row (any column but id and time) contains one of `secrets`; 6-digit codes match as whole numbers. */
export async function expectNoSecretInAuditLog(db: Kysely<Database>, secrets: Iterable<string>, minimumRows = 20) {
  const rows = await db.selectFrom("audit_log").selectAll().execute();
  expect(rows.length).toBeGreaterThan(minimumRows);
  for (const row of rows) {
    const { id: _id, at: _at, ...text } = row;
    const haystack = Object.values(text).map(String).join("\n");
    for (const secret of secrets) {
      const found = /^\d{6}$/.test(secret) ? new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(haystack) : haystack.includes(secret);
      expect(found, `audit row ${row.id} (${row.action}) contains a secret`).toBe(false);
    }
  }
}
