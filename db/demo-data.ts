// Demo organisations and accounts so a newcomer sees a living portal. Created once; later runs
// leave them (and anything done with them) alone. The password is random, printed once, and
// never stored in clear (or DEMO_PASSWORD, if set); SEED_DEMO=0 skips them (production).
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { createUser, setPassword } from "../app/models/account.server.js";
import { createOrganization } from "../app/models/organization.server.js";
import { clock } from "../disclosures/clock.js";
import type { Database } from "./schema.js";

const meta = { ip: "", userAgent: "db/seed.ts" };

export const demoAccounts = [
  { email: "admin@demo.kaiji.example", displayName: "デモ管理者", admin: true, organization: null },
  { email: "vendor@demo.kaiji.example", displayName: "開示 太郎", admin: false, organization: { name: "デモ医療クラウド株式会社", reading: "デモイリョウクラウドカブシキガイシャ", kind: "vendor" as const, verified: true } },
  { email: "agency@demo.kaiji.example", displayName: "代行 花子", admin: false, organization: { name: "デモ健診代行センター株式会社", reading: "デモケンシンダイコウセンターカブシキガイシャ", kind: "vendor" as const, verified: false } },
  { email: "hospital@demo.kaiji.example", displayName: "医療 一郎", admin: false, organization: { name: "デモ総合病院", reading: "デモソウゴウビョウイン", kind: "hospital" as const, verified: true } },
];

/** Returns the generated password when the accounts were created now, or null when they existed. */
export async function seedDemo(db: Kysely<Database>, chosenPassword?: string): Promise<string | null> {
  const existing = await db.selectFrom("user").select("email").where("email", "in", demoAccounts.map((a) => a.email)).execute();
  if (existing.length) return null;
  const password = chosenPassword || newDemoPassword();
  for (const account of demoAccounts) {
    const userId = await createUser(db, { email: account.email, displayName: account.displayName, password }, meta);
    if (account.admin) await db.updateTable("user").set({ is_admin: 1 }).where("id", "=", userId).execute();
    if (account.organization) {
      const orgId = await createOrganization(db, { userId, email: account.email }, account.organization, meta);
      if (account.organization.verified) await db.updateTable("organization").set({ verified_at: clock.now() }).where("id", "=", orgId).execute();
    }
  }
  return password;
}

/** Random, but shaped to pass the password policy (letters, digits, symbols, 20 characters). */
function newDemoPassword(): string {
  return `Demo-${randomBytes(9).toString("base64url")}-7!`;
}

/**
 * Gives the demo accounts that exist a new password (this one, or a random one), lifts their lockouts and ends
 * their sessions; their data is kept. Returns the password and the accounts it now opens.
 */
export async function resetDemoPassword(db: Kysely<Database>, chosenPassword?: string): Promise<{ password: string; emails: string[] }> {
  const password = chosenPassword || newDemoPassword();
  const users = await db.selectFrom("user").select(["id", "email"]).where("email", "in", demoAccounts.map((a) => a.email)).orderBy("email").execute();
  for (const user of users) {
    await setPassword(db, user, password, { ip: "", userAgent: "scripts/admin.ts demo-password" });
    await db.updateTable("user").set({ failed_sign_ins: 0, locked_until: null }).where("id", "=", user.id).execute();
    await db.deleteFrom("session").where("user_id", "=", user.id).execute();
  }
  return { password, emails: users.map((u) => u.email) };
}
