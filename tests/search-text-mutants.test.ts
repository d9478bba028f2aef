// The directory's text search beyond tests/search-text.test.ts: what the PostgreSQL index stores and searches
// (searchTokens, queryPhrases), the labels a snippet carries (which item, which part), hostile stored values, and
// the excerpt itself (buildSnippet): which source, which words are marked on what the vendor wrote (full-width,
// half-width katakana, combining marks, ㍿), where a long text is cut. tests/directory.test.ts checks a few snippets
// too, but it starts the built app, so mutation runs leave it out. Expected values are written by hand.
import { describe, expect, it } from "vitest";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { buildSnippet, contentSources, indexText, queryPhrases, searchTokens, type Snippet } from "../disclosures/search-text.js";
import type { Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

describe("what the PostgreSQL index stores and searches", () => {
  // search-text.ts 69–70 (no coverage before: `?? []` → `&& []` / `["Stryker was here"]`).
  it("keeps the tokens FTS5 would see: 「・」 inside a katakana bigram separates, nothing gives no tokens", () => {
    expect(searchTokens(indexText("データ・センター"))).toEqual(["デー", "ータ", "タ", "セ", "セン", "ンタ", "ター"]);
    expect(searchTokens(indexText("ISMS認証"))).toEqual(["isms", "認証"]);
    expect(searchTokens("e\u0301 \ue000")).toEqual(["e\u0301", "\ue000"]);
    expect(searchTokens("")).toEqual([]);
    expect(searchTokens("・ 、")).toEqual([]);
  });

  // search-text.ts 77–80 (no coverage before: the phrase emptied, `prefix` always / never, `||` for `&&`, `cjk`
  // not negated, a one-character run not a prefix).
  it("turns a query into phrases: a Japanese run is its bigrams, a word or a single character is a prefix", () => {
    expect(queryPhrases("暗号化 ISMS 暗 暗号")).toEqual([
      { tokens: ["暗号", "号化"], prefix: false },
      { tokens: ["isms"], prefix: true },
      { tokens: ["暗"], prefix: true },
      { tokens: ["暗号"], prefix: false },
    ]);
    expect(queryPhrases("タ・セ")).toEqual([{ tokens: ["タ", "セ"], prefix: false }]);
    expect(queryPhrases("")).toEqual([]);
  });
});

const thirty = "かきくけこさしすせそたちつてとなにぬねのはひふへほまみむめも";
const thirtyOne = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほま";

function template(): Template {
  const t = tinyTemplate();
  const [c1, c2] = t.sections[1].items!;
  c1.text = "  方針を\n\t定めて  いる ";
  c2.text = thirtyOne;
  t.sections[1].items!.push({ key: "c3", number: "3", text: thirty, level: "required", answer: { kind: "text" } });
  return t;
}
const content = (responses: Record<string, unknown>): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses: responses as Record<string, ItemResponse> });

describe("the sources a snippet is taken from, with their labels", () => {
  // search-text.ts 93–96 (the label emptied, blanks not collapsed or trimmed, 30 characters cut at ≥ / never /
  // always, the number, 「（…）」 and the part left out or replaced) and 115:45, 117:82, 118:165 (the part names).
  it("names the item by its number and first 30 characters, blanks collapsed, and the part in brackets", () => {
    const sources = contentSources(
      template(),
      content({
        name: { value: "テスト医療クラウド", note: "旧称あり", evidence: [{ name: "会社概要" }] },
        c1: { note: "年1回見直し" },
        c2: { value: { status: "notApplicable", reason: "該当業務なし" } },
        c3: { value: "三十文字の項目" },
      }),
    );
    expect(sources).toEqual([
      { label: "機関名", text: "テスト医療クラウド" },
      { label: "機関名（備考）", text: "旧称あり" },
      { label: "機関名（根拠資料）", text: "会社概要" },
      { label: "1 方針を 定めて いる（備考）", text: "年1回見直し" },
      { label: "2 あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ…（対象外の理由）", text: "該当業務なし" },
      { label: `3 ${thirty}`, text: "三十文字の項目" },
    ]);
  });

  // search-text.ts 114:16 (`response.value && typeof …` → `||`: `"reason" in null` throws), 114:34 (the object test
  // → true: `"reason" in "実施済"` throws) and 111:42, 111:63 (a derived item's stored value read as an answer).
  it("skips a status value that is null or a bare string and a value stored on a derived item, keeping their notes", () => {
    const sources = contentSources(
      template(),
      content({
        compliance: { value: "遵守済", note: "自動判定" },
        c1: { value: null, note: "年1回見直し" },
        c2: { value: "実施済", note: "文字列の回答" },
      }),
    );
    expect(sources).toEqual([
      { label: "遵守状況（備考）", text: "自動判定" },
      { label: "1 方針を 定めて いる（備考）", text: "年1回見直し" },
      { label: "2 あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ…（備考）", text: "文字列の回答" },
    ]);
  });
});

