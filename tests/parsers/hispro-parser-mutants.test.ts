// The HISPRO checksheet parser (disclosures/parsers/hispro-parser.ts, seed 004), pinned where the other suites leave
// it loose (issue 20, mutation testing): every section, item and answer kind against the committed template, item by
// item; the repairs it reports on the real seed, message by message; and small hand-written seeds at the edges of its
// patterns (title and header lines out of place, headers that name a column twice, two-digit numbers in the 分類
// label, full-width digits, a row broken over two lines, blanks inside cells, 要件 numbers that skip or go back) and
// the real seed with two rows swapped, a page moved or the text cut; each refusal with its whole message.
// Each test names in a comment the parser lines it pins (line numbers of hispro-parser.ts on 3 December 2026, after
// the fix of lines 508–514: a number printed before a row that went back is no longer reported as absent).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyErrata, readErrataFile } from "../../disclosures/errata.js";
import { parseHispro } from "../../disclosures/parsers/hispro-parser.js";
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";
import { readCommittedErrata } from "../../disclosures/seeds.js";
import { walkItems, walkSections } from "../../disclosures/template-loader.js";
import type { Section, Template } from "../../disclosures/template-schema.js";
import { requireSeeds, TEMPLATES_DIR } from "../helpers/db.js";
import { HEADER, L1, L2, L3, row, TITLE } from "./hispro-seed-fixture.js";
import { refusal } from "./refusal.js";

const SEED = "004_1778484f1ffe0871.txt";

// ---- small seeds ---------------------------------------------------------------------------------------

/** The same with a running 項番 after 要件 (the first page of the seed). */
const HEADER5 = "大分類\t中分類\t小分類\t要件\t項番\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目";
/** Title (line 1), header (line 2), the rows from line 3, then one row of 大分類 2 and 3 unless `tail` is false. */
function seed(rows: string[], { header = HEADER, tail = true } = {}): string {
  const rest = tail ? [row([2, 1, 1, 1], L2), row([3, 1, 1], L3)] : [];
  return [TITLE, header, ...rows, ...rest].join("\n");
}
const itemsOf = (t: Template) => [...walkItems(t)].map((e) => e.item);
const items = (r: ParseResult) => itemsOf(r.templates[0]);
const item = (r: ParseResult, number: string) => items(r).find((i) => i.number === number)!;
const repairs = (r: ParseResult, kind: string) => r.repairs.filter((x) => x.kind === kind).map((x) => `${x.line} ${x.message}`);

const failure = (text: string) => refusal(parseHispro, text);
/** The whole message, file and line included: what `scripts/templates.ts generate` prints. */
const expectFailure = (text: string, line: number, reason: string) => {
  const error = failure(text);
  expect(error.line).toBe(line);
  expect(error.message).toBe(`${SEED}:${line}: ${reason}`);
};

// ---- the real seed against the committed template ---------------------------------------------------

