// What `scripts/backup.ts verify` checks, as plain functions over a Kysely connection so the tests call them
// in-process and the command line only prints. Everything here reads; nothing writes.
//
// The checks are the promises the data layer makes: the file is sound (integrity, foreign keys), every published
// version still hashes to the hash it was published with (and its content is the canonical bytes that were hashed),
// the triggers that keep versions and the audit log immutable are in place, the audit log has lost no entry, and
// the database is at the migration this code expects. The engine-specific queries (SQLite's pragmas and catalog)
// sit in `sqliteCatalog` and `postgresCatalog` (pg_trigger, the audit high-water table instead of sqlite_sequence).
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { canonicalJson, sha256Hex } from "../disclosures/canonical-json.js";
import { canonicalContent, type DisclosureContent } from "../disclosures/disclosure-content.js";
import { isPostgres } from "./dialect.js";
import { migrations } from "./migrator.js";
import type { Database } from "./schema.js";

export type CheckName = "integrity" | "foreign_keys" | "disclosure_versions" | "template_versions" | "documents" | "triggers" | "audit_log" | "migrations";

export type Problem = { check: CheckName; message: string };

export type VerifyReport = {
  ok: boolean;
  problems: Problem[];
  /** What was looked at, so a passing report says how much it covered. */
  counts: { disclosureVersions: number; templateVersions: number; documentFiles: number; auditEntries: number; triggers: number; migrations: number };
  durationMs: number;
};

/**
 * The immutability triggers the migrations create (grep "create trigger" db/migrations; a test keeps this list
 * and the migrations in step). Each must exist on its table and still abort the statement it guards.
 */
export const IMMUTABILITY_TRIGGERS = [
  { name: "template_version_no_update", table: "template_version", event: "update", migration: "2026-11-22T0000-template-versions" },
  { name: "template_version_no_delete", table: "template_version", event: "delete", migration: "2026-11-22T0000-template-versions" },
  { name: "audit_log_no_update", table: "audit_log", event: "update", migration: "2026-11-22T0100-accounts" },
  { name: "audit_log_no_delete", table: "audit_log", event: "delete", migration: "2026-11-22T0100-accounts" },
  { name: "disclosure_version_no_update", table: "disclosure_version", event: "update", migration: "2026-11-22T0200-disclosures" },
  { name: "disclosure_version_no_delete", table: "disclosure_version", event: "delete", migration: "2026-11-22T0200-disclosures" },
  { name: "version_summary_no_update", table: "version_summary", event: "update", migration: "2026-11-23T0000-directory" },
  { name: "access_terms_no_update", table: "access_terms", event: "update", migration: "2026-12-04T0500-access-terms" },
] as const;

/** At most this many lines per check: a broken file can yield thousands of rows, and the first ones say enough. */
const MAX_LINES_PER_CHECK = 50;
/** Versions are read in pages so a large database is verified in bounded memory. */
const PAGE = 200;

type TriggerRow = { name: string; table: string; sql: string };

type Catalog = {
  integrity(db: Kysely<Database>): Promise<string[]>;
  foreignKeys(db: Kysely<Database>): Promise<string[]>;
  triggers(db: Kysely<Database>): Promise<TriggerRow[]>;
  tables(db: Kysely<Database>): Promise<string[]>;
  auditHighWater(db: Kysely<Database>): Promise<number>;
};

