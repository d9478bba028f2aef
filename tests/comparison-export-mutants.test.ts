// Mutation testing of app/utils/comparison-export.server.ts (issue 20, docs/mutation.md): what the survivors of the
// first run showed the other export suites never look at. A rule's note on an unmet answer (GL 7.0 別紙:
// 「医療機関側のリスク評価が必要」) is printed under the answer in the CSV and the spreadsheet, as on the screen.
import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { useFreshDatabase } = await import("./helpers/db.js");
  useFreshDatabase();
});

import { comparisonTable, toCsv, toXlsx } from "../app/utils/comparison-export.server.js";
import { compareDisclosures, defaultFilters } from "../disclosures/compare.js";
import type { ComparisonPage } from "../app/models/comparison.server.js";
import { comparisonTemplate, PUBLISHED, vendorResponses } from "./helpers/comparison-fixture.js";
import { parseCsv } from "./helpers/csv.js";

const NOTE = "医療機関側のリスク評価が必要";
const NOW = Date.parse("2026-12-02T00:30:00+09:00");

/** Alpha and Gamma of the fixture on a form whose 「遵守」 rule notes every unmet item (Gamma's c1 and c2, Alpha's r1). */
function flaggedPage(): ComparisonPage {
  const template = comparisonTemplate();
  template.derived![0] = { ...template.derived![0], unmetNote: NOTE } as never;
  const responses = vendorResponses();
  const inputs = [responses.alpha, responses.gamma].map((r) => ({ template, content: { templateId: template.id, templateVersion: template.version, responses: r } }));
  const comparison = compareDisclosures(inputs, defaultFilters);
  const columns = ["アルファ株式会社", "ガンマ株式会社"].map((organizationName, i) => ({
    disclosureId: `d-${i}`, organizationName, verified: false, serviceName: null, release: null, templateVersion: "1.0.0",
    version: 1, publishedAt: PUBLISHED[i], withdrawn: false, note: null,
  }));
  return { template: { id: template.id, title: template.title }, shortlist: null, profile: null, columns: comparison.order.map((i) => columns[i]), comparison, filterLines: ["すべての項目"], notices: [] };
}

describe("a rule's note beside an unmet answer", () => {
  // Written for: comparison-export.server.ts:74 (answerText: the flags lines — ArrayDeclaration `[]`, ArrowFunction
  // `() => undefined`, the 「⚠ 」 StringLiteral, the "\n" joiner), NoCoverage in the first run.
  it("the CSV prints 「⚠ 医療機関側のリスク評価が必要」 under each answer the rule finds unmet, and nothing under the others", () => {
    const rows = parseCsv(toCsv(comparisonTable(flaggedPage())).replace(/^\uFEFF/, ""));
    const byNumber = (n: string) => rows.find((r) => r[1] === n)!.slice(5, 7);
    expect(byNumber("1")).toEqual(["実施済", `実施予定（実施時期: 2027年1月）\n⚠ ${NOTE}`]);
    expect(byNumber("2")).toEqual(["実施済", `未実施\n⚠ ${NOTE}`]);
    // 実施予定 is not met by the rule either (Alpha's r1); the 実施済 beside it gets no note.
    expect(byNumber("3")).toEqual([`実施予定（実施時期: 2027年4月）\n⚠ ${NOTE}`, "実施済"]);
  });

  it("the spreadsheet's cell holds the same two lines", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(flaggedPage(), NOW)) as unknown as ArrayBuffer);
    const matrix = workbook.getWorksheet("比較")!;
    const values: string[][] = [];
    matrix.eachRow((row) => values.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    expect(values.find((r) => r[1] === "2")!.slice(5, 7)).toEqual(["実施済", `未実施\n⚠ ${NOTE}`]);
  });
});
