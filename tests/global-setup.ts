// Migrates one base database per run; each test copies it (STYLE.md §8) instead of migrating again. On PostgreSQL
// (KAIJI_TEST_POSTGRES, see scripts/test.sh) the base is a database the tests' databases are created from.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db/connection.js";
import { migrateToLatest } from "../db/migrator.js";

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-test-"));
  project.provide("testDir", dir);
  const admin = process.env.KAIJI_TEST_POSTGRES;
  if (!admin) {
    const base = path.join(dir, "base.sqlite");
    const db = openDatabase(base);
    await migrateToLatest(db);
    // Fold the WAL into the main file so a plain copy is complete.
    await db.destroy();
    project.provide("baseDatabase", base);
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const base = `kaiji_t${randomBytes(4).toString("hex")}`;
  const psql = (command: string) => execFileSync("psql", [admin, "-qXAtc", command], { encoding: "utf8" });
  psql(`create database "${base}"`);
  const url = new URL(admin);
  url.pathname = `/${base}`;
  const db = openDatabase(url.toString());
  await migrateToLatest(db);
  await db.destroy();
  project.provide("baseDatabase", base);
  return () => {
    // Every database of this run (the base and the tests' copies), then the temporary folder.
    const names = psql(`select datname from pg_database where datname like '${base}%'`).split("\n").filter(Boolean);
    for (const name of names) psql(`drop database if exists "${name}" with (force)`);
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseDatabase: string;
    testDir: string;
  }
}