/** SQLite's side of the checks. */
export const sqliteCatalog: Catalog = {
  async integrity(db: Kysely<Database>): Promise<string[]> {
    const rows = await sql<{ integrity_check: string }>`pragma integrity_check(${sql.lit(MAX_LINES_PER_CHECK)})`.execute(db);
    // One row may hold several findings, one per line.
    return rows.rows.flatMap((r) => r.integrity_check.split("\n")).filter((line) => line !== "ok" && !line.startsWith("*** in database"));
  },
  async foreignKeys(db: Kysely<Database>): Promise<string[]> {
    const rows = await sql<{ table: string; rowid: number | null; parent: string }>`pragma foreign_key_check`.execute(db);
    return rows.rows.map((r) => `${r.table} row ${r.rowid ?? "?"} refers to a missing ${r.parent} row`);
  },
  async triggers(db: Kysely<Database>): Promise<TriggerRow[]> {
    const rows = await sql<TriggerRow>`select name, tbl_name as "table", sql from sqlite_master where type = 'trigger'`.execute(db);
    return rows.rows;
  },
  /** The app's tables (FTS5 shadow tables left out), for the backup's report. */
  async tables(db: Kysely<Database>): Promise<string[]> {
    const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'disclosure_search_%' order by name`.execute(db);
    return rows.rows.map((r) => r.name);
  },
  /** The highest audit id ever handed out (AUTOINCREMENT keeps it in sqlite_sequence even if the last rows go). */
  async auditHighWater(db: Kysely<Database>): Promise<number> {
    const rows = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'audit_log'`.execute(db);
    return rows.rows[0]?.seq ?? 0;
  },
};

/** PostgreSQL's side of the same checks. */
export const postgresCatalog: Catalog = {
  /** PostgreSQL checks pages itself; what can be left broken is an index a failed concurrent build left invalid. */
  async integrity(db) {
    const rows = await sql<{ name: string }>`select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and not (i.indisvalid and i.indisready)`.execute(db);
    return rows.rows.map((r) => `index ${r.name} is not valid (rebuild it with REINDEX)`);
  },
  /** Foreign keys are always enforced unless one was added NOT VALID or its trigger was switched off. */
  async foreignKeys(db) {
    const rows = await sql<{ name: string; table: string }>`select con.conname as name, cl.relname as "table" from pg_constraint con
      join pg_class cl on cl.oid = con.conrelid join pg_namespace n on n.oid = cl.relnamespace
      where n.nspname = current_schema() and con.contype = 'f' and not con.convalidated`.execute(db);
    const disabled = await sql<{ name: string; table: string }>`select t.tgname as name, cl.relname as "table" from pg_trigger t
      join pg_class cl on cl.oid = t.tgrelid join pg_namespace n on n.oid = cl.relnamespace
      where n.nspname = current_schema() and t.tgconstraint <> 0 and t.tgenabled = 'D'`.execute(db);
    return [
      ...rows.rows.map((r) => `${r.table}: constraint ${r.name} is not validated`),
      ...disabled.rows.map((r) => `${r.table}: the trigger ${r.name} that enforces a foreign key is disabled`),
    ];
  },
  /** Each trigger with its definition and the body of the function it runs (which must still raise). */
  async triggers(db) {
    const rows = await sql<TriggerRow & { enabled: string }>`select t.tgname as name, cl.relname as "table", t.tgenabled as enabled,
      pg_get_triggerdef(t.oid) || ' ' || p.prosrc as sql from pg_trigger t join pg_class cl on cl.oid = t.tgrelid
      join pg_namespace n on n.oid = cl.relnamespace join pg_proc p on p.oid = t.tgfoid
      where n.nspname = current_schema() and not t.tgisinternal`.execute(db);
    // A disabled trigger is as good as a missing one.
    return rows.rows.filter((r) => r.enabled !== "D").map(({ name, table, sql }) => ({ name, table, sql }));
  },
  async tables(db) {
    const rows = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
    return rows.rows.map((r) => r.name);
  },
  async auditHighWater(db) {
    const rows = await sql<{ id: number }>`select id from audit_log_high_water`.execute(db);
    if (rows.rows.length !== 1) throw new Error(`the audit high-water table has ${rows.rows.length} rows instead of one`);
    return Number(rows.rows[0].id);
  },
};

/** The catalog of `db`'s engine. */
export function catalogOf(db: Kysely<Database>): Catalog {
  return isPostgres(db) ? postgresCatalog : sqliteCatalog;
}

