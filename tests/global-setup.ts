// Migrates one base database per run; each test copies it (STYLE.md §8) instead of migrating again.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db/connection.js";
import { migrateToLatest } from "../db/migrator.js";

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kaiji-test-"));
  const base = path.join(dir, "base.sqlite");
  const db = openDatabase(base);
  await migrateToLatest(db);
  // Fold the WAL into the main file so a plain copy is complete.
  await db.destroy();
  project.provide("baseDatabase", base);
  project.provide("testDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    baseDatabase: string;
    testDir: string;
  }
}
