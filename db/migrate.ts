// `npm run migrate [-- down]`: migrates the database at DATABASE_PATH (default data/kaiji.sqlite).
import { DEFAULT_DATABASE_PATH, openDatabase } from "./connection.js";
import { createMigrator, migrateToLatest } from "./migrator.js";

const file = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
const db = openDatabase(file);
try {
  if (process.argv[2] === "down") {
    const { error, results } = await createMigrator(db).migrateDown();
    if (error) throw error;
    for (const r of results ?? []) console.log(`reverted ${r.migrationName}`);
  } else {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? applied.map((m) => `applied ${m}`).join("\n") : `${file}: up to date`);
  }
} finally {
  await db.destroy();
}
