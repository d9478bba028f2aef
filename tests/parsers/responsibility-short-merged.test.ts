// A row of the short list (the checklist proper) printed with 分類 and 項目 in one cell. Only the 推奨される対応例
// version's shifted rows can be split — at a 分類 the short list names — so the short list's own are refused at
// their line, with that reason, instead of a misleading message further on or an item without 項目 (found by
// helper-35's mutation testing, issue 20).
import { describe, expect, it } from "vitest";
import { parseResponsibility } from "../../disclosures/parsers/responsibility-parser.js";
import { failure, seed } from "./responsibility-seed-fixture.js";

describe("役割分担 parser: 分類 and 項目 in one cell on the short list", () => {
  for (const [name, content] of [
    ["a short 内容", "通信相手を認証する。"],
    ["a long 内容", "通信相手を認証し、認証に失敗した接続は記録して定期的に確認する。".repeat(3)],
  ] as const) {
    it(`is refused at its line, naming the cell (${name})`, () => {
      // Line 16 of the fixture: Part2 A 2 of the short list.
      const text = seed((p) => {
        p.p2Short[5] = `2\tシステムやサービスの仕様通信相手の認証\t${content}\t( / )`;
        p.p2Detailed[5] = `2\tシステムやサービスの仕様\t通信相手の認証\t${content}\tなりすましのおそれ。\t相互認証を行う。\t厚労省ガイドラインシステム運用編13⑩\t( / )`;
      });
      const error = failure(text);
      expect(error.line).toBe(16);
      expect(error.message).toContain("分類 and 項目 in one cell 「システムやサービスの仕様通信相手の認証」 on the short list");
    });
  }

  it("still splits a shifted row of the 推奨される対応例 version (the fixture's Part2 A 2)", () => {
    const result = parseResponsibility(seed());
    expect(result.repairs.some((r) => r.kind === "shifted-columns")).toBe(true);
  });
});
