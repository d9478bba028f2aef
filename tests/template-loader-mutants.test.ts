// Template checks beyond tests/template-loader.test.ts: the innermost note wins, the right subset is the scope, a
// form with no scales or rules at all, help entries naming unknown items, and the exact words of the errors a
// broken template file gives at start-up (root problems, bad JSON, a misnamed file, several files at once, in file
// name order). Expected messages are written by hand.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inScope, loadTemplateDirectory, loadTemplateFile, resolveNote, TemplateError, validateTemplate, walkItems } from "../disclosures/template-loader.js";
import type { Template } from "../disclosures/template-schema.js";
import { tempDir } from "./helpers/db.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const problemsOf = (data: unknown): { path: string; message: string }[] => {
  try {
    validateTemplate(data, "x.json");
    return [];
  } catch (error) {
    if (error instanceof TemplateError) return error.problems;
    throw error;
  }
};

describe("notes and scopes", () => {
  // template-loader.ts 51:25 (the sections searched outermost first: the 章's 注1 would win over the sub-section's).
  it("takes the note of the innermost section that defines it", () => {
    const t = tinyTemplate();
    t.sections[1].notes = [{ id: "注1", text: "章の注記" }];
    t.sections[1].sections = [{ key: "inner", title: "小節", notes: [{ id: "注1", text: "小節の注記" }], items: [{ key: "c3", text: "記録", level: "required", answer: { kind: "text" }, noteRefs: ["注1"] }] }];
    const entry = [...walkItems(t)].find((e) => e.item.key === "c3")!;
    expect(resolveNote(t, entry, "注1")?.text).toBe("小節の注記");
    const outer = [...walkItems(t)].find((e) => e.item.key === "c1")!;
    expect(resolveNote(t, outer, "注1")?.text).toBe("章の注記");
  });

  // template-loader.ts 64:48 (the first subset taken whatever the scope names).
  it("looks an item up in the subset the scope names, not the first one", () => {
    const t = tinyTemplate();
    t.subsets = [
      { key: "first", title: "一つ目", items: ["c1"] },
      { key: "second", title: "二つ目", items: ["c2"] },
    ];
    const [c1, c2] = [...walkItems(t)].filter((e) => e.item.key === "c1" || e.item.key === "c2");
    expect([inScope(t, c1, "second"), inScope(t, c2, "second"), inScope(t, c1, "first"), inScope(t, c2, "first")]).toEqual([false, true, true, false]);
  });
});

describe("cross-checks", () => {
  // template-loader.ts 96:48 (no scales: a string in their place has no options and throws) and 143:48 (no rules: a
  // made-up rule would find no status item and be reported).
  it("accepts a form without scales, rules or status items", () => {
    const t: Template = { ...tinyTemplate(), scales: undefined, derived: undefined, sections: [{ key: "basic", title: "基本情報", items: [{ key: "name", text: "機関名", level: "required", answer: { kind: "text" } }] }] };
    expect(problemsOf(t)).toEqual([]);
  });

  // template-loader.ts 132 (an unknown item in the glossary never reported; the problem emptied).
  it("reports a glossary entry that names an item the form does not have", () => {
    const t = tinyTemplate();
    t.help = [
      { term: "方針", text: "組織の方針。", items: ["c1"] },
      { term: "教育", text: "従業者の教育。", items: ["c2", "c9"] },
    ];
    expect(problemsOf(t)).toEqual([{ path: "help[1].items", message: 'unknown item "c9"' }]);
  });
});

describe("the errors a broken template file gives", () => {
  // template-loader.ts 14:125 (「(root)」 for a problem of the whole file) and 181:45 (「not valid JSON: …」).
  it("names the file and (root) for a file that is not JSON", () => {
    const dir = tempDir("kaiji-templates-");
    writeFileSync(path.join(dir, "bad@1.0.0.json"), "{ not json");
    let error: unknown;
    try {
      loadTemplateFile(path.join(dir, "bad@1.0.0.json"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    const { file, problems, message } = error as TemplateError;
    expect(file).toBe("bad@1.0.0.json");
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe("");
    expect(problems[0].message).toMatch(/^not valid JSON: \S/);
    expect(message).toBe(`bad@1.0.0.json: 1 problem(s)\n  at (root): ${problems[0].message}`);
  });

  // template-loader.ts 14:125 (the problems of one file joined without line breaks).
  it("lists each problem of a template on its own line", () => {
    const t = tinyTemplate();
    t.sections[1].items![1].key = "c1";
    t.sections[1].items![0].answer = { kind: "status", scale: "yesNo" };
    expect(() => validateTemplate(t, "tiny@1.0.0.json")).toThrowError(
      /^tiny@1\.0\.0\.json: 2 problem\(s\)\n {2}at sections\[1\]\.items\[0\]\.answer\.scale: unknown scale "yesNo"\n {2}at sections\[1\]\.items\[1\]\.key: duplicate item key "c1"$/,
    );
  });

  // template-loader.ts 185:67 (the misnamed file's message emptied).
  it("says which file name a template must have", () => {
    const dir = tempDir("kaiji-templates-");
    writeFileSync(path.join(dir, "tiny.json"), JSON.stringify(tinyTemplate()));
    expect(() => loadTemplateFile(path.join(dir, "tiny.json"))).toThrow(new TemplateError("tiny.json", [{ path: "id", message: 'file name must be "tiny@1.0.0.json" for id "tiny" version "1.0.0"' }]));
  });

  // template-loader.ts 195:17 (the files not sorted) and 206:112 (the files' errors joined without line breaks).
  it("loads a folder in file name order and reports every broken file, one per line", () => {
    const dir = tempDir("kaiji-templates-");
    for (const id of ["zeta", "alpha", "mu", "beta", "omega", "kappa"]) writeFileSync(path.join(dir, `${id}@1.0.0.json`), JSON.stringify({ ...tinyTemplate(), id }));
    writeFileSync(path.join(dir, "notes.txt"), "not a template");
    expect(loadTemplateDirectory(dir).map((t) => t.id)).toEqual(["alpha", "beta", "kappa", "mu", "omega", "zeta"]);

    const broken = tempDir("kaiji-templates-");
    writeFileSync(path.join(broken, "b@1.0.0.json"), JSON.stringify({ ...tinyTemplate(), id: "b", title: "" }));
    writeFileSync(path.join(broken, "a@1.0.0.json"), JSON.stringify({ ...tinyTemplate(), id: "a" }).replace('"c2"', '"c1"'));
    mkdirSync(path.join(broken, "sub"));
    expect(() => loadTemplateDirectory(broken)).toThrow(
      new Error(
        [
          `Invalid template file(s) in ${broken}:`,
          "a@1.0.0.json: 1 problem(s)",
          '  at sections[1].items[1].key: duplicate item key "c1"',
          "b@1.0.0.json: 1 problem(s)",
          "  at title: String must contain at least 1 character(s)",
        ].join("\n"),
      ),
    );
  });
});
