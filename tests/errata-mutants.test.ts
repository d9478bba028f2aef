// The errata layer beyond tests/errata.test.ts: the exact messages a broken errata file gives (root problems,
// several problems, long lines), same-line corrections, lenient measuring, item lookup by suffix, what counts as the
// item's text (never its key; check points; blanks), which templates a correction reaches when a parser fails or
// makes fewer templates without it, templates named by id and by id@version, a parser's own repairs and stale
// `errata` lists. Toy seeds and parsers; expected values written by hand.
import { describe, expect, it } from "vitest";
import { applyErrata, ErrataError, errataFileName, parseWithErrata, readErrataFile, resolveItem, type Erratum } from "../disclosures/errata.js";
import type { ParseResult } from "../disclosures/parsers/parse-report.js";
import type { Item, Template } from "../disclosures/template-schema.js";

const FILE = "errata/999_test.json";
const SEED = "999_test.txt";

const template = (id: string, items: Item[], description = "見本"): Template => ({
  id,
  version: "1.0.0",
  title: "見本",
  description,
  language: "ja",
  source: { document: "見本", edition: "第1版", seed: SEED },
  scales: [{ key: "s", options: [{ value: "y", label: "はい", outcome: "met" }, { value: "n", label: "いいえ", outcome: "unmet" }] }],
  sections: [{ key: "main", title: "本文", items }],
});
// The check points right after the text, as the parsers write them: the two texts are neighbours in the item.
const status = (key: string, text: string, checkPoints?: string[]): Item => ({ key, number: key.split(".").pop(), text, ...(checkPoints ? { checkPoints } : {}), level: "required", answer: { kind: "status", scale: "s" } });

/** Line 1: both templates' description; line 3: template a's item main.1 (line 4 its check point); template b's item
 * main.1 is line 6, and template b exists only while line 5 reads 「--」. */
function parse(text: string): ParseResult {
  const lines = text.split("\n");
  const a = template("a", [status("main.1", lines[2], [lines[3]])], lines[0]);
  return { templates: lines[4] === "--" ? [a, template("b", [status("main.1", lines[5])], lines[0])] : [a], repairs: [{ line: 2, kind: "note", message: "送り状を読み飛ばした" }] };
}
const TEXT = ["見本の様式", "送り状", "送受信ができるように設定しているか", "暗号化 している", "--", "見直し可能としているか"].join("\n");
const json = (errata: Partial<Erratum>[]) => JSON.stringify({ seed: SEED, errata });
const run = (errata: Partial<Erratum>[], text = TEXT, parser = parse) => parseWithErrata(text, readErrataFile(FILE, json(errata), SEED), FILE, parser);
const errorOf = (fn: () => unknown): ErrataError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ErrataError);
    return error as ErrataError;
  }
  throw new Error("expected an ErrataError");
};

describe("errata files", () => {
  // errata.ts 54:26 (`/\.txt$/` → `/\.txt/`).
  it("are named after the seed without its final .txt", () => {
    expect(errataFileName("002_73c1d437a4f740cb.txt")).toBe("002_73c1d437a4f740cb.json");
    expect(errataFileName("seed.txt.orig")).toBe("seed.txt.orig.json");
  });

  // errata.ts 39:20 (`<` → `<=`: two corrections on one line refused as unsorted).
  it("may hold two corrections of one line", () => {
    expect(readErrataFile(FILE, json([{ line: 3, found: "できる", used: "できない", why: "OCR" }, { line: 3, found: "設定", used: "設置", why: "誤字" }]), SEED).errata).toHaveLength(2);
  });

  // errata.ts 48:17 (the error's name emptied), 72:156 (「(root)」 for a problem of the whole file), 73:84 (several
  // problems joined without line breaks).
  it("are refused with the file, each problem on its own line, and (root) for the file as a whole", () => {
    const root = errorOf(() => readErrataFile(FILE, "[]", SEED));
    expect(root.name).toBe("ErrataError");
    expect(root.message).toBe("errata/999_test.json: 1 problem(s)\n  at (root): Expected object, received array");
    expect(errorOf(() => readErrataFile(FILE, JSON.stringify({ errata: [{ line: 1, found: "a", used: "b" }] }), SEED)).message).toBe(
      ["errata/999_test.json: 2 problem(s)", "  at seed: Required", "  at errata[0].why: Required"].join("\n"),
    );
  });
});

