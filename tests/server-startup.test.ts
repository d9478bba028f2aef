import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freshDatabaseEnv, ROOT, tempDir, TEMPLATES_DIR } from "./helpers/db.js";

describe("server start-up", () => {
  it("refuses to start on a broken template file, naming the file, the path and the problem", () => {
    const dir = tempDir("kaiji-templates-");
    cpSync(TEMPLATES_DIR, dir, { recursive: true });
    const file = path.join(dir, "hispro-checksheet@1.0.0.json");
    const template = JSON.parse(readFileSync(file, "utf8"));
    template.sections[0].items = [{ ...template.sections[0].items?.[0], key: "x", level: "mandatory", answer: { kind: "status", scale: "hispro" }, text: "t" }];
    writeFileSync(file, JSON.stringify(template));
    const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, TEMPLATES_DIR: dir, ...freshDatabaseEnv(), PORT: "0", HOST: "127.0.0.1" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("hispro-checksheet@1.0.0.json");
    expect(result.stderr).toContain("at sections[0].items[0].level");
    expect(result.stderr).toMatch(/mandatory/);
  });
});
