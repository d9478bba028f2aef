// Each parser, run in-process on its real seed with that seed's errata applied, yields exactly the template files the
// app serves (disclosures/templates/*.json, reviewed and committed) and the example answer set. This is the check of
// `scripts/templates.ts check`, one seed per test, so that a wrong item text, number, level, answer kind, check
// point, reference, section or correction anywhere in a generated template fails here and names the seed.
// The 1.0.0 files, generated before the errata layer, are archived: no seed generates them, and their bytes are
// pinned here, because a stored template version may never change.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";
import { generateSeed, readCommittedErrata, seedSources } from "../../disclosures/seeds.js";
import { validateTemplate } from "../../disclosures/template-loader.js";
import { requireSeeds, ROOT, TEMPLATES_DIR } from "../helpers/db.js";

const seeds = requireSeeds();
const seed = (name: string) => readFileSync(path.join(seeds, name), "utf8");
const committed = (file: string) => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), "utf8"));
const generated = (name: string) => generateSeed(seedSources.find((s) => s.seed === name)!, seed(name), readCommittedErrata(name)).result;

function expectCommitted(result: ParseResult, files: string[]) {
  expect(result.templates.map((t) => `${t.id}@${t.version}.json`)).toEqual(files);
  result.templates.forEach((template, i) => {
    // The generated object, as the JSON file stores it, equals the file; and it is a valid template.
    expect(JSON.parse(JSON.stringify(template)), files[i]).toEqual(committed(files[i]));
    expect(() => validateTemplate(template, files[i])).not.toThrow();
    // Every generated version lists its corrections (an empty list says: none), with the seed it came from.
    expect(Array.isArray(template.errata), files[i]).toBe(true);
    expect(template.source.seed).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
  });
}

describe("the parsers generate exactly the committed templates", () => {
  it("000 → the 役割分担 checklist", () => {
    expectCommitted(generated("000_088b0be7ba7b2301.txt"), ["responsibility-checklist@1.1.0.json"]);
  });

  it("002 → both editions of the cybersecurity checklist", () => {
    expectCommitted(generated("002_73c1d437a4f740cb.txt"), ["cybersecurity-checklist@1.1.0.json", "cybersecurity-checklist@1.2.0.json"]);
  });

  it("003 → the 代行機関 disclosure, the minimum-guideline checklist and the real answer set", () => {
    const result = generated("003_c63bed95ddf6f747.txt");
    expectCommitted(result, ["agency-disclosure@1.1.0.json", "minimum-guideline-checklist@1.1.0.json"]);
    const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8"));
    expect(JSON.parse(JSON.stringify(result.example))).toEqual(example);
  });

  it("004 → the HISPRO checksheet", () => {
    expectCommitted(generated("004_1778484f1ffe0871.txt"), ["hispro-checksheet@1.1.0.json"]);
  });
});

describe("the archived 1.0.0 versions", () => {
  // SHA-256 of each file as committed before the errata layer. Published disclosures and stored databases use these
  // versions; editing one would make start-up refuse a database that holds it (a stored version never changes).
  const pinned: Record<string, string> = {
    "agency-disclosure@1.0.0.json": "0e9e86e279b8fb764bc007d8a7cd3cb748a9684907b8b807b4510f19f2674c3a",
    "cybersecurity-checklist@1.0.0.json": "c684d6826a58ee15d238ee5eda0e6fb608ebebdde8474574d49d595f81e7873d",
    "hispro-checksheet@1.0.0.json": "1ceb2355748382ef6eaf02246d171e9f40dae7ec6f4287f6fcdb7e4974543a3a",
    "minimum-guideline-checklist@1.0.0.json": "e4adcc44469d452206176b7755674492d2319272f35dcb6043851d3eb1d4dd5c",
    "responsibility-checklist@1.0.0.json": "51694daad15ac560d8e8155424f46caab7e7c28048f0fbbaafe36d2f7b191a5a",
  };

  it.each(Object.keys(pinned))("%s is committed byte for byte as it was", (file) => {
    const bytes = readFileSync(path.join(TEMPLATES_DIR, file));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(pinned[file]);
    // Still a valid template, read by the app like any other version; it predates the errata field.
    const template = validateTemplate(JSON.parse(bytes.toString("utf8")), file);
    expect(template.version).toBe("1.0.0");
    expect(template.errata).toBeUndefined();
  });
});
