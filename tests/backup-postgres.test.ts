// scripts/backup.ts on PostgreSQL (tests/backup-sqlite.test.ts is the SQLite side; vitest.config.ts runs each on its
// engine): pg_dump while the app publishes, pg_restore into an empty database only, and verify catching what a
// backup must never hide (a version changed behind a dropped trigger, a trigger that no longer raises, lost audit
// entries, a migration not applied).
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/connection.js";
import { migrations } from "../db/migrator.js";
import type { Database } from "../db/schema.js";
import { emptyPostgresDatabase, tempDir } from "./helpers/db.js";
import { backupCli, publishingLoop, type VersionRow } from "./helpers/backup.js";
import { startApp } from "./helpers/http.js";
import { allImplemented, publishTiny, registerTinyTemplate, signUpVendor, type Vendor } from "./helpers/tiny-disclosure.js";


async function withDatabase<T>(url: string, use: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = openDatabase(url);
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

const versionsOf = (url: string): Promise<VersionRow[]> =>
  withDatabase(url, (db) => db.selectFrom("disclosure_version").select(["disclosure_id", "number", "content_hash"]).orderBy("disclosure_id").orderBy("number").execute());

let app: Awaited<ReturnType<typeof startApp>>;
let vendor: Vendor;
let looped: string;
const others: string[] = [];
let backupFile: string;
let source: string;

beforeAll(async () => {
  app = await startApp();
  source = process.env.DATABASE_URL!;
  expect(source).toMatch(/^postgresql:\/\//);
  await registerTinyTemplate(app.db);
  vendor = await signUpVendor(app, "backup@example.jp", "バックアップ株式会社");
  looped = await publishTiny(app.db, vendor, { responses: allImplemented("バックアップ株式会社") });
  for (const name of ["甲", "乙"]) others.push(await publishTiny(app.db, vendor, { responses: allImplemented(name) }));
});

afterAll(async () => {
  await app?.close();
});

/** A restored copy of the backup, to break on purpose with `statements`. */
async function tamperedCopy(statements: string[]): Promise<string> {
  const url = emptyPostgresDatabase();
  expect((await backupCli(["restore", "--from", backupFile, "--to", url])).status).toBe(0);
  await withDatabase(url, async (db) => {
    for (const statement of statements) await sql.raw(statement).execute(db);
  });
  return url;
}

describe("backup while the app serves, and restore (PostgreSQL)", () => {
  it("dumps a consistent snapshot while versions are being published, restores it into an empty database, and it verifies", async () => {
    const publishing = publishingLoop(vendor, looped);
    const { acknowledged } = publishing;
    await publishing.until(3);

    backupFile = path.join(tempDir("kaiji-backup-"), "kaiji.dump");
    const before = acknowledged.length;
    const created = await backupCli(["create", "--database", source, "--out", backupFile, "--json"]);
    const during = acknowledged.length - before;
    await publishing.until(before + during + 2);
    await publishing.stop();

    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    const report = JSON.parse(created.stdout);
    expect(report.verify.ok).toBe(true);
    // The password never reaches the report.
    expect(report.database).not.toMatch(/:[^@/]*@/);
    expect(during).toBeGreaterThan(0);
    expect(readdirSync(path.dirname(backupFile))).toEqual(["kaiji.dump"]);

    const target = emptyPostgresDatabase();
    const restored = await backupCli(["restore", "--from", backupFile, "--to", target]);
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(/^verify: ok \(/m);
    expect((await backupCli(["verify", "--database", target])).stdout).toContain("verify: ok");

    // One moment of the source: every version acknowledged before the dump started, later ones partly, none altered.
    const copied = await versionsOf(target);
    const sourceVersions = await versionsOf(source);
    for (const version of acknowledged.slice(0, before)) expect(copied).toContainEqual(version);
    expect(copied.length).toBeLessThan(sourceVersions.length);
    const loopedCopied = copied.filter((v) => v.disclosure_id === looped);
    expect(sourceVersions.filter((v) => v.disclosure_id === looped).slice(0, loopedCopied.length)).toEqual(loopedCopied);
    for (const id of others) expect(copied.filter((v) => v.disclosure_id === id)).toEqual(sourceVersions.filter((v) => v.disclosure_id === id));
    const audit = await withDatabase(target, (db) => db.selectFrom("audit_log").selectAll().orderBy("id").execute());
    expect(await withDatabase(source, (db) => db.selectFrom("audit_log").selectAll().where("id", "<=", audit.length).orderBy("id").execute())).toEqual(audit);
    // The app numbers audit entries on: the high-water mark came along.
    await withDatabase(target, async (db) => {
      const { audit: write } = await import("../app/models/audit.server.js");
      await write(db, { action: "auth.sign_in", actor: { userId: null, email: "restored@example.jp" } });
      expect((await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id).toBe(audit.length + 1);
    });
  });

  it("refuses to restore onto a database that holds data, and never overwrites a backup file", async () => {
    const versions = await versionsOf(source);
    const refused = await backupCli(["restore", "--from", backupFile, "--to", source]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/refusing to restore: postgresql:\/\/\S+ already holds a database \(\d+ tables\)/);
    expect(await versionsOf(source)).toEqual(versions);
    const again = await backupCli(["create", "--database", source, "--out", backupFile]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("already exists");
    // A file that is not an archive is refused by name, and the empty target stays empty.
    const junk = path.join(tempDir("kaiji-junk-"), "junk.dump");
    writeFileSync(junk, "not an archive");
    const target = emptyPostgresDatabase();
    const bad = await backupCli(["restore", "--from", junk, "--to", target]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("pg_restore into");
    expect(await withDatabase(target, async (db) => (await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = current_schema()`.execute(db)).rows[0].n)).toBe(0);
  });
});

describe("verify (PostgreSQL)", () => {
  it("exits 1 naming the version changed behind the dropped trigger", async () => {
    const victim = others[0];
    const url = await tamperedCopy([
      "drop trigger disclosure_version_no_update on disclosure_version",
      `update disclosure_version set content = replace(content, '"value":"甲"', '"value":"丙"') where disclosure_id = '${victim}' and number = 1`,
    ]);
    const result = await backupCli(["verify", "--database", url, "--json"]);
    expect(result.status).toBe(1);
    const messages = JSON.parse(result.stdout).verify.problems.map((p: { message: string }) => p.message);
    expect(messages).toHaveLength(2);
    expect(messages.filter((m: string) => m.startsWith(`disclosure ${victim} 第1版: content hash mismatch`))).toHaveLength(1);
    expect(messages).toContain("trigger disclosure_version_no_update is missing: updates of disclosure_version are no longer refused (created by migration 2026-11-22T0200-disclosures)");
  });

  it("names a trigger whose function no longer raises, one switched off, lost audit entries and a migration not applied", async () => {
    const url = await tamperedCopy([
      "alter table audit_log disable trigger audit_log_no_delete",
      "delete from audit_log where id in (3, 4)",
      // The end of the log too, as someone covering their tracks would.
      "delete from audit_log where id = (select max(id) from audit_log)",
      "create function do_nothing() returns trigger language plpgsql as $$ begin return new; end $$",
      "drop trigger template_version_no_update on template_version",
      "create trigger template_version_no_update before update on template_version for each row execute function do_nothing()",
      "delete from kysely_migration where name = '2026-12-04T0800-organization-reading'",
    ]);
    const restoredLast = await withDatabase(url, async (db) => Number((await sql<{ id: number }>`select id from audit_log_high_water`.execute(db)).rows[0].id));
    const result = await backupCli(["verify", "--database", url, "--json"]);
    expect(result.status).toBe(1);
    const messages: string[] = JSON.parse(result.stdout).verify.problems.map((p: { message: string }) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        "trigger audit_log_no_delete is missing: deletes of audit_log are no longer refused (created by migration 2026-11-22T0100-accounts)",
        "trigger template_version_no_update was changed: it no longer aborts updates of template_version (expected as created by migration 2026-11-22T0000-template-versions)",
        "audit log: entries 3–4 are missing (between 2 and 5)",
        `audit log: entry ${restoredLast} is missing from the end (ids up to ${restoredLast} were handed out)`,
        `migrations: 2026-12-04T0800-organization-reading is not applied (the latest is ${Object.keys(migrations).at(-1)}; run npm run migrate)`,
      ]),
    );
    expect(messages).toHaveLength(5);
  });
});
