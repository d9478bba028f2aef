// The HISPRO parser on small hand-written seed fragments: what a reader of the generated checksheet sees
// for each layout of the 項目集's rows, and a clear SeedParseError (with its line) for input it cannot place.
// The real seed is covered by hispro-parser.test.ts; these fragments reach the edges it does not have.
import { describe, expect, it } from "vitest";
import { parseHispro } from "../../disclosures/parsers/hispro-parser.js";
import type { ParseResult } from "../../disclosures/parsers/parse-report.js";
import { validateTemplate, walkItems, walkSections } from "../../disclosures/template-loader.js";
import { HEADER, L1, L2, L3, row, TITLE } from "./hispro-seed-fixture.js";
import { refusal } from "./refusal.js";

/** A whole seed: title, header, the given rows, then one row of 大分類 2 and 3 unless the rows bring their own. */
function seed(rows: string[], { header = HEADER, tail = true } = {}): string {
  const rest = tail ? [row([2, 1, 1, 1], L2), row([3, 1, 1], L3)] : [];
  return [TITLE, "", header, ...rows, ...rest].join("\n");
}
const parse = (text: string) => parseHispro(text);
const items = (r: ParseResult) => [...walkItems(r.templates[0])].map((e) => e.item);
const item = (r: ParseResult, number: string) => items(r).find((i) => i.number === number)!;
const repairs = (r: ParseResult, kind: string) => r.repairs.filter((x) => x.kind === kind);

const failure = (text: string) => refusal(parseHispro, text);

