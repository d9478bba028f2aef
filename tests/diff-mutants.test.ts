// What the version diff, the answer import and the answer copy treat as "the same answer" (sameResponse,
// diffContents), and how formatAnswer shows values that do not fit their item (hand-made JSON, an option or scale a
// later template version dropped): as written, never a crash. Expected texts are written by hand.
import { describe, expect, it } from "vitest";
import type { AnswerValue } from "../disclosures/answers.js";
import { diffContents, formatAnswer, formatMonth, sameResponse } from "../disclosures/diff.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import type { Item, Template } from "../disclosures/template-schema.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const services: Item = {
  key: "svc",
  text: "業務内容",
  level: "required",
  answer: {
    kind: "choice",
    multiple: true,
    options: [
      { value: "print", label: "帳票印刷" },
      { value: "check", label: "点検", extra: { label: "内容" } },
      { value: "other", label: "その他" },
    ],
  },
};
const period: Item = {
  key: "period",
  text: "期間",
  level: "none",
  answer: { kind: "composite", fields: [{ key: "from", label: "開始", type: "month" }, { key: "edition", label: "版", type: "text" }, { key: "staff", type: "number", unit: "人" }] },
};
const count: Item = { key: "count", text: "件数", level: "none", answer: { kind: "number", prefix: "年間", unit: "件" } };
const memo: Item = { key: "memo", text: "補足", level: "none", answer: { kind: "text", prefix: "約", unit: "件" } };

function template(): Template {
  const t = tinyTemplate();
  t.scales![0].fields = [{ key: "confirmedOn", label: "確認日", type: "date" }];
  t.sections[1].items!.push(services, period, count, memo);
  return t;
}
const t = template();
const content = (responses: Record<string, ItemResponse>): DisclosureContent => ({ templateId: "tiny", templateVersion: "1.0.0", responses });

describe("sameResponse (the import's and the copy's 「変更なし」)", () => {
  // diff.ts 58–61 (the block emptied, `a && normalizeResponse(a)` → `||`, `b && …` → true / false, the comparison
  // → always / never / inverted).
  it("is true for the same answer with blank parts or keys in another order, false for any real difference", () => {
    expect(sameResponse(services, { value: { selected: ["print"] }, note: "  " }, { value: { selected: ["print"] } })).toBe(true);
    expect(sameResponse(period, { value: { from: "2027-03", edition: "第2版" } }, { value: { edition: "第2版", from: "2027-03" } })).toBe(true);
    expect(sameResponse(services, undefined, { note: "" })).toBe(true);
    expect(sameResponse(services, undefined, undefined)).toBe(true);
    expect(sameResponse(services, { value: { selected: ["print"] } }, { value: { selected: ["check"] } })).toBe(false);
    expect(sameResponse(services, { value: { selected: ["print"] } }, undefined)).toBe(false);
    expect(sameResponse(services, undefined, { note: "後日" })).toBe(false);
    expect(sameResponse(services, { value: { selected: ["print"] }, note: "a" }, { value: { selected: ["print"] }, note: "b" })).toBe(false);
  });

  it("ignores the order in which the boxes of a multiple choice were ticked", () => {
    expect(sameResponse(services, { value: { selected: ["other", "print"] } }, { value: { selected: ["print", "other"] } })).toBe(true);
  });

  // diff.ts 51 (`rank(a) - rank(b) || localeCompare` → `&&`): two options a later template version no longer has
  // have the same rank, and their order must not count as a change either.
  it("ignores the order of selected options the template no longer has", () => {
    expect(sameResponse(services, { value: { selected: ["zeta", "alpha", "print"] } }, { value: { selected: ["print", "alpha", "zeta"] } })).toBe(true);
    const before = content({ svc: { value: { selected: ["zeta", "alpha"] } } });
    const after = content({ svc: { value: { selected: ["alpha", "zeta"] } } });
    expect(diffContents(t, before, after)).toEqual([]);
  });
});

describe("formatAnswer on values that do not fit", () => {
  // diff.ts 139 (every mutant of `typeof value === "string" && field.type === "month"`): only a month field is shown as
  // 年月; a text field holding the same characters is shown as typed.
  it("shows a month field as 年月 and a text field as typed", () => {
    expect(formatAnswer(t, period, { from: "2027-03", edition: "2027-03", staff: 4 })).toBe("開始: 2027年3月、版: 2027-03、4人");
  });

  // diff.ts 116 and 122 (`^` or `$` dropped): a month or date with more around it is not one.
  it("shows a month or date with extra characters as written", () => {
    expect(formatMonth("2027-03")).toBe("2027年3月");
    expect(formatMonth("12027-03")).toBe("12027-03");
    expect(formatMonth("2027-031")).toBe("2027-031");
    const status = (v: AnswerValue) => formatAnswer(t, { key: "c1", text: "方針", level: "required", answer: { kind: "status", scale: "check" } }, v);
    expect(status({ status: "implemented", fields: { confirmedOn: "2027-03-01" } })).toBe("実施済（確認日: 2027年3月1日）");
    expect(status({ status: "implemented", fields: { confirmedOn: "x2027-03-01" } })).toBe("実施済（確認日: x2027-03-01）");
    expect(status({ status: "implemented", fields: { confirmedOn: "2027-03-012" } })).toBe("実施済（確認日: 2027-03-012）");
  });

  // diff.ts 166 (`scale?.fields` → `scale.fields`): a status item whose scale the template no longer has.
  it("shows a status on an unknown scale with its fields, without throwing", () => {
    const item: Item = { key: "old", text: "旧項目", level: "none", answer: { kind: "status", scale: "retired" } };
    expect(formatAnswer(t, item, { status: "done", fields: { confirmedOn: "2027-03-01" } })).toBe("done（confirmedOn: 2027-03-01）");
  });

  // diff.ts 202 (`option?.extra?.label` → `option?.extra.label`): a free text on an option that has no free-text box.
  it("shows a free text on an option without a free-text box in brackets, without throwing", () => {
    expect(formatAnswer(t, services, { selected: ["print", "check"], extra: { print: "月次", check: "年1回" } })).toBe("帳票印刷（月次）、点検（内容：年1回）");
  });

  // diff.ts 232 (the scalar test → always / string never): a scalar with its prefix and unit; a value of the wrong
  // shape as JSON alone, without a unit that would make it look like a number of 件.
  it("puts prefix and unit around a scalar only", () => {
    expect(formatAnswer(t, count, 1200)).toBe("年間1200件");
    expect(formatAnswer(t, memo, "30")).toBe("約30件");
    expect(formatAnswer(t, count, { n: 1 } as unknown as AnswerValue)).toBe('{"n":1}');
  });

  // diff.ts 27 (`v !== null` → true in isPlainObject): a null where an object is expected.
  it("does not throw on null parts of hand-made JSON", () => {
    const c1: Item = { key: "c1", text: "方針", level: "required", answer: { kind: "status", scale: "check" } };
    expect(formatAnswer(t, c1, { status: "implemented", fields: null } as unknown as AnswerValue)).toBe("実施済");
    const before = content({ name: null as unknown as ItemResponse });
    expect(diffContents(t, before, content({ name: { value: "A社" } }))).toMatchObject([{ key: "name", change: "added", fields: ["value"] }]);
  });
});
