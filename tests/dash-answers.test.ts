// The 代行機関 form's 処理可能件数 answered 「年間 - 件　1日当たり - 件」, as the real disclosure of seed 003 prints it
// (issue 16): the field takes 「-」 or a number, keeps 「-」 as written, and reads it back from a workbook.
import { describe, expect, it } from "vitest";
import { answerSchema } from "../disclosures/answers.js";
import { formatAnswer } from "../disclosures/diff.js";
import { previewAnswerImport } from "../disclosures/answer-import.js";
import type { DisclosureContent } from "../disclosures/disclosure-content.js";
import { loadTemplateDirectory, walkItems } from "../disclosures/template-loader.js";
import type { Template } from "../disclosures/template-schema.js";
import { TEMPLATES_DIR } from "./helpers/db.js";

const latest = loadTemplateDirectory(TEMPLATES_DIR)
  .filter((t) => t.id === "agency-disclosure")
  .sort((a, b) => (a.version < b.version ? 1 : -1))[0];
const itemOf = (template: Template, key: string) => [...walkItems(template)].find((e) => e.item.key === key)!.item;
const capacity = itemOf(latest, "processingCapacity");
const schema = answerSchema(capacity.answer, latest)!;
const messages = (value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe("処理可能件数 on the latest 代行機関 form", () => {
  it("is two number fields that also take the form's 「-」", () => {
    expect(capacity.answer.kind === "composite" && capacity.answer.fields.map((f) => [f.prefix, f.unit, f.dash])).toEqual([
      ["年間", "件", true],
      ["1日当たり", "件", true],
    ]);
    expect(messages({ perYear: "-", perDay: "-" })).toEqual([]);
    expect(messages({ perYear: 120000, perDay: 500 })).toEqual([]);
  });

  it("refuses anything else with the number's own messages", () => {
    expect(messages({ perYear: "--" })).toEqual(["数値または「-」を入力してください"]);
    expect(messages({ perYear: "なし" })).toEqual(["数値または「-」を入力してください"]);
    expect(messages({ perYear: -1 })).toEqual(["0以上で入力してください"]);
    expect(messages({ perYear: 1.5 })).toEqual(["整数を入力してください"]);
  });

  it("prints 「-」 as written, with the form's words around it", () => {
    expect(formatAnswer(latest, capacity, { perYear: "-", perDay: "-" })).toContain("年間-件");
  });

  it("leaves a number field without `dash` refusing 「-」 (従事する職員の数)", () => {
    const staff = itemOf(latest, "staff");
    const staffSchema = answerSchema(staff.answer, latest)!;
    expect(staffSchema.safeParse({ dedicated: { agency: "-" } }).success).toBe(false);
  });

  it("reads 「-」 and 「－」 back from a workbook row as 「-」", () => {
    const headings = ["キー", "章・節", "番号", "項目", "区分", "回答", "実施時期・日付", "理由", "備考", "根拠資料（名称）", "根拠資料（URL）", "基準"];
    const row = (answer: string) => ["processingCapacity", "", "", capacity.text, "必須", answer, "", "", "", "", "", "r0"];
    const grid = {
      fileName: "answers.xlsx",
      sheets: [{ name: "回答", rows: [["", "様式ID", `${latest.id}@${latest.version}`], headings, row(formatAnswer(latest, capacity, { perYear: "-", perDay: "-" }).replace("-", "－"))] }],
    };
    const empty = { content: { templateId: latest.id, templateVersion: latest.version, responses: {} } as DisclosureContent, revisions: {} };
    const preview = previewAnswerImport({ grid: grid as never, template: latest, draft: empty, today: "2026-12-02" });
    const read = preview.rows.find((r) => r.key === "processingCapacity")!;
    expect(read.status).toBe("accepted");
    expect(read.response?.value).toEqual({ perYear: "-", perDay: "-" });
  });
});
