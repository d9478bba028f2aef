// scripts/backup.ts on SQLite (tests/backup-postgres.test.ts is the PostgreSQL side; vitest.config.ts runs each on its
// engine): an online backup while the app publishes, a restore into an empty path, and verify catching what a backup
// must never hide (a version changed behind the triggers' back, a dropped trigger, a lost audit entry).
import { closeSync, copyFileSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openForReading, restoreSqlite } from "../db/backup-sqlite.js";
import { migrations } from "../db/migrator.js";
import { IMMUTABILITY_TRIGGERS, verifyDatabase } from "../db/verify.js";
import { ROOT, tempDir } from "./helpers/db.js";
import { backupCli, publishingLoop, type VersionRow } from "./helpers/backup.js";
import { startApp } from "./helpers/http.js";
import { allImplemented, publishTiny, registerTinyTemplate, signUpVendor, type Vendor } from "./helpers/tiny-disclosure.js";


function versionsOf(file: string): VersionRow[] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare("select disclosure_id, number, content_hash from disclosure_version order by disclosure_id, number").all() as VersionRow[];
  } finally {
    sqlite.close();
  }
}

function rowsOf(file: string, query: string): unknown[] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare(query).all();
  } finally {
    sqlite.close();
  }
}

let app: Awaited<ReturnType<typeof startApp>>;
let vendor: Vendor;
let looped: string;
const others: string[] = [];
let backupFile: string;

beforeAll(async () => {
  app = await startApp();
  await registerTinyTemplate(app.db);
  vendor = await signUpVendor(app, "backup@example.jp", "バックアップ株式会社");
  looped = await publishTiny(app.db, vendor, { responses: allImplemented("バックアップ株式会社") });
  for (const name of ["甲", "乙"]) others.push(await publishTiny(app.db, vendor, { responses: allImplemented(name) }));
});

afterAll(async () => {
  await app?.close();
});

