// Checks an .xlsx (a ZIP archive) before exceljs inflates it: the central directory's declared
// sizes and entry count first, then every entry inflated with its declared size as a hard cap,
// so neither a lying header nor a bomb can make us allocate more than the limits. Rows are
// counted in the worksheet XML here too: a 10 MB file can hold a million tiny rows, which the
// workbook parser would otherwise build in memory before we could count them.
import { inflateRawSync } from "node:zlib";

export type ZipLimits = { maxEntries: number; maxTotalUncompressed: number; maxRows: number; maxCells: number; maxRowElements: number };

export type ZipCheck =
  | { ok: true; entries: number; totalUncompressed: number }
  | { ok: false; reason: "corrupt" | "encrypted" | "bomb" | "notWorkbook" | "tooManyRows" | "tooManyCells"; detail: string; sheet?: string; count?: number };

type Entry = { name: string; method: number; flags: number; compressedSize: number; size: number; localOffset: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

function readCentralDirectory(buf: Buffer): Entry[] | string {
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) return "ZIP の終端レコードがありません（途中で切れています）";
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return "ZIP64 形式です";
  if (offset + size > eocd) return "ZIP の目録が範囲外を指しています";
  const entries: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return "ZIP の目録が壊れています";
    const nameLength = buf.readUInt16LE(p + 28);
    const entry: Entry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString("utf8", p + 46, p + 46 + nameLength),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) return "ZIP64 形式です";
    entries.push(entry);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

function inflateEntry(buf: Buffer, entry: Entry): Buffer | { reason: "corrupt" | "bomb"; detail: string } {
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) return { reason: "corrupt", detail: `${entry.name} の位置が壊れています` };
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + entry.compressedSize > buf.length) return { reason: "corrupt", detail: `${entry.name} が途中で切れています` };
  const data = buf.subarray(start, start + entry.compressedSize);
  let out: Buffer;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      // One byte more than declared: inflating past it means the header lied.
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size + 1) });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return { reason: "bomb", detail: `${entry.name} が宣言（${entry.size} バイト）より大きく展開されます` };
      return { reason: "corrupt", detail: `${entry.name} を展開できません` };
    }
  } else return { reason: "corrupt", detail: `${entry.name} の圧縮方式（${entry.method}）に対応していません` };
  if (out.length !== entry.size) return { reason: entry.size < out.length ? "bomb" : "corrupt", detail: `${entry.name} の大きさが宣言と違います` };
  return out;
}

const decodeXml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (m, e: string) =>
    e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );

/** Sheet names by worksheet part ("xl/worksheets/sheet1.xml" → "MDS"), from workbook.xml and its rels. */
function sheetNames(parts: Map<string, Buffer>): Map<string, string> {
  const names = new Map<string, string>();
  const workbook = parts.get("xl/workbook.xml")?.toString("utf8") ?? "";
  const rels = parts.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "";
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const target = id ? targets.get(id) : undefined;
    if (name && target) names.set(target, decodeXml(name));
  }
  return names;
}

/** Rows holding at least one value, and cells, of one worksheet's XML, without building a tree. */
function countRowsAndCells(xml: string): { rows: number; cells: number; elements: number } {
  let rows = 0;
  let cells = 0;
  const chunks = xml.split(/<(?:\w+:)?row\b/);
  for (let i = 1; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (/<(?:\w+:)?(?:v|is)\b/.test(chunk)) rows++;
    const c = chunk.match(/<(?:\w+:)?c\b/g);
    if (c) cells += c.length;
  }
  return { rows, cells, elements: chunks.length - 1 };
}

export function checkZip(buf: Buffer, limits: ZipLimits): ZipCheck {
  const entries = readCentralDirectory(buf);
  if (typeof entries === "string") return { ok: false, reason: "corrupt", detail: entries };
  if (entries.length > limits.maxEntries) return { ok: false, reason: "bomb", detail: `ZIP の中のファイルが ${entries.length} 個あります（上限 ${limits.maxEntries} 個）` };
  if (entries.some((e) => e.flags & 1)) return { ok: false, reason: "encrypted", detail: "ZIP が暗号化されています" };
  const declared = entries.reduce((n, e) => n + e.size, 0);
  if (declared > limits.maxTotalUncompressed)
    return { ok: false, reason: "bomb", detail: `展開後の大きさが ${Math.round(declared / 1024 / 1024)} MB と宣言されています（上限 ${Math.round(limits.maxTotalUncompressed / 1024 / 1024)} MB）` };
  if (!entries.some((e) => e.name === "xl/workbook.xml")) return { ok: false, reason: "notWorkbook", detail: "ZIP ファイルですが、中に Excel ブック（xl/workbook.xml）がありません" };

  const parts = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.name.endsWith("/")) continue;
    const out = inflateEntry(buf, entry);
    if (!Buffer.isBuffer(out)) return { ok: false, ...out };
    if (/^xl\/(?:workbook\.xml|_rels\/workbook\.xml\.rels|worksheets\/[^/]+\.xml)$/.test(entry.name)) parts.set(entry.name, out);
  }
  const names = sheetNames(parts);
  let cells = 0;
  for (const [name, data] of parts) {
    if (!name.startsWith("xl/worksheets/")) continue;
    const counted = countRowsAndCells(data.toString("utf8"));
    const sheet = names.get(name) ?? name;
    if (counted.rows > limits.maxRows) return { ok: false, reason: "tooManyRows", detail: sheet, sheet, count: counted.rows };
    cells += counted.cells;
    // Rows without values (formatting only) still become objects in the parser.
    if (counted.elements > limits.maxRowElements) return { ok: false, reason: "tooManyRows", detail: sheet, sheet, count: counted.elements };
    if (cells > limits.maxCells) return { ok: false, reason: "tooManyCells", detail: sheet, sheet, count: cells };
  }
  return { ok: true, entries: entries.length, totalUncompressed: declared };
}
