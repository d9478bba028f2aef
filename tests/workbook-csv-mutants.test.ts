// Mutation testing of disclosures/workbook/csv.ts (issue 20, docs/mutation.md): CSV files as people save them — RFC
// 4180 quoting, CRLF, LF or a lone CR, UTF-8 with or without a BOM, or Shift_JIS as Excel writes it on Japanese
// Windows — with every expected table written out by hand.
import { describe, expect, it } from "vitest";
import { decodeText, parseCsv } from "../disclosures/workbook/csv.js";

describe("parseCsv", () => {
  it("line ends CRLF, LF and a lone CR; no extra row after the last line end", () => {
    // Written for: line 49 (`ch === "\n"` → false / ""), line 54 (`ch === "\r" && text[i + 1] === "\n"` → `||` / true),
    // line 60 (`field !== "" || row.length` → false: the last line without a line end dropped).
    expect(parseCsv("番号,回答\r\n1,はい\r\n")).toEqual([["番号", "回答"], ["1", "はい"]]);
    expect(parseCsv("a,b\nc")).toEqual([["a", "b"], ["c"]]);
    expect(parseCsv("a\rb\r\nc")).toEqual([["a"], ["b"], ["c"]]);
    expect(parseCsv("")).toEqual([]);
  });

  it("empty fields and empty lines are kept as empty fields", () => {
    // Written for: line 60 (`||` → `&&`: a last empty field after a comma dropped), line 54 (an LF after an LF skipped).
    expect(parseCsv("a,\n")).toEqual([["a", ""]]);
    expect(parseCsv("a,")).toEqual([["a", ""]]);
    expect(parseCsv(",,\n\n")).toEqual([["", "", ""], [""]]);
  });

  it("quoted fields hold commas, doubled quotes and line breaks of any kind", () => {
    expect(parseCsv('"東京都,大阪府","言った""はい""",x\r\n')).toEqual([["東京都,大阪府", '言った"はい"', "x"]]);
    expect(parseCsv('"1行目\r\n2行目\n3行目",次')).toEqual([["1行目\r\n2行目\n3行目", "次"]]);
    expect(parseCsv('""""')).toEqual([['"']]);
  });

  it("a quote inside an unquoted field is an ordinary character; text after a closing quote joins the field", () => {
    // Written for: line 42 (`field === ""` → true: a quote inside a field opened a quoted section).
    expect(parseCsv('5"インチ,b')).toEqual([['5"インチ', "b"]]);
    expect(parseCsv('"a"b,c')).toEqual([["ab", "c"]]);
  });
});

describe("decodeText", () => {
  it("UTF-8 with its BOM removed, UTF-8 without one, Shift_JIS", () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("番号,回答")]))).toBe("番号,回答");
    expect(decodeText(Buffer.from("番号,回答"))).toBe("番号,回答");
    // 「番号」 in Shift_JIS: 94 D4 8D 86 — not valid UTF-8.
    expect(decodeText(Buffer.from([0x94, 0xd4, 0x8d, 0x86]))).toBe("番号");
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf]))).toBe("");
  });

  it("only the three BOM bytes together are a BOM", () => {
    // Written for: line 6 (the BOM test → true, `||` instead of `&&`, `!==` for the second or third byte).
    // 「ﾛ」 (U+FF9B) in UTF-8 is EF BE 9B: its first byte is the BOM's, the next are not.
    expect(decodeText(Buffer.from("ﾛa"))).toBe("ﾛa");
    // 「ｻ」 (U+FF7B) is EF BD BB: the BOM's first and third bytes in other places.
    expect(decodeText(Buffer.from("ｻ"))).toBe("ｻ");
    // 「ｿ」 is EF BD BF (the BOM's first and last bytes), 「ﻻ」 EF BB BB (its first two).
    expect(decodeText(Buffer.from("ｿ,ﻻ"))).toBe("ｿ,ﻻ");
    expect(decodeText(Buffer.from("ﻻ"))).toBe("ﻻ");
  });

  it("null when the bytes are neither UTF-8 nor Shift_JIS", () => {
    expect(decodeText(Buffer.from([0x82]))).toBeNull();
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x41]))).toBeNull();
  });
});
