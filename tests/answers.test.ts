import { describe, expect, it } from "vitest";
import { answerSchema, coherentValue } from "../disclosures/answers.js";
import type { AnswerKind } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template = tinyTemplate();
const check = (answer: AnswerKind, value: unknown) => answerSchema(answer, template)!.safeParse(value);
const messages = (answer: AnswerKind, value: unknown) => {
  const result = check(answer, value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe("answer values", () => {
  const status: AnswerKind = { kind: "status", scale: "check" };

  it("requires 実施時期 for 実施予定 and a reason for 対象外", () => {
    expect(check(status, { status: "implemented" }).success).toBe(true);
    expect(messages(status, { status: "planned" })).toEqual(["実施時期（年月）を入力してください"]);
    expect(check(status, { status: "planned", month: "2027-03" }).success).toBe(true);
    expect(messages(status, { status: "notApplicable", reason: "  " })).toEqual(["理由を入力してください"]);
    expect(check(status, { status: "done" }).success).toBe(false);
  });

  it("accepts only http(s) URLs", () => {
    expect(check({ kind: "url" }, "https://example.jp/security").success).toBe(true);
    expect(messages({ kind: "url" }, "javascript:alert(1)")).toContain("http または https のURLを入力してください");
  });

  it("rejects control characters and over-long text but keeps HTML as plain text", () => {
    expect(messages({ kind: "multiline" }, "a\u0000b")).toEqual(["制御文字は使えません"]);
    expect(check({ kind: "text", maxLength: 10 }, "x".repeat(11)).success).toBe(false);
    expect(check({ kind: "multiline" }, "<script>alert(1)</script>\n次の行").success).toBe(true);
  });

  it("checks dates, numbers with limits, and choice extras", () => {
    expect(messages({ kind: "date" }, "2025-02-30")).toEqual(["存在しない日付です"]);
    expect(check({ kind: "number", integer: true, min: 0 }, 3).success).toBe(true);
    expect(check({ kind: "number", integer: true, min: 0 }, -1).success).toBe(false);
    const choice: AnswerKind = { kind: "choice", multiple: false, options: [{ value: "yes", label: "有", extra: { label: "内容" } }, { value: "no", label: "無" }] };
    expect(check(choice, { selected: "yes", extra: { yes: "健診代行業務" } }).success).toBe(true);
    expect(check(choice, { selected: "no", extra: { no: "x" } }).success).toBe(false);
  });

  it("has no schema for derived items: they are never typed in", () => {
    expect(answerSchema({ kind: "derived", result: "compliance" }, template)).toBeNull();
  });
});

describe("coherent answers", () => {
  const status: AnswerKind = { kind: "status", scale: "check" };
  const choice: AnswerKind = {
    kind: "choice",
    multiple: true,
    options: [
      { value: "office", label: "事務" },
      { value: "other", label: "その他", extra: { label: "内容" } },
      { value: "more", label: "追加", extra: { label: "内容" } },
    ],
  };

  it("keeps only the 実施時期 or reason the chosen option requires", () => {
    expect(coherentValue(status, template, { status: "implemented", month: "2027-03" })).toEqual({ status: "implemented" });
    expect(coherentValue(status, template, { status: "planned", month: "2027-03", reason: "以前の理由" })).toEqual({ status: "planned", month: "2027-03" });
    expect(coherentValue(status, template, { status: "notApplicable", reason: "該当なし", month: "2027-03" })).toEqual({ status: "notApplicable", reason: "該当なし" });
    expect(coherentValue(status, template, { status: "implemented", reason: "該当なし" })).toEqual({ status: "implemented" });
  });

  it("keeps the free text of selected options only", () => {
    expect(coherentValue(choice, template, { selected: ["office"], extra: { other: "消えるはずの文" } })).toEqual({ selected: ["office"] });
    expect(coherentValue(choice, template, { selected: ["office", "other"], extra: { other: "健診結果の管理", more: "x" } })).toEqual({ selected: ["office", "other"], extra: { other: "健診結果の管理" } });
  });

  it("leaves other answers, and values that are not answers of the kind, as they are (validation reports them)", () => {
    expect(coherentValue({ kind: "text" }, template, "自由記述")).toBe("自由記述");
    expect(coherentValue(status, template, "done")).toBe("done");
    expect(coherentValue(status, template, { status: "implemented", extra: 1 })).toEqual({ status: "implemented", extra: 1 });
  });
});

describe("what each answer kind accepts, and the message a vendor reads", () => {
  const status: AnswerKind = { kind: "status", scale: "check" };
  const reject = (answer: AnswerKind, value: unknown) => messages(answer, value);

  it("text: one line of at most 1000 characters unless the item says otherwise; multiline: tabs and line breaks", () => {
    expect(reject({ kind: "text" }, "一行目\n二行目")).toEqual(["改行は使えません"]);
    expect(reject({ kind: "text" }, "あ".repeat(1000))).toEqual([]);
    expect(reject({ kind: "text" }, "あ".repeat(1001))).toEqual(["1000文字以内で入力してください"]);
    expect(reject({ kind: "text", maxLength: 10 }, "x".repeat(11))).toEqual(["10文字以内で入力してください"]);
    expect(reject({ kind: "multiline" }, "x".repeat(20_000))).toEqual([]);
    expect(reject({ kind: "multiline" }, "x".repeat(20_001))).toEqual(["20000文字以内で入力してください"]);
    expect(reject({ kind: "multiline" }, "列1\t列2\r\n次の行")).toEqual([]);
    for (const control of ["\u0000", "\u0008", "\u000b", "\u000c", "\u000e", "\u001f", "\u007f"]) expect(reject({ kind: "multiline" }, `a${control}b`), escape(control)).toEqual(["制御文字は使えません"]);
  });

  it("refuses lone surrogates but keeps characters outside the BMP", () => {
    expect(reject({ kind: "multiline" }, "𠮷野家😀")).toEqual([]);
    for (const lone of ["\ud842", "a\ud842b", "\udfb7", "x\udfb7"]) expect(reject({ kind: "multiline" }, lone), escape(lone)).toEqual(["制御文字は使えません"]);
  });

  it("tel, email, date and month in the forms Japanese vendors type", () => {
    for (const ok of ["03-1234-5678", "+81 3 1234 5678", "０３－１２３４－５６７８", "03(1234)5678"]) expect(reject({ kind: "tel" }, ok), ok).toEqual([]);
    for (const bad of ["電話", "03-12", "x03-1234-5678", `0${"1".repeat(21)}`]) expect(reject({ kind: "tel" }, bad), bad).toEqual(["電話番号の形式が正しくありません"]);
    expect(reject({ kind: "email" }, "info@example.jp")).toEqual([]);
    expect(reject({ kind: "email" }, "info@")).toEqual(["メールアドレスの形式が正しくありません"]);
    expect(reject({ kind: "date" }, "2026/12/01")).toEqual(["日付は YYYY-MM-DD の形式で入力してください", "存在しない日付です"]);
    expect(reject({ kind: "date" }, "2028-02-29")).toEqual([]);
    expect(reject({ kind: "month" }, "2027-03")).toEqual([]);
    for (const bad of ["2027-13", "2027-00", "2027-3", "2027年3月"]) expect(reject({ kind: "month" }, bad), bad).toEqual(["年月は YYYY-MM の形式で入力してください"]);
  });

  it("url: http(s) only, no controls or invisible format characters, at most 2000 characters", () => {
    expect(reject({ kind: "url" }, "ftp://example.jp/")).toEqual(["http または https のURLを入力してください"]);
    expect(reject({ kind: "url" }, "HTTPS://EXAMPLE.JP/")).toEqual([]);
    expect(reject({ kind: "url" }, "http://example.jp/")).toEqual([]);
    // The scheme is the URL's own, not one mentioned further on.
    expect(reject({ kind: "url" }, "ftp://example.jp/?next=https://example.jp/")).toEqual(["http または https のURLを入力してください"]);
    expect(reject({ kind: "url" }, "example.jp")).toEqual(["URLの形式が正しくありません", "http または https のURLを入力してください"]);
    expect(reject({ kind: "url" }, `https://example.jp/${"a".repeat(1981)}`)).toEqual([]);
    expect(reject({ kind: "url" }, `https://example.jp/${"a".repeat(1982)}`)).toEqual(["URLが長すぎます"]);
    expect(reject({ kind: "url" }, "https://example.jp/\u202Efdp.exe")).toEqual([
      "文字の向きを変えるなどの見えない書式文字（U+202E）は使えません。貼り付けた文字に含まれていないか確認し、入力し直してください",
    ]);
    expect(reject({ kind: "url" }, "https://example.jp/a\u00adb")).toEqual([
      "文字の向きを変えるなどの見えない書式文字（U+00AD）は使えません。貼り付けた文字に含まれていないか確認し、入力し直してください",
    ]);
    expect(reject({ kind: "url" }, "https://example.jp/a\tb")).toContain("制御文字は使えません");
  });

  it("number: a finite number within the item's limits, whole when it says so", () => {
    const staff: AnswerKind = { kind: "number", integer: true, min: 0, max: 10 };
    expect(reject(staff, 10)).toEqual([]);
    expect(reject(staff, 0)).toEqual([]);
    expect(reject(staff, 11)).toEqual(["10以下で入力してください"]);
    expect(reject(staff, -1)).toEqual(["0以上で入力してください"]);
    expect(reject(staff, 1.5)).toEqual(["整数を入力してください"]);
    expect(reject(staff, "3")).toEqual(["数値を入力してください"]);
    expect(reject({ kind: "number" }, 1.5)).toEqual([]);
    expect(check({ kind: "number" }, Number.POSITIVE_INFINITY).success).toBe(false);
  });

  it("status: only the scale's options, with the 実施時期, date or reason the option requires", () => {
    const t = tinyTemplate();
    t.scales!.push({
      key: "dated",
      options: [{ value: "done", label: "確認済", outcome: "met", requires: "date" }, { value: "none", label: "未確認", outcome: "unmet" }],
      fields: [{ key: "by", label: "確認者", type: "text" }],
    });
    const dated: AnswerKind = { kind: "status", scale: "dated" };
    const reasons = (value: unknown) => (answerSchema(dated, t)!.safeParse(value).error?.issues ?? []).map((i) => [i.path.join("."), i.message]);
    expect(reasons({ status: "done" })).toEqual([["date", "日付を入力してください"]]);
    expect(reasons({ status: "done", date: "2026-02-30" })).toEqual([["date", "存在しない日付です"]]);
    expect(reasons({ status: "done", date: "2026-02-28", fields: { by: "山田" } })).toEqual([]);
    expect(reasons({ status: "none", fields: { by: 3 } })).toEqual([["fields.by", "Expected string, received number"]]);
    // A scale without fields takes none.
    expect(check(status, { status: "implemented", fields: {} }).success).toBe(false);
    expect(check(status, { status: "planned", month: "2027-3" }).success).toBe(false);
    expect(check(status, { status: "implemented", comment: "x" }).success).toBe(false);
    expect(check(status, { status: "notApplicable", reason: "該当なし" }).success).toBe(true);
    expect(() => answerSchema({ kind: "status", scale: "nothing" }, template)).toThrow("unknown scale nothing");
  });

  it("choice: one option, or at least one of several; free text only where the option has it", () => {
    const multiple: AnswerKind = { kind: "choice", multiple: true, options: [{ value: "a", label: "A" }, { value: "other", label: "その他", extra: { label: "" } }] };
    expect(reject(multiple, { selected: [] })).toEqual(["一つ以上選択してください"]);
    expect(reject(multiple, { selected: ["a", "other"], extra: { other: "手書き" } })).toEqual([]);
    expect(reject(multiple, { selected: "a" })).not.toEqual([]);
    expect(reject(multiple, { selected: ["a"], extra: { a: "x" } })).toEqual(["この選択肢には追記欄がありません"]);
    expect(reject(multiple, { selected: ["a"], extra: { other: "x".repeat(501) } })).toEqual(["500文字以内で入力してください"]);
    expect(check(multiple, { selected: ["b"] }).success).toBe(false);
  });

  it("composite and table: only the fields and rows the item has, each of its type", () => {
    const place: AnswerKind = { kind: "composite", fields: [{ key: "count", type: "number", unit: "箇所" }, { key: "prefectures", label: "都道府県名", type: "text" }] };
    expect(reject(place, { count: 1 })).toEqual([]);
    expect(check(place, { count: 1, city: "大田区" }).success).toBe(false);
    expect(reject(place, { count: "1" })).toEqual(["数値を入力してください"]);
    const staff: AnswerKind = { kind: "table", rows: [{ key: "dedicated", label: "専任" }], columns: [{ key: "agency", label: "機関本体", type: "number", integer: true, min: 0 }] };
    expect(reject(staff, { dedicated: { agency: 3 } })).toEqual([]);
    expect(reject(staff, {})).toEqual([]);
    expect(reject(staff, { dedicated: { agency: -1 } })).toEqual(["0以上で入力してください"]);
    expect(check(staff, { parttime: { agency: 1 } }).success).toBe(false);
  });
});

describe("coherent answers: the rest of the rules", () => {
  const t = tinyTemplate();
  t.scales!.push({ key: "dated", options: [{ value: "done", label: "確認済", outcome: "met", requires: "date" }, { value: "none", label: "未確認", outcome: "unmet" }], fields: [{ key: "by", type: "text" }] });
  const dated: AnswerKind = { kind: "status", scale: "dated" };
  const single: AnswerKind = { kind: "choice", multiple: false, options: [{ value: "yes", label: "有", extra: { label: "内容" } }, { value: "no", label: "無" }] };

  it("keeps the date an option requires and drops it otherwise; the scale's fields always stay", () => {
    expect(coherentValue(dated, t, { status: "done", date: "2026-04-01", month: "2026-04", fields: { by: "山田" } })).toEqual({ status: "done", date: "2026-04-01", fields: { by: "山田" } });
    expect(coherentValue(dated, t, { status: "none", date: "2026-04-01", reason: "x", fields: { by: "山田" } })).toEqual({ status: "none", fields: { by: "山田" } });
    // Nothing chosen yet: nothing the option would require is kept, and no status is invented.
    expect(coherentValue(dated, t, { date: "2026-04-01" })).toEqual({});
  });

  it("drops the free text of a single choice once another option is chosen", () => {
    expect(coherentValue(single, t, { selected: "no", extra: { yes: "健診代行業務" } })).toEqual({ selected: "no" });
    expect(coherentValue(single, t, { selected: "yes", extra: { yes: "健診代行業務" } })).toEqual({ selected: "yes", extra: { yes: "健診代行業務" } });
    const plain = { selected: "no" };
    expect(coherentValue(single, t, plain)).toBe(plain);
    expect(coherentValue(single, t, { selected: "yes", extra: "文字列" })).toEqual({ selected: "yes", extra: "文字列" });
  });

  it("leaves arrays, null and the other kinds alone", () => {
    expect(coherentValue(single, t, null)).toBeNull();
    const list = [{ status: "implemented", month: "2027-01" }];
    expect(coherentValue({ kind: "status", scale: "check" }, t, list)).toBe(list);
    const cells = { a: { b: 1 } };
    expect(coherentValue({ kind: "table", rows: [{ key: "a", label: "A" }], columns: [{ key: "b", type: "number" }] }, t, cells)).toBe(cells);
  });
});