describe("applying corrections", () => {
  // errata.ts 95:11 (lenient mode throwing for a line the seed no longer has).
  it("skips, when measuring, a correction whose line is gone", () => {
    expect(applyErrata("一行", [{ line: 3, found: "あ", used: "い", why: "x" }], FILE, { lenient: true })).toBe("一行");
  });

  // errata.ts 102:171 (the line quoted untrimmed or whole).
  it("quotes the line it no longer matches trimmed and cut to 60 characters", () => {
    const line = `   ${"あ".repeat(70)}   `;
    expect(errorOf(() => applyErrata(line, [{ line: 1, found: "い", used: "う", why: "x" }], FILE)).message).toBe(
      `errata/999_test.json: erratum at line 1 「い」→「う」: 「い」 occurs 0 times on the line (expected exactly once); the erratum no longer matches the seed: line 1 reads 「${"あ".repeat(60)}」`,
    );
  });
});

describe("the item a correction names", () => {
  // errata.ts 114–116 (the exact key not returned first; the suffix lookup: none, `startsWith`, more than one).
  it("is the item with that key, else the one item whose key ends in .<key>", () => {
    const t = template("t", [status("appendix.1.1", "付録"), status("1.1", "本文"), status("main.2", "二"), status("other.2", "別の二"), status("appendix.3", "付録三")]);
    expect(resolveItem(t, "1.1")?.text).toBe("本文");
    expect(resolveItem(t, "appendix.1.1")?.text).toBe("付録");
    expect(resolveItem(t, "3")?.text).toBe("付録三");
    // 「1」: appendix.1.1 and 1.1 both end in 「.1」.
    expect(resolveItem(t, "1")).toBeUndefined();
    expect(resolveItem(t, "2")).toBeUndefined();
    expect(resolveItem(t, "main")).toBeUndefined();
  });

  // errata.ts 121–129 and 193 (what is searched for `used`: never the key, the check points too, texts kept apart,
  // blanks removed on both sides and not replaced).
  it("must contain the correction in its own texts: its check points count, its key and a text spanning two fields do not", () => {
    const spaced = run([{ line: 4, found: "暗号化 し", used: "暗号 化し", why: "空白の位置", item: "main.1", templates: ["a"] }]);
    expect(spaced.result.templates[0].errata).toEqual([{ line: 4, found: "暗号化 し", used: "暗号 化し", why: "空白の位置", item: "main.1" }]);
    expect(errorOf(() => run([{ line: 1, found: "見本", used: "main.1", why: "x", item: "main.1", templates: ["a"] }])).message).toBe(
      "errata/999_test.json: erratum at line 1 「見本」→「main.1」: item main.1 of a@1.0.0 does not contain 「main.1」 after the correction: the erratum names the wrong item",
    );
    // Line 1 is the description: main.1's text ends in 「しているか」 and its check point starts with 「暗号化」.
    expect(errorOf(() => run([{ line: 1, found: "見本", used: "しているか暗号化", why: "x", item: "main.1", templates: ["a"] }])).message).toContain("does not contain 「しているか暗号化」");
  });

  // errata.ts 203:159 (the templates reached joined without 「, 」).
  it("must be in one of the templates the correction reaches, all of them named when it is not", () => {
    expect(errorOf(() => run([{ line: 1, found: "見本", used: "手本", why: "x", item: "main.9" }])).message).toBe(
      "errata/999_test.json: erratum at line 1 「見本」→「手本」: names item main.9, which is not in a@1.0.0, b@1.0.0 (the templates the correction reaches)",
    );
  });
});

