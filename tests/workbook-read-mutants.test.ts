// Mutation testing of disclosures/workbook/read-workbook.ts (issue 20, docs/mutation.md): what an administrator's or a
// vendor's upload reads as — the cell texts exactly as Excel shows them, hidden rows and columns, sheet visibility,
// merged ranges at the edges of the used area — and each refusal at its edge with its Japanese message. Line numbers
// are those of read-workbook.ts when the tests were written.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readWorkbook, type WorkbookGrid } from "../disclosures/workbook/index.js";
import { compoundFile, zipArchive } from "./fixtures/bad-workbooks.js";
import { refusal } from "./helpers/workbook-refusal.js";


async function written(build: (wb: ExcelJS.Workbook) => void): Promise<WorkbookGrid> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), { fileName: "form.xlsx" });
}

const EXTENSION = "Excel ブック（.xlsx）ではありません。ファイルの中身が拡張子と合っていません。";
const NOT_CSV = "Excel ブック（.xlsx）または CSV ファイルではありません。";
const NO_END_RECORD = "ファイルが壊れているため読み込めません。ZIP の終端レコードがありません（途中で切れています）。Excel で開いて保存し直してください。";
const ENCRYPTED = "パスワードで保護されたブックは読み込めません。Excel でパスワードを解除して保存し直してから取り込んでください。";
const LEGACY = "Excel 97-2003 形式（.xls）には対応していません。Excel で .xlsx 形式に保存し直してから取り込んでください。";

