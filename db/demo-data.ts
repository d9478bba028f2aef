// Demo organisations and accounts so a newcomer sees a living portal. Created once; later runs
// leave them (and anything done with them) alone. The password is random, printed once, and
// never stored in clear (or DEMO_PASSWORD, if set); SEED_DEMO=0 skips them (production).
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { createUser } from "../app/models/account.server.js";
import { createOrganization } from "../app/models/organization.server.js";
import type { Database } from "./schema.js";

const meta = { ip: "", userAgent: "db/seed.ts" };

export const demoAccounts = [
  { email: "admin@demo.kaiji.example", displayName: "デモ管理者", admin: true, organization: null },
  { email: "vendor@demo.kaiji.example", displayName: "開示 太郎", admin: false, organization: { name: "デモ医療クラウド株式会社", kind: "vendor" as const, verified: true } },
  { email: "agency@demo.kaiji.example", displayName: "代行 花子", admin: false, organization: { name: "デモ健診代行センター株式会社", kind: "vendor" as const, verified: false } },
  { email: "hospital@demo.kaiji.example", displayName: "医療 一郎", admin: false, organization: { name: "デモ総合病院", kind: "hospital" as const, verified: true } },
];

/** Returns the generated password when the accounts were created now, or null when they existed. */
export async function seedDemo(db: Kysely<Database>, chosenPassword?: string): Promise<string | null> {
  const existing = await db.selectFrom("user").select("email").where("email", "in", demoAccounts.map((a) => a.email)).execute();
  if (existing.length) return null;
  // Random, but shaped to pass the password policy (letters, digits, symbols, 20 characters).
  const password = chosenPassword || `Demo-${randomBytes(9).toString("base64url")}-7!`;
  for (const account of demoAccounts) {
    const userId = await createUser(db, { email: account.email, displayName: account.displayName, password }, meta);
    if (account.admin) await db.updateTable("user").set({ is_admin: 1 }).where("id", "=", userId).execute();
    if (account.organization) {
      const orgId = await createOrganization(db, { userId, email: account.email }, account.organization, meta);
      if (account.organization.verified) await db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", orgId).execute();
    }
  }
  return password;
}
