import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getTemplate, listTemplates, syncBuiltinTemplates } from "../app/models/template.server.js";
import { freshDatabase, tempDir, TEMPLATES_DIR } from "./helpers/db.js";

const count = async (db: ReturnType<typeof freshDatabase>["db"]) =>
  Number((await db.selectFrom("template_version").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

describe("template registry", () => {
  it("stores every built-in template once; a second sync changes nothing", async () => {
    const { db } = freshDatabase();
    const first = await syncBuiltinTemplates(db, TEMPLATES_DIR);
    // Five forms: each archived 1.0.0 and corrected 1.1.0, and the cybersecurity checklist's second edition 1.2.0.
    expect(first.added).toHaveLength(11);
    const second = await syncBuiltinTemplates(db, TEMPLATES_DIR);
    expect(second).toEqual({ added: [], unchanged: first.added });
    expect(await count(db)).toBe(11);
    // The latest version of each form is the one a new disclosure gets; the older ones stay readable.
    expect((await listTemplates(db)).map((t) => `${t.id}@${t.version}`)).toEqual([
      "agency-disclosure@1.1.0",
      "cybersecurity-checklist@1.2.0",
      "hispro-checksheet@1.1.0",
      "minimum-guideline-checklist@1.1.0",
      "responsibility-checklist@1.1.0",
    ]);
    expect((await getTemplate(db, "hispro-checksheet", "1.0.0"))?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    await db.destroy();
  });

  it("refuses a changed published version and writes nothing", async () => {
    const { db } = freshDatabase();
    await syncBuiltinTemplates(db, TEMPLATES_DIR);
    const dir = tempDir("kaiji-templates-");
    cpSync(TEMPLATES_DIR, dir, { recursive: true });
    const file = path.join(dir, "cybersecurity-checklist@1.0.0.json");
    const changed = JSON.parse(readFileSync(file, "utf8"));
    changed.title = "書き換えたタイトル";
    writeFileSync(file, JSON.stringify(changed));
    await expect(syncBuiltinTemplates(db, dir)).rejects.toThrow(/cybersecurity-checklist@1\.0\.0: .*immutable/);
    const rows = await db.selectFrom("template_version").select(["title"]).where("template_id", "=", "cybersecurity-checklist").execute();
    expect(rows.map((r) => r.title)).not.toContain("書き換えたタイトル");
    await db.destroy();
  });

  it("stores nothing when one file is broken", async () => {
    const { db } = freshDatabase();
    const dir = tempDir("kaiji-templates-");
    cpSync(TEMPLATES_DIR, dir, { recursive: true });
    writeFileSync(path.join(dir, "zz-broken@1.0.0.json"), JSON.stringify({ id: "zz-broken", version: "1.0.0" }));
    await expect(syncBuiltinTemplates(db, dir)).rejects.toThrow(/zz-broken@1\.0\.0\.json[\s\S]*at title/);
    expect(await count(db)).toBe(0);
    await db.destroy();
  });

  it("is immutable in the database itself", async () => {
    const { db } = freshDatabase();
    await syncBuiltinTemplates(db, TEMPLATES_DIR);
    await expect(sql`update template_version set title = 'x'`.execute(db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from template_version`.execute(db)).rejects.toThrow(/immutable/);
    expect(await count(db)).toBe(11);
    await db.destroy();
  });
});