/** The snippet as one line: label|…text with [marks]…, an empty part shown as ∅ (the page would render an empty element). */
function show(s: Snippet | undefined): string | undefined {
  return s && `${s.label}|${s.clippedStart ? "…" : ""}${s.parts.map((p) => (p.text === "" ? "∅" : p.mark ? `[${p.text}]` : p.text)).join("")}${s.clippedEnd ? "…" : ""}`;
}
const snip = (texts: string[], q: string) => show(buildSnippet(texts.map((text, i) => ({ label: `s${i}`, text })), q));

describe("buildSnippet: what is marked", () => {
  // search-text.ts 178 (cjkAt: `i >= 0` → `> 0` / always — `codePointAt(-1)` throws —, `i < text.length` → `<=`
  // throws on a character at the end) and 185 (the single-character rule weakened).
  it("marks a one-character query only where the index has it: starting a bigram or as a run of its own", () => {
    expect(snip(["暗号 号令"], "号")).toBe("s0|暗号 [号]令");
    expect(snip(["号令"], "号")).toBe("s0|[号]令");
    expect(snip(["第 号"], "号")).toBe("s0|第 [号]");
    // 178:32 (`i >= 0` → true: a lone character at the very start asks for the character before it).
    expect(snip(["号 1"], "号")).toBe("s0|[号] 1");
    expect(snip(["暗号"], "号")).toBeUndefined();
    expect(snip(["令和の号"], "号")).toBeUndefined();
  });

  // search-text.ts 179 (charBefore: the surrogate-pair test weakened, `i - 1` / `i - 2` shifted, `Math.max` → `min`)
  // and 188 (a word inside a word skipped: `&&` → `||`, the CJK exception inverted).
  it("marks another word only at the start of a word, after a space, Japanese or an astral letter's end", () => {
    expect(snip(["AES と TLS1.3"], "tls")).toBe("s0|AES と [TLS]1.3");
    expect(snip(["AES と TLS1.3"], "es")).toBeUndefined();
    expect(snip(["a tls"], "tls")).toBe("s0|a [tls]");
    expect(snip(["暗号化tls"], "tls")).toBe("s0|暗号化[tls]");
    // 𠮷 (U+20BB7) is a letter outside the Japanese ranges the index splits into bigrams: 「𠮷tls」 is one word.
    expect(snip(["𠮷tls"], "tls")).toBeUndefined();
    expect(snip(["x𠮷tls"], "tls")).toBeUndefined();
    // 179:125 (the whole text taken as the character before: its 「と」 would count as Japanese).
    expect(snip(["と𠮷tls"], "tls")).toBeUndefined();
    expect(snip(["𠮷 tls"], "tls")).toBe("s0|𠮷 [tls]");
  });

  // search-text.ts 151–166 (normalizedWithOrigin: no coverage before — the text or the offset lists starting
  // non-empty, `j` not advanced over marks or moving back, the whole text normalised, the pieces joined with text,
  // one offset too many per piece) and 221:82 (`h.end - 1` → `+ 1`).
  it("marks the characters the vendor wrote, whatever the normalisation made of them", () => {
    expect(snip(["ＡＥＳとＴＬＳ"], "tls")).toBe("s0|ＡＥＳと[ＴＬＳ]");
    expect(snip(["ﾃﾞｰﾀを保存"], "データ")).toBe("s0|[ﾃﾞｰﾀ]を保存");
    expect(snip(["か\u3099ぎの手順"], "がぎ")).toBe("s0|[か\u3099ぎ]の手順");
    expect(snip(["㍿テスト"], "会社")).toBe("s0|[㍿]テスト");
    expect(snip(["㍿テスト"], "テスト")).toBe("s0|㍿[テスト]");
  });

  // search-text.ts 221 (the hits not sorted, `||` → `&&`, `a.start + b.start`), 234 (marks starting non-empty),
  // 239–241 (touching or overlapping matches not merged, `<=` → `<`, `Math.max` → `min`), 246 and 250 (an empty
  // text part before a mark at the start or after one at the end).
  it("merges overlapping and touching matches into one mark, in text order, with no empty parts", () => {
    expect(snip(["暗号化のみ"], "暗号 号化")).toBe("s0|[暗号化]のみ");
    expect(snip(["暗号化の手順"], "暗号 化の")).toBe("s0|[暗号化の]手順");
    expect(snip(["ああああ"], "ああ")).toBe("s0|[ああああ]");
    expect(snip(["暗号化し国内で管理"], "国内 暗号化")).toBe("s0|[暗号化]し[国内]で管理");
    expect(snip(["暗号化し国内で管理"], "管理 国内 暗号化")).toBe("s0|[暗号化]し[国内]で[管理]");
    expect(snip(["暗号化"], "暗号化")).toBe("s0|[暗号化]");
    const s = buildSnippet([{ label: "l", text: "鍵を暗号化する" }], "暗号化")!;
    expect(s.parts).toEqual([
      { text: "鍵を", mark: false },
      { text: "暗号化", mark: true },
      { text: "する", mark: false },
    ]);
  });

  // search-text.ts 215 (blanks not collapsed: `/\s/g`, `/\S+/g`, `""`, no trim).
  it("shows the text with runs of blanks as one space, trimmed", () => {
    expect(snip(["  保存データを\n\n暗号化\t し "], "暗号化")).toBe("s0|保存データを [暗号化] し");
  });
});

