// disclosures/seeds.ts inside tests, where mutation testing sees it (tests/seed-generation.test.ts generates in its
// describe body, which Stryker counts as static): the files and reports of a generation, the errata of a seed, the
// version a seed's templates get, and how committed template files are told archived from stale.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ErrataError } from "../disclosures/errata.js";
import { classifyCommitted, generateFromSeeds, generateSeed, readCommittedErrata, seedSources } from "../disclosures/seeds.js";
import { ROOT, requireSeeds } from "./helpers/db.js";

const seeds = requireSeeds();
const readSeed = (name: string) => readFileSync(path.join(seeds, name), "utf8");
const responsibility = seedSources[0];

describe("generateFromSeeds", () => {
  it("gives each generated template and the example once, and one report per seed in order", () => {
    // Written for: seeds.ts:70–71 (the files and reports arrays start empty) and the loop's pushes.
    const { files, reports } = generateFromSeeds(readSeed);
    expect(files.map((f) => f.path)).toEqual([
      "templates/responsibility-checklist@1.1.0.json",
      "templates/cybersecurity-checklist@1.1.0.json",
      "templates/cybersecurity-checklist@1.2.0.json",
      "templates/agency-disclosure@1.1.0.json",
      "templates/minimum-guideline-checklist@1.1.0.json",
      "examples/agency-disclosure.example.json",
      "templates/hispro-checksheet@1.1.0.json",
    ]);
    // Each file as committed: pretty JSON with a final newline (seeds.ts:77, :81).
    for (const file of files) expect(file.content, file.path).toBe(readFileSync(path.join(ROOT, "disclosures", file.path), "utf8"));
    // Errata of text no parser reads are listed as unused (six of seed 000, two of seed 004).
    expect(reports.map((r) => [r.seed, r.unusedErrata.map((e) => e.line)])).toEqual([
      [seedSources[0].seed, [103, 134, 135, 136, 137, 175]],
      [seedSources[1].seed, []],
      [seedSources[2].seed, []],
      [seedSources[3].seed, [479, 481]],
    ]);
  });
});

describe("generateSeed", () => {
  it("gives the seed's templates the version its source names, the parser's own otherwise", () => {
    // Written for: seeds.ts:52 (source.version ? … : template).
    const text = readSeed(responsibility.seed);
    expect(generateSeed(responsibility, text, undefined).result.templates.map((t) => t.version)).toEqual(["1.1.0"]);
    const own = generateSeed({ ...responsibility, version: undefined }, text, undefined).result.templates.map((t) => t.version);
    expect(own).toEqual([responsibility.parse(text).templates[0].version]);
    expect(own).not.toEqual(["1.1.0"]);
  });

  it("without an errata file parses the seed as printed; with it, applies the corrections", () => {
    // Written for: seeds.ts:49 (errataJson === undefined ? undefined : readErrataFile(…)).
    const text = readSeed(responsibility.seed);
    const errata = readCommittedErrata(responsibility.seed)!;
    const corrected = generateSeed(responsibility, text, errata).result.templates[0];
    const printed = generateSeed(responsibility, text, undefined).result.templates[0];
    expect(JSON.stringify(corrected)).toContain("定期的に実施し");
    expect(JSON.stringify(printed)).toContain("定期的実施し");
  });

  it("names the seed when an erratum no longer matches (the seed changed), and passes other errors on", () => {
    // Written for: seeds.ts:56–60 (the ErrataError rewrapped with the seed's name; anything else rethrown as it is).
    const text = readSeed(responsibility.seed);
    const stale = JSON.stringify({ seed: responsibility.seed, errata: [{ line: 20, found: "ここにない文字列", used: "x", why: "試験", item: "p1.b.4" }] });
    let error: unknown;
    try {
      generateSeed(responsibility, text, stale);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ErrataError);
    expect((error as Error).message.startsWith(`${responsibility.seed}: errata/000_088b0be7ba7b2301.json`)).toBe(true);
    const broken = () => generateSeed({ ...responsibility, parse: () => { throw new RangeError("parser broke"); } }, text, undefined);
    expect(broken).toThrow(RangeError);
    expect(broken).toThrow(/^parser broke$/);
  });
});

describe("readCommittedErrata", () => {
  it("reads a seed's committed errata file, and gives nothing for a seed without one", () => {
    // Written for: seeds.ts:41 (existsSync(file) ? readFileSync(…) : undefined).
    const text = readCommittedErrata(responsibility.seed);
    expect(typeof text).toBe("string");
    expect(JSON.parse(text!).seed).toBe(responsibility.seed);
    expect(readCommittedErrata("999_0000000000000000.txt")).toBeUndefined();
  });
});

describe("classifyCommitted", () => {
  it("archives older versions of what is generated, and calls everything else stale", () => {
    // Written for: seeds.ts:94–106 (the newest generated version per id; archived only below it).
    const generated = ["a@1.2.0.json", "a@1.10.0.json", "a@1.9.0.json", "b@2.0.0.json"];
    const committed = ["a@1.10.0.json", "a@1.2.0.json", "a@1.0.0.json", "a@1.9.5.json", "a@1.11.0.json", "b@1.0.0.json", "b@2.0.0.json", "c@1.0.0.json"];
    expect(classifyCommitted(committed, generated)).toEqual({ archived: ["a@1.0.0.json", "a@1.9.5.json", "b@1.0.0.json"], stale: ["a@1.11.0.json", "c@1.0.0.json"] });
  });

  it("the newest is found whatever the order the versions come in (1.10.0 above 1.9.0)", () => {
    // Written for: seeds.ts:98 (!known || compareVersions(version, known) > 0).
    expect(classifyCommitted(["a@1.9.5.json"], ["a@1.10.0.json", "a@1.9.0.json"]).archived).toEqual(["a@1.9.5.json"]);
    expect(classifyCommitted(["a@1.9.5.json"], ["a@1.9.0.json", "a@1.10.0.json"]).archived).toEqual(["a@1.9.5.json"]);
    // A version equal to the newest but not generated (another id's spelling) is not older: stale.
    expect(classifyCommitted(["a@1.10.0.json"], ["a@1.10.0.json"])).toEqual({ archived: [], stale: [] });
    expect(classifyCommitted(["a@01.10.0.json"], ["a@1.10.0.json"])).toEqual({ archived: [], stale: ["a@01.10.0.json"] });
  });

  it("reads only whole names id@major.minor.patch.json, with numbers of any length; anything else is stale", () => {
    // Written for: seeds.ts:112–113 (the anchored pattern, \\d+ in each part; a name it does not read).
    const generated = ["form@10.20.30.json"];
    expect(classifyCommitted(["form@9.99.99.json", "form@10.20.3.json", "form@10.2.30.json", "form@1.20.30.json"], generated).archived).toEqual([
      "form@9.99.99.json",
      "form@10.20.3.json",
      "form@10.2.30.json",
      "form@1.20.30.json",
    ]);
    const odd = ["form@1.0.0.json.bak", "old/form@1.0.0.json", "form@1.0.json", "form.json", "form@1.0.0.jsonx"];
    expect(classifyCommitted(odd, generated)).toEqual({ archived: [], stale: odd });
  });
});
