// The directory's full-text search without a morphological analyser: NFKC, lower case, Japanese runs as
// overlapping bigrams, other text as words; a query becomes quoted phrases of the same tokens (never FTS5 syntax),
// and what is indexed of a disclosure is what it says in its own words.
import { describe, expect, it } from "vitest";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { contentText, indexText, matchExpression } from "../disclosures/search-text.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

describe("indexed text", () => {
  it("normalises width and case, splits Japanese runs into bigrams and the rest into words", () => {
    expect(indexText("ＩＳＭＳ認証を取得")).toBe("isms 認証 証を を取 取得");
    expect(indexText("データセンター（東京）")).toBe("デー ータ タセ セン ンタ ター 東京");
    expect(indexText("ISO/IEC 27001:2022 準拠")).toBe("iso iec 27001 2022 準拠");
    expect(indexText("ひらがな")).toBe("ひら らが がな");
    expect(indexText("暗")).toBe("暗");
    expect(indexText("  ")).toBe("");
  });
});

describe("match expressions", () => {
  it("ANDs the terms; a Japanese term is a phrase of its bigrams", () => {
    expect(matchExpression("暗号化")).toBe('"暗号" + "号化"');
    expect(matchExpression("暗号")).toBe('"暗号"');
    expect(matchExpression("暗号化 ISMS")).toBe('"暗号" + "号化" AND "isms"*');
  });

  it("makes a single character or a word a prefix query", () => {
    expect(matchExpression("暗")).toBe('"暗"*');
    expect(matchExpression("Ｐマーク")).toBe('"p"* AND "マー" + "ーク"');
  });

  it("lets no FTS5 syntax through: operators become quoted words, punctuation disappears", () => {
    expect(matchExpression('body:暗号 NEAR("x")')).toBe('"body"* AND "暗号" AND "near"* AND "x"*');
    expect(matchExpression('" * ^ ( )')).toBeUndefined();
    expect(matchExpression("")).toBeUndefined();
  });
});

describe("what a disclosure says in its own words", () => {
  const template = tinyTemplate();
  const content = (responses: Record<string, unknown>): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses: responses as Record<string, ItemResponse> });

  it("takes answers, notes and evidence names in form order; of a status only its reason", () => {
    const text = contentText(
      template,
      content({
        c2: { value: { status: "notApplicable", reason: "該当する業務がない" } },
        c1: { value: { status: "planned", month: "2027-03" }, note: "年1回見直し", evidence: [{ url: "https://example.jp/only-url" }, { name: "教育計画" }] },
        compliance: { note: "別添のとおり" },
        name: { value: "テスト医療クラウド", note: "旧称あり", evidence: [{ name: "会社概要", url: "https://example.jp/about" }] },
        unknown: { value: "様式にない項目" },
      }),
    );
    expect(text).toBe(["テスト医療クラウド", "旧称あり", "会社概要", "別添のとおり", "年1回見直し", "教育計画", "該当する業務がない"].join("\n"));
  });

  it("skips what says nothing and whatever has the wrong shape", () => {
    expect(contentText(template, content({ name: { value: "" }, c1: { value: { status: "implemented", reason: 5 }, note: 3, evidence: "規程" }, c2: { evidence: [null, { name: 7 }] } }))).toBe("");
    expect(contentText(template, { templateId: "tiny", templateVersion: "1.0.0" } as DisclosureContent)).toBe("");
  });
});
