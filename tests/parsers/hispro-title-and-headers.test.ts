// How the HISPRO parser tells the title line, page headers and item rows apart, on small hand-written seeds:
// a stray line in the wrong place is refused with the message that names what it is, never taken for a title
// or a header and never dropped. (Rows and sections: hispro-damaged-seeds.test.ts; the real seed:
// hispro-parser.test.ts.)
import { describe, expect, it } from "vitest";
import { parseHispro } from "../../disclosures/parsers/hispro-parser.js";
import { SeedParseError } from "../../disclosures/parsers/parse-report.js";
import { walkItems } from "../../disclosures/template-loader.js";

const TITLE = "HISPRO 外部保存、ASP・SaaS チェックシート項目集";
const HEADER = "大分類\t中分類\t小分類\t要件\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目";
const row = (nums: number[], label: string) => [...nums, label, "必須", "対策を講じること。", "総務省ASP-GL", "II. 1", "・講じているか"].join("\t");
const ROWS = [
  row([1, 1, 1, 1], "1. 設備・運用 1) 一般的条件 ①組織・運用への対策項目"),
  row([2, 1, 1, 1], "2. 機能と運用 1) 安全管理上の要求事項 ①組織的安全性"),
  row([3, 1, 1], "3. 契約・合意・説明に関する事項 1) 内部運用に関する条件"),
];
const numbers = (text: string) => [...walkItems(parseHispro(text).templates[0])].map((e) => e.item.number);

function expectFailure(text: string, line: number, message: RegExp) {
  let error: unknown;
  try {
    parseHispro(text);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SeedParseError);
  expect((error as SeedParseError).message).toMatch(message);
  expect((error as SeedParseError).line).toBe(line);
}

describe("HISPRO parser: title line, page headers and stray lines", () => {
  it("takes the title from its line even with empty cells after it, and only when it starts with HISPRO", () => {
    const r = parseHispro([`${TITLE}\t \t`, HEADER, ...ROWS].join("\n"));
    expect(r.templates[0].source).toMatchObject({ document: "外部保存、ASP・SaaS チェックシート項目集", publisher: "HISPRO" });
    expectFailure([`発行 ${TITLE}`, HEADER, ...ROWS].join("\n"), 1, /expected the title line 「HISPRO …チェックシート項目集」, found 「発行 HISPRO/);
    expectFailure(["HISPRO", HEADER, ...ROWS].join("\n"), 1, /expected the title line/);
  });

  it("refuses an item row before the title line instead of reading it as the title", () => {
    expectFailure([ROWS[0], TITLE, HEADER, ...ROWS.slice(1)].join("\n"), 1, /row before the title line 「HISPRO 外部保存、ASP・SaaS チェックシート項目集」/);
  });

  it("refuses a one-cell line inside the table (a page number) instead of reading it as a title", () => {
    expectFailure([TITLE, HEADER, ROWS[0], "12", ...ROWS.slice(1)].join("\n"), 4, /cannot place this line: expected numbering columns and a 分類 label, found 「12」/);
    expectFailure([TITLE, HEADER, ROWS[0], "注記", ...ROWS.slice(1)].join("\n"), 4, /cannot place this line: .*found 「注記」/);
  });

  it("reads a header only when every cell is a column name", () => {
    // A line that mentions a column name among other text is not a header: it cannot be placed.
    expectFailure([TITLE, HEADER, ROWS[0], "分類\t以下は参考", ...ROWS.slice(1)].join("\n"), 4, /cannot place this line/);
  });

  it("reads a header block of three lines, and a second line shorter than the first", () => {
    const three = parseHispro(
      [TITLE, "大分類\t項番\t\t\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目", "\t中分類\t小分類", "\t\t\t要件", ...ROWS].join("\n"),
    );
    expect(three.repairs[0]).toEqual({
      line: 2,
      kind: "page-header",
      message: "page header skipped (lines 2–4); numeric columns before 分類: 大分類, 中分類, 小分類, 要件",
    });
    // The second line stops after its last name; the columns to its right are read from the first line.
    const short = parseHispro([TITLE, "項番\t\t\t\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目", "大分類\t中分類\t小分類\t要件", ...ROWS].join("\n"));
    expect(short.repairs[0].message).toBe("page header skipped (lines 2–3); numeric columns before 分類: 大分類, 中分類, 小分類, 要件");
    expect(numbers([TITLE, "項番\t\t\t\t分類\t必須／推奨\t対策項目\t対象GL\tGLでの参照箇所\t確認項目", "大分類\t中分類\t小分類\t要件", ...ROWS].join("\n"))).toEqual(["1-1-1-1", "2-1-1-1", "3-1-1"]);
  });

  it("names the columns of a header that spells 項目 or 項番要件 for the 要件 column", () => {
    for (const name of ["項目", "項番要件"]) {
      const r = parseHispro([TITLE, HEADER.replace("\t要件\t", `\t${name}\t`), ...ROWS].join("\n"));
      expect(r.repairs[0].message, name).toBe("page header skipped (line 2); numeric columns before 分類: 大分類, 中分類, 小分類, 要件");
    }
    // A second 要件-like column is a running number.
    const r = parseHispro([TITLE, HEADER.replace("\t要件\t", "\t要件\t項目\t"), ...ROWS].join("\n"));
    expect(r.repairs[0].message).toBe("page header skipped (line 2); numeric columns before 分類: 大分類, 中分類, 小分類, 要件, running 項番");
  });
});
