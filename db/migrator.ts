// Runs the dated migrations in db/migrations. Used by the migrate command and by tests.
import { promises as fs } from "node:fs";
import path from "node:path";
import { FileMigrationProvider, Migrator, type Kysely } from "kysely";
import type { Database } from "./schema.js";

export const MIGRATIONS_DIR = path.join(import.meta.dirname, "migrations");

export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }) });
}

/** Migrates to the latest version; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  return (results ?? []).map((r) => r.migrationName);
}