describe("HISPRO parser on seed 004 + errata: the committed checksheet, item by item", () => {
  const raw = readFileSync(path.join(requireSeeds(), SEED), "utf8");
  const errata = readErrataFile("004.json", readCommittedErrata(SEED)!, SEED).errata;
  const committed = (): Template => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, "hispro-checksheet@1.1.0.json"), "utf8"));
  /** As the JSON file stores it (undefined fields dropped). */
  const asStored = <T>(x: T): T => JSON.parse(JSON.stringify(x));
  // Parsed inside each test, so that every assertion covers the code that made its value (docs/mutation.md).
  const parsed = () => parseHispro(applyErrata(raw, errata, "004.json"));
  const shape = (sections: Section[]): unknown => sections.map((s) => ({ ...s, items: s.items?.length, sections: s.sections && shape(s.sections) }));

  it("gives every item its committed key, number, text, level, answer, category, references and check points", () => {
    // Lines 190–299 (parseRow), 400–429 (locations and guideline names), 464–545 (numbers, keys, category, item).
    const mine = asStored(items(parsed()));
    const theirs = itemsOf(committed());
    expect(mine.map((i) => i.key)).toEqual(theirs.map((i) => i.key));
    for (const [n, want] of theirs.entries()) expect(mine[n], want.key).toEqual(want);
    // Answer kinds and levels: every row is a 対応済/未対応/対象外 status item, 必須 or 推奨.
    const kinds = mine.reduce<Record<string, number>>((acc, i) => {
      const k = `${i.answer.kind}:${"scale" in i.answer ? i.answer.scale : "-"}:${i.level}`;
      return { ...acc, [k]: (acc[k] ?? 0) + 1 };
    }, {});
    expect(kinds).toEqual({ "status:hispro:required": 429, "status:hispro:recommended": 75 });
  });

  it("builds the committed section tree and template fields (all but the version and errata the generator adds)", () => {
    // Lines 117–147 (the three 大分類, the template), 443–459 (open), 488–492 (titles by majority).
    const { version, errata: _e, ...rest } = asStored(parsed().templates[0]);
    const { version: committedVersion, errata: _c, ...want } = committed();
    expect([version, committedVersion]).toEqual(["1.0.0", "1.1.0"]);
    expect(shape(rest.sections)).toEqual(shape(want.sections));
    expect({ ...rest, sections: undefined }).toEqual({ ...want, sections: undefined });
    expect([...walkSections(rest.sections)].map(({ section }) => `${section.number} ${section.items?.length ?? "-"}`)).toEqual([
      "1 -", "1-1 -", "1-1-1 65", "1-1-2 77", "1-2 -", "1-2-1 19", "1-2-2 13",
      "2 -", "2-1 -", "2-1-1 14", "2-1-2 6", "2-1-3 9", "2-1-4 5", "2-1-5 37", "2-1-6 144", "2-1-7 3",
      "2-2 -", "2-2-1 16", "2-2-2 5", "2-2-3 8",
      "3 -", "3-1 34", "3-2 21", "3-3 -", "3-3-1 17", "3-3-2 4", "3-3-3 7",
    ]);
  });

  it("reports each repair it makes to the real seed, with the message a maintainer reads", () => {
    // Lines 82–87 (page header), 223–227, 234, 251–260 (numbering layouts), 266–272 (label/number), 277–283
    // (qualifiers), 402–403 (numerals), 417 (guideline spelling), 505–507 (inferred), 547–555 (labels).
    const r = parsed();
    const count = (kind: string) => r.repairs.filter((x) => x.kind === kind).length;
    expect(Object.fromEntries([...new Set(r.repairs.map((x) => x.kind))].map((k) => [k, count(k)]))).toEqual({
      "page-header": 18,
      "extra-number-column": 32,
      "check-point-qualifier": 5,
      "location-numeral": 56,
      "label-number-mismatch": 13,
      "shifted-columns": 55,
      "duplicate-number-column": 30,
      "guideline-spelling": 68,
      "label-missing-middle": 31,
      "wrapped-cell": 35,
      "number-inferred": 48,
      "label-spelling": 3,
    });
    // The errata mend the cut guideline names (479, 481) and the footnote numbers (359): no repair left for them.
    expect(r.repairs).toHaveLength(394);
    const cols = (roles: string) => `numeric columns before 分類: ${roles}`;
    const four = cols("大分類, 中分類, 小分類, 要件");
    expect(repairs(r, "page-header")).toEqual([
      `5 page header skipped (lines 5–6); ${cols("大分類, 中分類, 小分類, 要件, running 項番")}`,
      `40 page header skipped (line 40); ${four}`,
      `73 page header skipped (lines 73–74); ${four}`,
      `105 page header skipped (line 105); ${four}`,
      `143 page header skipped (line 143); ${four}`,
      `178 page header skipped (lines 178–179); ${four}`,
      `208 page header skipped (lines 208–209); ${cols("大分類, 中分類, 小分類")}`,
      `241 page header skipped (line 241); ${cols("大分類, 中分類, 小分類, 要件, running 項番")}`,
      `272 page header skipped (line 272); ${four}`,
      `303 page header skipped (line 303); ${four}`,
      `331 page header skipped (line 331); ${four}`,
      `356 page header skipped (line 356); ${four}`,
      `386 page header skipped (line 386); ${four}`,
      `423 page header skipped (line 423); ${four}`,
      `459 page header skipped (line 459); ${four}`,
      `492 page header skipped (line 492); ${four}`,
      `524 page header skipped (lines 524–525); ${cols("大分類, 中分類, 小分類")}`,
      `545 page header skipped (lines 545–546); ${four}`,
    ]);
    const first = (kind: string) => repairs(r, kind)[0];
    expect(first("extra-number-column")).toBe("7 extra running number column (1) dropped; 要件 1 kept");
    expect(first("label-missing-middle")).toBe("41 分類 「1. 設備・運用 ①組織・運用への対策項目」 lacks the 中分類 part 「1) 一般的条件」; completed from the numbering");
    expect(first("location-numeral")).toBe("77 GLでの参照箇所 「Ⅲ. 1. 1」 written as 「III. 1. 1」");
    expect(first("label-number-mismatch")).toBe("180 分類 label says 小分類 ③, numbering column says 2; numbering kept");
    expect(first("number-inferred")).toBe("210 page has no 要件 column; 要件 2-1-2-1 inferred from the previous row");
    expect(first("duplicate-number-column")).toBe("461 小分類 column holds 1, a copy of 要件 1: this 中分類 has no 小分類");
    expect(repairs(r, "guideline-spelling").filter((x) => /^(7|29|31|135) /.test(x))).toEqual([
      "7 対象GL 「総務省 ASP-GL」 written as 「総務省ASP-GL」",
      "29 対象GL 「総務省 医療ASP-GL」 written as 「総務省医療ASP-GL」",
      "31 対象GL 「経産省 医療外部保存-GL」 written as 「経産省医療外部保存-GL」",
      "135 対象GL 「総務省 医療 ASP-GL」 written as 「総務省医療ASP-GL」",
    ]);
    expect(new Set(repairs(r, "wrapped-cell").map((x) => x.replace(/^\d+ /, "")))).toEqual(
      new Set(["分類 中分類 「安全管理上の要求事項」: line-wrap space removed", "分類 小分類 「情報の外部への持ち出し」: line-wrap space removed"]),
    );
    expect(repairs(r, "check-point-qualifier")).toEqual([
      "46 確認項目 qualifier(s) 「<ISMSの場合のみ>」 kept as text on each check point they govern",
      "47 確認項目 qualifier(s) 「<ISMSの場合のみ>」 kept as text on each check point they govern",
      "48 確認項目 qualifier(s) 「<ISMSの場合のみ>」 kept as text on each check point they govern",
      "322 確認項目 qualifier(s) 「(ハウジング構成の場合)」, 「(ホスティング構成の場合)」 kept as text on each check point they govern",
      "337 確認項目 qualifier(s) 「(VPN接続を行っている場合)」 kept as text on each check point they govern",
    ]);
    const shifted = repairs(r, "shifted-columns");
    expect(shifted[0]).toBe("242 header (line 241) declares 5 numbering columns, row has 4: running 項番 column missing; cells realigned");
    expect(shifted).toContain("493 header (line 492) declares 4 numbering columns, row has 3: 小分類 column missing (this 中分類 has no 小分類); cells realigned");
    expect(shifted.at(-1)).toBe("520 header (line 492) declares 4 numbering columns, row has 3: 小分類 column missing, 小分類 ① taken from the 分類 label; cells realigned");
    const usual = "3. 契約・合意・説明に関する事項 3) 医療情報の保存／取扱いをする場合の要求事項 ①事業者から利用者に説明する事項";
    expect(repairs(r, "label-spelling")).toEqual(
      [518, 519, 520].map(
        (line) => `${line} 分類 「3. 契約・合意・説明に関する事項 3) 医療情報の保存/取扱いをする場合の要求事項 ① 事業者から利用者に説明する事項」 differs from the section's usual spelling 「${usual}」; the usual spelling is used`,
      ),
    );
  });
});

