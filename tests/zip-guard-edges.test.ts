// Mutation testing of disclosures/workbook/zip-guard.ts (issue 20, docs/mutation.md), continued from
// tests/zip-guard-mutants.test.ts: the unusual but valid shapes a workbook can take — an empty archive, rows without
// cells, two-letter namespace prefixes, no relationships part, relationships and sheets without some attributes —
// and a directory entry that points past the end of the file.
import { describe, expect, it } from "vitest";
import { checkZip, type ZipLimits } from "../disclosures/workbook/zip-guard.js";
import { zipArchive } from "./fixtures/bad-workbooks.js";

const LIMITS: ZipLimits = { maxEntries: 10, maxTotalUncompressed: 2 * 1024 * 1024, maxRows: 3, maxCells: 100, maxRowElements: 10 };

describe("unusual but valid archives", () => {
  it("an empty archive is not a workbook (its end record is the whole file)", () => {
    // Written for: line 28 (`eocd < 0` → `<= 0`) and line 22 (`i >= stop` → `>`): the end record at offset 0.
    expect(checkZip(zipArchive([]), LIMITS)).toEqual({ ok: false, reason: "notWorkbook", detail: "ZIP ファイルですが、中に Excel ブック（xl/workbook.xml）がありません" });
  });

  it("rows without cells, and a two-letter namespace prefix on sheets, rows, cells and values", () => {
    // Written for: line 109 (`if (c)` → always: a row without cells threw), lines 91, 104, 107, 108 (`\w+` → `\w`).
    const sheet = Buffer.from(`<ss:worksheet><ss:sheetData><ss:row/>${'<ss:row><ss:c><ss:v>1</ss:v></ss:c></ss:row>'.repeat(4)}</ss:sheetData></ss:worksheet>`);
    const buf = zipArchive([
      { name: "xl/workbook.xml", data: Buffer.from('<ss:workbook><ss:sheets><ss:sheet name="名簿" r:id="rId1"/></ss:sheets></ss:workbook>') },
      { name: "xl/_rels/workbook.xml.rels", data: Buffer.from('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>') },
      { name: "xl/worksheets/sheet1.xml", data: sheet },
    ]);
    expect(checkZip(buf, LIMITS)).toEqual({ ok: false, reason: "tooManyRows", detail: "名簿", sheet: "名簿", count: 4 });
    expect(checkZip(buf, { ...LIMITS, maxRows: 4, maxCells: 3 })).toEqual({ ok: false, reason: "tooManyCells", detail: "名簿", sheet: "名簿", count: 4 });
  });

  it("without a relationships part, or with relationships and sheets missing attributes, the part's path names the sheet", () => {
    // Written for: line 84 (`?.toString`), lines 87-89 and 92-95 (`?.[1]` and the `id && target`, `name && target` tests).
    const sheet = Buffer.from(`<worksheet><sheetData>${"<row><c><v>1</v></c></row>".repeat(4)}</sheetData></worksheet>`);
    const without = zipArchive([{ name: "xl/workbook.xml", data: Buffer.from('<workbook><sheets><sheet name="一覧" r:id="rId1"/></sheets></workbook>') }, { name: "xl/worksheets/sheet1.xml", data: sheet }]);
    const path = "xl/worksheets/sheet1.xml";
    expect(checkZip(without, LIMITS)).toEqual({ ok: false, reason: "tooManyRows", detail: path, sheet: path, count: 4 });
    const partial = zipArchive([
      { name: "xl/workbook.xml", data: Buffer.from('<workbook><sheets><sheet sheetId="1" r:id="rId1"/><sheet name="孤立" r:id="rId9"/><sheet name="番号なし"/></sheets></workbook>') },
      { name: "xl/_rels/workbook.xml.rels", data: Buffer.from('<Relationships><Relationship Target="worksheets/sheet1.xml"/><Relationship Id="rId1"/><Relationship Id="rId2" Type="x"/></Relationships>') },
      { name: "xl/worksheets/sheet1.xml", data: sheet },
    ]);
    expect(checkZip(partial, LIMITS)).toEqual({ ok: false, reason: "tooManyRows", detail: path, sheet: path, count: 4 });
  });
});

describe("a directory that runs past the end of the file", () => {
  it("an entry's extra-field length pointing beyond the file is refused as a broken directory, not a crash", () => {
    // Written for: line 37 (`p + 46 > buf.length ||` dropped: reading past the end threw a RangeError).
    const buf = zipArchive([{ name: "xl/workbook.xml", data: Buffer.from("<workbook/>") }, { name: "xl/a.xml", data: Buffer.from("<a/>") }]);
    const central = buf.readUInt32LE(buf.length - 22 + 16);
    buf.writeUInt16LE(0xffff, central + 30);
    expect(checkZip(buf, LIMITS)).toEqual({ ok: false, reason: "corrupt", detail: "ZIP の目録が壊れています" });
  });
});