export async function verifyDatabase(db: Kysely<Database>, catalog = catalogOf(db)): Promise<VerifyReport> {
  const started = performance.now();
  const problems: Problem[] = [];
  const add = (check: CheckName, lines: string[]) => {
    for (const message of lines.slice(0, MAX_LINES_PER_CHECK)) problems.push({ check, message });
    if (lines.length > MAX_LINES_PER_CHECK) problems.push({ check, message: `… and ${lines.length - MAX_LINES_PER_CHECK} more` });
  };

  // A damaged file can make any query throw: each check that cannot run is a problem, and the others still run.
  const attempt = async <T>(check: CheckName, run: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      problems.push({ check, message: `${check.replace("_", " ")}: could not be checked: ${error instanceof Error ? error.message : String(error)}` });
      return fallback;
    }
  };
  const none = { count: 0, lines: [] as string[] };
  add("integrity", (await attempt("integrity", () => catalog.integrity(db), [])).map((line) => `integrity check: ${line}`));
  add("foreign_keys", (await attempt("foreign_keys", () => catalog.foreignKeys(db), [])).map((line) => `foreign key: ${line}`));
  const versions = await attempt("disclosure_versions", () => checkDisclosureVersions(db), none);
  add("disclosure_versions", versions.lines);
  const templates = await attempt("template_versions", () => checkTemplateVersions(db), none);
  add("template_versions", templates.lines);
  const documents = await attempt("documents", () => checkDocuments(db), none);
  add("documents", documents.lines);
  add("triggers", await attempt("triggers", async () => checkTriggers(await catalog.triggers(db)), []));
  const audit = await attempt("audit_log", async () => checkAuditLog(db, await catalog.auditHighWater(db)), none);
  add("audit_log", audit.lines);
  const migrated = await attempt("migrations", () => checkMigrations(db), none);
  add("migrations", migrated.lines);

  return {
    ok: problems.length === 0,
    problems,
    counts: {
      disclosureVersions: versions.count,
      templateVersions: templates.count,
      documentFiles: documents.count,
      auditEntries: audit.count,
      triggers: IMMUTABILITY_TRIGGERS.length,
      migrations: migrated.count,
    },
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Every published version: its content hashes to content_hash, is the canonical form of itself (what publishing
 * stores), names the template version of its row, and that template version exists; and each disclosure's
 * versions are exactly 第1版 … 第latest_version版.
 */
async function checkDisclosureVersions(db: Kysely<Database>): Promise<{ count: number; lines: string[] }> {
  const lines: string[] = [];
  const templates = new Set((await db.selectFrom("template_version").select(["template_id", "version"]).execute()).map((t) => `${t.template_id}@${t.version}`));
  let count = 0;
  let after: { id: string; number: number } | null = null;
  for (;;) {
    let query = db
      .selectFrom("disclosure_version")
      .select(["disclosure_id", "number", "template_id", "template_version", "content", "content_hash"])
      .orderBy("disclosure_id")
      .orderBy("number")
      .limit(PAGE);
    if (after) {
      const { id, number } = after;
      query = query.where((eb) => eb.or([eb("disclosure_id", ">", id), eb.and([eb("disclosure_id", "=", id), eb("number", ">", number)])]));
    }
    const rows = await query.execute();
    for (const row of rows) {
      count += 1;
      const label = `disclosure ${row.disclosure_id} 第${row.number}版`;
      const actual = sha256Hex(row.content);
      if (actual !== row.content_hash) lines.push(`${label}: content hash mismatch (stored ${row.content_hash}, content hashes to ${actual})`);
      let parsed: DisclosureContent | undefined;
      try {
        parsed = JSON.parse(row.content) as DisclosureContent;
      } catch {
        lines.push(`${label}: content is not JSON`);
      }
      if (parsed) {
        let canonical: string | undefined;
        try {
          canonical = canonicalContent(parsed);
        } catch {
          canonical = undefined;
        }
        if (canonical !== row.content) lines.push(`${label}: content is not in canonical form`);
        if (parsed.templateId !== row.template_id || parsed.templateVersion !== row.template_version) {
          lines.push(`${label}: content names ${parsed.templateId}@${parsed.templateVersion} but the row ${row.template_id}@${row.template_version}`);
        }
      }
      if (!templates.has(`${row.template_id}@${row.template_version}`)) lines.push(`${label}: template version ${row.template_id}@${row.template_version} is missing`);
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1];
    after = { id: last.disclosure_id, number: last.number };
  }
  // Numbering: one grouped query; a hole or a latest_version that disagrees means a version went missing.
  const numbering = await db
    .selectFrom("disclosure")
    .leftJoin("disclosure_version", "disclosure_version.disclosure_id", "disclosure.id")
    .select((eb) => ["disclosure.id", "disclosure.latest_version", eb.fn.count<number>("disclosure_version.number").as("versions"), eb.fn.max("disclosure_version.number").as("highest")])
    .groupBy(["disclosure.id", "disclosure.latest_version"])
    .execute();
  for (const d of numbering) {
    const versions = Number(d.versions);
    const highest = d.highest === null ? 0 : Number(d.highest);
    if (versions !== d.latest_version || highest !== d.latest_version) {
      lines.push(`disclosure ${d.id}: latest version is 第${d.latest_version}版 but ${versions} version(s) are stored (highest 第${highest}版)`);
    }
  }
  return { count, lines };
}

/** Every template version's definition hashes to content_hash and is canonical JSON (what the registry stores). */
async function checkTemplateVersions(db: Kysely<Database>): Promise<{ count: number; lines: string[] }> {
  const lines: string[] = [];
  const rows = await db.selectFrom("template_version").select(["template_id", "version", "definition", "content_hash"]).orderBy("template_id").orderBy("version").execute();
  for (const row of rows) {
    const label = `template ${row.template_id}@${row.version}`;
    const actual = sha256Hex(row.definition);
    if (actual !== row.content_hash) lines.push(`${label}: definition hash mismatch (stored ${row.content_hash}, definition hashes to ${actual})`);
    try {
      if (canonicalJson(JSON.parse(row.definition)) !== row.definition) lines.push(`${label}: definition is not in canonical form`);
    } catch {
      lines.push(`${label}: definition is not JSON`);
    }
  }
  return { count: rows.length, lines };
}

/** Document files: the bytes kept under a SHA-256 still have that hash and size; document versions are numbered 1…latest. */
async function checkDocuments(db: Kysely<Database>): Promise<{ count: number; lines: string[] }> {
  const lines: string[] = [];
  const hashes = await db.selectFrom("document_file").select(["sha256"]).orderBy("sha256").execute();
  // One file at a time: documents may be megabytes each.
  for (const { sha256 } of hashes) {
    const file = await db.selectFrom("document_file").select(["size", "bytes"]).where("sha256", "=", sha256).executeTakeFirstOrThrow();
    const actual = createHash("sha256").update(file.bytes).digest("hex");
    if (actual !== sha256) lines.push(`document file ${sha256}: bytes hash to ${actual}`);
    if (file.bytes.length !== file.size) lines.push(`document file ${sha256}: ${file.bytes.length} bytes stored, ${file.size} recorded`);
  }
  const numbering = await db
    .selectFrom("document")
    .leftJoin("document_version", "document_version.document_id", "document.id")
    .select((eb) => ["document.id", "document.latest_version", eb.fn.count<number>("document_version.number").as("versions"), eb.fn.max("document_version.number").as("highest")])
    .groupBy(["document.id", "document.latest_version"])
    .execute();
  for (const d of numbering) {
    const versions = Number(d.versions);
    const highest = d.highest === null ? 0 : Number(d.highest);
    if (versions !== d.latest_version || highest !== d.latest_version) lines.push(`document ${d.id}: latest version is 第${d.latest_version}版 but ${versions} version(s) are stored (highest 第${highest}版)`);
  }
  return { count: hashes.length, lines };
}

/** Each expected trigger exists, on its table, fires before its event and still aborts. */
export function checkTriggers(present: TriggerRow[]): string[] {
  const lines: string[] = [];
  const byName = new Map(present.map((t) => [t.name, t]));
  for (const expected of IMMUTABILITY_TRIGGERS) {
    const found = byName.get(expected.name);
    if (!found) {
      lines.push(`trigger ${expected.name} is missing: ${expected.event}s of ${expected.table} are no longer refused (created by migration ${expected.migration})`);
      continue;
    }
    const text = found.sql.replace(/\s+/g, " ").toLowerCase();
    // SQLite: "before update on t begin select raise(abort, …)"; PostgreSQL: "before update on public.t for each row
    // execute function …", followed by the function's body, which must raise.
    const on = new RegExp(`before ${expected.event} on (\\w+\\.)?${expected.table}\\b`);
    if (found.table !== expected.table || !on.test(text) || !/raise\s*\(\s*abort|raise exception/.test(text)) {
      lines.push(`trigger ${expected.name} was changed: it no longer aborts ${expected.event}s of ${expected.table} (expected as created by migration ${expected.migration})`);
    }
  }
  return lines;
}

/**
 * "Unbroken": the ids are 1, 2, …, n with no gap (AUTOINCREMENT in one transaction with the change it records
 * never skips one: a rolled-back insert takes its id back), and n is the highest id ever handed out (so no entry
 * was removed from the end). Timestamps are not required to be in id order: `at` is taken when the action
 * starts, before its transaction gets the connection, and the demo seed writes backdated entries.
 */
async function checkAuditLog(db: Kysely<Database>, highWater: number): Promise<{ count: number; lines: string[] }> {
  const lines: string[] = [];
  const stats = await db.selectFrom("audit_log").select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("id").as("first"), eb.fn.max("id").as("last")]).executeTakeFirstOrThrow();
  const count = Number(stats.n);
  const last = stats.last === null ? 0 : Number(stats.last);
  const entries = (from: number, to: number) => (from === to ? `entry ${from} is` : `entries ${from}–${to} are`);
  if (count > 0 && Number(stats.first) !== 1) lines.push(`audit log: ${entries(1, Number(stats.first) - 1)} missing (the first entry is ${stats.first})`);
  if (count !== last - (Number(stats.first ?? 1) - 1)) {
    const gaps = await sql<{ after: number; next: number }>`select after, next from (select id as next, lag(id) over (order by id) as after from audit_log) as ids where next - after > 1 limit ${sql.lit(MAX_LINES_PER_CHECK)}`.execute(db);
    for (const gap of gaps.rows) lines.push(`audit log: ${entries(gap.after + 1, gap.next - 1)} missing (between ${gap.after} and ${gap.next})`);
  }
  if (highWater > last) lines.push(`audit log: ${entries(last + 1, highWater)} missing from the end (ids up to ${highWater} were handed out)`);
  return { count, lines };
}

