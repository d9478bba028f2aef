// The real 代行機関 answer set of seed 003, as the vendor printed it, coming in as a workbook (issue 14, "Must show"):
// six rows of the minimum-guideline checklist ticked 「実施予定」 with the remark 「対象事項無」, and the form's own
// claim 「最低限のガイドラインを遵守済」. The file is written by the portal's export, edited the way the vendor's
// sheet says it, and read back; the preview must name the contradiction, and the draft follows the rules.
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { answersWorkbook } from "../app/utils/answers-export.server.js";
import { previewAnswerImport } from "../disclosures/answer-import.js";
import type { DisclosureContent, ItemResponse } from "../disclosures/disclosure-content.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { readWorkbook } from "../disclosures/workbook/index.js";
import { ROOT, TEMPLATES_DIR } from "./helpers/db.js";

const agency = loadTemplateFile(path.join(TEMPLATES_DIR, "agency-disclosure@1.1.0.json"));
const example = JSON.parse(readFileSync(path.join(ROOT, "disclosures/examples/agency-disclosure.example.json"), "utf8")) as {
  answers: Record<string, ItemResponse["value"]>;
  declared: { guidelineCompliance: string };
};
// In the example they are 対象外 (as the portal asks); on the printed form they are 実施予定 with 「対象事項無」.
const sixRows = Object.entries(example.answers).flatMap(([key, v]) => ((v as { status?: string }).status === "notApplicable" ? [key] : []));
const empty = { content: { templateId: agency.id, templateVersion: agency.version, responses: {} } as DisclosureContent, revisions: {} };

/** The portal's export of the example, then the vendor's edits: the six rows as printed, and the declared result. */
async function asPrinted(month: string, answers: Record<string, string> = {}): Promise<Buffer> {
  const content: DisclosureContent = { templateId: agency.id, templateVersion: agency.version, responses: Object.fromEntries(Object.entries(example.answers).map(([k, value]) => [k, { value }])) };
  const bytes = await answersWorkbook({ template: agency, content, organizationName: "株式会社 エヌ・ティ・ティ・ビジネスアソシエ東日本", serviceName: null, versionLabel: "下書き", publishedAt: null, contentHash: null, base: { revisions: {} }, now: Date.UTC(2026, 11, 1) });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.getWorksheet("回答")!;
  let edited = 0;
  sheet.eachRow((row) => {
    const key = String(row.getCell(1).value ?? "");
    if (sixRows.includes(key)) {
      row.getCell(6).value = "実施予定";
      row.getCell(7).value = month;
      row.getCell(8).value = "";
      row.getCell(9).value = "対象事項無";
      edited++;
    }
    if (key === "guidelineCompliance") row.getCell(6).value = example.declared.guidelineCompliance;
    if (Object.prototype.hasOwnProperty.call(answers, key)) row.getCell(6).value = answers[key];
  });
  expect(edited).toBe(6);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe("seed 003's answers as printed, imported from a workbook", () => {
  it("with a 実施時期: the six rows come in as 実施予定, the preview names the contradiction, the result is the rule's", async () => {
    const preview = previewAnswerImport({ grid: await readWorkbook(await asPrinted("2026-04"), { fileName: "seed003.xlsx" }), template: agency, draft: empty, today: "2026-12-02" });
    expect(preview.fileProblem).toBeNull();
    // Every row reads; rows the example leaves blank are 変更なし against the empty draft.
    expect(preview.totals).toMatchObject({ invalid: 0, unknown: 0, conflict: 0 });
    expect(preview.totals.accepted).toBeGreaterThanOrEqual(100);
    const answerable = [...walkItems(agency)].filter((e) => e.item.answer.kind !== "derived").length;
    expect(preview.totals.accepted + preview.totals.unchanged).toBe(answerable);
    // Every other answer, choices, several fields and tables included, comes back exactly as the portal holds it.
    for (const row of preview.rows.filter((r) => r.status === "accepted" && !sixRows.includes(r.key))) expect(row.response?.value, row.key).toEqual(example.answers[row.key]);
    const six = preview.rows.filter((r) => sixRows.includes(r.key));
    expect(six.map((r) => r.response?.value)).toEqual(Array(6).fill({ status: "planned", month: "2026-04" }));
    for (const row of six) expect(row.messages).toEqual(["実施時期 2026-04 は過去です", "「実施予定」の備考が「対象事項無」などの意味です。実施予定として取り込みます（様式の規則では、実施予定は満たしていない項目として数えます）"]);
    expect(preview.derived).toEqual([{ title: "ガイドラインの遵守", before: "チェックリストに未回答の項目があります", after: "最低限のガイドラインを遵守していない" }]);
    expect(preview.claims).toEqual([
      "ファイルでは「ガイドラインの遵守」が「最低限のガイドラインを遵守済」とされていますが、様式の規則による判定は「最低限のガイドラインを遵守していない」です（満たしていない項目: 6）。判定は回答から算出され、ファイルの記載は使いません。",
    ]);
  });

  it("without a 実施時期, as on the printed form: the six rows cannot be 実施予定, and the preview says to answer 対象外", async () => {
    const preview = previewAnswerImport({ grid: await readWorkbook(await asPrinted(""), { fileName: "seed003.xlsx" }), template: agency, draft: empty, today: "2026-12-02" });
    const six = preview.rows.filter((r) => sixRows.includes(r.key));
    expect(six.map((r) => r.status)).toEqual(Array(6).fill("invalid"));
    expect(six[0].messages).toEqual(["実施時期（年月）を入力してください", "備考が「対象事項無」などの意味です。実施することがないなら「対象外」と答え、理由に書いてください（対象外は様式の規則で数えません）"]);
    expect(preview.derived[0].after).toBe("チェックリストに未回答の項目があります");
    expect(preview.claims[0]).toMatch(/^ファイルでは「ガイドラインの遵守」が「最低限のガイドラインを遵守済」とされていますが、様式の規則による判定は「チェックリストに未回答の項目があります」です/);
  });

  it("reads changed choices and tables from their words, and says why words it cannot read are refused", async () => {
    const read = async (answers: Record<string, string>) => {
      const preview = previewAnswerImport({ grid: await readWorkbook(await asPrinted("2027-04", answers), { fileName: "seed003.xlsx" }), template: agency, draft: empty, today: "2026-12-02" });
      return Object.fromEntries(preview.rows.filter((r) => r.key in answers).map((r) => [r.key, r.status === "invalid" ? r.messages : r.response?.value]));
    };
    expect(await read({ agencyType: "医療保険者サイド", staff: "専任/機関本体: 12人、兼任/協力・関係会社: 3人", sites: "２箇所、都道府県名: 東京都、神奈川県" })).toEqual({
      agencyType: { selected: "insurerSide" },
      staff: { dedicated: { agency: 12 }, concurrent: { partners: 3 } },
      sites: { count: 2, prefectures: "東京都、神奈川県" },
    });
    const refused = "回答の書き方を読み取れません。Kaiji から書き出したときと同じ書き方（選択肢の名前を「、」で区切る、「欄の名前: 値」）にするか、画面で入力してください";
    expect(await read({ agencyType: "医療保険者サイド、健診・保健指導機関サイド（健診機関グループ）", staff: "専任/機関本体: 十人", sites: "本社のみ" })).toEqual({
      agencyType: [refused],
      staff: ["「十人」は数値として読めません"],
      sites: ["「本社のみ」は数値として読めません"],
    });
  });
});