describe("buildSnippet: which source", () => {
  // search-text.ts 214 (`some` → `every`), 218 (every hit counted as one term), 219 (`<=` → `<`, `!score`
  // inverted), 223 (break after the first source that matches at all, or only when it does not match every term).
  it("takes the first source with the most terms the index would match", () => {
    const sources = ["暗号化のみ", "保存データを暗号化し、鍵は国内で管理"];
    expect(snip(sources, "暗号化 国内")).toBe("s1|保存データを[暗号化]し、鍵は[国内]で管理");
    expect(snip(["暗号化のみ"], "暗号化 国内")).toBe("s0|[暗号化]のみ");
    expect(snip(["暗号化のみ", "暗号化した"], "暗号化 国内")).toBe("s0|[暗号化]のみ");
    expect(snip(["暗号", "号令"], "号")).toBe("s1|[号]令");
  });

  // search-text.ts 209 (`!terms.length` → `terms.length` / true), 213 (`??` → `&&`: `undefined.includes` throws),
  // 225 (`!best` → false: destructuring undefined throws).
  it("is undefined when nothing matches or the query has nothing searchable; a given normalised text is used", () => {
    expect(snip(["暗号化のみ"], "国内")).toBeUndefined();
    expect(snip(["暗号化のみ"], "!!!")).toBeUndefined();
    expect(snip(["暗号化のみ"], "")).toBeUndefined();
    expect(snip([], "暗号化")).toBeUndefined();
    expect(show(buildSnippet([{ label: "n", text: "ＴＬＳ", normalized: "tls" }], "tls"))).toBe("n|[ＴＬＳ]");
  });
});

describe("buildSnippet: long texts are cut to 100 characters, 30 before the first match", () => {
  const a = (n: number) => "あ".repeat(n);
  const i = (n: number) => "い".repeat(n);
  // search-text.ts 229–231 (never / always cut, `Math.max` → `min`, `Math.min` → `max`, `- 30` → `+ 30`,
  // `chars.length - length` → `+`, `start + length` → `-`), 236–238 (a mark's start and end not clipped, a match
  // beyond the cut kept as an empty mark: `s >= e` → `s > e`) and 251 (clippedStart / clippedEnd).
  it("cuts around a match in the middle, at the start and at the end", () => {
    expect(snip([`${a(150)}目印${i(150)}`], "目印")).toBe(`s0|…${a(30)}[目印]${i(68)}…`);
    expect(snip([`${a(10)}目印${i(200)}`], "目印")).toBe(`s0|${a(10)}[目印]${i(88)}…`);
    expect(snip([`${a(200)}目印${i(10)}`], "目印")).toBe(`s0|…${a(88)}[目印]${i(10)}`);
    expect(snip([`${a(60)}目印${i(38)}`], "目印")).toBe(`s0|${a(60)}[目印]${i(38)}`);
  });

  it("marks a later match only as far as the excerpt reaches", () => {
    expect(snip([`${a(150)}目印${i(68)}目印${a(150)}`], "目印")).toBe(`s0|…${a(30)}[目印]${i(68)}…`);
    expect(snip([`${a(150)}目印${i(67)}目印${a(150)}`], "目印")).toBe(`s0|…${a(30)}[目印]${i(67)}[目]…`);
  });
});
