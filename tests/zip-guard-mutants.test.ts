// Mutation testing of disclosures/workbook/zip-guard.ts (issue 20, docs/mutation.md): the check every uploaded .xlsx
// (templates, answers, documents) passes before exceljs inflates it — each way a ZIP can be damaged, lie or be too
// big, said in Japanese, and the sheet names it reports decoded as Excel shows them. Small limits stand in for the
// real ones (disclosures/workbook/read-workbook.ts: WORKBOOK_LIMITS), so the archives stay tiny.
import { describe, expect, it } from "vitest";
import { checkZip, type ZipLimits } from "../disclosures/workbook/zip-guard.js";
import { zipArchive } from "./fixtures/bad-workbooks.js";

const LIMITS: ZipLimits = { maxEntries: 10, maxTotalUncompressed: 2 * 1024 * 1024, maxRows: 3, maxCells: 6, maxRowElements: 5 };
const RELS = '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/other.xml"/></Relationships>';
const workbookXml = (sheets: string) => Buffer.from(`<workbook><sheets>${sheets}</sheets></workbook>`);
const rows = (n: number, cellsPerRow = 1, value = true) =>
  Buffer.from(`<worksheet><sheetData>${Array.from({ length: n }, (_, i) => `<row r="${i + 1}">${Array.from({ length: cellsPerRow }, () => (value ? "<c><v>1</v></c>" : "<c/>")).join("")}</row>`).join("")}</sheetData></worksheet>`);
/** A workbook of two sheets: 「一覧」 (sheet1.xml, relative target) and the second named by `second` (absolute target). */
function book(sheet1: Buffer, sheet2 = rows(1), second = "別紙", options: { deflate?: boolean } = {}) {
  return zipArchive([
    { name: "xl/", data: Buffer.alloc(0), deflate: false },
    { name: "xl/workbook.xml", data: workbookXml(`<sheet name="一覧" r:id="rId1"/><x:sheet name="${second}" r:id="rId2"/>`), ...options },
    { name: "xl/_rels/workbook.xml.rels", data: Buffer.from(RELS), ...options },
    { name: "xl/worksheets/sheet1.xml", data: sheet1, ...options },
    { name: "xl/worksheets/other.xml", data: sheet2, ...options },
  ]);
}
const fail = (buf: Buffer, limits = LIMITS) => {
  const r = checkZip(buf, limits);
  return r.ok ? r : { reason: r.reason, detail: r.detail, ...(r.sheet !== undefined ? { sheet: r.sheet, count: r.count } : {}) };
};
/** The end-of-central-directory record starts 22 bytes from the end (no comment). */
const eocd = (buf: Buffer) => buf.length - 22;
const centralStart = (buf: Buffer) => buf.readUInt32LE(eocd(buf) + 16);

describe("a sound workbook", () => {
  it("passes with its entry count and declared size, stored or deflated, directory entries included", () => {
    // Written for: checkZip's result (`entries`, `totalUncompressed`), method 0 (stored) in inflateEntry, the `/` skip.
    for (const deflate of [true, false]) {
      const buf = book(rows(3), rows(1), "別紙", { deflate });
      const r = checkZip(buf, LIMITS);
      expect(r.ok).toBe(true);
      const declared = [workbookXml('<sheet name="一覧" r:id="rId1"/><x:sheet name="別紙" r:id="rId2"/>'), Buffer.from(RELS), rows(3), rows(1)].reduce((n, b) => n + b.length, 0);
      expect(r).toEqual({ ok: true, entries: 5, totalUncompressed: declared });
    }
  });
});