describe("HISPRO parser on seed fragments: the template a reader sees", () => {
  it("builds the three 大分類 with their titles, items, levels, references and check points", () => {
    const r = parse(
      seed(
        [
          row([1, 1, 1, 1], L1, { text: "方針を定めること。", points: "・方針があるか ・署名があるか" }),
          row([1, 1, 1, 2], L1, { level: "推奨", text: "見直すこと。", gl: "総務省ASP-GL", loc: "II. 2", points: "見直しているか" }),
        ],
        { tail: false },
      ) +
        "\n" +
        [row([2, 1, 1, 1], L2, { level: "推奨", gl: "総務省医療ASP-GL", loc: "3.2.1" }), row([3, 1, 1], L3, { gl: "経産省医療外部保存-GL", loc: "" })].join("\n"),
    );
    const t = validateTemplate(r.templates[0], "fragment");
    expect(t.source).toEqual({ document: "外部保存、ASP・SaaS チェックシート項目集", edition: "版表記なし", publisher: "HISPRO", seed: "004_1778484f1ffe0871.txt" });
    expect([...walkSections(t.sections)].map(({ section }) => `${section.key} ${section.number} ${section.title}`)).toEqual([
      "s1 1 設備・運用",
      "s1-1 1-1 一般的条件",
      "s1-1-1 1-1-1 組織・運用への対策項目",
      "s2 2 機能と運用",
      "s2-1 2-1 安全管理上の要求事項",
      "s2-1-1 2-1-1 組織的安全性",
      "s3 3 契約・合意・説明に関する事項",
      "s3-1 3-1 内部運用に関する条件",
    ]);
    expect(items(r)).toEqual([
      {
        key: "1.1.1.1",
        number: "1-1-1-1",
        text: "方針を定めること。",
        level: "required",
        answer: { kind: "status", scale: "hispro" },
        category: L1,
        references: [{ guideline: "総務省ASP-GL", location: "II. 1" }],
        checkPoints: ["方針があるか", "署名があるか"],
      },
      {
        key: "1.1.1.2",
        number: "1-1-1-2",
        text: "見直すこと。",
        level: "recommended",
        answer: { kind: "status", scale: "hispro" },
        category: L1,
        references: [{ guideline: "総務省ASP-GL", location: "II. 2" }],
        checkPoints: ["見直しているか"],
      },
      {
        key: "2.1.1.1",
        number: "2-1-1-1",
        text: "対策を講じること。",
        level: "recommended",
        answer: { kind: "status", scale: "hispro" },
        category: L2,
        references: [{ guideline: "総務省医療ASP-GL", location: "3.2.1" }],
        checkPoints: ["講じているか"],
      },
      // An empty GLでの参照箇所 gives a reference to the whole guideline, without a location.
      {
        key: "3.1.1",
        number: "3-1-1",
        text: "対策を講じること。",
        level: "required",
        answer: { kind: "status", scale: "hispro" },
        category: L3,
        references: [{ guideline: "経産省医療外部保存-GL" }],
        checkPoints: ["講じているか"],
      },
    ]);
    // A clean fragment needs no repair but the page header (and the 3-number row under a 4-column header).
    expect(r.repairs.map((x) => `${x.line} ${x.kind}`)).toEqual(["3 page-header", "7 shifted-columns"]);
    expect(r.repairs[0].message).toBe("page header skipped (line 3); numeric columns before 分類: 大分類, 中分類, 小分類, 要件");
    expect(r.repairs[1].message).toBe(
      "header (line 3) declares 4 numbering columns, row has 3: 小分類 column missing (this 中分類 has no 小分類); cells realigned",
    );
  });

  it("reads a two-line page header and the layouts with an extra running number", () => {
    const header = "大分類\t項番\t\t\t要件\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目\n\t中分類\t小分類\t項目\t\t\t\t\t\t\t";
    const r = parse(seed([row([1, 1, 1, 1, 1], L1), row([1, 1, 1, 2, 7], L1)], { header }));
    expect(items(r).map((i) => i.number)).toEqual(["1-1-1-1", "1-1-1-2", "2-1-1-1", "3-1-1"]);
    expect(repairs(r, "page-header")[0]).toEqual({
      line: 3,
      kind: "page-header",
      message: "page header skipped (lines 3–4); numeric columns before 分類: 大分類, 中分類, 小分類, 要件, running 項番",
    });
    expect(repairs(r, "extra-number-column").map((x) => x.message)).toEqual([
      "extra running number column (1) dropped; 要件 1 kept",
      "extra running number column (7) dropped; 要件 2 kept (the two differ)",
    ]);
    // The 4-number row of 大分類 2 lost the running number; the 3-number row of 大分類 3 has no 小分類.
    expect(repairs(r, "shifted-columns").map((x) => x.message)).toEqual([
      "header (line 3) declares 5 numbering columns, row has 4: running 項番 column missing; cells realigned",
      "header (line 3) declares 5 numbering columns, row has 3: 小分類 column missing (this 中分類 has no 小分類); cells realigned",
    ]);
  });

  it("names the running 項番 as the missing column when a row lacks it", () => {
    const header = "大分類\t中分類\t小分類\t要件\t項番\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目";
    const r = parse(seed([row([1, 1, 1, 1], L1)], { header }));
    expect(item(r, "1-1-1-1").text).toBe("対策を講じること。");
    expect(repairs(r, "shifted-columns")[0].message).toBe(
      "header (line 3) declares 5 numbering columns, row has 4: running 項番 column missing; cells realigned",
    );
  });

  it("takes the 小分類 from the label's circled number when a 3-number row sits under a header with 要件", () => {
    const L33 = "3. 契約・合意・説明に関する事項 3) 医療情報の保存／取扱いをする場合の要求事項 ②サービス提供終了時の要求事項";
    const r = parse(seed([row([1, 1, 1, 1], L1), row([2, 1, 1, 1], L2), row([3, 3, 4], L33, { text: "返還すること。" })], { tail: false }));
    expect(item(r, "3-3-2-4")).toMatchObject({ key: "3.3.2.4", text: "返還すること。", category: L33 });
    expect(repairs(r, "shifted-columns")[0]).toEqual({
      line: 6,
      kind: "shifted-columns",
      message: "header (line 3) declares 4 numbering columns, row has 3: 小分類 column missing, 小分類 ② taken from the 分類 label; cells realigned",
    });
    // 要件 4 is the first of its 小分類: the absent 1–3 are reported.
    expect(repairs(r, "number-gap")[0].message).toBe("要件 3-3-2-4 follows 3-3-2-0; numbers 1–3 are absent");
  });

  it("infers 要件 from the sequence on a page whose header has no 要件 column", () => {
    const header = "大分類\t中分類\t小分類\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目";
    const r = parse(seed([row([1, 1, 1], L1, { text: "一つ目。" }), row([1, 1, 1], L1, { text: "二つ目。" })], { header, tail: false }) + "\n" + [row([2, 1, 1], L2), row([3, 1, 1], L3)].join("\n"));
    expect(items(r).map((i) => `${i.number} ${i.text}`)).toEqual(["1-1-1-1 一つ目。", "1-1-1-2 二つ目。", "2-1-1-1 対策を講じること。", "3-1-1 対策を講じること。"]);
    expect(repairs(r, "number-inferred").map((x) => x.message)).toEqual([
      "page has no 要件 column; 要件 1-1-1-1 inferred from the previous row",
      "page has no 要件 column; 要件 1-1-1-2 inferred from the previous row",
      "page has no 要件 column; 要件 2-1-1-1 inferred from the previous row",
    ]);
    // 3-1 has no 小分類: its 3 numbers are 大分類 中分類 要件 and nothing is inferred.
    expect(item(r, "3-1-1").key).toBe("3.1.1");
  });

  it("reads a 中分類 without 小分類 whose 小分類 column repeats the 要件", () => {
    const r = parse(seed([row([1, 1, 1, 1], L1), row([2, 1, 1, 1], L2), row([3, 1, 5, 5], L3)], { tail: false }));
    expect(item(r, "3-1-5")).toMatchObject({ key: "3.1.5", category: L3 });
    expect(repairs(r, "duplicate-number-column")[0].message).toBe("小分類 column holds 5, a copy of 要件 5: this 中分類 has no 小分類");
    expect(repairs(r, "shifted-columns")).toEqual([]);
  });

  it("keeps the numbering where the 分類 label disagrees with it, and says so", () => {
    const r = parse(seed([row([1, 1, 1, 1], L1), row([1, 1, 2, 1], "1. 設備・運用 1) 一般的条件 ③物理的・技術的対策項目")]));
    expect(item(r, "1-1-2-1").category).toBe("1. 設備・運用 1) 一般的条件 ③物理的・技術的対策項目");
    const wrongMajor = parse(seed([row([1, 1, 1, 1], L1), row([1, 1, 1, 2], "2. 設備・運用 1) 一般的条件 ①組織・運用への対策項目")]));
    const wrongMiddle = parse(seed([row([1, 1, 1, 1], L1), row([1, 1, 1, 2], "1. 設備・運用 2) 一般的条件 ①組織・運用への対策項目")]));
    expect(item(wrongMajor, "1-1-1-2").category).toBe(L1);
    expect(item(wrongMiddle, "1-1-1-2").category).toBe(L1);
    expect(repairs(r, "label-number-mismatch").map((x) => x.message)).toEqual(["分類 label says 小分類 ③, numbering column says 2; numbering kept"]);
    expect(repairs(wrongMajor, "label-number-mismatch").map((x) => x.message)).toEqual(["分類 label says 大分類 2, numbering column says 1; numbering kept"]);
    expect(repairs(wrongMiddle, "label-number-mismatch").map((x) => x.message)).toEqual(["分類 label says 中分類 2), numbering column says 1; numbering kept"]);
  });

  it("completes a label without its 中分類 part and titles sections by the majority spelling", () => {
    const r = parse(
      seed([
        row([1, 1, 1, 1], L1),
        row([1, 1, 1, 2], "1. 設備・運用 ①組織・運用への対策項目"),
        row([1, 1, 1, 3], "1. 設備・運用 1) 一般的条件 ①組織・運用への対策 項目"),
        row([1, 1, 1, 4], "1. 設備・運用 1) 一般的条件 ①組織/運用への対策項目"),
        row([1, 1, 1, 5], L1),
      ]),
    );
    expect([...walkSections(r.templates[0].sections)][2].section.title).toBe("組織・運用への対策項目");
    expect(items(r).slice(0, 5).map((i) => i.category)).toEqual([L1, L1, L1, L1, L1]);
    expect(repairs(r, "label-missing-middle").map((x) => `${x.line} ${x.message}`)).toEqual([
      "5 分類 「1. 設備・運用 ①組織・運用への対策項目」 lacks the 中分類 part 「1) 一般的条件」; completed from the numbering",
    ]);
    expect(repairs(r, "wrapped-cell").map((x) => `${x.line} ${x.message}`)).toEqual(["6 分類 小分類 「組織・運用への対策項目」: line-wrap space removed"]);
    // Only the 「/」 spelling differs from the section's usual one beyond spacing.
    expect(repairs(r, "label-spelling").map((x) => `${x.line} ${x.message}`)).toEqual([
      `7 分類 「1. 設備・運用 1) 一般的条件 ①組織/運用への対策項目」 differs from the section's usual spelling 「${L1}」; the usual spelling is used`,
    ]);
  });

  it("on a tie between two spellings of a section title, takes the first printed", () => {
    const r = parse(seed([row([1, 1, 1, 1], L1), row([1, 1, 1, 2], "1. 設備・運用 1) 一般的条件 ①組織/運用への対策項目")]));
    expect([...walkSections(r.templates[0].sections)][2].section.title).toBe("組織・運用への対策項目");
  });

  it("cleans cells: HTML tags, glued footnote numbers, Roman numerals, guideline spellings", () => {
    const r = parse(
      seed([
        row([1, 1, 1, 1], L1, { text: "<b>暗号化</b>すること。<br>また<span>記録</span>すること。", gl: "総務省 ASP-GL", loc: "Ⅲ. 1. 2" }),
        row([1, 1, 1, 2], L1, { text: "PDF41、JPEG42形式で保存すること。", points: "・<ISMSの場合のみ>を確認しているか" }),
      ]),
    );
    expect(item(r, "1-1-1-1")).toMatchObject({ text: "暗号化すること。 また記録すること。", references: [{ guideline: "総務省ASP-GL", location: "III. 1. 2" }] });
    expect(item(r, "1-1-1-2")).toMatchObject({ text: "PDF、JPEG形式で保存すること。", checkPoints: ["<ISMSの場合のみ>を確認しているか"] });
    expect(repairs(r, "html-tag").map((x) => x.message)).toEqual(["対策項目: extraction tag(s) <b> </b> <br> <span> </span> removed"]);
    expect(repairs(r, "footnote-marker").map((x) => x.message)).toEqual(["対策項目: footnote number(s) glued to PDF41, JPEG42 removed (the notes are not in the seed)"]);
    expect(repairs(r, "location-numeral").map((x) => x.message)).toEqual(["GLでの参照箇所 「Ⅲ. 1. 2」 written as 「III. 1. 2」"]);
    expect(repairs(r, "guideline-spelling").map((x) => x.message)).toEqual(["対象GL 「総務省 ASP-GL」 written as 「総務省ASP-GL」"]);
  });

  it("completes a cut guideline name only when exactly one full name fits, and reports an empty one", () => {
    const r = parse(
      seed([
        row([1, 1, 1, 1], L1, { gl: "総務省ASP-GL" }),
        row([1, 1, 1, 2], L1, { gl: "総務省医療ASP-GL" }),
        row([1, 1, 1, 3], L1, { gl: "総務省医療ASP-" }),
        row([1, 1, 1, 4], L1, { gl: "総務省" }),
        row([1, 1, 1, 5], L1, { gl: "", loc: "" }),
      ]),
    );
    expect(item(r, "1-1-1-3").references).toEqual([{ guideline: "総務省医療ASP-GL", location: "II. 1" }]);
    // 「総務省」 starts two names: kept as printed, never guessed.
    expect(item(r, "1-1-1-4").references).toEqual([{ guideline: "総務省", location: "II. 1" }]);
    expect(item(r, "1-1-1-5").references).toBeUndefined();
    expect(repairs(r, "truncated-cell").map((x) => x.message)).toEqual(["対象GL 「総務省医療ASP-」 is cut short; completed to 「総務省医療ASP-GL」"]);
    expect(repairs(r, "guideline-unrecognised").map((x) => x.message)).toEqual(["対象GL 「総務省」 matches no complete guideline name in the seed; kept as printed"]);
    expect(repairs(r, "missing-reference").map((x) => `${x.line} ${x.message}`)).toEqual(["8 empty 対象GL cell: item has no reference"]);
  });

  it("splits 確認項目 on bullets and carries each qualifier over the bullets it governs", () => {
    const r = parse(
      seed([
        row([1, 1, 1, 1], L1, { points: "<ISMSの場合のみ> ・範囲を定めているか ・監査を受けているか" }),
        row([1, 1, 1, 2], L1, { points: "(ハウジングの場合) ・Aか (ホスティングの場合) ・Bか ・Cか" }),
        row([1, 1, 1, 3], L1, { points: "前置き ・サーバ・ストレージを監視しているか" }),
        row([1, 1, 1, 4], L1, { points: "(注記)" }),
        row([1, 1, 1, 5], L1, { points: "・Aか ・Bか (ホスティングの場合)" }),
        row([1, 1, 1, 6], L1, { points: "" }),
      ]),
    );
    expect(item(r, "1-1-1-1").checkPoints).toEqual(["<ISMSの場合のみ> 範囲を定めているか", "<ISMSの場合のみ> 監査を受けているか"]);
    expect(item(r, "1-1-1-2").checkPoints).toEqual(["(ハウジングの場合) Aか", "(ホスティングの場合) Bか", "(ホスティングの場合) Cか"]);
    // A lead text that is not a qualifier is a check point of its own; ・ inside a word is no bullet.
    expect(item(r, "1-1-1-3").checkPoints).toEqual(["前置き", "サーバ・ストレージを監視しているか"]);
    // A qualifier-like cell with no bullets after it is the check point itself.
    expect(item(r, "1-1-1-4").checkPoints).toEqual(["(注記)"]);
    // A trailing qualifier after the last bullet governs nothing: it stays in that bullet's text.
    expect(item(r, "1-1-1-5").checkPoints).toEqual(["Aか", "Bか (ホスティングの場合)"]);
    expect(item(r, "1-1-1-6").checkPoints).toBeUndefined();
    expect(repairs(r, "check-point-qualifier").map((x) => `${x.line} ${x.message}`)).toEqual([
      "4 確認項目 qualifier(s) 「<ISMSの場合のみ>」 kept as text on each check point they govern",
      "5 確認項目 qualifier(s) 「(ハウジングの場合)」, 「(ホスティングの場合)」 kept as text on each check point they govern",
    ]);
  });

  it("keys a repeated number uniquely and reports gaps and numbers that go back", () => {
    const r = parse(seed([row([1, 1, 1, 1], L1), row([1, 1, 1, 3], L1), row([1, 1, 1, 2], L1), row([1, 1, 1, 3], L1)]));
    expect(items(r).slice(0, 4).map((i) => `${i.key} ${i.number}`)).toEqual(["1.1.1.1 1-1-1-1", "1.1.1.3 1-1-1-3", "1.1.1.2 1-1-1-2", "1.1.1.3_2 1-1-1-3"]);
    expect(r.repairs.filter((x) => x.kind.startsWith("number-") || x.kind === "duplicate-number").map((x) => `${x.line} ${x.kind} ${x.message}`)).toEqual([
      "5 number-gap 要件 1-1-1-3 follows 1-1-1-1; numbers 2–2 are absent",
      "6 number-out-of-order 要件 1-1-1-2 follows 1-1-1-3",
      "7 duplicate-number 要件 1-1-1-3 appears 2 times; this row keyed \"1.1.1.3_2\"",
    ]);
  });

  it("reads number cells padded with spaces and labels written without spaces", () => {
    const r = parse(seed([[" 1", "1 ", " 1 ", "1", "1.設備・運用 1)一般的条件 ①組織・運用への対策項目", "必須", "方針を定めること。", "総務省ASP-GL", "II. 1", "・ある ・"].join("\t")]));
    expect(items(r)[0]).toMatchObject({ number: "1-1-1-1", text: "方針を定めること。", category: L1, checkPoints: ["ある"] });
    expect([...walkSections(r.templates[0].sections)].slice(0, 3).map(({ section }) => section.title)).toEqual(["設備・運用", "一般的条件", "組織・運用への対策項目"]);
  });

  it("titles a 中分類 from the labels that name it, however many rows lack that part", () => {
    const bare = "1. 設備・運用 ①組織・運用への対策項目";
    const r = parse(seed([row([1, 1, 1, 1], L1), row([1, 1, 1, 2], bare), row([1, 1, 1, 3], bare)]));
    expect([...walkSections(r.templates[0].sections)][1].section.title).toBe("一般的条件");
    expect(items(r).slice(0, 3).map((i) => i.category)).toEqual([L1, L1, L1]);
  });

  it("keys a number printed again after later ones without calling it out of order", () => {
    const r = parse(seed([row([1, 1, 1, 1], L1), row([1, 1, 1, 2], L1), row([1, 1, 1, 1], L1)]));
    expect(items(r).slice(0, 3).map((i) => i.key)).toEqual(["1.1.1.1", "1.1.1.2", "1.1.1.1_2"]);
    expect(r.repairs.filter((x) => x.kind.startsWith("number-") || x.kind === "duplicate-number").map((x) => `${x.line} ${x.kind}`)).toEqual(["6 duplicate-number"]);
  });

  it("reads a 必須／推奨 cell split by a line-wrap space", () => {
    const r = parse(seed([row([1, 1, 1, 1], L1, { level: "必 須" }), row([1, 1, 1, 2], L1, { level: " 推 奨 " })]));
    expect(items(r).slice(0, 2).map((i) => i.level)).toEqual(["required", "recommended"]);
  });

  it("accepts CRLF line ends and blank lines between pages", () => {
    const r = parse(seed([row([1, 1, 1, 1], L1), "", "  ", row([1, 1, 1, 2], L1)]).replace(/\n/g, "\r\n"));
    expect(items(r).map((i) => i.number)).toEqual(["1-1-1-1", "1-1-1-2", "2-1-1-1", "3-1-1"]);
    expect(item(r, "3-1-1").checkPoints).toEqual(["講じているか"]);
  });
});

