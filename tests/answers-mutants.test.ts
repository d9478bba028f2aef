// Answer checks the editor and publishing rely on, at the edges the main suites leave: dates and months with extra
// characters, where a missing 実施時期 or 理由 is reported (the field the editor marks), the companion's name, and a
// table whose row is called 「extra」 kept whole.
import { describe, expect, it } from "vitest";
import { answerSchema, coherentValue, requiredLabel } from "../disclosures/answers.js";
import type { AnswerKind } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template = tinyTemplate();
const schema = (answer: AnswerKind) => answerSchema(answer, template)!;
const messages = (answer: AnswerKind, value: unknown) => {
  const result = schema(answer).safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("dates and months", () => {
  // answers.ts 64 and 65 (`^` or `$` dropped from the date and month patterns).
  it("refuses a date or month with characters before or after it", () => {
    expect(messages({ kind: "date" }, "2027-03-01")).toEqual([]);
    expect(messages({ kind: "date" }, "12027-03-01")[0]).toEqual(["", "日付は YYYY-MM-DD の形式で入力してください"]);
    expect(messages({ kind: "date" }, "2027-03-011")[0]).toEqual(["", "日付は YYYY-MM-DD の形式で入力してください"]);
    expect(messages({ kind: "month" }, "2027-03")).toEqual([]);
    expect(messages({ kind: "month" }, "12027-03")).toEqual([["", "年月は YYYY-MM の形式で入力してください"]]);
    expect(messages({ kind: "month" }, "2027-031")).toEqual([["", "年月は YYYY-MM の形式で入力してください"]]);
  });
});

describe("a status option's required companion", () => {
  // answers.ts 105 and 107 (the issue's path `["month"]` / `["reason"]` → `[]` or `[""]`): the editor shows the
  // message at the field that is missing.
  it("reports a missing 実施時期 or 理由 at that field", () => {
    const status: AnswerKind = { kind: "status", scale: "check" };
    expect(messages(status, { status: "planned" })).toEqual([["month", "実施時期（年月）を入力してください"]]);
    expect(messages(status, { status: "notApplicable", reason: "  " })).toEqual([["reason", "理由を入力してください"]]);
    expect(messages(status, { status: "notApplicable", reason: "対象業務なし" })).toEqual([]);
  });

  // answers.ts 88 (`option?.requires === requires` → true, `option?.requires` → `option.requires`).
  it("is called by the option's own word only for what that option requires", () => {
    const option = { requires: "date" as const, requiresLabel: "目標日" };
    expect(requiredLabel(option, "date")).toBe("目標日");
    expect(requiredLabel(option, "month")).toBe("実施時期");
    expect(requiredLabel(undefined, "reason")).toBe("理由");
    expect(requiredLabel({ requires: "reason" }, "reason")).toBe("理由");
  });
});

describe("coherentValue", () => {
  // answers.ts 131 (`answer.kind === "choice"` → true): only a choice drops free texts of options not selected; a
  // table row called 「extra」 is a row like any other.
  it("keeps every row of a table, even one called 「extra」", () => {
    const table: AnswerKind = { kind: "table", rows: [{ key: "selected", label: "選択" }, { key: "extra", label: "追加" }], columns: [{ key: "n", type: "number" }] };
    const value = { selected: { n: 1 }, extra: { n: 2 } };
    expect(coherentValue(table, template, value)).toEqual({ selected: { n: 1 }, extra: { n: 2 } });
  });
});