describe("HISPRO parser on seed 004, damaged or reordered: what it reports and refuses", () => {
  const raw = readFileSync(path.join(requireSeeds(), SEED), "utf8");
  const errata = readErrataFile("004.json", readCommittedErrata(SEED)!, SEED).errata;
  const lines = () => applyErrata(raw, errata, "004.json").split("\n");

  it("keeps two swapped rows in seed order and reports the gap and the number that goes back", () => {
    // Lines 503–517 (number-gap, number-out-of-order) on seed lines 8 and 9 (1-1-1-2 and 1-1-1-3) swapped.
    const l = lines();
    [l[7], l[8]] = [l[8], l[7]];
    const r = parseHispro(l.join("\n"));
    expect(items(r).slice(0, 4).map((i) => i.key)).toEqual(["1.1.1.1", "1.1.1.3", "1.1.1.2", "1.1.1.4"]);
    expect(items(r)).toHaveLength(504);
    expect(r.repairs.filter((x) => x.kind.startsWith("number-g") || x.kind.startsWith("number-o") || x.kind === "duplicate-number").map((x) => `${x.line} ${x.kind} ${x.message}`)).toEqual([
      "8 number-gap 要件 1-1-1-3 follows 1-1-1-1; numbers 2–2 are absent",
      "9 number-out-of-order 要件 1-1-1-2 follows 1-1-1-3",
    ]);
  });

  it("refuses the last page moved in front of the page it follows, at the first row that goes back", () => {
    // Lines 464–471: the 3-3-3 page (seed lines 545–553) printed before the 3-3-1 page of lines 524–544.
    const l = lines();
    const moved = [...l.slice(0, 523), ...l.slice(544), ...l.slice(523, 544)];
    expect(moved).toHaveLength(l.length);
    expectFailure(moved.join("\n"), 535, "row returns to section 3-3-1, which earlier rows already left");
  });

  it("refuses a seed cut after 大分類 2 or after a page header, naming the cut", () => {
    // Lines 110–112 and 117–120.
    expectFailure(lines().slice(0, 460).join("\n"), 460, "expected 大分類 1–3, found 1, 2 (truncated seed?)");
    expectFailure(lines().slice(0, 546).join("\n"), 545, "seed ends with a table header and no item rows (truncated seed)");
  });
});