describe("which templates a correction reaches", () => {
  // errata.ts 157:18 (`errataFile?.errata` → `.errata`: a seed without an errata file throws), 161:19 (the parser's
  // own repairs dropped), 207 (the repairs not sorted by line).
  it("lists nothing for a seed without errata, and keeps the parser's repairs in line order with the corrections", () => {
    const none = parseWithErrata(TEXT, undefined, FILE, parse);
    expect(none.result.templates.map((t) => t.errata)).toEqual([[], []]);
    expect(none.result.repairs).toEqual([{ line: 2, kind: "note", message: "送り状を読み飛ばした" }]);
    const { result } = run([
      { line: 1, found: "見本", used: "手本", why: "誤字", templates: ["a"] },
      { line: 3, found: "できる", used: "できない", why: "OCR" },
    ]);
    expect(result.repairs.map((r) => `${r.line} ${r.kind}`)).toEqual(["1 erratum", "2 note", "3 erratum"]);
  });

  // errata.ts 168 (the others applied strictly when measuring one: a correction that only exists after another one
  // on the same line would make the measure fail and reach every template).
  it("measures a correction with the others applied leniently", () => {
    const { result } = run([
      { line: 6, found: "見直し", used: "見読", why: "OCR" },
      { line: 6, found: "見読可能", used: "見読性を確保", why: "誤字" },
    ]);
    expect(result.templates.map((t) => t.errata!.map((e) => e.used))).toEqual([[], ["見読", "見読性を確保"]]);
  });

  // errata.ts 174 (without the correction the parser fails, or makes fewer templates: every template is reached;
  // `!without || …` weakened throws on the missing result).
  it("reaches every template when the seed does not parse without it, or gives fewer templates", () => {
    const strict = (text: string) => {
      if (text.includes("壊")) throw new Error("読めない行");
      return parse(text);
    };
    const broken = run([{ line: 2, found: "壊", used: "状", why: "OCR" }], TEXT.replace("送り状", "送り壊"), strict);
    expect(broken.result.templates.map((t) => t.errata!.length)).toEqual([1, 1]);
    const separator = run([{ line: 5, found: "ーー", used: "--", why: "全角の区切り" }], TEXT.replace("--", "ーー"));
    expect(separator.result.templates.map((t) => t.errata!.length)).toEqual([1, 1]);
  });

  // errata.ts 176–178 (templates named by id or by id@version, `some` → `every`, several unknown names joined).
  it("is limited to the templates named by id or by id@version, and names every unknown one", () => {
    const { result } = run([{ line: 1, found: "見本", used: "手本", why: "誤字", templates: ["a", "b@1.0.0"] }]);
    expect(result.templates.map((t) => t.errata!.length)).toEqual([1, 1]);
    expect(errorOf(() => run([{ line: 1, found: "見本", used: "手本", why: "誤字", templates: ["c", "d@1.0.0"] }])).message).toBe(
      'errata/999_test.json: erratum at line 1 「見本」→「手本」: "templates" names c, d@1.0.0, which this seed does not generate (a@1.0.0, b@1.0.0)',
    );
  });

  // errata.ts 138 (an `errata` list the parser left on a template kept instead of the measured one).
  it("replaces any errata list the parser left, right after `source`", () => {
    const stale = (text: string) => {
      const r = parse(text);
      return { ...r, templates: r.templates.map((t) => ({ ...t, errata: [{ line: 99, found: "古", used: "新", why: "前回の生成" }] })) };
    };
    const { result } = run([{ line: 3, found: "できる", used: "できない", why: "OCR" }], TEXT, stale);
    expect(result.templates.map((t) => t.errata)).toEqual([[{ line: 3, found: "できる", used: "できない", why: "OCR" }], []]);
    const keys = Object.keys(result.templates[0]);
    expect(keys.slice(keys.indexOf("source"), keys.indexOf("source") + 2)).toEqual(["source", "errata"]);
  });
});
