// Backup, restore and verify (npm run backup -- …; README "Backup, restore, verify"):
//   npx tsx scripts/backup.ts create --out FILE [--database PATH] [--json]
//   npx tsx scripts/backup.ts restore --from FILE [--to PATH] [--json]
//   npx tsx scripts/backup.ts verify [--database PATH] [--json]
// Exit codes: 0 all well; 1 verification found problems (one line each); 2 refused or wrong usage.
// The checks live in db/verify.ts, the copies in db/backup-sqlite.ts and db/backup-postgres.ts; this file only reads
// arguments and prints.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { backupPostgres, listArchive, restorePostgres } from "../db/backup-postgres.js";
import { backupSqlite, openForReading, RefusedError, restoreSqlite } from "../db/backup-sqlite.js";
import { databaseLocation, DEFAULT_DATABASE_PATH, describeLocation, isPostgresUrl, openDatabase } from "../db/connection.js";
import { summarizeDatabase, verifyDatabase, type DatabaseSummary, type VerifyReport } from "../db/verify.js";

const USAGE = `usage:
  npx tsx scripts/backup.ts create --out FILE [--database PATH] [--json]
      an online backup of the database (the server may keep running), then verify on the copy
  npx tsx scripts/backup.ts restore --from FILE [--to PATH] [--json]
      restore a backup into an empty path (never over an existing database), then verify it
  npx tsx scripts/backup.ts verify [--database PATH] [--json]
      integrity, foreign keys, every published version and template version re-hashed, the immutability
      triggers, the audit log unbroken, migrations at the latest; exit 1 with one line per problem

PATH defaults to DATABASE_URL (PostgreSQL), else DATABASE_PATH, else ${DEFAULT_DATABASE_PATH}; a postgres:// URL selects
PostgreSQL (pg_dump's custom format for backups, pg_restore into an empty database).`;

type Engine = {
  create(source: string, out: string): Promise<{ bytes: number; durationMs: number }>;
  restore(from: string, to: string): Promise<{ bytes: number; durationMs: number }>;
  inspect(file: string): Promise<{ report: VerifyReport; summary: DatabaseSummary }>;
  /** What `create` verifies: the copy itself where it is a database, else the source after checking the archive. */
  inspectBackup(out: string, source: string): Promise<{ report: VerifyReport; summary: DatabaseSummary }>;
};

const sqliteEngine: Engine = {
  create: backupSqlite,
  restore: restoreSqlite,
  async inspect(file) {
    if (!existsSync(file)) throw new RefusedError(`no database at ${file}`);
    const { db } = openForReading(file);
    try {
      const report = await verifyDatabase(db);
      // A file too damaged to list its tables still gets its report (verify names what failed).
      const summary = await summarizeDatabase(db).catch((): DatabaseSummary => ({ tables: 0, rows: {}, disclosureVersions: 0, templateVersions: 0, documentVersions: 0 }));
      return { report, summary };
    } finally {
      await db.destroy();
    }
  },
  inspectBackup(out) {
    return sqliteEngine.inspect(out);
  },
};

const postgresEngine: Engine = {
  create: backupPostgres,
  restore: restorePostgres,
  async inspect(url) {
    const db = openDatabase(url);
    try {
      return { report: await verifyDatabase(db), summary: await summarizeDatabase(db) };
    } finally {
      await db.destroy();
    }
  },
  /** An archive is not a database: pg_restore must read its table of contents, and the source is verified. */
  async inspectBackup(out, source) {
    await listArchive(out);
    return postgresEngine.inspect(source);
  },
};

/** The engine of a database location: a postgres:// URL or a SQLite file. */
function engine(location: string): Engine {
  return isPostgresUrl(location) ? postgresEngine : sqliteEngine;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function describe(report: VerifyReport, summary: DatabaseSummary): string {
  const c = report.counts;
  const what = `${summary.tables} tables, ${c.disclosureVersions} disclosure versions and ${c.templateVersions} template versions re-hashed, ${c.documentFiles} document files, ${c.triggers} triggers, ${c.auditEntries} audit entries, ${c.migrations} migrations`;
  return report.ok ? `verify: ok (${what}) in ${report.durationMs} ms` : `verify: ${report.problems.length} problem(s) (${what}):\n${report.problems.map((p) => p.message).join("\n")}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, from: { type: "string" }, to: { type: "string" }, database: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean" } },
  });
  const command = positionals[0];
  const defaultPath = databaseLocation();
  const print = (json: object, text: string) => console.log(values.json ? JSON.stringify(json, null, 2) : text);
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === "create" && values.out) {
    const source = values.database ?? defaultPath;
    const copy = await engine(source).create(source, values.out);
    const { report, summary } = await engine(source).inspectBackup(values.out, source);
    print(
      { command, database: describeLocation(source), out: values.out, bytes: copy.bytes, durationMs: copy.durationMs, summary, verify: report },
      `backup of ${describeLocation(source)} written to ${values.out}: ${megabytes(copy.bytes)}, ${summary.tables} tables, ${summary.disclosureVersions} disclosure versions, ${summary.templateVersions} template versions, ${summary.documentVersions} document versions, in ${copy.durationMs} ms\n${describe(report, summary)}`,
    );
    return report.ok ? 0 : 1;
  }
  if (command === "restore" && values.from) {
    const target = values.to ?? defaultPath;
    const copy = await engine(target).restore(values.from, target);
    const { report, summary } = await engine(target).inspect(target);
    print(
      { command, from: values.from, to: describeLocation(target), bytes: copy.bytes, durationMs: copy.durationMs, summary, verify: report },
      `restored ${values.from} into ${describeLocation(target)}: ${megabytes(copy.bytes)}, ${summary.disclosureVersions} disclosure versions, in ${copy.durationMs} ms\n${describe(report, summary)}`,
    );
    return report.ok ? 0 : 1;
  }
  if (command === "verify") {
    const file = values.database ?? defaultPath;
    const { report, summary } = await engine(file).inspect(file);
    print({ command, database: describeLocation(file), summary, verify: report }, `${describeLocation(file)}\n${describe(report, summary)}`);
    return report.ok ? 0 : 1;
  }
  console.error(USAGE);
  return 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = error instanceof RefusedError ? 2 : 1;
  },
);