// ---- title and header lines -----------------------------------------------------------------------------

describe("HISPRO parser: the title line and the page headers", () => {
  it("refuses a one-cell line between the title and the first header instead of taking it for a second title", () => {
    // Line 99 (`!documentTitle && !header`): only the first one-cell line before any header is the title.
    expectFailure([TITLE, "注記", HEADER, row([1, 1, 1, 1], L1)].join("\n"), 2, "item row before any table header");
    // And a title line after the first header is a row before the title, not the title.
    expectFailure([HEADER, TITLE, row([1, 1, 1, 1], L1)].join("\n"), 2, "row before the title line 「HISPRO 外部保存、ASP・SaaS チェックシート項目集」");
  });

  it("reads the numbering columns in front of the first 分類 column of a header that names it twice", () => {
    // Line 167 (`labelAt < 0` stops the search at the first 分類).
    const twice = HEADER.replace("必須／推奨", "分類");
    const r = parseHispro(seed([row([1, 1, 1, 1], L1)], { header: twice }));
    expect(repairs(r, "page-header")).toEqual(["2 page header skipped (line 2); numeric columns before 分類: 大分類, 中分類, 小分類, 要件"]);
    expect(items(r).map((i) => i.number)).toEqual(["1-1-1-1", "2-1-1-1", "3-1-1"]);
    // 分類 as the very first column is a header without numbering columns, even if 分類 comes again later.
    expectFailure(seed([row([1, 1, 1, 1], L1)], { header: "分類\t大分類\t分類\t必須／推奨" }), 2, "table header without a 分類 column");
  });

  it("accepts a header with a single numbering column, and then refuses the rows that do not fit it", () => {
    // Line 168 (`labelAt < 1`): one column in front of 分類 is a header; the row is what cannot be placed.
    const one = "大分類\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目";
    expectFailure([TITLE, one, row([1], L1)].join("\n"), 3, "cannot place this row: 1 numbering column(s) (1)");
  });

  it("reads a column headed 項番 over 要件 as the 要件, not as a running number", () => {
    // Line 175 (`words.some(…)`: one 要件-like word in the column is enough).
    const header = "大分類\t中分類\t小分類\t項番\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目\n\t\t\t要件";
    const r = parseHispro(seed([row([1, 1, 1, 1], L1)], { header }));
    expect(repairs(r, "page-header")).toEqual(["2 page header skipped (lines 2–3); numeric columns before 分類: 大分類, 中分類, 小分類, 要件"]);
    expect(repairs(r, "shifted-columns")).toEqual(["6 header (line 2) declares 4 numbering columns, row has 3: 小分類 column missing (this 中分類 has no 小分類); cells realigned"]);
  });

  it("says only that a numbering column is missing when the header names one role twice", () => {
    // Lines 251–259: the fallback wording, when neither a 小分類 nor a running 項番 explains the missing column.
    const header = "大分類\t中分類\t小分類\t小分類\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目";
    const r = parseHispro(seed([row([1, 1, 1], L1)], { header, tail: false }) + "\n" + [row([2, 1, 1], L2), row([3, 1, 1], L3)].join("\n"));
    expect(items(r).map((i) => i.number)).toEqual(["1-1-1-1", "2-1-1-1", "3-1-1"]);
    expect(repairs(r, "shifted-columns")).toEqual([
      "3 header (line 2) declares 4 numbering columns, row has 3: a numbering column is missing; cells realigned",
      "4 header (line 2) declares 4 numbering columns, row has 3: a numbering column is missing; cells realigned",
      "5 header (line 2) declares 4 numbering columns, row has 3: 小分類 column missing (this 中分類 has no 小分類); cells realigned",
    ]);
  });
});

