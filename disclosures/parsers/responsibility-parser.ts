// Seed parser for MHLW 「医療情報システムの契約における関係者間の役割分担等に関するチェックリスト（案）」
// (seed 000). The seed prints the checklist twice: a short list (項番, [分類,] 項目, 内容, 確認欄) and a
// 「推奨される対応例」 version of the same rows with [想定されるリスク,] 推奨される対応例 and
// ガイドライン等関連部分. We merge each short-list row with its partner into one item, and fail loudly when
// a row of either version has no partner or the two texts are not the same item.
//
// Field choice: `text` is the 内容 sentence (the question or agreement a row is checked against: it is what a
// hospital and a vendor tick 確認欄 for), `group` is the 項目 label (a short heading; in Part1 several rows
// share one, e.g. 「通常時における説明責任」, which is what `group` means), `category` is the Part2 分類.
//
// Wording: the short list is the checklist proper, so its 項目/分類/内容 are kept; where the 推奨される対応例
// version words a row differently we report a `wording-differs` repair quoting both.
//
// Keys: "p<part>.<block>.<項番>" (block = the printed letter a/b/c, or "inspection" for the
// 「立入検査用チェックリスト該当項目」 block that only the 推奨される対応例 version has). When one 項番
// spans several rows (rows printed without a 項番 inherit it), every row gets "-<n>": n is the circled
// number that starts its 内容 (① → 1) or else its position in the 項番 (p1.b.6-1, p1.b.6-2, p1.b.7-1).
// A row of the 推奨される対応例 version with no 項番, 項目 or 内容 (Part2 A 9 ②: a second risk and its
// counter-measure) continues the item above it and is merged into it.
import type { Item, Reference, Scale, Section, Template } from "../template-schema.js";
import { SeedParseError, numberedLines, type ParseResult, type Repair } from "./parse-report.js";

const SEED = "000_088b0be7ba7b2301.txt";
const TITLE_START = "医療情報システムの契約における関係者間の役割分担等に関する";
const CHECK_MARK = /^\(\s*\/\s*\)$/; // the empty 確認欄 「( / )」
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
const INSPECTION_TITLE = "立入検査用チェックリスト該当項目";
/** Where inside a guideline: optional 編, then a section number (13⑩, 2.1.2(1)) or 別紙n; a stray final dot. */
const LOCATION = /^([^\s\d、.]*?編)?(別紙\d+|\d+(?:\.\d+)*(?:\(\d+\))?[①-⑳]?)(\.)?$/;
/** Names of whole documents cited without a location (外部保存通知, …セキュリティチェックシート). */
const DOCUMENT_NAME = /(通知|チェックリスト|チェックシート|ガイドライン|ガイダンス|ガイドランス)$/;

export const responsibilityScale: Scale = {
  key: "responsibility",
  options: [
    { value: "hospital", label: "医療機関", outcome: "assigned" },
    { value: "vendor", label: "事業者", outcome: "assigned" },
    { value: "joint", label: "共同", outcome: "assigned" },
    { value: "notApplicable", label: "対象外", outcome: "notApplicable" },
  ],
  fields: [{ key: "confirmedOn", label: "確認日", type: "date" }],
};

type Version = "short" | "detailed";
type Cell = { line: number; text: string };

type Row = {
  line: number;
  /** 項番 as printed, or inherited from the row above. */
  number: string;
  category?: string;
  /** 分類+項目 printed in one cell (shifted row): split once the 分類 vocabulary is known. */
  mergedLabel?: string;
  group: string;
  text: string;
  details: { label: string; text: string }[];
  refCells: Cell[];
  /** Filled when the block is closed: key suffix, and the sub-number (1 for a lone row) used for matching. */
  key?: string;
  sub?: number;
  displayNumber?: string;
};

type Block = { line: number; key: string; number?: string; title: string; rows: Row[] };
type Table = { part: string; version: Version; line: number; blocks: Block[] };
type Part = { number: string; title: string; line: number; description?: string };
type Abbreviation = { line: number; term: string; text: string };

export function parseResponsibility(text: string): ParseResult {
  return new ResponsibilityParser(text).parse();
}

