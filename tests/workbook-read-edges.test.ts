// Mutation testing of disclosures/workbook/read-workbook.ts (issue 20, docs/mutation.md), continued from
// tests/workbook-read-mutants.test.ts: the codes the callers tell refusals apart by, and a line break of its own (CR
// alone) inside a CSV field. Line numbers are those of read-workbook.ts after the hyperlink fix.
import { describe, expect, it } from "vitest";
import { readWorkbook } from "../disclosures/workbook/index.js";
import { zipWithoutWorkbook } from "./fixtures/bad-workbooks.js";
import { refusal } from "./helpers/workbook-refusal.js";


describe("refusal codes", () => {
  it("an empty file, a binary file and a ZIP without a workbook each have their code", async () => {
    // Written for: line 51 (`"empty"` → ""), line 65 and line 86 (`"notWorkbook"` → "").
    expect((await refusal(Buffer.alloc(0), "a.csv")).code).toBe("empty");
    expect((await refusal(Buffer.from([0x00, 0x01, 0x02]), "upload")).code).toBe("notWorkbook");
    expect((await refusal(zipWithoutWorkbook(), "form.xlsx")).code).toBe("notWorkbook");
  });
});

describe("line breaks in CSV fields", () => {
  it("a CR alone inside a quoted field reads as a line break, like CRLF", async () => {
    // Written for: line 169 (`/\r\n?/g` → `/\r\n/g`). Inside an .xlsx the XML reader already folds CR, so only a CSV
    // brings one this far.
    const grid = await readWorkbook(Buffer.from('"一行目\r二行目","三\r\n四"\r\n'), { fileName: "items.csv" });
    expect(grid.sheets[0].rows).toEqual([["一行目\n二行目", "三\n四"]]);
  });
});
