// Each parser, run in-process on its real seed, yields exactly the template files the app serves
// (disclosures/templates/*.json, reviewed and committed) and the example answer set. This is the check of
// `scripts/templates.ts check`, one seed per test, so that a wrong item text, number, level, answer kind,
// check point, reference or section anywhere in a generated template fails here and names the seed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAgency } from "../../disclosures/parsers/agency-parser.js";
import { parseCyber } from "../../disclosures/parsers/cyber-parser.js";
import { parseHispro } from "../../disclosures/parsers/hispro-parser.js";
import { parseResponsibility } from "../../disclosures/parsers/responsibility-parser.js";
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";
import { validateTemplate } from "../../disclosures/template-loader.js";
import { requireSeeds, ROOT, TEMPLATES_DIR } from "../helpers/db.js";

const seeds = requireSeeds();
const seed = (name: string) => readFileSync(path.join(seeds, name), "utf8");
const committed = (file: string) => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), "utf8"));

function expectCommitted(result: ParseResult, files: string[]) {
  expect(result.templates.map((t) => `${t.id}@${t.version}.json`)).toEqual(files);
  result.templates.forEach((template, i) => {
    // The generated object, as the JSON file stores it, equals the file; and it is a valid template.
    expect(JSON.parse(JSON.stringify(template)), files[i]).toEqual(committed(files[i]));
    expect(() => validateTemplate(template, files[i])).not.toThrow();
  });
}

describe("the parsers generate exactly the committed templates", () => {
  it("000 → the 役割分担 checklist", () => {
    expectCommitted(parseResponsibility(seed("000_088b0be7ba7b2301.txt")), ["responsibility-checklist@1.0.0.json"]);
  });

  it("002 → the cybersecurity checklist", () => {
    expectCommitted(parseCyber(seed("002_73c1d437a4f740cb.txt")), ["cybersecurity-checklist@1.0.0.json"]);
  });

  it("003 → the 代行機関 disclosure, the minimum-guideline checklist and the real answer set", () => {
    const result = parseAgency(seed("003_c63bed95ddf6f747.txt"));
    expectCommitted(result, ["agency-disclosure@1.0.0.json", "minimum-guideline-checklist@1.0.0.json"]);
    const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8"));
    expect(JSON.parse(JSON.stringify(result.example))).toEqual(example);
  });

  it("004 → the HISPRO checksheet", () => {
    expectCommitted(parseHispro(seed("004_1778484f1ffe0871.txt")), ["hispro-checksheet@1.0.0.json"]);
  });
});