describe("limits: rows, row elements, cells, entries, declared size", () => {
  it("a sheet of more rows with values than the limit, named as Excel shows it (entities decoded, absolute target)", () => {
    // Written for: countRowsAndCells (a row counts only with a value), sheetNames (Target with a leading /, a prefixed
    // <x:sheet>, decodeXml: &amp; &lt; &gt; &quot; &apos; and numeric references), `counted.rows > limits.maxRows`.
    expect(fail(book(rows(3), rows(4), "A&amp;B &lt;1&gt; &quot;x&quot; &apos;y&apos; &#12354;&#x3044;"))).toEqual({
      reason: "tooManyRows",
      detail: `A&B <1> "x" 'y' あい`,
      sheet: `A&B <1> "x" 'y' あい`,
      count: 4,
    });
    expect(fail(book(rows(4)))).toEqual({ reason: "tooManyRows", detail: "一覧", sheet: "一覧", count: 4 });
    expect(checkZip(book(rows(3), rows(3)), { ...LIMITS, maxCells: 100 }).ok).toBe(true);
  });

  it("rows without values do not count as rows, but too many row elements are refused all the same", () => {
    // Written for: the `<v` / `<is` test per row and `counted.elements > limits.maxRowElements`.
    expect(checkZip(book(rows(5, 1, false)), LIMITS).ok).toBe(true);
    expect(fail(book(rows(6, 1, false)))).toEqual({ reason: "tooManyRows", detail: "一覧", sheet: "一覧", count: 6 });
    const inline = Buffer.from('<worksheet><sheetData><row><c t="inlineStr"><is><t>a</t></is></c></row><row><c t="inlineStr"><is><t>b</t></is></c></row><row><c/></row><row><c/></row></sheetData></worksheet>');
    expect(fail(book(inline), { ...LIMITS, maxRows: 1 })).toEqual({ reason: "tooManyRows", detail: "一覧", sheet: "一覧", count: 2 });
  });

  it("cells are counted over all sheets together", () => {
    // Written for: `cells += counted.cells` and `cells > limits.maxCells` (6 allowed: 2 × 2 + 1 × 2 passes, 3 × 2 + 1 fails).
    expect(checkZip(book(rows(2, 2), rows(1, 2)), LIMITS).ok).toBe(true);
    expect(fail(book(rows(3, 2), rows(1, 1)))).toEqual({ reason: "tooManyCells", detail: "別紙", sheet: "別紙", count: 7 });
  });

  it("more entries than the limit, and exactly the limit", () => {
    // Written for: `entries.length > limits.maxEntries` and its message.
    expect(fail(book(rows(1)), { ...LIMITS, maxEntries: 4 })).toEqual({ reason: "bomb", detail: "ZIP の中のファイルが 5 個あります（上限 4 個）" });
    expect(checkZip(book(rows(1)), { ...LIMITS, maxEntries: 5 }).ok).toBe(true);
  });

  it("a declared size over the limit, in MB, and exactly at the limit", () => {
    // Written for: `declared > limits.maxTotalUncompressed` and the MB rounding of its message.
    const buf = book(rows(1));
    const declared = (checkZip(buf, LIMITS) as { totalUncompressed: number }).totalUncompressed;
    expect(checkZip(buf, { ...LIMITS, maxTotalUncompressed: declared }).ok).toBe(true);
    expect(fail(buf, { ...LIMITS, maxTotalUncompressed: declared - 1 })).toEqual({ reason: "bomb", detail: "展開後の大きさが 0 MB と宣言されています（上限 0 MB）" });
    const big = zipArchive([{ name: "xl/workbook.xml", data: workbookXml("") }, { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(3 * 1024 * 1024) }]);
    expect(fail(big)).toEqual({ reason: "bomb", detail: "展開後の大きさが 3 MB と宣言されています（上限 2 MB）" });
  });
});

