// Backup and restore of the embedded SQLite database (scripts/backup.ts is the command line). A PostgreSQL engine
// would get its own module beside this one (pg_dump / pg_restore) behind the same two functions.
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema.js";

/**
 * SQLite's online backup API restarts a copy made in small steps whenever another connection (the running server)
 * writes between two steps; copying every page in one step takes one consistent read snapshot instead. In WAL mode
 * that snapshot does not block the server's writers.
 */
const ALL_PAGES = 0x7fffffff;

/** Opens an existing database file for reading only (query_only), without changing its journal mode. */
export function openForReading(file: string): { sqlite: SQLite.Database; db: Kysely<Database> } {
  const sqlite = new SQLite(file, { fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("query_only = ON");
  return { sqlite, db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}

export class RefusedError extends Error {}

/**
 * A consistent copy of `source` (which the server may be using) at `out`, as one self-contained file (rollback
 * journal, no -wal beside it). Written under a temporary name and renamed, so `out` is either complete or absent.
 */
export async function backupSqlite(source: string, out: string): Promise<{ bytes: number; durationMs: number }> {
  if (!existsSync(source)) throw new RefusedError(`no database at ${source}`);
  if (existsSync(out)) throw new RefusedError(`${out} already exists: a backup never overwrites a file; choose a new name`);
  if (!existsSync(path.dirname(path.resolve(out)))) throw new RefusedError(`the folder of ${out} does not exist`);
  const started = performance.now();
  const partial = `${out}.partial-${process.pid}`;
  const sqlite = new SQLite(source, { fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  await copyTo(sqlite, partial, "DELETE");
  renameSync(partial, out);
  return { bytes: statSync(out).size, durationMs: Math.round(performance.now() - started) };
}

/** Copies every page of `sqlite` (then closed) into `partial` in one step, and leaves the copy in `journalMode`. */
async function copyTo(sqlite: SQLite.Database, partial: string, journalMode: "DELETE" | "WAL"): Promise<void> {
  try {
    await sqlite.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    sqlite.close();
  }
  const copy = new SQLite(partial);
  copy.pragma(`journal_mode = ${journalMode}`);
  copy.close();
}

/** Why `target` must not be restored onto, or null when it is empty (absent, a 0-byte file, or a database with nothing in it). */
export function restoreTargetProblem(target: string): string | null {
  if (existsSync(target)) {
    if (!statSync(target).isFile()) return `${target} is not a file`;
    if (statSync(target).size > 0) {
      let objects: number;
      try {
        const { sqlite } = openForReading(target);
        try {
          objects = (sqlite.prepare("select count(*) as n from sqlite_master").get() as { n: number }).n;
        } finally {
          sqlite.close();
        }
      } catch {
        return `${target} exists and is not an empty database`;
      }
      if (objects > 0) return `${target} already holds a database (${objects} tables, indexes and triggers)`;
    }
  }
  const wal = `${target}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) return `${target} has a write-ahead log (${wal}) with data in it: it is in use or was not closed`;
  return null;
}

/**
 * Restores a backup into an empty target only: a restore that could overwrite live data by a typo is refused.
 * The copy is written beside the target and renamed onto it; the target is left in the app's WAL mode.
 */
export async function restoreSqlite(from: string, to: string): Promise<{ bytes: number; durationMs: number }> {
  if (!existsSync(from)) throw new RefusedError(`no backup at ${from}`);
  const problem = restoreTargetProblem(to);
  if (problem) throw new RefusedError(`refusing to restore: ${problem}. Restore into a new path (--to), or move the existing database away first.`);
  if (!existsSync(path.dirname(path.resolve(to)))) throw new RefusedError(`the folder of ${to} does not exist`);
  const started = performance.now();
  const partial = `${to}.restoring-${process.pid}`;
  await copyTo(openForReading(from).sqlite, partial, "WAL");
  // An empty target may have left empty -wal/-shm files; they belong to no database now.
  rmSync(`${to}-wal`, { force: true });
  rmSync(`${to}-shm`, { force: true });
  renameSync(partial, to);
  return { bytes: statSync(to).size, durationMs: Math.round(performance.now() - started) };
}
