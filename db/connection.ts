// Opens the database: the embedded SQLite file by default, PostgreSQL when DATABASE_URL names one (DECISIONS 46).
// The app (app/utils/db.server.ts) and the command-line scripts share this, so every connection gets the same
// settings. What differs between the engines lives here and in db/dialect.ts, nowhere else.
import { mkdirSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, PostgresDialect, PostgresDriver, SqliteDialect, type DatabaseConnection, type TransactionSettings } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";

export const DEFAULT_DATABASE_PATH = "data/kaiji.sqlite";

/** A PostgreSQL connection string (postgres://… or postgresql://…), as opposed to a SQLite file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Where the environment puts the database: DATABASE_URL (PostgreSQL) if set, else DATABASE_PATH, else the default file. */
export function databaseLocation(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/** A log-safe name for a location: a PostgreSQL URL without its password. */
export function describeLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  if (url.password) url.password = "***";
  return url.toString();
}

export function openDatabase(location: string): Kysely<Database> {
  return isPostgresUrl(location) ? openPostgres(location) : openSqlite(location);
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers go on while one writer writes; busy_timeout rides out a short lock
  // held by a backup or a migrate command instead of failing at once.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // FULL: a commit the client was told about survives a power loss or an OS crash, not only a killed process
  // (NORMAL in WAL mode may roll the last commits back); about +0.3 ms a commit here (DECISIONS 45).
  sqlite.pragma("synchronous = FULL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

// Times are milliseconds in bigint columns and counts come back as bigint: as JavaScript numbers, like SQLite's
// integers (every value the app stores is far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * The lock every PostgreSQL transaction takes first, so that transactions run one after the other as they do on
 * SQLite (one writer at a time): the models read and then write inside a transaction (the next version number,
 * a count against a limit), which is safe when no other transaction interleaves. Transaction-scoped, so it is
 * released at commit or rollback, also when a process dies.
 */
export const TRANSACTION_LOCK_KEY = 4_711_000;

class SerialPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${TRANSACTION_LOCK_KEY})`));
  }
}

class SerialPostgresDialect extends PostgresDialect {
  constructor(private readonly settings: ConstructorParameters<typeof PostgresDialect>[0]) {
    super(settings);
  }
  override createDriver() {
    return new SerialPostgresDriver(this.settings);
  }
}

function openPostgres(url: string): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    idleTimeoutMillis: Number(process.env.DATABASE_IDLE_MS ?? 10_000),
  });
  return new Kysely<Database>({ dialect: new SerialPostgresDialect({ pool }) });
}
