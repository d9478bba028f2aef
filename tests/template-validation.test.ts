// A broken template must stop start-up with a message naming the file, the place and the problem: every
// cross-reference the schema cannot express is checked, and every problem is reported at once.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareVersions, findSection, loadTemplateDirectory, resolveNote, TemplateError, templateFileName, validateTemplate, walkItems, walkSections } from "../disclosures/template-loader.js";
import type { Template } from "../disclosures/template-schema.js";
import { tempDir } from "./helpers/db.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

function problemsOf(t: unknown): { path: string; message: string }[] {
  try {
    validateTemplate(t, "broken@1.0.0.json");
  } catch (error) {
    if (error instanceof TemplateError) return error.problems;
    throw error;
  }
  return [];
}

/** tinyTemplate with a nested section, so paths and scopes have depth. */
function nested(): Template {
  const t = tinyTemplate();
  t.notes = [{ id: "注1", text: "様式全体の注" }, { id: "注2", text: "様式全体の注2" }];
  t.sections[1].notes = [{ id: "注1", text: "チェックリストの注" }];
  t.sections[1].sections = [{ key: "sub", title: "小項目", items: [{ key: "c3", text: "訓練", level: "recommended", answer: { kind: "status", scale: "check" }, noteRefs: ["注1", "注2"] }] }];
  return t;
}

describe("cross-checks of a template", () => {
  it("finds duplicate scales, options, sections, notes and empty sections", () => {
    const t = nested() as any;
    t.scales.push({ key: "check", options: [{ value: "a", label: "A", outcome: "met" }, { value: "a", label: "B", outcome: "unmet" }] });
    t.sections[1].sections.push({ key: "basic", title: "重複", notes: [{ id: "注3", text: "x" }, { id: "注3", text: "y" }], items: [{ key: "c4", text: "c4", level: "none", answer: { kind: "text" } }] });
    t.sections.push({ key: "empty", title: "空の章" });
    expect(problemsOf(t)).toEqual([
      { path: "scales[1].key", message: 'duplicate scale key "check"' },
      { path: "scales[1].options", message: 'duplicate option value "a"' },
      { path: "sections[1].sections[1].key", message: 'duplicate section key "basic"' },
      { path: "sections[1].sections[1].notes", message: 'duplicate note "注3"' },
      { path: "sections[2]", message: 'section "empty" has no items and no sections' },
    ]);
  });

  it("finds duplicate options, fields, rows and columns inside items", () => {
    const t = tinyTemplate() as any;
    t.sections[0].items.push(
      { key: "choice", text: "選択", level: "none", answer: { kind: "choice", multiple: false, options: [{ value: "y", label: "有" }, { value: "y", label: "無" }] } },
      { key: "place", text: "拠点", level: "none", answer: { kind: "composite", fields: [{ key: "n", type: "number" }, { key: "n", type: "text" }] } },
      { key: "staff", text: "人数", level: "none", answer: { kind: "table", rows: [{ key: "r", label: "R" }, { key: "r", label: "R2" }], columns: [{ key: "c", type: "number" }, { key: "c", type: "number" }] } },
    );
    expect(problemsOf(t)).toEqual([
      { path: "sections[0].items[2].answer.options", message: 'duplicate option value "y"' },
      { path: "sections[0].items[3].answer.fields", message: 'duplicate field key "n"' },
      { path: "sections[0].items[4].answer.rows", message: 'duplicate row key "r"' },
      { path: "sections[0].items[4].answer.columns", message: 'duplicate column key "c"' },
    ]);
  });

  it("checks derived results: status items in scope, 視点 for a tally by 視点, unique keys", () => {
    const t = tinyTemplate() as any;
    t.derived.push(
      { rule: "tally", key: "byView", title: "視点別", scope: "checklist", groupBy: "perspective" },
      { rule: "tally", key: "nothing", title: "基本のみ", scope: "basic" },
      { rule: "allMet", key: "compliance", title: "重複", labels: { pass: "a", fail: "b", incomplete: "c" } },
    );
    expect(problemsOf(t)).toEqual([
      { path: "sections[1].items[0].perspective", message: 'item in the scope of tally "byView" has no perspective' },
      { path: "derived[2]", message: 'derived result "nothing" has no status items in its scope' },
      { path: "derived", message: 'duplicate derived result key "compliance"' },
    ]);
    t.sections[1].items.forEach((i: any) => (i.perspective = "prevent"));
    t.derived.splice(2);
    expect(problemsOf(t)).toEqual([]);
    // A tally without 視点 needs none.
    t.derived[1].groupBy = undefined;
    t.sections[1].items[0].perspective = undefined;
    expect(problemsOf(t)).toEqual([]);
  });

  it("says which file and where, in one message", () => {
    const t = tinyTemplate() as any;
    t.sections[1].items[1].key = "c1";
    delete t.title;
    const error = (() => {
      try {
        validateTemplate(t, "tiny@1.0.0.json");
      } catch (e) {
        return e as TemplateError;
      }
    })()!;
    expect(error.name).toBe("TemplateError");
    expect(error.file).toBe("tiny@1.0.0.json");
    expect(error.message).toBe("tiny@1.0.0.json: 1 problem(s)\n  at title: Required");
    const dup = tinyTemplate() as any;
    dup.sections[1].items[1].key = "c1";
    expect(() => validateTemplate(dup, "tiny@1.0.0.json")).toThrow('tiny@1.0.0.json: 1 problem(s)\n  at sections[1].items[1].key: duplicate item key "c1"');
    expect(() => validateTemplate([], "list.json")).toThrow("list.json: 1 problem(s)\n  at (root): Expected object, received array");
  });
});

