// The form's own word for what an answer requires (事業者確認用: いいえ needs a 目標日, not a 「日付」), in the
// validation message, the answer's text, and the comparison's cell.
import { describe, expect, it } from "vitest";
import { answerSchema } from "../disclosures/answers.js";
import { compareDisclosures } from "../disclosures/compare.js";
import { formatAnswer } from "../disclosures/diff.js";
import { registeredScale } from "../disclosures/scale-registry.js";
import type { Template } from "../disclosures/template-schema.js";

const scale = registeredScale("yesNoWithDates")!;
const template: Template = {
  id: "vendor-check",
  version: "1.0.0",
  title: "事業者確認用（構造サンプル）",
  language: "ja",
  source: { document: "構造サンプル", edition: "サンプル版" },
  scales: [scale],
  sections: [{ key: "s", title: "章", items: [{ key: "i1", number: "1", text: "（項目文サンプル）", level: "required", answer: { kind: "status", scale: scale.key } }] }],
};
const item = template.sections[0].items![0];

describe("the word a form uses for what an answer requires", () => {
  it("asks for the 目標日 of an いいえ, and shows it under that name", () => {
    const schema = answerSchema(item.answer, template)!;
    expect(schema.safeParse({ status: "no", fields: { confirmedOn: "2026-06-01" } }).error!.issues.map((i) => i.message)).toEqual(["目標日を入力してください"]);
    expect(formatAnswer(template, item, { status: "no", date: "2027-03-31", fields: { confirmedOn: "2026-06-01" } })).toBe("いいえ（目標日: 2027年3月31日）（確認日: 2026年6月1日）");
    const content = (status: string, extra = {}) => ({ templateId: template.id, templateVersion: template.version, responses: { i1: { value: { status, ...extra } } } });
    const cells = compareDisclosures([{ template, content: content("no", { date: "2027-03-31" }) }, { template, content: content("yes") }]).sections[0].rows[0].cells;
    expect(cells.map((c) => [c.label, c.detail])).toEqual([["いいえ", "目標日: 2027年3月31日"], ["はい", null]]);
  });
});
