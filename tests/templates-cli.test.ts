import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SectionSummary, TemplateVersionSummary } from "../disclosures/template-summary.js";
import { requireSeeds, ROOT, SEEDS_DIR, tempDir, TEMPLATES_DIR } from "./helpers/db.js";

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/templates.ts", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const snapshot = () => Object.fromEntries(readdirSync(TEMPLATES_DIR).map((f) => [f, readFileSync(path.join(TEMPLATES_DIR, f), "utf8")]));

describe("scripts/templates.ts summary", () => {
  const { code, stdout } = run(["summary"]);
  const { templates } = JSON.parse(stdout) as { templates: TemplateVersionSummary[] };

  it("prints one JSON document with every template", () => {
    expect(code).toBe(0);
    expect([...new Set(templates.map((t) => t.id))].sort()).toEqual(["agency-disclosure", "cybersecurity-checklist", "hispro-checksheet", "minimum-guideline-checklist", "responsibility-checklist"]);
    // Every committed version: the archived 1.0.0 of each, the corrected 1.1.0, and the cybersecurity checklist's second edition.
    expect(templates.map((t) => `${t.id}@${t.version}`).filter((v) => v.startsWith("cybersecurity-checklist"))).toEqual(["cybersecurity-checklist@1.0.0", "cybersecurity-checklist@1.1.0", "cybersecurity-checklist@1.2.0"]);
    expect(templates).toHaveLength(11);
    for (const t of templates) {
      expect(Object.keys(t)).toEqual(["id", "version", "title", "contentHash", "itemCount", "byLevel", "sections"]);
      expect(t.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.keys(t.byLevel)).toEqual(["required", "recommended", "none"]);
      expect(t.byLevel.required + t.byLevel.recommended + t.byLevel.none).toBe(t.itemCount);
    }
  });

  it("counts answerable items below each node, recursively", () => {
    const check = (nodes: SectionSummary[]): number => nodes.reduce((n, s) => n + s.itemCount, 0);
    const walk = (node: SectionSummary) => {
      expect(Object.keys(node)).toEqual(["key", "title", "itemCount", "sections"]);
      expect(node.itemCount).toBeGreaterThanOrEqual(check(node.sections));
      node.sections.forEach(walk);
    };
    for (const t of templates) {
      expect(check(t.sections)).toBe(t.itemCount);
      t.sections.forEach(walk);
    }
    // The derived 「ガイドラインの遵守」 row is shown, not answered: the agency form has the checklist's items plus its own fields.
    const agency = templates.find((t) => t.id === "agency-disclosure")!;
    const checklist = templates.find((t) => t.id === "minimum-guideline-checklist")!;
    expect(agency.sections.at(-1)!.itemCount).toBe(checklist.itemCount);
  });
});

requireSeeds();

describe("scripts/templates.ts check and generate", () => {
  it("finds the committed templates identical to what the seeds generate, the 1.0.0 files kept as archived versions", () => {
    const { code, stdout, stderr } = run(["check"]);
    expect(stderr).toContain("repair");
    expect(stderr).toContain("002_73c1d437a4f740cb.txt: cybersecurity-checklist@1.1.0, cybersecurity-checklist@1.2.0;");
    expect({ code, stdout }).toMatchObject({ code: 0, stdout: expect.stringContaining("match the seeds") });
    for (const id of ["agency-disclosure", "cybersecurity-checklist", "hispro-checksheet", "minimum-guideline-checklist", "responsibility-checklist"]) expect(stdout).toContain(`${id}@1.0.0.json`);
    expect(stdout).toMatch(/5 archived version\(s\) kept/);
  });

  it("fails naming the erratum when the seed no longer reads as the erratum says, and writes nothing", () => {
    const dir = tempDir("kaiji-seeds-");
    cpSync(SEEDS_DIR, dir, { recursive: true });
    const cyber = path.join(dir, "002_73c1d437a4f740cb.txt");
    // Someone fixed line 458 of the seed itself: the erratum 「送受信ができるように」 no longer finds its text.
    const lines = readFileSync(cyber, "utf8").split("\n");
    lines[457] = lines[457].replace("送受信ができるように", "送受信ができないように");
    writeFileSync(cyber, lines.join("\n"));
    const before = snapshot();
    const { code, stderr } = run(["generate"], { SEEDS_DIR: dir });
    expect(code).toBe(1);
    expect(stderr).toContain("errata/002_73c1d437a4f740cb.json: erratum at line 458 「送受信ができるように」→「送受信ができないように」");
    expect(stderr).toContain("occurs 0 times on the line");
    expect(snapshot()).toEqual(before);
  });

  it("fails clearly on a missing seed and writes nothing", () => {
    const before = snapshot();
    const { code, stderr } = run(["generate"], { SEEDS_DIR: path.join(os.tmpdir(), "no-such-seeds") });
    expect(code).toBe(1);
    expect(stderr).toMatch(/seed file 000_088b0be7ba7b2301\.txt not found/);
    expect(snapshot()).toEqual(before);
  });

  it("fails clearly on a truncated seed and writes nothing", () => {
    const dir = tempDir("kaiji-seeds-");
    cpSync(SEEDS_DIR, dir, { recursive: true });
    const hispro = path.join(dir, "004_1778484f1ffe0871.txt");
    const text = readFileSync(hispro, "utf8");
    writeFileSync(hispro, text.slice(0, Math.floor(text.length * 0.4)));
    const before = snapshot();
    const { code, stderr } = run(["generate"], { SEEDS_DIR: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/004_1778484f1ffe0871\.txt/);
    expect(snapshot()).toEqual(before);
  });
});
