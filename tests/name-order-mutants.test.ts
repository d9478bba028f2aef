// 五十音順 of organisation names, in process (tests/name-order.test.ts checks the same functions but starts the built
// app, so mutation runs leave it out): the exact sort keys, readings at their edges (length, hiragana range,
// spaces, Latin letters and digits), a reading that is nothing but a legal form, full-width names. Expected by hand.
import { describe, expect, it } from "vitest";
import { nameSortKey, normalizeReading, READING_MAX, READING_MESSAGE } from "../disclosures/name-order.js";

describe("the sort key", () => {
  it("is the reading in katakana without its legal form, wherever it stands, blanks single", () => {
    expect(nameSortKey("株式会社青葉システム", "カブシキカイシャアオバシステム")).toBe("アオバシステム");
    expect(nameSortKey("東都メディカル株式会社", "とうとめでぃかる　かぶしきがいしゃ")).toBe("トウトメディカル");
    expect(nameSortKey("医療法人社団 さくら会", "イリョウホウジンシャダン  サクラ  カイ")).toBe("サクラ カイ");
    // 医療法人社団 is taken whole, not as 医療法人 followed by 社団.
    expect(nameSortKey("医療法人社団 さくら会", "イリョウホウジンシャダンサクラカイ")).toBe("サクラカイ");
    expect(nameSortKey("ｶｲｼﾞ株式会社", "ｶｲｼﾞ")).toBe("カイジ");
  });

  it("falls back to the name without its legal form when the reading is empty or only a legal form", () => {
    expect(nameSortKey("株式会社ワイズ", "カブシキガイシャ")).toBe("ワイズ");
    expect(nameSortKey("株式会社ワイズ", "")).toBe("ワイズ");
    expect(nameSortKey("株式会社ワイズ", undefined)).toBe("ワイズ");
    expect(nameSortKey("医療法人社団 さくら会", null)).toBe("さくら会");
    expect(nameSortKey("㈱エムケイ", null)).toBe("エムケイ");
    expect(nameSortKey("（株）エムケイ", null)).toBe("エムケイ");
    expect(nameSortKey("Ｋａｉｊｉ　合同会社", null)).toBe("Kaiji");
    expect(nameSortKey("株式会社", null)).toBe("株式会社");
    // name-order.ts 20:95: a legal form in the middle leaves a space, so the two words do not run together.
    expect(nameSortKey("青葉株式会社東京支店", null)).toBe("青葉 東京支店");
  });
});

describe("readings as typed", () => {
  it("are stored in katakana, NFKC, with single spaces, and may hold Latin letters, digits, ー and ・", () => {
    expect(normalizeReading("ぁゖ")).toBe("ァヶ");
    expect(normalizeReading(" ｱｲ･ｹｱ　ﾜﾝ  ２１ ")).toBe("アイ・ケア ワン 21");
    expect(normalizeReading("ＡＢＣシー")).toBe("ABCシー");
    expect(normalizeReading("\u3000")).toBeNull();
    expect(normalizeReading("")).toBeNull();
  });

  it("are refused when they hold anything else or are too long", () => {
    expect(normalizeReading("カイジ株式会社")).toBeUndefined();
    expect(normalizeReading("カイジ-1")).toBeUndefined();
    expect(normalizeReading("ア".repeat(READING_MAX))).toBe("ア".repeat(READING_MAX));
    expect(normalizeReading("ア".repeat(READING_MAX + 1))).toBeUndefined();
    expect(READING_MESSAGE).toBe("フリガナはカタカナで入力してください");
  });
});
