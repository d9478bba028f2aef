// The committed template files are exactly what the seeds generate, in-process (the CLI suite runs the same
// check in a child process, which mutation testing cannot see into).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateFromSeeds, seedSources } from "../disclosures/seeds.js";
import { ROOT, requireSeeds } from "./helpers/db.js";

describe("generating the templates from the seeds", () => {
  const seeds = requireSeeds();
  const read: string[] = [];
  const { files, reports } = generateFromSeeds((name) => {
    read.push(name);
    return readFileSync(path.join(seeds, name), "utf8");
  });

  it("reads each seed once, in order, and reports on each", () => {
    expect(read).toEqual(["000_088b0be7ba7b2301.txt", "002_73c1d437a4f740cb.txt", "003_c63bed95ddf6f747.txt", "004_1778484f1ffe0871.txt"]);
    expect(reports.map((r) => r.seed)).toEqual(read);
    expect(seedSources.map((s) => s.seed)).toEqual(read);
  });

  it("writes every committed template and the example, byte for byte, as pretty JSON with a final newline", () => {
    expect(files.map((f) => f.path).sort()).toEqual([
      "examples/agency-disclosure.example.json",
      "templates/agency-disclosure@1.0.0.json",
      "templates/cybersecurity-checklist@1.0.0.json",
      "templates/hispro-checksheet@1.0.0.json",
      "templates/minimum-guideline-checklist@1.0.0.json",
      "templates/responsibility-checklist@1.0.0.json",
    ]);
    for (const file of files) expect(file.content, file.path).toBe(readFileSync(path.join(ROOT, "disclosures", file.path), "utf8"));
    expect(files[0].content.endsWith("}\n")).toBe(true);
    expect(files[0].content.split("\n")[1]).toMatch(/^ {2}"id": /);
  });
});
