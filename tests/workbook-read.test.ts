// Reading an uploaded workbook: values only, merged ranges resolved, and every kind of bad file refused
// with a Japanese message before anything large is allocated.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readWorkbook, type SheetGrid } from "../disclosures/workbook/index.js";
import {
  damagedWorkbook,
  legacyXlsWorkbook,
  passwordProtectedWorkbook,
  workbookWithFormulas,
  zipBombDeclared,
  zipBombLying,
  zipManyEntries,
  zipWithoutWorkbook,
} from "./fixtures/bad-workbooks.js";
import { bigWorkbook, mdsWorkbook, sdsWorkbook, vendorChecklistCsv } from "./fixtures/make-workbooks.js";
import { refusal } from "./helpers/workbook-refusal.js";


const sheet = (sheets: SheetGrid[], name: string) => sheets.find((s) => s.name === name)!;

describe("readWorkbook: what a sheet holds", () => {
  it("reads the MDS fixture: merged chapter rows give their text to the whole row, the hidden column is known", async () => {
    const grid = await readWorkbook(await mdsWorkbook(), { fileName: "mds.xlsx" });
    expect(grid.format).toBe("xlsx");
    expect(grid.sheets.map((s) => s.name)).toEqual(["記入要領", "MDS"]);
    const mds = sheet(grid.sheets, "MDS");
    expect(mds.hiddenColumns).toEqual([8]);
    expect(mds.hiddenRows).toEqual([]);
    expect(mds.rows[10].slice(0, 7)).toEqual(Array(7).fill("1．規程類"));
    expect(mds.merges).toContainEqual({ top: 11, left: 1, bottom: 11, right: 7 });
    // Row 12: 1.1 stored as a number; row 13: a wrapped text; row 14: CRLF in 確認事項 normalised to LF.
    expect(mds.rows[11].slice(0, 3)).toEqual(["1.1", "（項目文サンプル）MDS-1.1", "◎"]);
    expect(mds.rows[12][1]).toBe("（項目文サンプル）MDS-1.2\n（2行目のサンプル）");
    expect(mds.rows[13][6]).toBe("（確認事項サンプル）MDS-1.3\n（確認事項の2行目）");
    expect(mds.rows[11][7]).toBe("M-0011");
  });

  it("flattens rich text, keeps full-width numbers as typed, and gives a formula's cached result", async () => {
    const mds = sheet((await readWorkbook(await mdsWorkbook())).sheets, "MDS");
    const byNumber = (n: string) => mds.rows.find((r) => r[0] === n)!;
    expect(byNumber("3.3")[1]).toBe("（項目文サンプル）MDS-3.3");
    expect(byNumber("２．２")[1]).toBe("（項目文サンプル）MDS-2.2\n（2行目のサンプル）");
    expect(byNumber("4.3")[2]).toBe("必須"); // =IF(TRUE,"必須","推奨"), never evaluated: the cached result (the pattern says 推奨)
  });

  it("knows hidden rows and spreads a vertically merged chapter cell to every row it covers", async () => {
    const sds = sheet((await readWorkbook(await sdsWorkbook())).sheets, "SDS");
    expect(sds.hiddenRows).toEqual([32]);
    expect(sds.rows[31].slice(1, 3)).toEqual(["99", "（削除された項目のサンプル）"]);
    expect(sds.rows.slice(11, 15).map((r) => r[0])).toEqual(Array(4).fill("1 規程類"));
    expect(sds.rows.slice(11, 15).map((r) => r[1])).toEqual(["1", "2", "3", "4"]);
  });

  it("takes formulas' cached values, including errors, and ignores a link to another workbook", async () => {
    const grid = await readWorkbook(workbookWithFormulas(), { fileName: "formulas.xlsx" });
    expect(grid.sheets).toHaveLength(1);
    expect(grid.sheets[0].rows).toEqual([
      ["外部", "外部ブックに保存されていた値"],
      ["エラー", "#DIV/0!"],
      ["合計", "3"],
      ["古い計算結果", "5"], // =1+1 cached as 5: the cache is read, the formula never evaluated
    ]);
  });

  it("writes numbers the shortest way that reads back, and dates as ISO dates", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    ws.getRow(1).values = [0.1 + 0.2, 3, 1.5, new Date(Date.UTC(2026, 5, 1)), true, { text: "リンク", hyperlink: "https://example.jp" }];
    const grid = await readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(grid.sheets[0].rows[0]).toEqual(["0.3", "3", "1.5", "2026-06-01", "TRUE", "リンク"]);
  });

  it("reads CSV as one sheet: BOM, CRLF, quoted line breaks and quotes", async () => {
    const grid = await readWorkbook(vendorChecklistCsv(), { fileName: "checklist.csv" });
    expect(grid.format).toBe("csv");
    expect(grid.sheets.map((s) => s.name)).toEqual(["CSV"]);
    const rows = grid.sheets[0].rows;
    expect(rows[7]).toEqual(["No.", "チェック項目", "はい／いいえ", "確認日", "目標日（いいえの場合）", "備考"]);
    expect(rows.find((r) => r[0] === "1-(5)")![1]).toBe('（項目文サンプル）事業者確認用-1-(5)\n"2行目"のサンプル');
  });

  it("reads CSV that Excel saved in Shift_JIS", async () => {
    // 「項目,区分」「1,必須」 in CP932.
    const sjis = Buffer.from([141, 128, 150, 218, 44, 139, 230, 149, 170, 13, 10, 49, 44, 149, 75, 144, 123, 13, 10]);
    const grid = await readWorkbook(sjis, { fileName: "items.csv" });
    expect(grid.sheets[0].rows).toEqual([
      ["項目", "区分"],
      ["1", "必須"],
    ]);
  });
});

