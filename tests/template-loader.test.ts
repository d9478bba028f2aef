import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplateDirectory, loadTemplateFile, TemplateError, validateTemplate } from "../disclosures/template-loader.js";
import { tempDir, TEMPLATES_DIR } from "./helpers/db.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

function problemsOf(data: unknown): { path: string; message: string }[] {
  try {
    validateTemplate(data, "broken@1.0.0.json");
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toContain("broken@1.0.0.json");
    return (error as TemplateError).problems;
  }
  throw new Error("expected the template to be rejected");
}

describe("template loader", () => {
  it("accepts a valid template", () => {
    expect(validateTemplate(tinyTemplate(), "tiny@1.0.0.json").sections).toHaveLength(2);
  });

  it("loads every built-in template file", () => {
    // Every version: the archived 1.0.0 of each form, its corrected 1.1.0, and the cybersecurity checklist's second edition 1.2.0.
    const versions = loadTemplateDirectory(TEMPLATES_DIR).map((t) => `${t.id}@${t.version}`).sort();
    expect(versions).toEqual(
      ["agency-disclosure", "cybersecurity-checklist", "hispro-checksheet", "minimum-guideline-checklist", "responsibility-checklist"]
        .flatMap((id) => [`${id}@1.0.0`, `${id}@1.1.0`, ...(id === "cybersecurity-checklist" ? [`${id}@1.2.0`] : [])]),
    );
  });

  it("names the path and the problem when a field breaks the schema", () => {
    const t = tinyTemplate() as any;
    delete t.sections[1].items[0].level;
    t.sections[0].items[0].answer = { kind: "slider" };
    const problems = problemsOf(t);
    expect(problems).toContainEqual(expect.objectContaining({ path: "sections[1].items[0].level" }));
    expect(problems.find((p) => p.path === "sections[0].items[0].answer.kind")?.message).toMatch(/discriminator|Invalid/i);
  });

  it("rejects unknown fields instead of silently ignoring them", () => {
    const t = tinyTemplate() as any;
    t.sections[0].items[0].levle = "required";
    expect(problemsOf(t)[0]).toMatchObject({ path: "sections[0].items[0]", message: expect.stringContaining("levle") });
  });

  it("rejects duplicate keys, unknown scales, unknown derived results and dangling notes", () => {
    const t = tinyTemplate() as any;
    t.sections[1].items[1].key = "c1";
    t.sections[1].items[0].answer.scale = "missing";
    t.sections[0].items[1].answer.result = "nothing";
    t.sections[0].items[0].noteRefs = ["注9"];
    const problems = problemsOf(t);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "sections[1].items[1].key", message: 'duplicate item key "c1"' },
        { path: "sections[1].items[0].answer.scale", message: 'unknown scale "missing"' },
        { path: "sections[0].items[1].answer.result", message: 'unknown derived result "nothing"' },
        expect.objectContaining({ path: "sections[0].items[0].noteRefs", message: expect.stringContaining("注9") }),
      ]),
    );
  });

  it("resolves notes by scope: a note of a sibling section does not count", () => {
    const t = tinyTemplate() as any;
    t.sections[1].items[0].noteRefs = ["注1"];
    expect(problemsOf(t)).toContainEqual(expect.objectContaining({ path: "sections[1].items[0].noteRefs" }));
  });

  it("rejects a derived rule scoped to a missing section", () => {
    const t = tinyTemplate() as any;
    t.derived[0].scope = "appendix";
    expect(problemsOf(t)).toContainEqual({ path: "derived[0].scope", message: 'unknown section or subset "appendix"' });
  });

  it("reports a file that is not JSON, a misnamed file, and every broken file at once", () => {
    const dir = tempDir("kaiji-templates-");
    writeFileSync(path.join(dir, "bad@1.0.0.json"), "{ not json");
    writeFileSync(path.join(dir, "other@1.0.0.json"), JSON.stringify(tinyTemplate()));
    expect(() => loadTemplateFile(path.join(dir, "bad@1.0.0.json"))).toThrow(/bad@1\.0\.0\.json.*\n.*not valid JSON/);
    expect(() => loadTemplateFile(path.join(dir, "other@1.0.0.json"))).toThrow(/file name must be "tiny@1\.0\.0\.json"/);
    expect(() => loadTemplateDirectory(dir)).toThrow(/bad@1\.0\.0\.json[\s\S]*other@1\.0\.0\.json/);
  });
});