describe("backup while the app serves, and restore", () => {
  it("copies a consistent database while versions are being published, restores it into an empty path, and the copy verifies", async () => {
    // The vendor edits and publishes in a loop through the pages, as the editor and the publish page do.
    const publishing = publishingLoop(vendor, looped);
    const { acknowledged } = publishing;
    await publishing.until(3);

    const source = process.env.DATABASE_PATH!;
    backupFile = path.join(tempDir("kaiji-backup-"), "kaiji-backup.sqlite");
    const before = acknowledged.length;
    const created = await backupCli(["create", "--database", source, "--out", backupFile, "--json"]);
    const during = acknowledged.length - before;
    await publishing.until(before + during + 2);
    await publishing.stop();

    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    const report = JSON.parse(created.stdout);
    expect(report.verify.ok).toBe(true);
    expect(report.verify.problems).toEqual([]);
    // The app kept publishing while the command ran: the backup is online.
    expect(during).toBeGreaterThan(0);
    // One self-contained file: no write-ahead log beside it.
    expect(readdirSync(path.dirname(backupFile))).toEqual(["kaiji-backup.sqlite"]);

    const target = path.join(tempDir("kaiji-restore-"), "restored.sqlite");
    const restored = await backupCli(["restore", "--from", backupFile, "--to", target]);
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(/^verify: ok \(/m);
    const verified = await backupCli(["verify", "--database", target]);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain("verify: ok");

    // The restored database is the backup, exactly: the same rows in every table, the same versions and hashes.
    expect(versionsOf(target)).toEqual(versionsOf(backupFile));
    const tables = (rowsOf(backupFile, "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'") as { name: string }[]).map((t) => t.name);
    expect(tables.length).toBeGreaterThan(20);
    for (const table of tables) expect(rowsOf(target, `select count(*) as n from "${table}"`), table).toEqual(rowsOf(backupFile, `select count(*) as n from "${table}"`));

    // … and the source as it was at one moment during the backup: every version acknowledged before the command
    // started is in it, with its hash; nothing in it differs from the source; its audit log is the source's up to a point.
    const copied = versionsOf(target);
    const sourceVersions = versionsOf(source);
    for (const version of acknowledged.slice(0, before)) expect(copied).toContainEqual(version);
    expect(copied.length).toBeGreaterThanOrEqual(3 + before);
    expect(copied.length).toBeLessThan(sourceVersions.length);
    const loopedCopied = copied.filter((v) => v.disclosure_id === looped);
    expect(sourceVersions.filter((v) => v.disclosure_id === looped).slice(0, loopedCopied.length)).toEqual(loopedCopied);
    for (const id of others) expect(copied.filter((v) => v.disclosure_id === id)).toEqual(sourceVersions.filter((v) => v.disclosure_id === id));
    const audit = rowsOf(target, "select * from audit_log order by id");
    expect(rowsOf(source, `select * from audit_log where id <= ${audit.length} order by id`)).toEqual(audit);
    expect(rowsOf(target, "select template_id, version, content_hash from template_version order by 1, 2")).toEqual(rowsOf(source, "select template_id, version, content_hash from template_version order by 1, 2"));
  });

  it("refuses to restore onto a database that holds data, and leaves it untouched", async () => {
    const source = process.env.DATABASE_PATH!;
    const versions = versionsOf(source);
    const refused = await backupCli(["restore", "--from", backupFile, "--to", source]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`refusing to restore: ${source} already holds a database`);
    expect(versionsOf(source)).toEqual(versions);
    // An empty file (as a provisioning script may leave) counts as empty.
    const placeholder = path.join(tempDir("kaiji-restore-empty-"), "kaiji.sqlite");
    writeFileSync(placeholder, "");
    await restoreSqlite(backupFile, placeholder);
    expect(await problemsOf(placeholder)).toEqual([]);
    expect(versionsOf(placeholder)).toEqual(versionsOf(backupFile));
    // A backup never overwrites a file either.
    const again = await backupCli(["create", "--database", source, "--out", backupFile]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("already exists");
  });
});

/** A copy of the backup to break on purpose, opened without the app's rules. */
function tamperedCopy(sqlStatements: string[]): string {
  const file = path.join(tempDir("kaiji-tampered-"), "copy.sqlite");
  copyFileSync(backupFile, file);
  const sqlite = new SQLite(file);
  for (const statement of sqlStatements) sqlite.exec(statement);
  sqlite.close();
  return file;
}

async function problemsOf(file: string): Promise<string[]> {
  const { db } = openForReading(file);
  try {
    return (await verifyDatabase(db)).problems.map((p) => p.message);
  } finally {
    await db.destroy();
  }
}

describe("verify", () => {
  it("exits 1 naming the version whose content was changed behind the dropped trigger", async () => {
    const victim = others[0];
    const file = tamperedCopy([
      "drop trigger disclosure_version_no_update",
      `update disclosure_version set content = replace(content, '"value":"甲"', '"value":"丙"') where disclosure_id = '${victim}' and number = 1`,
    ]);
    const result = await backupCli(["verify", "--database", file]);
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines[1]).toMatch(/^verify: 2 problem\(s\) /);
    expect(lines.filter((l) => l.startsWith(`disclosure ${victim} 第1版: content hash mismatch`))).toHaveLength(1);
    expect(lines).toContain("trigger disclosure_version_no_update is missing: updates of disclosure_version are no longer refused (created by migration 2026-11-22T0200-disclosures)");
    // The machine report says the same.
    const json = JSON.parse((await backupCli(["verify", "--database", file, "--json"])).stdout);
    expect(json.verify.ok).toBe(false);
    expect(json.verify.problems.map((p: { check: string }) => p.check).sort()).toEqual(["disclosure_versions", "triggers"]);
  });

  it("names a re-hashed version that is no longer canonical, and a template whose definition changed", async () => {
    const victim = others[1];
    const content = (rowsOf(backupFile, `select content from disclosure_version where disclosure_id = '${victim}' and number = 1`)[0] as { content: string }).content;
    // Pretty-printed JSON with a matching hash: the hash verifies, the bytes are not what publishing stores.
    const pretty = JSON.stringify(JSON.parse(content), null, 1);
    const { createHash } = await import("node:crypto");
    const hash = createHash("sha256").update(pretty).digest("hex");
    const file = tamperedCopy([
      "drop trigger disclosure_version_no_update",
      `update disclosure_version set content = '${pretty.replace(/'/g, "''")}', content_hash = '${hash}' where disclosure_id = '${victim}' and number = 1`,
      "create trigger disclosure_version_no_update before update on disclosure_version begin select raise(abort, 'published versions are immutable'); end",
      "drop trigger template_version_no_update",
      `update template_version set definition = replace(definition, '"title":"小さな様式"', '"title":"大きな様式"') where template_id = 'tiny'`,
      "create trigger template_version_no_update before update on template_version begin select 1; end",
    ]);
    const problems = await problemsOf(file);
    expect(problems).toContain(`disclosure ${victim} 第1版: content is not in canonical form`);
    expect(problems.some((p) => p.startsWith("template tiny@1.0.0: definition hash mismatch"))).toBe(true);
    // A trigger of the same name that no longer aborts is as good as none.
    expect(problems).toContain("trigger template_version_no_update was changed: it no longer aborts updates of template_version (expected as created by migration 2026-11-22T0000-template-versions)");
    expect(problems).toHaveLength(3);
  });

  it("names each dropped trigger, entries missing from the audit log, and a migration not applied", async () => {
    const last = (rowsOf(backupFile, "select max(id) as n from audit_log")[0] as { n: number }).n;
    const file = tamperedCopy([
      "drop trigger audit_log_no_delete",
      "drop trigger access_terms_no_update",
      `delete from audit_log where id in (3, 4, ${last})`,
      "delete from kysely_migration where name = '2026-12-04T0800-organization-reading'",
    ]);
    const problems = await problemsOf(file);
    expect(problems).toEqual(
      expect.arrayContaining([
        "trigger audit_log_no_delete is missing: deletes of audit_log are no longer refused (created by migration 2026-11-22T0100-accounts)",
        "trigger access_terms_no_update is missing: updates of access_terms are no longer refused (created by migration 2026-12-04T0500-access-terms)",
        "audit log: entries 3–4 are missing (between 2 and 5)",
        `audit log: entry ${last} is missing from the end (ids up to ${last} were handed out)`,
        `migrations: 2026-12-04T0800-organization-reading is not applied (the latest is ${Object.keys(migrations).at(-1)}; run npm run migrate)`,
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it("reports a damaged file page by page instead of failing on the first unreadable row", async () => {
    const file = tamperedCopy([]);
    const size = statSync(file).size;
    const fd = openSync(file, "r+");
    // Three pages in the middle of the file overwritten with garbage, as a failing disk might.
    for (const at of [size / 3, size / 2, (2 * size) / 3]) writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(at / 4096) * 4096);
    closeSync(fd);
    const result = await backupCli(["verify", "--database", file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^integrity check: /m);
  });

  it("knows every immutability trigger the migrations create", () => {
    const dir = path.join(ROOT, "db/migrations");
    const created = readdirSync(dir).flatMap((file) =>
      [...readFileSync(path.join(dir, file), "utf8").matchAll(/refuseChanges\(db, "(\w+)", "(update|delete)", "(\w+)"/g)].map((m) => ({ name: m[1], table: m[3], event: m[2], migration: file.replace(/\.ts$/, "") })),
    );
    expect(created.length).toBeGreaterThan(0);
    expect([...IMMUTABILITY_TRIGGERS].map((t) => ({ ...t })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(created.sort((a, b) => a.name.localeCompare(b.name)));
  });
});