describe("walking a template", () => {
  const t = nested();

  it("gives every item in form order with its path and sections", () => {
    expect([...walkItems(t)].map((e) => [e.item.key, e.path, e.sections.map((s) => s.key).join("/")])).toEqual([
      ["name", "sections[0].items[0]", "basic"],
      ["compliance", "sections[0].items[1]", "basic"],
      ["c1", "sections[1].items[0]", "checklist"],
      ["c2", "sections[1].items[1]", "checklist"],
      ["c3", "sections[1].sections[0].items[0]", "checklist/sub"],
    ]);
    expect([...walkSections(t.sections)].map((s) => [s.section.key, s.path])).toEqual([
      ["basic", "sections[0]"],
      ["checklist", "sections[1]"],
      ["sub", "sections[1].sections[0]"],
    ]);
    expect(findSection(t, "sub")?.title).toBe("小項目");
    expect(findSection(t, "nothing")).toBeUndefined();
  });

  it("resolves a note in the innermost section that defines it, then the template", () => {
    const c3 = [...walkItems(t)].find((e) => e.item.key === "c3")!;
    expect(resolveNote(t, c3, "注1")?.text).toBe("チェックリストの注");
    expect(resolveNote(t, c3, "注2")?.text).toBe("様式全体の注2");
    expect(resolveNote(t, c3, "注9")).toBeUndefined();
    const name = [...walkItems(t)][0];
    expect(resolveNote(t, name, "注1")?.text).toBe("正式名称を記載する。");
  });

  it("orders versions numerically and names files id@version.json", () => {
    expect(["1.10.0", "1.9.2", "2.0.0", "1.9.10"].sort(compareVersions)).toEqual(["1.9.2", "1.9.10", "1.10.0", "2.0.0"]);
    expect(templateFileName({ id: "hispro-checksheet", version: "1.2.0" })).toBe("hispro-checksheet@1.2.0.json");
  });
});

describe("a folder of templates", () => {
  it("loads the .json files in name order and ignores the rest", () => {
    const dir = tempDir("kaiji-templates-");
    const b = tinyTemplate();
    b.id = "b-form";
    writeFileSync(path.join(dir, "tiny@1.0.0.json"), JSON.stringify(tinyTemplate()));
    writeFileSync(path.join(dir, "b-form@1.0.0.json"), JSON.stringify(b));
    writeFileSync(path.join(dir, "README.md"), "# not a template");
    expect(loadTemplateDirectory(dir).map((t) => t.id)).toEqual(["b-form", "tiny"]);
  });

  it("names the folder and each broken file", () => {
    const dir = tempDir("kaiji-templates-");
    writeFileSync(path.join(dir, "x@1.0.0.json"), "[]");
    expect(() => loadTemplateDirectory(dir)).toThrow(`Invalid template file(s) in ${dir}:\nx@1.0.0.json: 1 problem(s)`);
  });
});

describe("a form answered per product release (MDS)", () => {
  it("names its product and version by required text items, and says which reference is wrong", () => {
    const t = nested() as any;
    t.sections[0].items.push({ key: "version", text: "バージョン", level: "recommended", answer: { kind: "text" } });
    t.release = { product: "name", version: "version" };
    expect(problemsOf(t)).toEqual([{ path: "release.version", message: 'release version "version" must be a required text item' }]);
    t.sections[0].items.find((i: { key: string }) => i.key === "version").level = "required";
    expect(problemsOf(t)).toEqual([]);
    t.release = { product: "c1", version: "missing" };
    expect(problemsOf(t)).toEqual([
      { path: "release.product", message: 'release product "c1" must be a required text item' },
      { path: "release.version", message: 'release version "missing" must be a required text item' },
    ]);
  });
});
