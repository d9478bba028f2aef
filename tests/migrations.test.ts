import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../db/connection.js";
import { createMigrator, migrateToLatest, migrations } from "../db/migrator.js";
import { ROOT } from "./helpers/db.js";

describe("migrations", () => {
  it("lists every file in db/migrations, in date order", () => {
    const files = readdirSync(path.join(ROOT, "db/migrations")).map((f) => f.replace(/\.ts$/, "")).sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it("migrate up, down and up again on an empty database; a second run is a no-op", async () => {
    const db = openDatabase(":memory:");
    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(db)).toEqual([]);
    const { error } = await createMigrator(db).migrateDown();
    expect(error).toBeUndefined();
    expect(await migrateToLatest(db)).toHaveLength(1);
    const pragma = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
    expect(pragma.rows[0].foreign_keys).toBe(1);
    await db.destroy();
  });
});
