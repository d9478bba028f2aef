// Backup and restore of a PostgreSQL database (scripts/backup.ts is the command line; db/backup-sqlite.ts is the
// SQLite side). pg_dump reads one consistent snapshot while the servers go on writing; pg_restore loads it in one
// transaction, so a restore that fails leaves the target as empty as it was.
import { execFile } from "node:child_process";
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { describeLocation, openDatabase } from "./connection.js";
import { RefusedError } from "./backup-sqlite.js";

const run = promisify(execFile);

/** pg_dump and pg_restore of the newest installed server version (Debian's wrappers pick the cluster's otherwise). */
function tool(name: "pg_dump" | "pg_restore"): string {
  return process.env.PG_BIN_DIR ? path.join(process.env.PG_BIN_DIR, name) : name;
}

/** A consistent archive (pg_dump's custom format) of the database at `url`, written under a temporary name and renamed. */
export async function backupPostgres(url: string, out: string): Promise<{ bytes: number; durationMs: number }> {
  if (existsSync(out)) throw new RefusedError(`${out} already exists: a backup never overwrites a file; choose a new name`);
  if (!existsSync(path.dirname(path.resolve(out)))) throw new RefusedError(`the folder of ${out} does not exist`);
  const started = performance.now();
  const partial = `${out}.partial-${process.pid}`;
  try {
    await run(tool("pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, url], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    rmSync(partial, { force: true });
    throw new RefusedError(`pg_dump of ${describeLocation(url)} failed: ${(error as { stderr?: string }).stderr?.trim() || String(error)}`);
  }
  renameSync(partial, out);
  return { bytes: statSync(out).size, durationMs: Math.round(performance.now() - started) };
}

/** Why the database at `url` must not be restored onto, or null when it has no tables. */
export async function postgresTargetProblem(url: string): Promise<string | null> {
  const db = openDatabase(url);
  try {
    const rows = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = current_schema()`.execute(db);
    const tables = Number(rows.rows[0].n);
    return tables > 0 ? `${describeLocation(url)} already holds a database (${tables} tables)` : null;
  } catch (error) {
    return `${describeLocation(url)} cannot be reached: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await db.destroy();
  }
}

/** Restores an archive into an empty database only, in one transaction. */
export async function restorePostgres(from: string, url: string): Promise<{ bytes: number; durationMs: number }> {
  if (!existsSync(from)) throw new RefusedError(`no backup at ${from}`);
  const problem = await postgresTargetProblem(url);
  if (problem) throw new RefusedError(`refusing to restore: ${problem}. Restore into a new, empty database (--to), or drop the existing one first.`);
  const started = performance.now();
  try {
    await run(tool("pg_restore"), ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${url}`, from], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new RefusedError(`pg_restore into ${describeLocation(url)} failed (nothing was restored): ${(error as { stderr?: string }).stderr?.trim() || String(error)}`);
  }
  return { bytes: statSync(from).size, durationMs: Math.round(performance.now() - started) };
}

/** Reads the archive's table of contents; refuses an archive pg_restore cannot read. */
export async function listArchive(file: string): Promise<void> {
  try {
    await run(tool("pg_restore"), ["--list", file], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new RefusedError(`the archive ${file} cannot be read by pg_restore: ${(error as { stderr?: string }).stderr?.trim() || String(error)}`);
  }
}