// ---- item rows -----------------------------------------------------------------------------------------

describe("HISPRO parser: numbering columns and the 分類 label", () => {
  it("refuses a row that lost all its numbering columns, quoting its first 60 characters", () => {
    // Line 201 (`k === 0`): a 分類 label in the first cell is not enough.
    const lost = row([], L1);
    expectFailure(seed([lost]), 3, `cannot place this line: expected numbering columns and a 分類 label, found 「${lost.replace(/\t/g, " ").slice(0, 60)}」`);
  });

  it("refuses numbering columns written in full-width digits", () => {
    // Lines 198 and 201: only ASCII digits are numbering cells; 「１」 starts the label, which has no 大分類 number.
    const wide = row(["１", "１", "１", "１"], L1);
    const quoted = (line: string) => line.replace(/\t/g, " ").slice(0, 60);
    expect(quoted(wide)).toBe("１ １ １ １ 1. 設備・運用 1) 一般的条件 ①組織・運用への対策項目 必須 対策を講じること。 総務省ASP-G");
    expectFailure(seed([wide]), 3, `cannot place this line: expected numbering columns and a 分類 label, found 「${quoted(wide)}」`);
    // A label whose 大分類 number is full-width is no 分類 label either.
    const wideLabel = row([1, 1, 1, 1], "１. 設備・運用 1) 一般的条件 ①組織・運用への対策項目");
    expectFailure(seed([wideLabel]), 3, `cannot place this line: expected numbering columns and a 分類 label, found 「${quoted(wideLabel)}」`);
  });

  it("reads a two-digit 大分類 or 中分類 number in the label and reports it against the numbering", () => {
    // Lines 201, 305 (`\d+` before the 「.」), 318 (`\d+` before the 「)」), 266–269 (the mismatch messages).
    const major = parseHispro(seed([row([1, 1, 1, 1], "10. 設備・運用 1) 一般的条件 ①組織・運用への対策項目")]));
    expect(repairs(major, "label-number-mismatch")).toEqual(["3 分類 label says 大分類 10, numbering column says 1; numbering kept"]);
    expect(item(major, "1-1-1-1").category).toBe(L1);
    const middle = parseHispro(seed([row([1, 1, 1, 1], L1), row([1, 1, 1, 2], "1. 設備・運用 12) 一般的条件 ①組織・運用への対策項目")]));
    expect(repairs(middle, "label-number-mismatch")).toEqual(["4 分類 label says 中分類 12), numbering column says 1; numbering kept"]);
    expect(repairs(middle, "label-missing-middle")).toEqual([]);
    expect(item(middle, "1-1-1-2").category).toBe(L1);
  });

  it("reads a 中分類 number with a full-width bracket as part of the 大分類 title, and says the label lacks its 中分類", () => {
    // Line 318: only 「n)」 with an ASCII bracket opens the 中分類 part.
    const r = parseHispro(seed([row([1, 1, 1, 1], L1), row([1, 1, 1, 2], "1. 設備・運用 1）一般的条件 ①組織・運用への対策項目")]));
    expect(item(r, "1-1-1-2").category).toBe(L1);
    expect(repairs(r, "label-missing-middle")).toEqual([
      "4 分類 「1. 設備・運用 1）一般的条件 ①組織・運用への対策項目」 lacks the 中分類 part 「1) 一般的条件」; completed from the numbering",
    ]);
    expect(repairs(r, "label-spelling")).toEqual([
      `4 分類 「1. 設備・運用 1）一般的条件 ①組織・運用への対策項目」 differs from the section's usual spelling 「${L1}」; the usual spelling is used`,
    ]);
  });

  it("refuses a label whose circled 小分類 number follows the 大分類 number directly", () => {
    // Lines 311 (`circleAt >= 0`: a ① at the start counts) and 330 (the 大分類 title of a label without 中分類).
    expectFailure(seed([row([1, 1, 1, 1], "1.①組織・運用への対策項目")]), 3, "分類 label 「1.①組織・運用への対策項目」 has an empty 大分類 title");
    // A label without 中分類 whose 大分類 title is wrapped is reported as such.
    const r = parseHispro(seed([row([1, 1, 1, 1], L1), row([1, 1, 1, 2], "1. 設備・ 運用 ①組織・運用への対策項目")]));
    expect(repairs(r, "wrapped-cell")).toEqual(["4 分類 大分類 「設備・運用」: line-wrap space removed"]);
  });

  it("refuses a row of two numbers even when its label has no 小分類", () => {
    // Line 235 (`k === 3 && !hasMinor`): three numbers are needed for a 中分類 without 小分類.
    expectFailure(seed([row([1, 1, 1, 1], L1), row([2, 1, 1, 1], L2), row([3, 1], L3)], { tail: false }), 5, "cannot place this row: 2 numbering column(s) (3, 1)");
  });

  it("names the running 項番 as missing when a 中分類 without 小分類 repeats its 要件 under a five-column header", () => {
    // Lines 230–234 and 251–259 (`!hasMinor && k === 3` is false for four numbers).
    const r = parseHispro(seed([row([1, 1, 1, 1, 1], L1), row([2, 1, 1, 1, 1], L2), row([3, 1, 5, 5], L3)], { header: HEADER5, tail: false }));
    expect(item(r, "3-1-5").key).toBe("3.1.5");
    expect(repairs(r, "duplicate-number-column")).toEqual(["5 小分類 column holds 5, a copy of 要件 5: this 中分類 has no 小分類"]);
    expect(repairs(r, "shifted-columns")).toEqual(["5 header (line 2) declares 5 numbering columns, row has 4: running 項番 column missing; cells realigned"]);
  });

  it("reports a row broken over two lines as a truncated row, at the line of its first half", () => {
    // Lines 204–207: a line break inside the 対策項目 leaves fewer than five cells after the label.
    const whole = row([1, 1, 1, 2], L1, { text: "方針を定め、文書化すること。" });
    const [first, second] = [whole.slice(0, whole.indexOf("文書化")), whole.slice(whole.indexOf("文書化"))];
    expectFailure(
      seed([row([1, 1, 1, 1], L1), first, second]),
      4,
      "row has 2 cell(s) after the 分類 label, expected 5 (必須／推奨, 対策項目, 対象GL, GLでの参照箇所, 確認項目): truncated row",
    );
  });
});

