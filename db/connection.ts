// Opens the embedded SQLite database. The app (app/utils/db.server.ts) and the command-line
// scripts share this so every connection gets the same pragmas.
import { mkdirSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema.js";

export const DEFAULT_DATABASE_PATH = "data/kaiji.sqlite";

export function openDatabase(file: string): Kysely<Database> {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers go on while one writer writes; busy_timeout rides out a short lock
  // held by a backup or a migrate command instead of failing at once.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