describe("HISPRO parser on damaged seed fragments: a clear SeedParseError with the line", () => {
  const expectFailure = (text: string, line: number, message: RegExp) => {
    const error = failure(text);
    expect({ line: error.line, seed: error.seed }).toEqual({ line, seed: "004_1778484f1ffe0871.txt" });
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`004_1778484f1ffe0871.txt:${line}: `)).toBe(true);
  };

  it("refuses a seed without its title line, or with rows before it or before a header", () => {
    expectFailure(["外部保存 チェックシート項目集", HEADER].join("\n"), 1, /expected the title line 「HISPRO …チェックシート項目集」, found 「外部保存 チェックシート項目集」/);
    expectFailure(["", HEADER, row([1, 1, 1, 1], L1)].join("\n"), 3, /row before the title line/);
    expectFailure([TITLE, row([1, 1, 1, 1], L1)].join("\n"), 2, /item row before any table header/);
  });

  it("refuses a seed that ends on a header or has no item rows", () => {
    expectFailure([TITLE, "", HEADER].join("\n"), 3, /ends with a table header and no item rows \(truncated seed\)/);
    expectFailure([TITLE, "", HEADER, row([1, 1, 1, 1], L1), HEADER].join("\n"), 5, /truncated seed/);
    expectFailure([TITLE, ""].join("\n"), 2, /no item rows found/);
  });

  it("refuses a seed that lacks a 大分類 or has them out of place", () => {
    expectFailure(seed([row([1, 1, 1, 1], L1)], { tail: false }), 4, /expected 大分類 1–3, found 1 \(truncated seed\?\)/);
    expectFailure(seed([row([1, 1, 1, 1], L1), row([2, 1, 1, 1], L2), row([4, 1, 1], "4. その他 1) 条件")], { tail: false }), 6, /found 1, 2, 4/);
    expectFailure(seed([row([2, 1, 1, 1], L2), row([3, 1, 1], L3), row([3, 2, 1], "3. 契約・合意・説明に関する事項 2) 再委託先の管理・監督")], { tail: false }), 6, /found 2, 3/);
  });

  it("refuses a header it cannot read", () => {
    expectFailure([TITLE, "大分類\t中分類\t要件\t対策項目", row([1, 1, 1, 1], L1)].join("\n"), 2, /table header without a 分類 column/);
    expectFailure([TITLE, "分類\t大分類\t必須／推奨", row([1, 1, 1, 1], L1)].join("\n"), 2, /table header without a 分類 column/);
    expectFailure([TITLE, "大分類\t確認項目\t分類\t必須／推奨", row([1, 1, 1, 1], L1)].join("\n"), 2, /table header column 2 names no numbering role/);
  });

  it("refuses rows it cannot place", () => {
    expectFailure(seed(["これは\tゴミ行\tです"]), 4, /cannot place this line: expected numbering columns and a 分類 label, found 「これは ゴミ行 です」/);
    expectFailure(seed([row([1, 1, 1, 1], "設備・運用 1) 一般的条件")]), 4, /cannot place this line/);
    expectFailure(seed([[1, 1, 1, 1, L1, "必須", "対策", "総務省ASP-GL", "II"].join("\t")]), 4, /row has 4 cell\(s\) after the 分類 label, expected 5 .*truncated row/);
    expectFailure(seed([row([1, 1, 1, 1], L1) + "\t余分なセル"]), 4, /unexpected cells after 確認項目: 「余分なセル」/);
    const extra = ["余分なセル".repeat(8), "もう一つの余分なセル".repeat(4)];
    expect(failure(seed([[row([1, 1, 1, 1], L1), ...extra].join("\t")])).message).toBe(
      `004_1778484f1ffe0871.txt:4: row has unexpected cells after 確認項目: 「${extra.join(" | ").slice(0, 60)}」`,
    );
    // A row of numbers only, a row whose first cell is not a number, a label that does not start with one.
    expectFailure(seed(["1\t1\t1\t1"]), 4, /cannot place this line: expected numbering columns and a 分類 label, found 「1 1 1 1」/);
    expectFailure(seed([row(["x1"], L1)]), 4, /cannot place this line: expected numbering columns and a 分類 label/);
    expectFailure(seed([row([1, 1, 1, 1], `第${L1}`)]), 4, /cannot place this line: expected numbering columns and a 分類 label/);
    const garbage = "これは表に合わない長いゴミ行です".repeat(5);
    expect(failure(seed([`${garbage}\t${garbage}`])).message).toBe(
      `004_1778484f1ffe0871.txt:4: cannot place this line: expected numbering columns and a 分類 label, found 「${`${garbage} ${garbage}`.slice(0, 60)}」`,
    );
    // Empty cells after 確認項目 are the extraction's padding, not content.
    expect(items(parse(seed([row([1, 1, 1, 1], L1) + "\t\t "])))).toHaveLength(3);
    expectFailure(seed([row([1, 1, 1, 1], L1, { level: "任意" })]), 4, /必須／推奨 cell is 「任意」, expected 必須 or 推奨/);
    expectFailure(seed([row([1, 1, 1, 1], L1, { text: "<b></b>" })]), 4, /empty 対策項目/);
  });

  it("refuses numbering that does not fit the 分類 label", () => {
    expectFailure(seed([row([1, 1, 1, 1, 1], "1. 設備・運用 1) 一般的条件")]), 4, /five numbering columns but the 分類 label has no 小分類/);
    expectFailure(seed([row([1, 1, 1, 1], L1), row([2, 1, 1, 1], L2), row([3, 1, 2, 5], L3)], { tail: false }), 6, /the 分類 label has no 小分類 but the row has four numbers 3-1-2-5$/);
    expectFailure(seed([row([1, 1], L1)]), 4, /cannot place this row: 2 numbering column\(s\) \(1, 1\)/);
    expectFailure(seed([row([1, 1, 1, 1, 1, 1], L1)]), 4, /cannot place this row: 6 numbering column\(s\)/);
  });

  it("refuses a 分類 label with an empty title", () => {
    expectFailure(seed([row([1, 1, 1, 1], "1. 1) 一般的条件 ①組織")]), 4, /has an empty 大分類 title/);
    expectFailure(seed([row([1, 1, 1, 1], "1. 設備・運用 1) ①組織")]), 4, /has an empty 中分類 title/);
    expectFailure(seed([row([1, 1, 1, 1], "1. 設備・運用 1) 一般的条件 ①")]), 4, /has an empty 小分類 title/);
  });

  it("refuses sections out of order, revisited, or mixing items with sub-sections", () => {
    expectFailure(seed([row([1, 1, 2, 1], L1), row([1, 1, 1, 1], L1)]), 5, /section 1-1-1 comes after 1-1-2: numbering out of order/);
    expectFailure(seed([row([2, 1, 1, 1], L2), row([1, 1, 1, 1], L1), row([3, 1, 1], L3)], { tail: false }), 5, /section 1-1-1 comes after 2-1-1: numbering out of order/);
    expectFailure(seed([row([1, 2, 1, 1], L1), row([1, 1, 1, 1], L1)]), 5, /section 1-1-1 comes after 1-2-1: numbering out of order/);
    expectFailure(seed([row([1, 1, 1, 1], L1), row([1, 1, 2, 1], L1), row([1, 1, 1, 2], L1)]), 6, /row returns to section 1-1-1, which earlier rows already left/);
    // 3-1 holds items directly; a 3-1-1 小分類 after them cannot be placed.
    expectFailure(
      seed([row([1, 1, 1, 1], L1), row([2, 1, 1, 1], L2), row([3, 1, 1], L3), row([3, 1, 1, 1], "3. 契約・合意・説明に関する事項 1) 内部運用に関する条件 ①説明")], { tail: false }),
      7,
      /section 3-1-1 follows items placed directly in 3-1/,
    );
    // 3-3 has 小分類 sections; a later row without 小分類 in it goes back to a section already left.
    const L331 = "3. 契約・合意・説明に関する事項 3) 要求事項 ①説明する事項";
    expectFailure(
      seed([row([1, 1, 1, 1], L1), row([2, 1, 1, 1], L2), row([3, 3, 1, 1], L331), row([3, 3, 9], "3. 契約・合意・説明に関する事項 3) 要求事項")], { tail: false }),
      7,
      /row returns to section 3-3, which earlier rows already left/,
    );
  });

  it("refuses a 中分類 that no 分類 label names", () => {
    expectFailure(
      seed([row([1, 1, 1, 1], L1), row([2, 1, 1, 1], L2), row([3, 2, 1], "3. 契約・合意・説明に関する事項")], { tail: false }),
      6,
      /no 分類 label names section 3-2/,
    );
  });
});