describe("HISPRO parser: sections", () => {
  it("names an untitled 中分類 at the line of its own first row", () => {
    // Line 490 (`startsWith`): the first row under 2-1, not an earlier row of 1-2-1, whose number also ends in 2-1.
    const L12 = "1. 設備・運用 2) 医療情報の保存/取扱いに関する条件 ①通常運用/事後の責任の在り方";
    expectFailure(
      seed([row([1, 1, 1, 1], L1), row([1, 2, 1, 1], L12), row([2, 1, 1, 1], "2. 機能と運用 ①組織的安全性"), row([3, 1, 1], L3)], { tail: false }),
      5,
      "no 分類 label names section 2-1",
    );
  });

  it("calls a 小分類 0 after items placed directly in its 中分類 what it is, not out of order", () => {
    // Line 469 (`comparePaths(…) < 0`): 3-1-0 does not sort before 3-1; the section placing is what fails (453).
    expectFailure(
      seed([row([1, 1, 1, 1], L1), row([2, 1, 1, 1], L2), row([3, 1, 1], L3), row([3, 1, 0, 1], `${L3} ①説明`)], { tail: false }),
      6,
      "section 3-1-0 follows items placed directly in 3-1",
    );
  });
});

describe("HISPRO parser: 要件 numbers that skip or go back", () => {
  it("reports as absent only the numbers no row has printed yet", () => {
    // Lines 508–517: after 1, 4, 2 the row 6 skips 3 and 5, not 4 (printed before the row that went back); after
    // 1, 3, 2 the row 4 skips nothing. (Before this test the parser reported 「numbers 3–5 are absent」 and
    // 「numbers 3–3 are absent」 here: a number printed two rows earlier was called absent.)
    const gaps = (numbers: number[]) =>
      parseHispro(seed(numbers.map((n) => row([1, 1, 1, n], L1))))
        .repairs.filter((x) => x.kind.startsWith("number-") || x.kind === "duplicate-number")
        .map((x) => `${x.line} ${x.kind} ${x.message}`);
    expect(gaps([1, 4, 2, 6])).toEqual([
      "4 number-gap 要件 1-1-1-4 follows 1-1-1-1; numbers 2–3 are absent",
      "5 number-out-of-order 要件 1-1-1-2 follows 1-1-1-4",
      "6 number-gap 要件 1-1-1-6 follows 1-1-1-2; numbers 3, 5 are absent",
    ]);
    expect(gaps([1, 3, 2, 4])).toEqual(["4 number-gap 要件 1-1-1-3 follows 1-1-1-1; numbers 2–2 are absent", "5 number-out-of-order 要件 1-1-1-2 follows 1-1-1-3"]);
    expect(gaps([1, 5, 2, 4])).toEqual([
      "4 number-gap 要件 1-1-1-5 follows 1-1-1-1; numbers 2–4 are absent",
      "5 number-out-of-order 要件 1-1-1-2 follows 1-1-1-5",
      "6 number-gap 要件 1-1-1-4 follows 1-1-1-2; numbers 3–3 are absent",
    ]);
  });
});