describe("damaged or lying archives", () => {
  it("no end record, a ZIP64 marker, a directory pointing outside, a broken directory entry", () => {
    // Written for: readCentralDirectory's four refusals and findEndOfCentralDirectory's search bounds.
    const buf = book(rows(1));
    expect(fail(buf.subarray(0, buf.length - 10))).toEqual({ reason: "corrupt", detail: "ZIP の終端レコードがありません（途中で切れています）" });
    for (const [at, value, size] of [[10, 0xffff, 2], [12, 0xffffffff, 4], [16, 0xffffffff, 4]] as const) {
      const copy = Buffer.from(buf);
      if (size === 2) copy.writeUInt16LE(value, eocd(copy) + at);
      else copy.writeUInt32LE(value, eocd(copy) + at);
      expect(fail(copy), `offset ${at}`).toEqual({ reason: "corrupt", detail: "ZIP64 形式です" });
    }
    const outside = Buffer.from(buf);
    outside.writeUInt32LE(centralStart(buf) + 1, eocd(outside) + 16);
    expect(fail(outside)).toEqual({ reason: "corrupt", detail: "ZIP の目録が範囲外を指しています" });
    const broken = Buffer.from(buf);
    broken.writeUInt32LE(0x12345678, centralStart(buf));
    expect(fail(broken)).toEqual({ reason: "corrupt", detail: "ZIP の目録が壊れています" });
    const tooMany = Buffer.from(buf);
    tooMany.writeUInt16LE(6, eocd(tooMany) + 10);
    expect(fail(tooMany)).toEqual({ reason: "corrupt", detail: "ZIP の目録が壊れています" });
  });

  it("an entry whose sizes are ZIP64 markers, an encrypted entry", () => {
    // Written for: `entry.size === 0xffffffff || entry.compressedSize === 0xffffffff` and `e.flags & 1`.
    const buf = book(rows(1));
    for (const at of [20, 24]) {
      const copy = Buffer.from(buf);
      copy.writeUInt32LE(0xffffffff, centralStart(buf) + at);
      expect(fail(copy), `offset ${at}`).toEqual({ reason: "corrupt", detail: "ZIP64 形式です" });
    }
    const encrypted = Buffer.from(buf);
    encrypted.writeUInt16LE(1, centralStart(buf) + 8);
    expect(fail(encrypted)).toEqual({ reason: "encrypted", detail: "ZIP が暗号化されています" });
    const otherFlag = Buffer.from(buf);
    otherFlag.writeUInt16LE(0x0800, centralStart(buf) + 8); // UTF-8 names: not encryption
    expect(checkZip(otherFlag, LIMITS).ok).toBe(true);
  });

  it("a local header missing or cut short, data past the end, an unknown method, sizes that disagree", () => {
    // Written for: inflateEntry's refusals (position, cut short, method, the inflate error, size mismatch either way).
    const single = (data: Buffer, extra: { deflate?: boolean; declaredSize?: number } = {}) =>
      zipArchive([{ name: "xl/workbook.xml", data, ...extra }]);
    const xml = workbookXml("");
    const badLocal = single(xml);
    badLocal.writeUInt32LE(0, 0);
    expect(fail(badLocal)).toEqual({ reason: "corrupt", detail: "xl/workbook.xml の位置が壊れています" });
    const pastEnd = single(xml);
    pastEnd.writeUInt32LE(pastEnd.length, centralStart(pastEnd) + 20);
    expect(fail(pastEnd)).toEqual({ reason: "corrupt", detail: "xl/workbook.xml が途中で切れています" });
    const bzip = single(xml);
    bzip.writeUInt16LE(12, centralStart(bzip) + 10);
    expect(fail(bzip)).toEqual({ reason: "corrupt", detail: "xl/workbook.xml の圧縮方式（12）に対応していません" });
    const garbage = single(xml);
    garbage.fill(0xff, 30 + "xl/workbook.xml".length, 34 + "xl/workbook.xml".length);
    expect(fail(garbage)).toEqual({ reason: "corrupt", detail: "xl/workbook.xml を展開できません" });
    expect(fail(single(xml, { declaredSize: xml.length + 5 }))).toEqual({ reason: "corrupt", detail: "xl/workbook.xml の大きさが宣言と違います" });
    expect(fail(single(xml, { deflate: false, declaredSize: xml.length - 5 }))).toEqual({ reason: "bomb", detail: "xl/workbook.xml の大きさが宣言と違います" });
    expect(fail(single(xml, { declaredSize: xml.length - 5 }))).toEqual({ reason: "bomb", detail: `xl/workbook.xml が宣言（${xml.length - 5} バイト）より大きく展開されます` });
    expect(fail(single(xml, { deflate: false, declaredSize: xml.length + 5 }))).toEqual({ reason: "corrupt", detail: "xl/workbook.xml の大きさが宣言と違います" });
  });
});
