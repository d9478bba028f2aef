// The errata layer (disclosures/errata.ts) on small hand-made seeds and parsers: a correction is applied to its line
// before the parser runs, must still match the seed exactly once, is listed only in the templates it changes, and
// must reach the item it names. A bad errata file stops the generator with a message naming the file and the place.
import { describe, expect, it } from "vitest";
import { applyErrata, ErrataError, parseWithErrata, readErrataFile, type Erratum } from "../disclosures/errata.js";
import type { ParseResult } from "../disclosures/parsers/parse-report.js";
import { generateFromSeeds, seedSources } from "../disclosures/seeds.js";
import type { Template } from "../disclosures/template-schema.js";

const FILE = "errata/999_test.json";
const SEED = "999_test.txt";

/** A parser of a toy seed: line 1 is the title (description), every other line one item of template A; lines after
 * 「--」 are items of template B. Line 2 of the seed is ignored (a cover letter no template shows). */
function toyParse(text: string): ParseResult {
  const lines = text.split("\n");
  const split = lines.indexOf("--");
  const template = (id: string, rows: string[], from: number): Template => ({
    id,
    version: "1.0.0",
    title: "見本",
    description: lines[0],
    language: "ja",
    source: { document: "見本", edition: "第1版", seed: SEED },
    scales: [{ key: "s", options: [{ value: "y", label: "はい", outcome: "met" }, { value: "n", label: "いいえ", outcome: "unmet" }] }],
    sections: [{ key: "main", title: "本文", items: rows.map((text, i) => ({ key: `main.${from + i}`, number: String(from + i), text, level: "required", answer: { kind: "status", scale: "s" } })) }],
  });
  return {
    templates: [template("a", lines.slice(2, split), 1), template("b", lines.slice(split + 1), 1)],
    repairs: [],
  };
}

const TEXT = ["見本の様式", "送り状（どの様式にも載らない）", "送受信ができるように設定しているか", "オーブンなネットワークか", "--", "見直し可能としているか"].join("\n");
const file = (errata: Partial<Erratum>[]) => JSON.stringify({ seed: SEED, errata });
const run = (errata: Partial<Erratum>[], text = TEXT) => parseWithErrata(text, readErrataFile(FILE, file(errata), SEED), FILE, toyParse);
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ErrataError);
    return (error as Error).message;
  }
  throw new Error("expected an ErrataError");
};

describe("applying errata to the seed text", () => {
  it("replaces the found text on its line, two on one line top-down, and leaves every other line alone", () => {
    const text = "一行目\nオーブンなネットワークで見直し可能\n三行目";
    const out = applyErrata(
      text,
      [
        { line: 2, found: "オーブン", used: "オープン", why: "OCR" },
        { line: 2, found: "見直し", used: "見読", why: "OCR" },
      ],
      FILE,
    );
    expect(out).toBe("一行目\nオープンなネットワークで見読可能\n三行目");
    // "" deletes debris; a `$` in the replacement is taken literally.
    expect(applyErrata("ab【残り】c", [{ line: 1, found: "【残り】", used: "", why: "変更履歴の残り" }], FILE)).toBe("abc");
    expect(applyErrata("price", [{ line: 1, found: "price", used: "$&$1", why: "x" }], FILE)).toBe("$&$1");
  });

  it("fails naming the erratum when its text is not on its line exactly once, or the line is gone", () => {
    expect(errorOf(() => applyErrata("あいう\nかきく", [{ line: 2, found: "あい", used: "AI", why: "x" }], FILE))).toBe(
      "errata/999_test.json: erratum at line 2 「あい」→「AI」: 「あい」 occurs 0 times on the line (expected exactly once); the erratum no longer matches the seed: line 2 reads 「かきく」",
    );
    expect(errorOf(() => applyErrata("あいあい", [{ line: 1, found: "あい", used: "AI", why: "x" }], FILE))).toMatch(/「あい」 occurs 2 times on the line \(expected exactly once\)/);
    expect(errorOf(() => applyErrata("一行", [{ line: 3, found: "あ", used: "い", why: "x" }], FILE))).toBe(
      "errata/999_test.json: erratum at line 3 「あ」→「い」: the seed has only 1 lines; the erratum no longer matches the seed",
    );
    // Lenient (measuring one erratum with the others applied) skips instead.
    expect(applyErrata("あいあい", [{ line: 1, found: "あい", used: "AI", why: "x" }], FILE, { lenient: true })).toBe("あいあい");
  });
});

describe("reading an errata file", () => {
  it("accepts the documented format", () => {
    const read = readErrataFile(FILE, file([{ line: 3, found: "できるように", used: "できないように", why: "OCR による意味の反転", item: "main.1", templates: ["a"] }]), SEED);
    expect(read.errata).toHaveLength(1);
  });

  it("refuses a file that is not JSON", () => {
    expect(errorOf(() => readErrataFile(FILE, "{", SEED))).toMatch(/^errata\/999_test\.json: not valid JSON: /);
  });

  it("refuses missing or extra fields, unsorted lines, a no-op and another seed's file, naming each problem's place", () => {
    const message = errorOf(() => readErrataFile(FILE, file([{ line: 0, found: "", used: "x" }]), SEED));
    expect(message).toMatch(/^errata\/999_test\.json: \d problem\(s\)/);
    expect(message).toContain("at errata[0].line: Number must be greater than 0");
    expect(message).toContain("at errata[0].found: String must contain at least 1 character(s)");
    expect(message).toContain("at errata[0].why: Required");
    expect(errorOf(() => readErrataFile(FILE, JSON.stringify({ seed: SEED, errata: [], note: "x" }), SEED))).toContain("Unrecognized key(s) in object: 'note'");
    expect(errorOf(() => readErrataFile(FILE, file([{ line: 5, found: "a", used: "b", why: "x" }, { line: 4, found: "a", used: "b", why: "x" }]), SEED))).toContain(
      "at errata[1].line: errata must be sorted by line (4 after 5)",
    );
    expect(errorOf(() => readErrataFile(FILE, file([{ line: 5, found: "a", used: "a", why: "x" }]), SEED))).toContain("at errata[0].used: used is the same as found: not a correction");
    expect(errorOf(() => readErrataFile(FILE, file([]), "000_other.txt"))).toBe('errata/999_test.json: "seed" is "999_test.txt", expected "000_other.txt"');
  });
});

