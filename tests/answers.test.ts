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
