// `npm run seed`: loads the built-in templates into the registry (idempotent: stored versions
// are left alone, a changed published version is refused) and creates the demo data once.
import path from "node:path";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { db } from "../app/utils/db.server.js";
import { demoAccounts, seedDemo } from "./demo-data.js";
import { seedDemoDisclosures, seedDemoHospital } from "./demo-disclosures.js";
import { seedDirectoryBench } from "./directory-seed.js";
import { migrateToLatest } from "./migrator.js";

const DEMO_DIRECTORY_VENDORS = 40;

try {
  await migrateToLatest(db);
  const report = await syncBuiltinTemplates(db, path.resolve(import.meta.dirname, "../disclosures/templates"));
  console.log(`templates: ${report.added.length} added${report.added.length ? ` (${report.added.join(", ")})` : ""}, ${report.unchanged.length} unchanged`);
  if (process.env.SEED_DEMO !== "0") {
    const password = await seedDemo(db, process.env.DEMO_PASSWORD);
    if (password) {
      console.log("demo accounts created (this password is shown only now):");
      for (const a of demoAccounts) console.log(`  ${a.email}${a.admin ? " (administrator)" : ""}  ${password}`);
      console.log(`demo disclosures: ${await seedDemoDisclosures(db)} versions published`);
      // A living directory: fictional vendors with every template, and the demo hospital's shortlist and criteria.
      const directory = await seedDirectoryBench(db, { vendors: DEMO_DIRECTORY_VENDORS, seed: 7 });
      await seedDemoHospital(db, directory.publicHispro.slice(0, 3));
      console.log(`demo directory: ${directory.vendors} fictional vendors, ${directory.disclosures} disclosures; a shortlist and a criteria profile for デモ総合病院`);
    } else console.log("demo accounts: already present");
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (error && typeof error === "object" && "problems" in error) console.error(JSON.stringify((error as { problems: unknown }).problems, null, 1));
  process.exitCode = 1;
} finally {
  await db.destroy();
}
