// Mutation testing of disclosures/answer-import.ts (issue 20, docs/mutation.md), continued from
// tests/answer-import-mutants.test.ts: cells with spaces around them, and rows shorter than the layout (a CSV row
// ends at its last filled cell).
import { describe, expect, it } from "vitest";
import { ANSWER_HEADINGS, previewAnswerImport } from "../disclosures/answer-import.js";
import type { WorkbookGrid } from "../disclosures/workbook/grid.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const template = tinyTemplate();
const TODAY = "2026-12-02";
const draft = { content: { templateId: "tiny", templateVersion: "1.0.0", responses: {} }, revisions: {} };
const sheet = (name: string, rows: string[][]) => ({ name, state: "visible" as const, rowCount: rows.length, columnCount: 12, rows, merges: [], hiddenRows: [], hiddenColumns: [] });

describe("spaces around cells, and rows shorter than the layout", () => {
  it("a key or an answer with spaces around it is read as if typed without them", () => {
    // Written for: line 399:86 (`.trim()` of a cell dropped: the key 「 c1 」 not found) and line 201:87 (the answer's
    // `.trim()` dropped: 「 実施済 」 reported as read differently).
    const grid: WorkbookGrid = { format: "xlsx", sheets: [sheet("回答", [[...ANSWER_HEADINGS], [" c1 ", "", "", "方針を定めている", "", "  実施済 ", "", "", "", "", "", "r0"]])] };
    const p = previewAnswerImport({ grid, template, draft, today: TODAY });
    expect(p.rows.map((r) => [r.key, r.status, r.messages, r.response])).toEqual([["c1", "accepted", [], { value: { status: "implemented" } }]]);
  });

  it("a text column past the end of a short row reads as blank, not as a different wording", () => {
    // Written for: line 399:99 (the `""` for a cell past the end of the row).
    const grid: WorkbookGrid = { format: "csv", sheets: [sheet("自社", [["番号", "回答", "備考", "項目"], ["1", "実施済"]])] };
    const p = previewAnswerImport({ grid, layout: { sheet: "自社", headingRow: 1, columns: { number: "A", answer: "B", note: "C", text: "D" } }, template, draft, today: TODAY });
    expect(p.rows.map((r) => [r.key, r.text, r.messages, r.status])).toEqual([["c1", "", [], "accepted"]]);
  });
});

describe("a count the file states otherwise", () => {
  it("names a tally rule's result without an unmet count (a tally has none)", () => {
    // Written for: line 466:22 (`result.rule === "allMet"` → true: a tally result has no `notMet`, the preview threw).
    const t = tinyTemplate();
    t.derived!.push({ rule: "tally", key: "count", title: "実施数" });
    t.sections[0].items!.push({ key: "countView", text: "実施数", level: "none", answer: { kind: "derived", result: "count" } });
    const grid: WorkbookGrid = { format: "xlsx", sheets: [sheet("回答", [[...ANSWER_HEADINGS], ["countView", "", "", "実施数", "", "合計 2/2（自動判定）", "", "", "", "", "", "r0"], ["c1", "", "", "方針", "", "実施済", "", "", "", "", "", "r0"]])] };
    const p = previewAnswerImport({ grid, template: t, draft, today: TODAY });
    expect(p.claims).toEqual(["ファイルでは「実施数」が「合計 2/2」とされていますが、様式の規則による判定は「合計 1/2」です。判定は回答から算出され、ファイルの記載は使いません。"]);
  });
});