// A hand-made workbook (the parts Excel writes) whose one sheet 「リンク」 has hyperlinks on the cells `links` names.
const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";
const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
function linkedWorkbook(sheetData: string, links: string[]): Buffer {
  return zipArchive([
    {
      name: "[Content_Types].xml",
      data: xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    { name: "_rels/.rels", data: xml(`<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: "xl/workbook.xml", data: xml(`<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="リンク" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: "xl/_rels/workbook.xml.rels", data: xml(`<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`) },
    {
      name: "xl/worksheets/sheet1.xml",
      data: xml(`<worksheet xmlns="${NS}" xmlns:r="${REL}"><sheetData>${sheetData}</sheetData><hyperlinks>${links.map((ref, i) => `<hyperlink ref="${ref}" r:id="rId${i + 1}"/>`).join("")}</hyperlinks></worksheet>`),
    },
    {
      name: "xl/worksheets/_rels/sheet1.xml.rels",
      data: xml(`<Relationships xmlns="${PKG}">${links.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/hyperlink" Target="https://example.jp/${i}" TargetMode="External"/>`).join("")}</Relationships>`),
    },
  ]);
}

describe("cell texts as Excel shows them", () => {
  it("dates with a time, to the minute or the second; FALSE; a 16-digit number; a lone CR; rich text with CRLF", async () => {
    // Written for: line 181 (`time === "00:00:00"`, `time.endsWith(":00")` → startsWith, the slices), line 191 (the
    // FALSE branch), line 174 (`Number.isInteger(n)` → false and `||` → `&&`: toPrecision(15) would round a
    // 16-digit number), line 169 (`/\r\n?/` → `/\r\n/`), line 194 (rich text runs joined, then normalised).
    const grid = await written((wb) => {
      const ws = wb.addWorksheet("値");
      ws.getRow(1).values = [
        new Date(Date.UTC(2026, 5, 1, 9, 30, 0)),
        new Date(Date.UTC(2026, 5, 1, 9, 30, 15)),
        false,
        1234567890123456,
        "一行目\r二行目",
        { richText: [{ text: "太字\r\n" }, { text: "続き" }] },
      ];
    });
    expect(grid.sheets[0].rows).toEqual([["2026-06-01 09:30", "2026-06-01 09:30:15", "FALSE", "1234567890123456", "一行目\n二行目", "太字\n続き"]]);
  });

  it("a date cell beyond the calendar reads as empty, not as an error", async () => {
    // Written for: line 192 (`Number.isNaN(value.getTime()) ? ""` → false: toISOString throws on an invalid date).
    const grid = await written((wb) => {
      const ws = wb.addWorksheet("値");
      ws.getCell("A1").value = 1e20;
      ws.getCell("A1").numFmt = "yyyy-mm-dd";
      ws.getCell("B1").value = "次の列";
    });
    expect(grid.sheets[0].rows).toEqual([["", "次の列"]]);
  });

  it("a cell whose cached value is an empty text is empty: a row of such cells is not part of the table", async () => {
    // Written for: line 116 (`if (text === "") return` → never: the row would count as holding a value).
    const grid = await written((wb) => {
      const ws = wb.addWorksheet("値");
      ws.getCell("A1").value = "表";
      ws.getCell("A2").value = { formula: 'IF(TRUE,"","x")', result: "" };
      ws.getCell("B2").value = { richText: [{ text: "" }] };
    });
    expect(grid.sheets[0]).toMatchObject({ rowCount: 1, columnCount: 1, rows: [["表"]] });
  });

  it("a shared formula gives its cached result, and a link shows the text of its cell, rich text flattened", async () => {
    // Written for: line 196 (`"sharedFormula" in value`), lines 197-199 (a hyperlink's text as a string or rich text).
    const grid = await written((wb) => {
      const ws = wb.addWorksheet("値");
      ws.getCell("A1").value = { formula: "1+1", result: 2 };
      ws.getCell("A2").value = { sharedFormula: "A1", result: 7 } as unknown as ExcelJS.CellValue;
      ws.getCell("B1").value = { text: { richText: [{ text: "リン" }, { text: "ク" }] }, hyperlink: "https://example.jp" } as unknown as ExcelJS.CellValue;
      ws.getCell("B2").value = { text: "サイト\r\n案内", hyperlink: "https://example.jp" };
    });
    expect(grid.sheets[0].rows).toEqual([
      ["2", "リンク"],
      ["7", "サイト\n案内"],
    ]);
  });

  it("a link on a number, a formula or a TRUE/FALSE cell shows that value (it threw a TypeError, not a refusal)", async () => {
    // A real bug found while reading the mutants of lines 197-199: exceljs gives a linked cell's own value as the
    // link's text, and `"richText" in 5` throws, so an upload with such a link ended in a server error.
    const row =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>サイト</t></is></c><c r="B1"><v>5</v></c><c r="C1"><f>1+2</f><v>3</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="inlineStr"><is><t>末尾</t></is></c></row>';
    const grid = await readWorkbook(linkedWorkbook(row, ["A1", "B1", "C1", "D1", "F1"]), { fileName: "links.xlsx" });
    expect(grid.sheets[0].rows).toEqual([["サイト", "5", "3", "TRUE", "末尾"]]);
  });
});

describe("the used area: hidden rows and columns, visibility, merged ranges", () => {
  it("a hidden blank row inside the table is known; hidden rows and columns past the last value are not", async () => {
    // Written for: line 110 (`includeEmpty: true` → false: the blank hidden row 2 was never visited), line 120
    // (`if (cells)` → always: rows 4-5 without values would extend the sheet), line 163 (`r <= rowCount` → `<` or
    // always), line 133 (`c <= columnCount` → `<`: the last column is hidden).
    const grid = await written((wb) => {
      const ws = wb.addWorksheet("表");
      ws.getCell("A1").value = "a";
      ws.getRow(2).hidden = true;
      ws.getCell("A2").font = { bold: true };
      ws.getCell("A3").value = "b";
      ws.getCell("B3").value = "c";
      ws.getRow(3).hidden = true;
      for (const r of [4, 5]) {
        ws.getRow(r).hidden = true;
        ws.getCell(`A${r}`).font = { bold: true };
      }
      ws.getColumn(2).hidden = true;
      ws.getColumn(3).hidden = true;
    });
    expect(grid.sheets[0]).toEqual({
      name: "表",
      state: "visible",
      rowCount: 3,
      columnCount: 2,
      rows: [
        ["a", ""],
        ["", ""],
        ["b", "c"],
      ],
      merges: [],
      hiddenRows: [2, 3],
      hiddenColumns: [2],
    });
  });

  it("hidden and very hidden sheets say so", async () => {
    // Written for: line 134 (the two states and the `||`).
    const grid = await written((wb) => {
      wb.addWorksheet("表").getCell("A1").value = "表";
      wb.addWorksheet("隠し", { state: "hidden" }).getCell("A1").value = "隠し";
      wb.addWorksheet("完全に隠し", { state: "veryHidden" }).getCell("A1").value = "完全";
    });
    expect(grid.sheets.map((s) => [s.name, s.state])).toEqual([
      ["表", "visible"],
      ["隠し", "hidden"],
      ["完全に隠し", "veryHidden"],
    ]);
  });

  it("merged ranges at the edges of the used area are clipped to it; ranges wholly outside it are dropped", async () => {
    // Written for: line 114 (the Merge check → false: A4:A6's lower cells would make rows 5-6), line 150
    // (`m.top > rowCount` and `m.left > columnCount` → `>=`, `||` → `&&`), line 151 (`Math.min` → `Math.max`).
    const grid = await written((wb) => {
      const ws = wb.addWorksheet("結合");
      ws.getCell("A3").value = "見出し";
      ws.getCell("B3").value = "x";
      ws.getCell("C3").value = "横";
      ws.mergeCells("C3:D3"); // starts in the last used column
      ws.getCell("A4").value = "縦";
      ws.mergeCells("A4:A6"); // starts in the last used row
      ws.mergeCells("F3:G3"); // right of the used area, empty
      ws.mergeCells("A10:B12"); // below it, empty
    });
    const sheet = grid.sheets[0];
    expect(sheet.rowCount).toBe(4);
    expect(sheet.columnCount).toBe(3);
    expect(sheet.rows.slice(2)).toEqual([
      ["見出し", "x", "横"],
      ["縦", "", ""],
    ]);
    expect([...sheet.merges].sort((a, b) => a.top - b.top)).toEqual([
      { top: 3, left: 3, bottom: 3, right: 3 },
      { top: 4, left: 1, bottom: 4, right: 1 },
    ]);
  });

  it("a range in two-letter columns and two-digit rows spreads its value over the whole range", async () => {
    // Written for: line 128 (the `+` of `[A-Z]+` and `\d+`, each of the four removed), line 129 (the four numbers).
    const grid = await written((wb) => {
      const ws = wb.addWorksheet("広い");
      ws.getCell("AA10").value = "遠い";
      ws.mergeCells("AA10:AB12");
      ws.getCell("AC12").value = "端";
    });
    const sheet = grid.sheets[0];
    expect(sheet.merges).toEqual([{ top: 10, left: 27, bottom: 12, right: 28 }]);
    expect([sheet.rowCount, sheet.columnCount]).toEqual([12, 29]);
    expect(sheet.rows.slice(9).map((r) => r.slice(26))).toEqual([
      ["遠い", "遠い", ""],
      ["遠い", "遠い", ""],
      ["遠い", "遠い", "端"],
    ]);
  });
});

describe("what a file is taken for", () => {
  it("ZIP signatures: a 4-byte local header, an empty archive; look-alikes are not ZIPs", async () => {
    // Written for: line 43 (`b.length >= 4` → `> 4`; each of `b[0]`, `b[1]`, `b[2] === 3 || b[2] === 5`,
    // `b[3] === 4 || b[3] === 6` and their parts made true or false). PK 05 04 and PK 03 06 pass as ZIPs too (the
    // check takes the two pairs separately), then fail as damaged archives.
    expect((await refusal(Buffer.from([0x50, 0x4b, 3, 4]), "a.xlsx")).message).toBe(NO_END_RECORD);
    const empty = await refusal(zipArchive([]), "a.xlsx"); // only the end record: PK 05 06
    expect(empty.message).toBe("Excel ブック（.xlsx）ではありません。ZIP ファイルですが、中に Excel ブック（xl/workbook.xml）がありません。");
    for (const bytes of [
      [0x51, 0x4b, 3, 4],
      [0x50, 0x4c, 3, 4],
      [0x50, 0x4b, 7, 4],
      [0x50, 0x4b, 3, 7],
    ]) {
      const error = await refusal(Buffer.from([...bytes, 0x41, 0x42]), "a.xlsx");
      expect([bytes, error.message]).toEqual([bytes, EXTENSION]);
    }
  });

  it("an OLE container of exactly 8 bytes is a legacy .xls; a shorter start of one is not", async () => {
    // Written for: line 44 (`b.length >= 8` → `> 8` or always, and `&&` → `||`: reading 4 bytes at offset 4 of a
    // 6-byte file threw; each half of the signature made true).
    const ole = Buffer.from("d0cf11e0a1b11ae1", "hex");
    expect((await refusal(ole, "old.xls")).message).toBe(LEGACY);
    expect((await refusal(ole.subarray(0, 6), "old.xls")).message).toBe(EXTENSION);
    // Either half of the signature alone is not one (each comparison made true).
    for (const half of ["00000000a1b11ae1", "d0cf11e000000000"]) expect([half, (await refusal(Buffer.from(half, "hex"), "old.xls")).message]).toEqual([half, EXTENSION]);
  });

  it("either encryption stream alone marks a password-protected workbook", async () => {
    // Written for: line 56 (`||` → `&&`, each `includes` made false).
    for (const name of ["EncryptionInfo", "EncryptedPackage"]) {
      const error = await refusal(compoundFile([{ name, data: Buffer.alloc(4096, 1) }]), "secret.xlsx");
      expect([name, error.code, error.message]).toEqual([name, "encrypted", ENCRYPTED]);
    }
  });

  it("a ZIP with the encryption flag is a password-protected workbook", async () => {
    // Written for: line 81 (the "encrypted" case of the ZIP check and its message).
    const buf = zipArchive([{ name: "xl/workbook.xml", data: Buffer.from("<workbook/>") }]);
    const central = buf.readUInt32LE(buf.length - 22 + 16);
    buf.writeUInt16LE(1, central + 8);
    const error = await refusal(buf, "secret.xlsx");
    expect([error.name, error.code, error.message]).toEqual(["WorkbookError", "encrypted", ENCRYPTED]);
  });

  it("a ZIP that passes the check but whose workbook exceljs cannot parse is corrupt", async () => {
    // Written for: lines 96-100 (the catch around `workbook.xlsx.load` and its message).
    const error = await refusal(zipArchive([{ name: "xl/workbook.xml", data: Buffer.from("<workbook><sheets><sheet") }]), "broken.xlsx");
    expect([error.code, error.message]).toEqual(["corrupt", "ファイルが壊れているため読み込めません。ブックの内容を解釈できませんでした。Excel で開いて保存し直してください。"]);
  });

  it("more than a million cells, named by sheet", async () => {
    // Written for: line 89-90 (the "tooManyCells" case, its message and sheet).
    const row = `<row>${"<c/>".repeat(1_001)}</row>`;
    const buf = zipArchive([
      { name: "xl/workbook.xml", data: Buffer.from('<workbook><sheets><sheet name="表1" r:id="rId1"/></sheets></workbook>') },
      { name: "xl/_rels/workbook.xml.rels", data: Buffer.from('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>') },
      { name: "xl/worksheets/sheet1.xml", data: Buffer.from(`<worksheet><sheetData>${row.repeat(1_000)}</sheetData></worksheet>`) },
    ]);
    const error = await refusal(buf, "cells.xlsx");
    expect([error.code, error.sheet, error.message]).toEqual(["tooManyCells", "表1", "セルの数が上限（1,000,000）を超えています（シート「表1」まで）。"]);
  });

  it("exactly 10 MB is not too large", async () => {
    // Written for: line 52 (`buf.length > maxBytes` → `>=`).
    expect((await refusal(Buffer.alloc(10 * 1024 * 1024), "big.xlsx")).message).toBe(EXTENSION);
  });

  it("Excel extensions in any case are expected to be workbooks; .xlsx inside a longer name is not an extension", async () => {
    // Written for: line 53 (`toLowerCase()`), line 61 (the `$` of the extension pattern and its alternatives).
    const text = Buffer.from("番号,項目\r\n1,規程\r\n");
    for (const name of ["FORM.XLSX", "form.xlsm", "form.xls"]) expect([name, (await refusal(text, name)).message]).toEqual([name, EXTENSION]);
    const csv = await readWorkbook(text, { fileName: "form.xlsx.csv" });
    expect(csv.sheets[0].rows).toEqual([
      ["番号", "項目"],
      ["1", "規程"],
    ]);
  });

  it("text that neither UTF-8 nor Shift_JIS decodes, and each kind of control character, is not CSV; a tab is", async () => {
    // Written for: line 64 (`text === null` → false: the CSV parser was given null; each part of the character
    // class removed: U+0000-0008, U+000B, U+000C, U+000E-001F).
    expect((await refusal(Buffer.from([0x41, 0x81, 0x20]), "upload")).message).toBe(NOT_CSV);
    for (const c of ["\u0001", "\u000b", "\u000c", "\u001f"]) expect([c, (await refusal(Buffer.from(`a${c}b,c`), "items.csv")).message]).toEqual([c, NOT_CSV]);
    expect((await readWorkbook(Buffer.from("a\tb,c\u007f"), { fileName: "items.csv" })).sheets[0].rows).toEqual([["a\tb", "c\u007f"]]);
  });
});

describe("the CSV row limit counts rows holding a value", () => {
  it("5,000 rows with an empty field each, and blank lines, are read; one more such row is refused", async () => {
    // Written for: line 72 (`filter` removed or `some` → `every`, `c !== ""` → `===`), line 73 (`>` → `>=`).
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1},項目,`);
    const rows = lines(5_000);
    const grid = await readWorkbook(Buffer.from([...rows.slice(0, 2_500), "", "", ...rows.slice(2_500)].join("\r\n")), { fileName: "items.csv" });
    expect(grid.sheets[0].rowCount).toBe(5_002);
    expect(grid.sheets[0].rows.slice(2_499, 2_503)).toEqual([["2500", "項目", ""], ["", "", ""], ["", "", ""], ["2501", "項目", ""]]);
    const error = await refusal(Buffer.from(lines(5_001).join("\r\n")), "items.csv");
    expect([error.code, error.sheet, error.message]).toEqual(["tooManyRows", "CSV", "シート「CSV」の行数が上限を超えています（5,001 行、上限 5,000 行）。表を分けるか、不要な行を削除してください。"]);
  });

  it("a CSV is one visible sheet named CSV", async () => {
    // Written for: line 74 (`"CSV"`, `"visible"`).
    const grid = await readWorkbook(Buffer.from("a,b\n"), { fileName: "x.csv" });
    expect(grid).toEqual({ format: "csv", sheets: [{ name: "CSV", state: "visible", rowCount: 1, columnCount: 2, rows: [["a", "b"]], merges: [], hiddenRows: [], hiddenColumns: [] }] });
  });
});
