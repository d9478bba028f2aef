// scripts/templates.ts export / import: a template to a workbook and its mapping, a workbook back to a checked
// template (printed as a summary with --dry-run, written with --out), bad input refused with the Japanese message.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { TemplateVersionSummary } from "../disclosures/template-summary.js";
import { previewImport, readWorkbook } from "../disclosures/workbook/index.js";
import { passwordProtectedWorkbook } from "./fixtures/bad-workbooks.js";
import { writeFixtureWorkbooks } from "./fixtures/make-workbooks.js";
import { ROOT, tempDir, TEMPLATES_DIR } from "./helpers/db.js";

function run(args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/templates.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const builtinSummary = () => (JSON.parse(run(["summary"]).stdout) as { templates: TemplateVersionSummary[] }).templates;

describe("templates.ts export and import of a built-in template", () => {
  const dir = tempDir("kaiji-cli-workbook-");
  const xlsx = path.join(dir, "responsibility.xlsx");
  let exported: ReturnType<typeof run>;
  beforeAll(() => {
    // Without --version: the latest version, the corrected 1.1.0 (1.0.0 is archived as first published).
    exported = run(["export", "responsibility-checklist", "--out", xlsx]);
  }, 120_000);

  it("writes FILE.xlsx and FILE.mapping.json, having read them back to the same hash", () => {
    const summary = builtinSummary().find((t) => t.id === "responsibility-checklist" && t.version === "1.1.0")!;
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(`wrote ${xlsx} and ${path.join(dir, "responsibility.mapping.json")}: responsibility-checklist@1.1.0, 53 items; read back to the same content hash ${summary.contentHash}\n`);
    expect(readdirSync(dir).sort()).toEqual(["responsibility.mapping.json", "responsibility.xlsx"]);
    expect(JSON.parse(readFileSync(path.join(dir, "responsibility.mapping.json"), "utf8"))).toMatchObject({ format: "kaiji.template-workbook-mapping", sheet: "様式", template: { id: "responsibility-checklist", version: "1.1.0" } });
  });

  it("--dry-run prints the summary in the shape of `templates.ts summary`, hash included, and writes nothing", () => {
    const { code, stdout, stderr } = run(["import", xlsx, "--mapping", path.join(dir, "responsibility.mapping.json"), "--dry-run"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ templates: [builtinSummary().find((t) => t.id === "responsibility-checklist" && t.version === "1.1.0")] });
    expect(stderr).toContain("responsibility-checklist@1.1.0, 53 items in 10 sections");
    expect(readdirSync(dir).sort()).toEqual(["responsibility.mapping.json", "responsibility.xlsx"]);
  });

  it("without --out says what it would write; with --out writes the built-in file's content; again: unchanged", () => {
    const mapping = path.join(dir, "responsibility.mapping.json");
    const nowhere = run(["import", xlsx, "--mapping", mapping]);
    expect(nowhere).toMatchObject({ code: 0, stdout: "would write responsibility-checklist@1.1.0.json; pass --out DIR to write it (storing it in the database is done in the admin UI)\n" });
    const out = path.join(dir, "imported");
    const written = run(["import", xlsx, "--mapping", mapping, "--out", out]);
    expect(written).toMatchObject({ code: 0, stdout: `wrote ${path.join(out, "responsibility-checklist@1.1.0.json")}\n` });
    // The same content (key order follows the schema rather than the seed parser's).
    const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));
    expect(json(path.join(out, "responsibility-checklist@1.1.0.json"))).toEqual(json(path.join(TEMPLATES_DIR, "responsibility-checklist@1.1.0.json")));
    expect(run(["import", xlsx, "--mapping", mapping, "--out", out])).toMatchObject({ code: 0, stdout: `${path.join(out, "responsibility-checklist@1.1.0.json")} unchanged\n` });
  });

  it("refuses to overwrite a different template of the same id and version, and to write into the built-in folder", () => {
    const mappingFile = path.join(dir, "responsibility.mapping.json");
    const changed = JSON.parse(readFileSync(mappingFile, "utf8"));
    changed.template.title = "改題した役割分担チェックリスト";
    const changedFile = path.join(dir, "changed.mapping.json");
    writeFileSync(changedFile, JSON.stringify(changed));
    const out = path.join(dir, "imported");
    const before = readFileSync(path.join(out, "responsibility-checklist@1.1.0.json"), "utf8");
    const refused = run(["import", xlsx, "--mapping", changedFile, "--out", out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("already holds a different responsibility-checklist@1.1.0: a template version never changes");
    expect(readFileSync(path.join(out, "responsibility-checklist@1.1.0.json"), "utf8")).toBe(before);
    const builtin = run(["import", xlsx, "--mapping", mappingFile, "--out", TEMPLATES_DIR]);
    expect(builtin.code).toBe(1);
    expect(builtin.stderr).toContain("holds the templates generated from the seeds");
  });
});

describe("templates.ts import of the structural fixtures and of bad input", () => {
  let files: Awaited<ReturnType<typeof writeFixtureWorkbooks>>;
  beforeAll(async () => {
    files = await writeFixtureWorkbooks(tempDir("kaiji-cli-fixtures-"));
  });

  it("prints the MDS fixture's summary with the same hash as the in-process preview", async () => {
    const { code, stdout, stderr } = run(["import", files.mds, "--mapping", files.mappings.mds, "--dry-run"]);
    expect(code).toBe(0);
    const [summary] = (JSON.parse(stdout) as { templates: TemplateVersionSummary[] }).templates;
    const preview = previewImport(await readWorkbook(readFileSync(files.mds)), JSON.parse(readFileSync(files.mappings.mds, "utf8")));
    expect(summary).toMatchObject({ id: "mds-structure-sample", version: "1.0.0", contentHash: preview.contentHash, itemCount: 45, byLevel: { required: 33, recommended: 12, none: 0 } });
    expect(summary.sections.map((s) => [s.title, s.itemCount])).toEqual([["基本情報", 6], ...summary.sections.slice(1).map((s) => [s.title, 3])]);
    expect(stderr).toContain("15 run(s) of rows skipped (blank, repeated headings, notes, hidden); --verbose lists them");
    const verbose = run(["import", files.mds, "--mapping", files.mappings.mds, "--dry-run", "--verbose"]);
    expect(verbose.stderr).toContain("skipped: シート「MDS」 78〜80行目: 読み飛ばしました: 注記（表の外の文）");
  });

  it("imports the 事業者確認用 CSV with the checklist's mapping", () => {
    const { code, stdout } = run(["import", files.checklistCsv, "--mapping", files.mappings.checklist, "--dry-run"]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { templates: TemplateVersionSummary[] }).templates[0]).toMatchObject({ id: "vendor-checklist-structure-sample", itemCount: 19, byLevel: { required: 19, recommended: 0, none: 0 } });
  });

  it("a password-protected workbook: the Japanese message, exit 1, nothing written", () => {
    const dir = tempDir("kaiji-cli-bad-");
    const file = path.join(dir, "locked.xlsx");
    writeFileSync(file, passwordProtectedWorkbook());
    const { code, stdout, stderr } = run(["import", file, "--mapping", files.mappings.mds, "--out", path.join(dir, "out")]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toBe("error: パスワードで保護されたブックは読み込めません。Excel でパスワードを解除して保存し直してから取り込んでください。\n");
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("a workbook the mapping does not fit: every problem with sheet, row and column, exit 1, nothing written", () => {
    const dir = tempDir("kaiji-cli-bad-");
    const mapping = JSON.parse(readFileSync(files.mappings.mds, "utf8"));
    mapping.levelWords = { 必須: "required", 推奨: "recommended" };
    const mappingFile = path.join(dir, "strict.mapping.json");
    writeFileSync(mappingFile, JSON.stringify(mapping));
    const { code, stderr } = run(["import", files.mds, "--mapping", mappingFile, "--out", path.join(dir, "out")]);
    expect(code).toBe(1);
    const errors = stderr.split("\n").filter((l) => l.startsWith("error: "));
    expect(errors).toHaveLength(13); // every ◎ of the fixture
    expect(errors[0]).toBe("error: シート「MDS」 12行目 C列: 区分「◎」は対応表にありません（使える語: 必須、推奨）。");
    expect(stderr).toContain("not imported (13 problem(s))");
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("usage errors and unknown templates", () => {
    expect(run(["export", "hispro-checksheet"])).toMatchObject({ code: 2, stderr: expect.stringContaining("export needs a template id and --out FILE.xlsx") });
    expect(run(["import", files.mds])).toMatchObject({ code: 2, stderr: expect.stringContaining("import needs a workbook file and --mapping MAP.json") });
    const dir = tempDir("kaiji-cli-bad-");
    expect(run(["export", "no-such-template", "--out", path.join(dir, "x.xlsx")])).toMatchObject({ code: 1, stderr: expect.stringContaining('template "no-such-template" not found') });
    expect(run(["export", "hispro-checksheet", "--version", "9.9.9", "--out", path.join(dir, "x.xlsx")])).toMatchObject({ code: 1, stderr: expect.stringContaining("has no version 9.9.9") });
    expect(readdirSync(dir)).toEqual([]);
  });
});