describe("which templates a correction reaches", () => {
  it("lists each correction only in the templates it changes, with the item it reaches, after `source`", () => {
    const { result, unused } = run([
      { line: 1, found: "見本", used: "手本", why: "誤字" },
      { line: 3, found: "できるように", used: "できないように", why: "OCR による意味の反転", item: "main.1" },
      { line: 4, found: "オーブン", used: "オープン", why: "OCR", item: "main.2" },
      { line: 6, found: "見直し", used: "見読", why: "OCR", item: "main.1" },
    ]);
    expect(unused).toEqual([]);
    const [a, b] = result.templates;
    expect(a.sections[0].items!.map((i) => i.text)).toEqual(["送受信ができないように設定しているか", "オープンなネットワークか"]);
    expect(b.sections[0].items!.map((i) => i.text)).toEqual(["見読可能としているか"]);
    // Line 1 feeds both templates' description; the others one template each.
    expect(a.errata!.map((e) => e.line)).toEqual([1, 3, 4]);
    expect(b.errata!.map((e) => e.line)).toEqual([1, 6]);
    expect(a.errata![1]).toEqual({ line: 3, found: "できるように", used: "できないように", why: "OCR による意味の反転", item: "main.1" });
    expect(a.errata![0]).toEqual({ line: 1, found: "見本", used: "手本", why: "誤字" });
    expect(Object.keys(a).slice(Object.keys(a).indexOf("source"), Object.keys(a).indexOf("source") + 2)).toEqual(["source", "errata"]);
    // Each applied correction is reported, per template, for `generate --verbose`.
    expect(result.repairs.filter((r) => r.kind === "erratum").map((r) => `${r.line} ${r.message}`)).toEqual([
      "1 「見本」→「手本」 in a@1.0.0: 誤字",
      "1 「見本」→「手本」 in b@1.0.0: 誤字",
      "3 「できるように」→「できないように」 in a@1.0.0 main.1: OCR による意味の反転",
      "4 「オーブン」→「オープン」 in a@1.0.0 main.2: OCR",
      "6 「見直し」→「見読」 in b@1.0.0 main.1: OCR",
    ]);
  });

  it("lists no correction in a template that has none, and reports one that reaches no template", () => {
    const { result, unused } = run([{ line: 2, found: "送り状", used: "送付状", why: "誤字" }]);
    expect(result.templates.map((t) => t.errata)).toEqual([[], []]);
    expect(unused.map((e) => e.line)).toEqual([2]);
    expect(result.repairs.find((r) => r.kind === "erratum-unused")!.message).toContain("changes no generated template");
  });

  it("restricts a correction to the templates it names", () => {
    const { result } = run([{ line: 1, found: "見本", used: "手本", why: "誤字", templates: ["b@1.0.0"] }]);
    expect(result.templates.map((t) => t.errata!.length)).toEqual([0, 1]);
    expect(errorOf(() => run([{ line: 1, found: "見本", used: "手本", why: "誤字", templates: ["c"] }]))).toContain('"templates" names c, which this seed does not generate (a@1.0.0, b@1.0.0)');
  });

  it("fails when the named item is not where the correction lands, or does not read as corrected", () => {
    expect(errorOf(() => run([{ line: 3, found: "できるように", used: "できないように", why: "x", item: "main.9" }]))).toBe(
      "errata/999_test.json: erratum at line 3 「できるように」→「できないように」: names item main.9, which is not in a@1.0.0 (the templates the correction reaches)",
    );
    // main.1 of template a is another row than the one corrected on line 4.
    expect(errorOf(() => run([{ line: 4, found: "オーブン", used: "オープン", why: "x", item: "main.1" }]))).toBe(
      "errata/999_test.json: erratum at line 4 「オーブン」→「オープン」: item main.1 of a@1.0.0 does not contain 「オープン」 after the correction: the erratum names the wrong item",
    );
  });

  it("fails the whole generation, naming the erratum, when the seed no longer matches it", () => {
    expect(errorOf(() => run([{ line: 3, found: "できるように", used: "できないように", why: "x" }], TEXT.replace("できるように", "できないように")))).toContain(
      "errata/999_test.json: erratum at line 3 「できるように」→「できないように」: 「できるように」 occurs 0 times on the line",
    );
  });
});

describe("the generator", () => {
  it("reads each seed's errata file and stops on a broken one before writing anything", () => {
    const seeds = new Map(seedSources.map((s) => [s.seed, s.seed]));
    const asked: string[] = [];
    const message = errorOf(() =>
      generateFromSeeds(
        (name) => seeds.get(name)!,
        (seed) => {
          asked.push(seed);
          return "{ not json";
        },
      ),
    );
    expect(asked).toEqual(["000_088b0be7ba7b2301.txt"]);
    expect(message).toMatch(/^errata\/000_088b0be7ba7b2301\.json: not valid JSON/);
  });
});
