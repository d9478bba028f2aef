// `npm run migrate [-- down]`: migrates the database at DATABASE_URL (PostgreSQL) or DATABASE_PATH (default data/kaiji.sqlite).
import { databaseLocation, describeLocation, openDatabase } from "./connection.js";
import { createMigrator, migrateToLatest } from "./migrator.js";

const location = databaseLocation();
const db = openDatabase(location);
try {
  if (process.argv[2] === "down") {
    const { error, results } = await createMigrator(db).migrateDown();
    if (error) throw error;
    for (const r of results ?? []) console.log(`reverted ${r.migrationName}`);
  } else {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? applied.map((m) => `applied ${m}`).join("\n") : `${describeLocation(location)}: up to date`);
  }
} finally {
  await db.destroy();
}