describe("readWorkbook: bad files are refused, saying why in Japanese", () => {
  it("a file that is not a workbook", async () => {
    const png = await refusal(Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), "form.xlsx");
    expect(png.code).toBe("notWorkbook");
    expect(png.message).toBe("Excel ブック（.xlsx）ではありません。ファイルの中身が拡張子と合っていません。");
    const binary = await refusal(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]), "upload");
    expect(binary.message).toBe("Excel ブック（.xlsx）または CSV ファイルではありません。");
    const docx = await refusal(zipWithoutWorkbook(), "form.xlsx");
    expect(docx.message).toBe("Excel ブック（.xlsx）ではありません。ZIP ファイルですが、中に Excel ブック（xl/workbook.xml）がありません。");
    expect((await refusal(Buffer.alloc(0))).message).toBe("ファイルが空です。");
  });

  it("a corrupt workbook: cut short, or damaged inside", async () => {
    const mds = await mdsWorkbook();
    const truncated = await refusal(mds.subarray(0, Math.floor(mds.length / 2)), "mds.xlsx");
    expect(truncated.code).toBe("corrupt");
    expect(truncated.message).toBe("ファイルが壊れているため読み込めません。ZIP の終端レコードがありません（途中で切れています）。Excel で開いて保存し直してください。");
    const damaged = await refusal(damagedWorkbook(mds), "mds.xlsx");
    expect(damaged.code).toBe("corrupt");
    expect(damaged.message).toMatch(/^ファイルが壊れているため読み込めません。xl\/worksheets\/sheet\d\.xml (を展開できません|の大きさが宣言と違います)。Excel で開いて保存し直してください。$/);
  });

  it("a password-protected workbook (an encrypted OLE container) and a legacy .xls", async () => {
    const encrypted = await refusal(passwordProtectedWorkbook(), "mds.xlsx");
    expect(encrypted.code).toBe("encrypted");
    expect(encrypted.message).toBe("パスワードで保護されたブックは読み込めません。Excel でパスワードを解除して保存し直してから取り込んでください。");
    const xls = await refusal(legacyXlsWorkbook(), "mds.xls");
    expect(xls.code).toBe("legacyXls");
    expect(xls.message).toBe("Excel 97-2003 形式（.xls）には対応していません。Excel で .xlsx 形式に保存し直してから取り込んでください。");
  });

  it("a zip bomb: refused from the declared sizes, before inflating", async () => {
    const declared = zipBombDeclared(60);
    expect(declared.length).toBeLessThan(200_000);
    const before = process.memoryUsage().arrayBuffers;
    const error = await refusal(declared, "bomb.xlsx");
    expect(error.code).toBe("zipBomb");
    expect(error.message).toBe("展開すると大きくなりすぎるため、読み込みを中止しました。展開後の大きさが 60 MB と宣言されています（上限 50 MB）。");
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
  });

  it("a zip bomb that lies about its size: inflating stops at the declared size", async () => {
    const error = await refusal(zipBombLying(200), "bomb.xlsx");
    expect(error.code).toBe("zipBomb");
    expect(error.message).toBe("展開すると大きくなりすぎるため、読み込みを中止しました。xl/worksheets/sheet1.xml が宣言（1024 バイト）より大きく展開されます。");
  });

  it("an archive of too many entries", async () => {
    const error = await refusal(zipManyEntries(1_000), "many.xlsx");
    expect(error.message).toBe("展開すると大きくなりすぎるため、読み込みを中止しました。ZIP の中のファイルが 1001 個あります（上限 1000 個）。");
  });

  it("a file over 10 MB, before looking inside", async () => {
    const error = await refusal(Buffer.alloc(10 * 1024 * 1024 + 1), "big.xlsx");
    expect(error.code).toBe("tooLarge");
    expect(error.message).toBe("ファイルが大きすぎます（10.1 MB、上限 10 MB）。不要なシートや画像を削除してから取り込んでください。");
    expect((await readWorkbook(await mdsWorkbook())).sheets).toHaveLength(2);
  });

  it("a sheet of more than 5,000 rows, named; 5,000 rows are read", async () => {
    const error = await refusal(await bigWorkbook(5_000), "big.xlsx"); // 5,000 table rows + the heading row
    expect(error.code).toBe("tooManyRows");
    expect(error.sheet).toBe("MDS");
    expect(error.message).toBe("シート「MDS」の行数が上限を超えています（5,001 行、上限 5,000 行）。表を分けるか、不要な行を削除してください。");
    const grid = await readWorkbook(await bigWorkbook(4_999));
    expect(grid.sheets[0].rowCount).toBe(5_000);
  }, 60_000);

  it("a CSV of more than 5,000 rows", async () => {
    const csv = Buffer.from(Array.from({ length: 5_001 }, (_, i) => `${i + 1},項目`).join("\r\n"));
    const error = await refusal(csv, "items.csv");
    expect(error.message).toBe("シート「CSV」の行数が上限を超えています（5,001 行、上限 5,000 行）。表を分けるか、不要な行を削除してください。");
  });
});
