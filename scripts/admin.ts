// Site administrators are set from the command line only:
//   npx tsx scripts/admin.ts grant someone@example.jp
//   npx tsx scripts/admin.ts revoke someone@example.jp
//   npx tsx scripts/admin.ts list
//   npx tsx scripts/admin.ts demo-password      a new password for the demo accounts (DEMO_PASSWORD, or random), shown once
import { audit } from "../app/models/audit.server.js";
import { normalizeEmail } from "../app/models/account.server.js";
import { databaseLocation, openDatabase } from "../db/connection.js";
import { resetDemoPassword } from "../db/demo-data.js";
import { migrateToLatest } from "../db/migrator.js";

const [command, email] = process.argv.slice(2);
const db = openDatabase(databaseLocation());
try {
  await migrateToLatest(db);
  if (command === "list") {
    const admins = await db.selectFrom("user").select(["email", "display_name"]).where("is_admin", "=", 1).orderBy("email").execute();
    console.log(admins.length ? admins.map((a) => `${a.email}\t${a.display_name}`).join("\n") : "(no administrators)");
  } else if (command === "demo-password") {
    const { password, emails } = await resetDemoPassword(db, process.env.DEMO_PASSWORD);
    if (!emails.length) throw new Error("there are no demo accounts in this database (they are made by `npm run seed` unless SEED_DEMO=0)");
    console.log("new password for the demo accounts (shown only now; their sessions have ended):");
    for (const email of emails) console.log(`  ${email}  ${password}`);
  } else if ((command === "grant" || command === "revoke") && email) {
    const address = normalizeEmail(email);
    const user = await db.selectFrom("user").select(["id"]).where("email", "=", address).executeTakeFirst();
    if (!user) throw new Error(`no account with the e-mail ${address}`);
    await db.updateTable("user").set({ is_admin: command === "grant" ? 1 : 0 }).where("id", "=", user.id).execute();
    await audit(db, { action: command === "grant" ? "admin.granted" : "admin.revoked", actor: { userId: null, email: "command line" }, target: address, meta: { ip: "", userAgent: "scripts/admin.ts" } });
    console.log(`${address}: administrator ${command === "grant" ? "granted" : "revoked"}`);
  } else {
    console.error("usage: npx tsx scripts/admin.ts grant|revoke <email> | list | demo-password");
    process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
