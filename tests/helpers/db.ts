import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { openDatabase } from "../../db/connection.js";

/** The engine this run tests: PostgreSQL when scripts/test.sh (or you) set KAIJI_TEST_POSTGRES, else SQLite. */
export const testEngine: "sqlite" | "postgres" = process.env.KAIJI_TEST_POSTGRES ? "postgres" : "sqlite";

/** A PostgreSQL URL for database `name` on the test cluster (KAIJI_TEST_POSTGRES names its maintenance database). */
export function postgresUrl(name: string): string {
  const url = new URL(process.env.KAIJI_TEST_POSTGRES!);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh, migrated database for one test: a copy of the run's base database (STYLE.md §8). On SQLite a file path,
 * on PostgreSQL the URL of a database created from the base one as its template.
 */
export function freshDatabasePath(): string {
  if (testEngine === "postgres") return createPostgresDatabase(`template "${inject("baseDatabase")}"`);
  const file = path.join(inject("testDir"), `${randomUUID()}.sqlite`);
  copyFileSync(inject("baseDatabase"), file);
  return file;
}

/** An empty PostgreSQL database on the test cluster (dropped with the run's others), e.g. to restore a backup into. */
export function emptyPostgresDatabase(): string {
  return createPostgresDatabase("");
}

/** A new database named after the run's base one (so the global teardown drops it), created with `options`. */
function createPostgresDatabase(options: string): string {
  const name = `${inject("baseDatabase")}_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  execFileSync("psql", [process.env.KAIJI_TEST_POSTGRES!, "-qXc", `create database "${name}" ${options}`], { stdio: "pipe" });
  return postgresUrl(name);
}

/** The environment variables that point the app or a script at a fresh database (DATABASE_URL or DATABASE_PATH). */
export function freshDatabaseEnv(): { DATABASE_URL: string } | { DATABASE_PATH: string } {
  return databaseEnv(freshDatabasePath());
}

/** The environment variable that names `location` (a URL from freshDatabasePath on PostgreSQL, else a file). */
export function databaseEnv(location: string): { DATABASE_URL: string } | { DATABASE_PATH: string } {
  return testEngine === "postgres" ? { DATABASE_URL: location } : { DATABASE_PATH: location };
}

/** Points this process's app modules at a fresh database (set it before the first import of app/utils/db.server). */
export function useFreshDatabase(): string {
  const env = freshDatabaseEnv();
  Object.assign(process.env, env);
  return "DATABASE_URL" in env ? env.DATABASE_URL : env.DATABASE_PATH;
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