class ResponsibilityParser {
  private readonly lines: { line: number; text: string }[];
  private readonly repairs: Repair[] = [];
  private pos = 0;
  private document?: string;
  private edition?: string;
  private readonly parts = new Map<string, Part>();
  private currentPart?: Part;
  private readonly tables: Table[] = [];
  private readonly abbreviations: Abbreviation[] = [];
  private readonly glossary: { term: string; text: string; places: string[]; line: number }[] = [];
  private glossaryNote?: string;

  constructor(text: string) {
    this.lines = numberedLines(text);
  }

  private fail(line: number, reason: string): never {
    throw new SeedParseError(SEED, line, reason);
  }

  private repair(line: number, kind: string, message: string) {
    this.repairs.push({ line, kind, message });
  }

  parse(): ParseResult {
    if (!this.lines.some((l) => l.text.trim())) this.fail(1, "empty seed: no text at all");
    while (this.pos < this.lines.length) this.dispatch();
    const template = this.build();
    return { templates: [template], repairs: this.repairs.sort((a, b) => a.line - b.line) };
  }

  // ---- pass 1: read the seed line by line ------------------------------------------------

  private dispatch() {
    const { line, text: raw } = this.lines[this.pos];
    const text = raw.trim();
    if (!text) return void this.pos++;
    if (text.replace(/^#+\s*/, "").startsWith(TITLE_START) || /^資料\s*\d+$/.test(text)) return this.readTitle();
    const part = /^(?:#+\s*)?Part\s*([12])\s+(.+)$/.exec(text);
    if (part) return this.readPart(line, part[1], part[2].trim());
    if (/^項番\t/.test(raw)) return this.readTable();
    if (/^(?:<p>)?【略称】/.test(text)) return this.readAbbreviations();
    if (/^(?:#+\s*)?用語の解説$/.test(text)) return this.readGlossary();
    this.fail(line, `unexpected line outside any table: 「${text.slice(0, 40)}」`);
  }

  /** The document title and 「資料3」: the first time they name the document, afterwards they are page headers. */
  private readTitle() {
    const start = this.pos;
    const titleParts: string[] = [];
    let shiryo: string | undefined;
    while (this.pos < this.lines.length) {
      const t = this.lines[this.pos].text.trim();
      if (!t) this.pos++;
      else if (t.replace(/^#+\s*/, "").startsWith(TITLE_START) || /^チェックリスト/.test(t)) {
        titleParts.push(t.replace(/^#+\s*/, ""));
        this.pos++;
      } else if (/^資料\s*\d+$/.test(t)) {
        shiryo = t.replace(/\s+/g, "");
        this.pos++;
      } else break;
    }
    const line = this.lines[start].line;
    const title = joinWrapped(titleParts.join(" "));
    if (!this.document) {
      if (!title.includes("チェックリスト")) this.fail(line, "document title not found at the start of the seed");
      this.document = title;
      this.edition = shiryo;
    } else {
      const last = [...this.lines.slice(start, this.pos)].reverse().find((l) => l.text.trim())!.line;
      this.repair(line, "page-header", `repeated page header 「${title}」${shiryo ? ` / 「${shiryo}」` : ""} (lines ${line}–${last}) skipped`);
    }
  }

  private readPart(line: number, number: string, title: string) {
    const known = this.parts.get(number);
    if (known && known.title !== title) this.fail(line, `Part${number} is titled 「${title}」 here but 「${known.title}」 at line ${known.line}`);
    const part: Part = known ?? { number, title, line };
    this.parts.set(number, part);
    this.currentPart = part;
    this.pos++;
    // The caption 「（…の項目の例）」 follows the heading.
    while (this.pos < this.lines.length && !this.lines[this.pos].text.trim()) this.pos++;
    const next = this.lines[this.pos];
    const caption = next && /^（(.+)）$/.exec(cleanText(next.text));
    if (caption) {
      part.description ??= caption[1];
      this.pos++;
    }
  }

  private readTable() {
    const header = this.lines[this.pos];
    const part = this.currentPart;
    if (!part) this.fail(header.line, "table before any 「Part」 heading");
    const columns = trimTrailing(header.text.split("\t").map((c) => c.trim()));
    const col = (name: string) => columns.findIndex((c) => c.startsWith(name));
    const version: Version = col("推奨される対応例") >= 0 ? "detailed" : "short";
    const need = ["項番", "項目", "内容", "確認欄", ...(part.number === "2" ? ["分類"] : []), ...(version === "detailed" ? ["推奨される対応例", "ガイドライン等関連部分"] : [])];
    for (const name of need) if (col(name) < 0) this.fail(header.line, `table header lacks the column 「${name}」`);
    if (this.tables.some((t) => t.part === part.number && t.version === version)) {
      this.fail(header.line, `second ${version === "short" ? "short-list" : "推奨される対応例"} table for Part${part.number}`);
    }
    const detailColumns = columns.map((c, i) => ({ c, i })).filter(({ c }) => c === "想定されるリスク" || c === "推奨される対応例");
    const table: Table = { part: part.number, version, line: header.line, blocks: [] };
    this.tables.push(table);
    this.pos++;

    let block: Block | undefined;
    let extraRun: number[] = [];
    const flushExtra = () => {
      if (extraRun.length) {
        const [first, last] = [extraRun[0], extraRun[extraRun.length - 1]];
        this.repair(first, "extra-empty-cells", `rows at lines ${first}–${last} carry empty cells beyond the ${columns.length} columns of the header; ignored`);
      }
      extraRun = [];
    };

    while (this.pos < this.lines.length) {
      const { line, text: raw } = this.lines[this.pos];
      if (!raw.trim()) {
        this.pos++;
        continue; // a page break inside the table
      }
      if (!raw.includes("\t")) break; // end of the table: 【略称】, a header, the next Part…
      let cells = raw.split("\t").map((c) => c.trim());
      if (/^(?:<p>)?【略称】/.test(cells[0])) break; // 【略称】 printed as the last row of the table
      if (cells.length > columns.length) {
        if (cells.slice(columns.length).some(Boolean)) this.fail(line, `row has ${cells.length} cells but the header has ${columns.length}`);
        cells = cells.slice(0, columns.length);
        extraRun.push(line);
      } else flushExtra();
      this.pos++;

      const heading = /^<b>\s*(?:([A-Z])\s+)?(.+?)\s*<\/b>$/.exec(cells[0]);
      if (heading && cells.slice(1).every((c) => !c)) {
        block = this.openBlock(table, line, heading[1], heading[2]);
        continue;
      }
      if (!block) this.fail(line, "item row before any block heading (A/B/C)");

      let mergedLabel: string | undefined;
      if (cells.length === columns.length - 1 && col("分類") >= 0 && col("項目") === col("分類") + 1) {
        // 分類 and 項目 extracted into one cell: the row is shifted one column left.
        mergedLabel = joinWrapped(cleanText(cells[col("分類")]));
        // Only the 推奨される対応例 version's can be split, at a 分類 the short list names: the short list's own would
        // be split by itself (and went on to a misleading refusal or an item without 項目).
        if (version === "short") this.fail(line, `分類 and 項目 in one cell 「${mergedLabel}」 on the short list: cannot tell where the 分類 ends`);
        cells.splice(col("項目"), 0, "");
      }
      if (cells.length !== columns.length) this.fail(line, `row has ${cells.length} cells but the header has ${columns.length}: cannot place it`);
      const get = (name: string) => (col(name) >= 0 ? cleanText(cells[col(name)], (m) => this.repair(line, "struck-text", m)) : "");
      if (!CHECK_MARK.test(cells[col("確認欄")])) this.fail(line, `確認欄 cell is 「${cells[col("確認欄")]}」, expected 「( / )」: columns are misaligned`);

      const number = get("項番");
      const itemText = get("内容");
      const details = detailColumns.map(({ c, i }) => ({ label: c, text: cleanText(cells[i], (m) => this.repair(line, "struck-text", m)) })).filter((d) => d.text);
      const refCell = version === "detailed" ? get("ガイドライン等関連部分") : "";
      const refCells = refCell ? [{ line, text: refCell }] : [];
      const label = mergedLabel ? "" : joinWrapped(get("項目"));
      const category = col("分類") >= 0 && !mergedLabel ? joinWrapped(get("分類")) : undefined;

      if (number) {
        if (!/^\d+$/.test(number)) this.fail(line, `項番 「${number}」 is not a number`);
        if (!itemText || (!label && !mergedLabel)) this.fail(line, `row ${number} lacks its 項目 or 内容`);
        block.rows.push({ line, number, category, mergedLabel, group: label, text: itemText, details, refCells });
        continue;
      }
      const previous = block.rows[block.rows.length - 1];
      if (!previous) this.fail(line, "row without 項番 at the start of a block: cannot place it");
      if (itemText) {
        if (!label && !mergedLabel) this.fail(line, "row without 項番 and 項目: cannot place it");
        this.repair(line, "inherited-number", `row printed without 項番 (merged cell): takes 項番 ${previous.number} of the row above`);
        block.rows.push({ line, number: previous.number, category, mergedLabel, group: label, text: itemText, details, refCells });
        continue;
      }
      if (label || category || mergedLabel || (!details.length && !refCells.length)) this.fail(line, "row without 項番 or 内容: cannot place it");
      // Only 想定されるリスク/推奨される対応例/references: a further sub-row of the item above.
      this.repair(line, "continuation-merged", `row with only ${details.map((d) => d.label).join("/")} continues 項番 ${previous.number} (line ${previous.line}); merged into that item`);
      previous.details.push(...details);
      previous.refCells.push(...refCells);
    }
    flushExtra();
    if (!table.blocks.length) this.fail(header.line, "table without any block");
    for (const b of table.blocks) this.closeBlock(b);
  }

  private openBlock(table: Table, line: number, letter: string | undefined, title: string): Block {
    let key: string;
    if (letter) key = letter.toLowerCase();
    else if (title === INSPECTION_TITLE) key = "inspection";
    else this.fail(line, `block heading 「${title}」 has no letter`);
    if (table.blocks.some((b) => b.key === key)) this.fail(line, `block ${letter ?? title} appears twice in the table`);
    const block: Block = { line, key, number: letter, title, rows: [] };
    table.blocks.push(block);
    return block;
  }

  /** Gives each row its key suffix and display number once all rows of a 項番 are known. */
  private closeBlock(block: Block) {
    if (!block.rows.length) this.fail(block.line, `block 「${block.title}」 has no rows`);
    const byNumber = new Map<string, Row[]>();
    for (const row of block.rows) byNumber.set(row.number, [...(byNumber.get(row.number) ?? []), row]);
    let last = 0;
    for (const [number, rows] of byNumber) {
      if (Number(number) <= last) this.fail(rows[0].line, `項番 ${number} out of order in block 「${block.title}」`);
      last = Number(number);
      if (rows.length === 1) {
        rows[0].key = number;
        rows[0].sub = 1;
        rows[0].displayNumber = number;
        continue;
      }
      rows.forEach((row, i) => {
        const marker = CIRCLED.indexOf(row.text[0]);
        if (marker >= 0) {
          row.text = row.text.slice(1).trim();
          row.sub = marker + 1;
          row.key = `${number}-${row.sub}`;
          row.displayNumber = `${number}${CIRCLED[marker]}`;
        } else {
          row.sub = i + 1;
          row.key = `${number}-${row.sub}`;
          row.displayNumber = number;
        }
      });
      const keys = rows.map((r) => r.key);
      if (new Set(keys).size !== keys.length) this.fail(rows[0].line, `rows of 項番 ${number} have clashing sub-numbers ${keys.join(", ")}`);
    }
  }

  private readAbbreviations() {
    const { line, text } = this.lines[this.pos];
    this.pos++;
    const inline = text.split("\t")[0].replace(/<\/?p>/g, "\u0000").split(/\u0000|\s{3,}/).map((s) => s.trim()).filter(Boolean);
    if (inline.length > 1) {
      // 【略称】 printed as one table cell: entries separated by <p> or runs of spaces.
      for (const entry of inline.slice(1)) this.addAbbreviation(line, entry);
      return;
    }
    let count = 0;
    while (this.pos < this.lines.length) {
      const { line: l, text: t } = this.lines[this.pos];
      if (!t.trim()) {
        this.pos++;
        continue;
      }
      if (!/^[^:：\t]+[:：]/.test(t) || t.includes("\t")) break;
      this.addAbbreviation(l, t.trim());
      count++;
      this.pos++;
    }
    if (!count) this.fail(line, "【略称】 without any entry");
  }

  private addAbbreviation(line: number, entry: string) {
    const m = /^([^:：]+)[:：](.+)$/.exec(cleanText(entry));
    if (!m) this.fail(line, `【略称】 entry 「${entry.slice(0, 30)}」 is not 「略称：正式名称」`);
    this.abbreviations.push({ line, term: m[1].trim(), text: m[2].trim() });
  }

  private readGlossary() {
    const start = this.lines[this.pos].line;
    this.pos++;
    let header = false;
    while (this.pos < this.lines.length) {
      const { line, text: raw } = this.lines[this.pos];
      this.pos++;
      const text = raw.trim();
      if (!text) continue;
      if (!header && /^[(（]注[)）]/.test(text)) {
        this.glossaryNote = cleanText(text.replace(/^[(（]注[)）]\s*/, ""));
        continue;
      }
      const cells = trimTrailing(raw.split("\t").map((c) => c.trim()));
      if (!header) {
        if (cells[0] !== "用語" || cells[1] !== "内容") this.fail(line, "用語の解説 table header 「用語 内容 記載場所」 expected");
        header = true;
        continue;
      }
      // 用語, 内容, 記載場所 (Part, then 項番 such as 「B.10、C.1」): the places are linked to items in build().
      if (cells.length !== 4 || !/^Part[12]$/.test(cells[2]) || !cells[0] || !cells[1]) this.fail(line, `glossary row cannot be placed: 「${text.slice(0, 40)}」`);
      const places = cells[3].split(/[、,]\s*/).filter(Boolean).map((p) => `${cells[2]} ${p.trim()}`);
      this.glossary.push({ term: cleanText(cells[0]), text: cleanText(cells[1]), places, line });
    }
    if (!this.glossary.length) this.fail(start, "用語の解説 has no entries (truncated seed?)");
  }

  // ---- pass 2: merge the two versions and build the template ------------------------------

  private build(): Template {
    const end = this.lines[this.lines.length - 1].line;
    if (!this.document) this.fail(1, "document title missing");
    if (!this.glossary.length) this.fail(end, "seed ends before the 用語の解説 glossary (truncated?)");
    const definitions = this.definitions();
    const sections: Section[] = [];
    for (const number of ["1", "2"]) {
      const part = this.parts.get(number);
      if (!part) this.fail(end, `Part${number} missing (truncated seed?)`);
      const short = this.tables.find((t) => t.part === number && t.version === "short");
      const detailed = this.tables.find((t) => t.part === number && t.version === "detailed");
      if (!short) this.fail(part.line, `Part${number} has no short-list table`);
      if (!detailed) this.fail(end, `Part${number} has no 推奨される対応例 table (truncated seed?)`);
      sections.push({
        key: `p${number}`,
        number: `Part${number}`,
        title: part.title,
        ...(part.description ? { description: part.description } : {}),
        sections: this.mergePart(number, short, detailed, definitions),
      });
    }
    const help = [...this.abbreviationHelp(), ...this.glossary.map((g) => this.linkGlossary(g, sections))];
    const source = { document: this.document, edition: this.edition ? `案（${this.edition}）` : "案", publisher: "厚生労働省", seed: SEED };
    return {
      id: "responsibility-checklist",
      version: "1.0.0",
      title: this.document.replace(/（案）$/, ""),
      shortTitle: "役割分担チェックリスト",
      language: "ja",
      source,
      scales: [responsibilityScale],
      ...(this.glossaryNote ? { notes: [{ id: "注", text: this.glossaryNote }] } : {}),
      help,
      sections,
    };
  }

  /**
   * A glossary entry with the items it belongs to: those its 記載場所 names (「Part2 A.2」 → p2.a.2, 「Part1 B.7①」 →
   * p1.b.7-1), and those whose words use the term (its name without the bracketed gloss). The seed's glossary was
   * written for another draft of the list: some places name no item of this one (Part2 has no B.7); they are kept as
   * printed, reported, and link nowhere.
   */
  private linkGlossary(entry: { term: string; text: string; places: string[]; line: number }, sections: Section[]): { term: string; text: string; places: string[]; items?: string[] } {
    const items = sections.flatMap((part) => (part.sections ?? []).flatMap((block) => (block.items ?? []).map((item) => ({ part, block, item }))));
    const named = entry.places.flatMap((place) => {
      const m = /^Part([12]) ([A-C])\.(\d+)([①-⑨]?)$/.exec(place);
      const found = m ? items.filter(({ part, block, item }) => part.key === `p${m[1]}` && block.number === m[2] && item.number === `${m[3]}${m[4]}`) : [];
      if (!found.length) this.repairs.push({ line: entry.line, kind: "glossary-place-missing", message: `用語 「${entry.term}」: 記載場所 「${place}」 names no item of this list; kept as printed, not linked` });
      return found.map(({ item }) => item.key);
    });
    const word = entry.term.replace(/\s*[(（].*$/, "");
    const using = items.filter(({ item }) => [item.text, ...(item.details ?? []).map((d) => d.text)].some((t) => t.includes(word))).map(({ item }) => item.key);
    const linked = [...new Set([...named, ...using])];
    return { term: entry.term, text: entry.text, places: entry.places, ...(linked.length ? { items: linked } : {}) };
  }

  private mergePart(part: string, short: Table, detailed: Table, definitions: Map<string, string>): Section[] {
    // 分類 printed on the short list: the vocabulary for splitting shifted cells and fixing wrapped ones.
    const vocabulary = [...new Set(short.blocks.flatMap((b) => b.rows.map((r) => r.category).filter((c): c is string => !!c)))].sort((a, b) => b.length - a.length);
    const sections: Section[] = [];
    for (const shortBlock of short.blocks) {
      if (!detailed.blocks.some((b) => b.key === shortBlock.key)) this.fail(shortBlock.line, `Part${part} block ${shortBlock.number} 「${shortBlock.title}」 has no 推奨される対応例 partner`);
    }
    for (const block of detailed.blocks) {
      const partner = short.blocks.find((b) => b.key === block.key);
      // The 立入検査用 block is printed in the 推奨される対応例 version only; any other lone block is an error.
      if (!partner && block.key !== "inspection") this.fail(block.line, `Part${part} block 「${block.title}」 has no short-list partner`);
      if (partner && partner.title !== block.title) {
        this.repair(block.line, "block-title", `block heading 「${block.number} ${block.title}」 differs from the short list's 「${partner.number} ${partner.title}」 (line ${partner.line}); kept the latter`);
      }
      for (const full of block.rows) {
        if (full.mergedLabel !== undefined) this.splitLabel(full, vocabulary, partner?.rows.find((r) => r.number === full.number && r.sub === full.sub));
        if (full.category && !vocabulary.includes(full.category)) this.normaliseCategory(full, vocabulary);
      }
      // Partners share 項番 and sub-number; a lone row counts as sub-number 1, so a 項番 printed with two rows in
      // one version and one in the other leaves the second row without a partner.
      const matchKey = (r: Row) => `${r.number}#${r.sub}`;
      const byKey = new Map(block.rows.map((r) => [matchKey(r), r]));
      const items: Item[] = [];
      const rows = partner ? partner.rows : block.rows;
      for (const row of rows) {
        const full = partner ? byKey.get(matchKey(row)) : row;
        if (!full) this.fail(row.line, `short-list row ${block.number}-${row.key} 「${row.text.slice(0, 30)}」 has no partner in the 推奨される対応例 version`);
        byKey.delete(matchKey(row));
        if (partner) this.compare(row, full, block.rows);
        items.push(this.item(`p${part}.${block.key}.${row.key}`, row, full, definitions));
      }
      const orphan = [...byKey.values()][0];
      if (orphan) this.fail(orphan.line, `推奨される対応例 row ${block.number ?? block.title}-${orphan.key} 「${orphan.text.slice(0, 30)}」 has no partner in the short list`);
      sections.push({ key: `p${part}.${block.key}`, ...(block.number ? { number: block.number } : {}), title: partner?.title ?? block.title, items });
    }
    return sections;
  }

  private item(key: string, row: Row, full: Row, definitions: Map<string, string>): Item {
    const references = this.references(full.refCells, definitions);
    return {
      key,
      number: row.displayNumber!,
      ...(row.category ? { category: row.category } : {}),
      group: row.group,
      text: row.text,
      level: "none", // the checklist grades nothing: no row is marked 必須 or 推奨
      answer: { kind: "status", scale: responsibilityScale.key },
      ...(full.details.length ? { details: full.details } : {}),
      ...(references.length ? { references } : {}),
    };
  }

  /** A shifted row printed 分類 and 項目 in one cell: split at the longest known 分類. */
  private splitLabel(row: Row, vocabulary: string[], partner: Row | undefined) {
    const merged = row.mergedLabel!;
    const category = vocabulary.find((v) => merged.startsWith(v));
    if (!category) this.fail(row.line, `cannot split 「${merged}」 into 分類 and 項目: no known 分類 starts it`);
    let label = merged.slice(category.length).trim();
    // The 分類 cell wraps with a dangling 「の」 (cf. 「システムやサービスの仕様の仕様」): drop it when the partner confirms.
    if (label.startsWith("の") && partner && !partner.group.startsWith("の") && partner.group === label.slice(1)) label = label.slice(1);
    if (!label) this.fail(row.line, `cell 「${merged}」 holds a 分類 but no 項目`);
    this.repair(row.line, "shifted-columns", `分類 and 項目 extracted into one cell 「${merged}」; split into 分類 「${category}」 and 項目 「${label}」, later cells moved right`);
    row.category = category;
    row.group = label;
    row.mergedLabel = undefined;
  }

  private normaliseCategory(row: Row, vocabulary: string[]) {
    const known = vocabulary.find((v) => row.category!.startsWith(v));
    if (!known) return; // a 分類 the short list does not use: kept as printed
    this.repair(row.line, "category-normalised", `分類 「${row.category}」 carries wrapped-cell residue; read as 「${known}」`);
    row.category = known;
  }

  /**
   * The two versions of a row must say the same thing. Partners are found by key (block, 項番, sub-number);
   * the texts only confirm it: the whole row must be close (real wording differences score ≥ 0.89, other
   * rows of the same block at most 0.8) and no other row of the block may match better. Small
   * differences are reported, anything else fails.
   */
  private compare(short: Row, full: Row, candidates: Row[]) {
    const row = (r: Row) => squash(`${r.category ?? ""}|${r.group}|${r.text}`);
    const score = similarity(row(short), row(full));
    const better = candidates.find((c) => c !== full && similarity(row(short), row(c)) > score);
    if (score < 0.85 || better) {
      this.fail(full.line, `row 「${full.group}：${full.text.slice(0, 30)}」 does not match its short-list partner 「${short.group}：${short.text.slice(0, 30)}」 (line ${short.line})${better ? `; line ${better.line} matches better` : ""}: the 項番 of the two versions disagree`);
    }
    const fields: [string, string | undefined, string | undefined][] = [
      ["分類", short.category, full.category],
      ["項目", short.group, full.group],
      ["内容", short.text, full.text],
    ];
    for (const [name, a, b] of fields) {
      if (squash(a ?? "") === squash(b ?? "")) continue;
      this.repair(full.line, "wording-differs", `${name} reads 「${b}」 here but 「${a}」 in the short list (line ${short.line}); kept the short list's wording`);
    }
  }

  // ---- references and abbreviations --------------------------------------------------------

  /** 略称 → 正式名称, first definition wins; differing re-definitions are reported. */
  private definitions(): Map<string, string> {
    const map = new Map<string, { text: string; line: number }>();
    for (const a of this.abbreviations) {
      const known = map.get(a.term);
      if (!known) map.set(a.term, { text: a.text, line: a.line });
      else if (a.text.normalize("NFKC") !== known.text.normalize("NFKC")) {
        this.repair(a.line, "abbreviation-variant", `【略称】 「${a.term}」 is defined as 「${a.text}」 here but 「${known.text}」 at line ${known.line}; kept the first`);
      }
    }
    if (!map.size) this.fail(this.lines.length, "no 【略称】 block found");
    return new Map([...map].map(([term, v]) => [term, v.text]));
  }

  private abbreviationHelp(): { term: string; text: string }[] {
    const seen = new Set<string>();
    const out: { term: string; text: string }[] = [];
    for (const a of this.abbreviations) {
      if (seen.has(a.term)) continue;
      seen.add(a.term);
      out.push({ term: a.term, text: a.text });
    }
    return out;
  }

  /**
   * 「立入検査チェックリスト 厚労省ガイドライン経営管理編3.1.2、3.2」 → one reference per cited place:
   * a token starts with a 略称 (expanded to its 正式名称) or a document name, or is a bare location that
   * continues the previous guideline (and its 編).
   */
  private references(cells: Cell[], definitions: Map<string, string>): Reference[] {
    const terms = [...definitions.keys()].sort((a, b) => b.length - a.length);
    const out: Reference[] = [];
    const seen = new Set<string>();
    const push = (ref: Reference) => {
      const id = `${ref.guideline}\u0000${ref.location ?? ""}`;
      if (!seen.has(id)) out.push(ref);
      seen.add(id);
    };
    for (const { line, text } of cells) {
      let previous: { guideline: string; volume?: string } | undefined;
      for (const token of text.split(/[\s、]+/).filter(Boolean)) {
        let term = terms.find((t) => token.startsWith(t));
        let rest = term ? token.slice(term.length) : token;
        if (!term) {
          // A 略称 printed with one character missing (「立入検査チェックリスト」 for 立入検査用チェックリスト).
          const variant = terms.flatMap((t) => (t.length >= 6 ? [...t].map((_, i) => ({ t, v: t.slice(0, i) + t.slice(i + 1) })) : [])).find(({ v }) => token.startsWith(v));
          if (variant && !LOCATION.test(token)) {
            this.repair(line, "reference-name-variant", `「${variant.v}」 read as the 略称 「${variant.t}」`);
            term = variant.t;
            rest = token.slice(variant.v.length);
          }
        }
        if (term) {
          const guideline = definitions.get(term)!;
          if (!rest) {
            push({ guideline });
            previous = { guideline };
            continue;
          }
          const loc = this.location(line, rest);
          previous = { guideline, volume: loc.volume };
          push({ guideline, location: loc.location });
          continue;
        }
        if (LOCATION.test(token)) {
          if (!previous) this.fail(line, `reference location 「${token}」 without a guideline before it`);
          const loc = this.location(line, token, previous.volume);
          previous = { guideline: previous.guideline, volume: loc.volume };
          push({ guideline: previous.guideline, location: loc.location });
          continue;
        }
        if (DOCUMENT_NAME.test(token) && !/\d/.test(token)) {
          push({ guideline: token });
          previous = { guideline: token };
          continue;
        }
        this.fail(line, `reference 「${token}」 in ガイドライン等関連部分 cannot be read`);
      }
    }
    return out;
  }

  private location(line: number, text: string, inheritedVolume?: string): { location: string; volume?: string } {
    const m = LOCATION.exec(text);
    if (!m) this.fail(line, `reference location 「${text}」 cannot be read`);
    if (m[3]) this.repair(line, "reference-trailing-dot", `location 「${text}」 ends with a stray 「.」; read as 「${(m[1] ?? "") + m[2]}」`);
    const volume = m[1] ?? inheritedVolume;
    return { location: `${volume ?? ""}${m[2]}`, volume };
  }
}

// ---- text helpers ----------------------------------------------------------------------------

/** Strips extraction markup and normalises whitespace; struck-through text (<del>) is dropped and reported. */
function cleanText(text: string, onStruck?: (message: string) => void): string {
  const withoutStruck = text.replace(/<del>(.*?)<\/del>/g, (_, struck: string) => {
    onStruck?.(`struck-through text 「${struck}」 removed`);
    return "";
  });
  return withoutStruck
    .replace(/<\/?[a-zA-Z][^>]*>/g, " ")
    .replace(/\*\*/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Joins a label wrapped inside its cell: a space between two Japanese characters is a line break. */
function joinWrapped(text: string): string {
  return text.replace(/([^\x00-\x7f])\s+(?=[^\x00-\x7f])/g, "$1");
}

function trimTrailing(cells: string[]): string[] {
  const out = [...cells];
  while (out.length && !out[out.length - 1]) out.pop();
  return out;
}

/** For comparing wordings: width-folded, without whitespace. */
function squash(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

/** 2·LCS / (|a| + |b|): 1 for equal strings, near 0 for unrelated ones. */
function similarity(a: string, b: string): number {
  if (!a.length && !b.length) return 1;
  const x = [...a];
  const y = [...b];
  let prev = new Array<number>(y.length + 1).fill(0);
  for (const cx of x) {
    const cur = [0];
    for (let j = 0; j < y.length; j++) cur.push(cx === y[j] ? prev[j] + 1 : Math.max(prev[j + 1], cur[j]));
    prev = cur;
  }
  return (2 * prev[y.length]) / (x.length + y.length);
}
