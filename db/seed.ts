// `npm run seed`: loads the built-in templates into the registry (idempotent: stored versions
// are left alone, a changed published version is refused). Demo organisations and disclosures
// join this script when their tables exist.
import path from "node:path";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { DEFAULT_DATABASE_PATH, openDatabase } from "./connection.js";
import { migrateToLatest } from "./migrator.js";

const db = openDatabase(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH);
try {
  await migrateToLatest(db);
  const report = await syncBuiltinTemplates(db, path.resolve(import.meta.dirname, "../disclosures/templates"));
  console.log(`templates: ${report.added.length} added${report.added.length ? ` (${report.added.join(", ")})` : ""}, ${report.unchanged.length} unchanged`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
