import { describe, expect, it } from "vitest";
import { checkPassword, PASSWORD_MAX_LENGTH } from "../app/utils/password-policy.server.js";

const TOO_SHORT = "パスワードは13文字以上にしてください（二要素認証を有効にしている場合は8文字以上）";
const TOO_SHORT_2FA = "パスワードは8文字以上にしてください";
const TOO_LONG = "パスワードは256文字以内にしてください";
const CLASSES = "英字・数字・記号をすべて含めてください";
const COMMON = "よく使われるパスワードは使えません";
const EMAIL = "メールアドレスの一部を含むパスワードは使えません";
const RUNS = "同じ文字や連続した文字の並びが多すぎます";

const email = "tanaka.taro@example.jp";
const check = (password: string, hasSecondFactor = false, address = email) =>
  checkPassword(password, { email: address, hasSecondFactor });
/** `n` code points cut from a repeated pattern that has no runs, common words or e-mail parts. */
const ofLength = (n: number, unit = "t9#Lm2!qP8zR4") => [...unit.repeat(Math.ceil(n / [...unit].length))].slice(0, n).join("");

describe("password length", () => {
  it("needs 13 characters without a second factor", () => {
    expect(check("t9#Lm2!qP8zR")).toEqual([TOO_SHORT]);
    expect(check("t9#Lm2!qP8zR4")).toEqual([]);
  });

  it("needs 8 characters with a second factor", () => {
    expect(check("t9#Lm2!", true)).toEqual([TOO_SHORT_2FA]);
    expect(check("t9#Lm2!q", true)).toEqual([]);
    expect(check("t9#Lm2!q", false)).toEqual([TOO_SHORT]);
  });

  it("allows at most 256 characters", () => {
    expect(PASSWORD_MAX_LENGTH).toBe(256);
    expect(check(ofLength(256))).toEqual([]);
    expect(check(ofLength(257))).toEqual([TOO_LONG]);
  });

  it("counts a character outside the BMP as one character", () => {
    const twelve = "𠮷野家#Lm2!qP8z";
    expect(twelve.length).toBe(13); // UTF-16 units: 𠮷 is a surrogate pair
    expect(check(twelve)).toEqual([TOO_SHORT]);
    expect(check(`${twelve}R`)).toEqual([]);

    const unit = "𠮷a1!";
    expect(check(ofLength(256, unit))).toEqual([]);
    expect(ofLength(256, unit).length).toBe(320);
    expect(check(ofLength(257, unit))).toEqual([TOO_LONG]);
  });
});

describe("character classes", () => {
  it("requires letters, digits and symbols", () => {
    expect(check("t9Lm2qP8zR4xK")).toEqual([CLASSES]); // no symbol
    expect(check("t#Lm!qP@zR$xK")).toEqual([CLASSES]); // no digit
    expect(check("79#42!38@51$0")).toEqual([CLASSES]); // no letter
  });

  it("counts kana/kanji as letters and a space as a symbol", () => {
    expect(check("開示プラットフォーム-2026")).toEqual([]);
    expect(check("correct horse battery 9")).toEqual([]);
  });
});

describe("common passwords", () => {
  it("rejects a listed password regardless of case", () => {
    expect(check("nick1234-rem936")).toEqual([COMMON]);
    expect(check("NICK1234-REM936")).toEqual([COMMON]);
    expect(check("password")).toContain(COMMON);
  });

  it("rejects a common word padded with digits and symbols", () => {
    expect(check("Password12345!")).toEqual([COMMON]);
    expect(check("!!Qwerty20240!")).toEqual([COMMON]);
    expect(check("4821#Lion#5937!")).toEqual([COMMON]);
    expect(check("ｐａｓｓｗｏｒｄ２０２６！ab")).toEqual([]); // letters at the end: not a padded word
    expect(check("２０２６！ＰＡＳＳＷＯＲＤ#7")).toEqual([COMMON]); // full-width padding
  });

  it("ignores a padded core shorter than 4 characters", () => {
    expect(check("4821#Dog#5937!")).toEqual([]);
  });
});

describe("e-mail address", () => {
  it("rejects the local part in any case or width", () => {
    expect(check("xTanaka.taro#9Q")).toEqual([EMAIL]);
    expect(check("xTANAKA.TARO#9Q")).toEqual([EMAIL]);
    expect(check("Ｔａｎａｋａ．ｔａｒｏ#9Q")).toEqual([EMAIL]);
    expect(check("xTan9#Qt", false, "ＴＡＮ@example.jp")).toContain(EMAIL);
  });

  it("rejects a piece of the local part of 4 or more characters", () => {
    expect(check("Kq7#taro!Zp2mW")).toEqual([EMAIL]);
    expect(check("ＴＡＮＡＫＡ#9kQ!zP2w")).toEqual([EMAIL]);
    expect(check("Kq7#wei!Zp2mWx", false, "li.wei+kaiji@example.jp")).toEqual([]);
    expect(check("Kq7#Kaiji!Zp2m", false, "li.wei+kaiji@example.jp")).toEqual([EMAIL]);
  });

  it("ignores a local part shorter than 3 characters", () => {
    expect(check("t9#Lm2!qP8zR4ab", false, "ab@example.jp")).toEqual([]);
    expect(check("t9#Lm2!qP8zR4abc", false, "abc@example.jp")).toEqual([EMAIL]);
  });
});

describe("repeated and sequential characters", () => {
  it("rejects one character repeated", () => {
    expect(check("aaaaaaaaaaaa1!")).toEqual([RUNS]);
    expect(check("Zzzzzzz9!", true)).toEqual([RUNS]);
  });

  it("rejects alphabet, digit and keyboard runs that dominate the password", () => {
    expect(check("abcdefghijk1!")).toEqual([RUNS]);
    expect(check("1234567890ab!")).toEqual([RUNS]);
    expect(check("zyxwvutsr9!Ab")).toEqual([RUNS]);
    expect(check("asdfghjk#9Tq!")).toEqual([RUNS]);
  });

  it("accepts a short run inside an otherwise strong password", () => {
    expect(check("abcd#Tk9mP2xQw")).toEqual([]);
    expect(check("1234#Tk9mP2xQw")).toEqual([]);
  });
});

describe("checkPassword", () => {
  it("accepts strong passwords", () => {
    for (const password of ["Kaiji-開示-2026-safe", "t9#Lm2!qP8zR4", "Tr0ub4dor&3-horse", "医療情報:安全管理#2026"]) {
      expect(check(password), password).toEqual([]);
    }
  });

  it("lists every failed rule in order", () => {
    expect(check("qwerty", false, "qwerty@example.jp")).toEqual([TOO_SHORT, CLASSES, COMMON, EMAIL, RUNS]);
    expect(check("a".repeat(257), false, "aaaa@example.jp")).toEqual([TOO_LONG, CLASSES, EMAIL, RUNS]);
  });
});
