import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { openDatabase } from "../../db/connection.js";

/** A fresh, migrated database file for one test (a copy of the run's base database). */
export function freshDatabasePath(): string {
  const file = path.join(inject("testDir"), `${randomUUID()}.sqlite`);
  copyFileSync(inject("baseDatabase"), file);
  return file;
}

/** A new folder inside the run's temporary folder, which the global teardown removes with everything in it. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(inject("testDir"), prefix));
}

export function freshDatabase() {
  const file = freshDatabasePath();
  return { file, db: openDatabase(file) };
}

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TEMPLATES_DIR = path.join(ROOT, "disclosures/templates");
export const SEEDS_DIR = process.env.KAIJI_SEEDS_DIR ?? path.resolve(ROOT, "../shared/seeds");

/**
 * The seeds folder, or an error saying where it was looked for. Suites that read the seeds fail rather than
 * skip without them: they are always beside the repository in CI, so a missing folder is a broken setup, and a
 * skipped suite would pass unnoticed.
 */
export function requireSeeds(): string {
  if (!existsSync(SEEDS_DIR)) throw new Error(`the seeds are missing: expected them at ${SEEDS_DIR} (../shared/seeds beside the repository, or KAIJI_SEEDS_DIR)`);
  return SEEDS_DIR;
}