describe("HISPRO parser: cell text", () => {
  it("collapses runs of blanks inside a cell to one space", () => {
    // Line 573 (`/\s+/g` in collapse): two spaces, an ideographic space and a no-break space are one space.
    const r = parseHispro(seed([row([1, 1, 1, 1], L1, { text: "方針を  定め、\u3000 \u00a0文書化すること。", points: "・方針が  あるか" })]));
    expect(item(r, "1-1-1-1")).toMatchObject({ text: "方針を 定め、 文書化すること。", checkPoints: ["方針が あるか"] });
  });

  it("names the 確認項目 cell when it removes tags or footnote numbers there", () => {
    // Line 276 (the cell named in the repairs of cleanText, 352–365).
    const r = parseHispro(seed([row([1, 1, 1, 1], L1, { points: "・<b>方針</b>があるか<br>・PDF41、JPEG42形式か" })]));
    expect(item(r, "1-1-1-1").checkPoints).toEqual(["方針があるか", "PDF、JPEG形式か"]);
    expect(repairs(r, "html-tag")).toEqual(["3 確認項目: extraction tag(s) <b> </b> <br> removed"]);
    expect(repairs(r, "footnote-marker")).toEqual(["3 確認項目: footnote number(s) glued to PDF41, JPEG42 removed (the notes are not in the seed)"]);
  });

  it("takes only names ending in GL as complete guideline names", () => {
    // Line 413 (`/GL$/`): 「総務省ASP-GL付録」 is not a complete name, so it is reported, and it does not make
    // 「総務省ASP-」 ambiguous.
    const r = parseHispro(
      seed([
        row([1, 1, 1, 1], L1, { gl: "総務省ASP-GL" }),
        row([1, 1, 1, 2], L1, { gl: "総務省ASP-GL付録" }),
        row([1, 1, 1, 3], L1, { gl: "総務省ASP-" }),
      ]),
    );
    expect(items(r).slice(0, 3).map((i) => i.references![0].guideline)).toEqual(["総務省ASP-GL", "総務省ASP-GL付録", "総務省ASP-GL"]);
    expect(repairs(r, "guideline-unrecognised")).toEqual(["4 対象GL 「総務省ASP-GL付録」 matches no complete guideline name in the seed; kept as printed"]);
    expect(repairs(r, "truncated-cell")).toEqual(["5 対象GL 「総務省ASP-」 is cut short; completed to 「総務省ASP-GL」"]);
  });
});