/** Applied migrations are exactly the ones this code knows, all of them (the latest included). */
async function checkMigrations(db: Kysely<Database>): Promise<{ count: number; lines: string[] }> {
  const known = Object.keys(migrations).sort();
  let applied: string[];
  try {
    applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
  } catch {
    return { count: 0, lines: ["migrations: the migration table is missing (not a Kaiji database, or never migrated)"] };
  }
  const lines: string[] = [];
  const appliedSet = new Set(applied);
  for (const name of known) if (!appliedSet.has(name)) lines.push(`migrations: ${name} is not applied (the latest is ${known[known.length - 1]}; run npm run migrate)`);
  for (const name of applied) if (!known.includes(name)) lines.push(`migrations: ${name} is applied but unknown to this code (a newer version of Kaiji wrote this database)`);
  return { count: applied.length, lines };
}

export type DatabaseSummary = { tables: number; rows: Record<string, number | null>; disclosureVersions: number; templateVersions: number; documentVersions: number };

/** What a backup holds, for the command's report: row counts per table. */
export async function summarizeDatabase(db: Kysely<Database>, catalog = catalogOf(db)): Promise<DatabaseSummary> {
  const tables = await catalog.tables(db);
  const rows: Record<string, number | null> = {};
  for (const table of tables) {
    // null: the table cannot be read (verify says why).
    rows[table] = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db).then((r) => Number(r.rows[0].n), () => null);
  }
  return { tables: tables.length, rows, disclosureVersions: rows.disclosure_version ?? 0, templateVersions: rows.template_version ?? 0, documentVersions: rows.document_version ?? 0 };
}
