// Seed 004: HISPRO 「外部保存、ASP・SaaS チェックシート項目集」 → the HISPRO checksheet template.
//
// The seed is a table extracted page by page. Every page starts with a header block (one or two lines, in
// differing orders and spellings) that names the numeric columns in front of the 分類 label. Item rows carry
// 3, 4 or 5 leading numbers depending on the page:
//   5: 大分類 中分類 小分類 要件 + a running number         (lines 7–38)
//   4: 大分類 中分類 小分類 要件                             (the normal layout)
//   4: 大分類 中分類 要件 要件 in 中分類 without 小分類      (3-1, lines 461–490)
//   3: 大分類 中分類 小分類, 要件 missing                    (pages whose header has no 要件 column)
//   3: 大分類 中分類 要件, 小分類 missing                    (header declares 要件 but the row lost a column)
// The 分類 label (「1. 設備・運用 1) 一般的条件 ①組織・運用への対策項目」) tells whether the row has a 小分類
// at all and supplies the section titles. Everything else is normalised and each deviation reported.
import type { Item, Reference, Section, Template } from "../template-schema.js";
import { SeedParseError, numberedLines, type ParseResult, type Repair } from "./parse-report.js";

const SEED = "004_1778484f1ffe0871.txt";
/** The 項目集 has three 大分類 (設備・運用, 機能と運用, 契約・合意・説明に関する事項); fewer means a cut seed. */
const MAJOR_SECTION_COUNT = 3;

type Role = "major" | "middle" | "minor" | "item" | "extra";
type Header = { line: number; roles: Role[] };

type Label = {
  major: number;
  majorTitle: string;
  middle?: number;
  middleTitle?: string;
  circle?: number;
  circleChar?: string;
  minorTitle?: string;
  /** Titles that had a line-wrap space inside them (joined). */
  wrapped: string[];
};

type Row = {
  line: number;
  major: number;
  middle: number;
  minor?: number;
  /** undefined: the page has no 要件 column; inferred from the sequence. */
  item?: number;
  label: Label;
  rawLabel: string;
  level: "required" | "recommended";
  text: string;
  guideline: string;
  location: string;
  checkPoints: string[];
};

type SectionInfo = {
  path: string;
  numbers: number[];
  section: Section;
  titles: Map<string, number>;
  circles: Map<string, number>;
  lastItem: number;
  usedItems: Map<number, number>;
  hasItems: boolean;
  hasChildren: boolean;
};

export function parseHispro(text: string): ParseResult {
  const repairs: Repair[] = [];
  const repair = (line: number, kind: string, message: string) => repairs.push({ line, kind, message });
  const fail = (line: number, reason: string): never => {
    throw new SeedParseError(SEED, line, reason);
  };

  const lines = numberedLines(text);
  if (!lines.some((l) => l.text.trim() !== "")) fail(1, "empty seed: no title, no header, no item rows");

  let documentTitle: string | undefined;
  let publisher: string | undefined;
  let header: Header | undefined;
  let headerBlock: { line: number; cells: string[] }[] = [];
  const rows: Row[] = [];

  const closeHeader = () => {
    if (!headerBlock.length) return;
    header = headerRoles(headerBlock, fail);
    const span = headerBlock.length > 1 ? `lines ${headerBlock[0].line}–${headerBlock.at(-1)!.line}` : `line ${headerBlock[0].line}`;
    repair(
      headerBlock[0].line,
      "page-header",
      `page header skipped (${span}); numeric columns before 分類: ${header.roles.map(roleName).join(", ")}`,
    );
    headerBlock = [];
  };

  for (const { line, text: raw } of lines) {
    if (raw.trim() === "") continue;
    const cells = raw.split("\t");
    if (isHeaderLine(cells)) {
      headerBlock.push({ line, cells });
      continue;
    }
    closeHeader();
    if (!documentTitle && !header && cells.filter((c) => c.trim()).length === 1) {
      const m = /^(HISPRO)\s+(.+)$/.exec(collapse(raw));
      if (!m) fail(line, `expected the title line 「HISPRO …チェックシート項目集」, found 「${collapse(raw)}」`);
      publisher = m![1];
      documentTitle = m![2];
      continue;
    }
    if (!documentTitle) fail(line, "row before the title line 「HISPRO 外部保存、ASP・SaaS チェックシート項目集」");
    if (!header) fail(line, "item row before any table header");
    rows.push(parseRow(line, cells, header!, repair, fail));
  }
  const lastLine = lines.length;
  if (headerBlock.length) fail(headerBlock[0].line, "seed ends with a table header and no item rows (truncated seed)");
  if (!rows.length) fail(lastLine, "no item rows found");

  normaliseGuidelines(rows, repair);
  const sections = buildSections(rows, repair, fail);

  const majors = sections.map((s) => Number(s.number));
  if (majors.length !== MAJOR_SECTION_COUNT || majors.some((n, i) => n !== i + 1)) {
    fail(lastLine, `expected 大分類 1–${MAJOR_SECTION_COUNT}, found ${majors.join(", ")} (truncated seed?)`);
  }

  const template: Template = {
    id: "hispro-checksheet",
    version: "1.0.0",
    title: "HISPRO 外部保存・ASP/SaaS チェックシート",
    shortTitle: "HISPRO チェックシート",
    language: "ja",
    source: {
      document: documentTitle!,
      // The seed names no edition or date; say so rather than invent one.
      edition: "版表記なし",
      publisher: publisher!,
      seed: SEED,
    },
    scales: [
      {
        key: "hispro",
        options: [
          { value: "met", label: "対応済", outcome: "met" },
          { value: "unmet", label: "未対応", outcome: "unmet" },
          { value: "notApplicable", label: "対象外", outcome: "notApplicable", requires: "reason" },
        ],
      },
    ],
    sections,
  };
  return { templates: [template], repairs };
}

// ---- header lines ------------------------------------------------------------------------------------

const HEADER_WORDS = new Set([
  "大分類", "中分類", "小分類", "項番", "項目", "要件", "項番要件", "分類",
  "必須／推奨", "必須/推奨", "対策項目", "対象GL", "GLでの参照箇所", "確認項目",
]);

function isHeaderLine(cells: string[]): boolean {
  const words = cells.map(compact).filter(Boolean);
  return words.length > 0 && words.every((w) => HEADER_WORDS.has(w));
}

/** Reads the roles of the numeric columns (those left of 分類) from a one- or two-line header block. */
function headerRoles(block: { line: number; cells: string[] }[], fail: (line: number, reason: string) => never): Header {
  const width = Math.max(...block.map((b) => b.cells.length));
  const column = (i: number) => block.map((b) => compact(b.cells[i] ?? "")).filter(Boolean);
  let labelAt = -1;
  for (let i = 0; i < width && labelAt < 0; i++) if (column(i).includes("分類")) labelAt = i;
  if (labelAt < 1) fail(block[0].line, "table header without a 分類 column");
  const roles: Role[] = [];
  for (let i = 0; i < labelAt; i++) {
    const words = column(i);
    if (words.includes("大分類")) roles.push("major");
    else if (words.includes("中分類")) roles.push("middle");
    else if (words.includes("小分類")) roles.push("minor");
    else if (words.some((w) => w === "項目" || w === "要件" || w === "項番要件")) roles.push(roles.includes("item") ? "extra" : "item");
    else if (words.includes("項番")) roles.push("extra");
    else fail(block[0].line, `table header column ${i + 1} names no numbering role`);
  }
  return { line: block[0].line, roles };
}

function roleName(role: Role): string {
  return { major: "大分類", middle: "中分類", minor: "小分類", item: "要件", extra: "running 項番" }[role];
}

// ---- item rows --------------------------------------------------------------------------------------------

const LEVELS: Record<string, Row["level"]> = { 必須: "required", 推奨: "recommended" };

function parseRow(
  line: number,
  cells: string[],
  header: Header,
  repair: (line: number, kind: string, message: string) => void,
  fail: (line: number, reason: string) => never,
): Row {
  let k = 0;
  while (k < cells.length && /^\d+$/.test(cells[k].trim())) k++;
  const nums = cells.slice(0, k).map((c) => Number(c.trim()));
  const rawLabel = collapse(cells[k] ?? "");
  if (k === 0 || !/^\d+\.\s*\S/.test(rawLabel)) {
    fail(line, `cannot place this line: expected numbering columns and a 分類 label, found 「${collapse(cells.join(" ")).slice(0, 60)}」`);
  }
  const rest = cells.slice(k + 1).map((c) => c.trim());
  if (rest.length < 5) {
    fail(line, `row has ${rest.length} cell(s) after the 分類 label, expected 5 (必須／推奨, 対策項目, 対象GL, GLでの参照箇所, 確認項目): truncated row`);
  }
  if (rest.slice(5).some((c) => c !== "")) fail(line, `row has unexpected cells after 確認項目: 「${rest.slice(5).join(" | ").slice(0, 60)}」`);
  const level = LEVELS[compact(rest[0])];
  if (!level) fail(line, `必須／推奨 cell is 「${rest[0]}」, expected 必須 or 推奨`);

  const label = parseLabel(rawLabel, line, fail);
  const hasMinor = label.circle !== undefined;
  const declared = header.roles.length;
  let major: number, middle: number;
  let minor: number | undefined;
  let item: number | undefined;
  let minorFromLabel = false;

  if (k === 5) {
    if (!hasMinor) fail(line, "five numbering columns but the 分類 label has no 小分類");
    [major, middle, minor, item] = nums;
    repair(
      line,
      "extra-number-column",
      `extra running number column (${nums[4]}) dropped; 要件 ${item} kept` + (nums[4] !== item ? " (the two differ)" : ""),
    );
  } else if (k === 4 && hasMinor) {
    [major, middle, minor, item] = nums;
  } else if (k === 4) {
    // 中分類 without 小分類 (3-1): the 小分類 column repeats the 要件 number.
    if (nums[2] !== nums[3]) fail(line, `the 分類 label has no 小分類 but the row has four numbers ${nums.join("-")}`);
    [major, middle, , item] = nums;
    repair(line, "duplicate-number-column", `小分類 column holds ${nums[2]}, a copy of 要件 ${nums[3]}: this 中分類 has no 小分類`);
  } else if (k === 3 && !hasMinor) {
    [major, middle, item] = nums;
  } else if (k === 3 && header.roles.includes("item")) {
    // The page header declares 要件, so the row carries it and lost the 小分類 column; the label's ①②…
    // gives the 小分類 (the same page holds 3-1/3-2 rows, which have no 小分類, in the same 3-number layout).
    // Reading 「3 3 2」「3 3 3」 (lines 519–520, label ①) as 小分類 instead would make line 526 return to 3-3-1.
    [major, middle, item] = nums;
    minor = label.circle;
    minorFromLabel = true;
  } else if (k === 3) {
    // The page header has no 要件 column: 大分類 中分類 小分類 only; 要件 is inferred from the sequence.
    [major, middle, minor] = nums;
  } else {
    fail(line, `cannot place this row: ${k} numbering column(s) (${nums.join(", ")})`);
  }

  if (k < declared) {
    const lost = minorFromLabel
      ? `小分類 column missing, 小分類 ${label.circleChar} taken from the 分類 label`
      : !hasMinor && k === 3
        ? "小分類 column missing (this 中分類 has no 小分類)"
        : header.roles.includes("extra")
          ? "running 項番 column missing"
          : "a numbering column is missing";
    repair(line, "shifted-columns", `header (line ${header.line}) declares ${declared} numbering columns, row has ${k}: ${lost}; cells realigned`);
  }

  // Which is authoritative when the numbers and the 分類 label disagree? The numeric columns: they are the
  // 項番 the form prints and the key every answer hangs on; they run without gaps (1-2-1 is followed by
  // 1-2-2, which a label ③ would leave empty), and everywhere else in the seed the label's circled number
  // agrees with them. The label is kept for titles and the category, and the disagreement is reported.
  if (label.major !== major!) repair(line, "label-number-mismatch", `分類 label says 大分類 ${label.major}, numbering column says ${major!}; numbering kept`);
  if (label.middle !== undefined && label.middle !== middle!) {
    repair(line, "label-number-mismatch", `分類 label says 中分類 ${label.middle}), numbering column says ${middle!}; numbering kept`);
  }
  if (hasMinor && !minorFromLabel && label.circle !== minor) {
    repair(line, "label-number-mismatch", `分類 label says 小分類 ${label.circleChar}, numbering column says ${minor}; numbering kept`);
  }

  const text = cleanText(rest[1], line, "対策項目", repair);
  if (!text) fail(line, "empty 対策項目");
  const points = splitCheckPoints(cleanText(rest[4], line, "確認項目", repair));
  if (points.qualifiers.length) {
    repair(
      line,
      "check-point-qualifier",
      `確認項目 qualifier(s) ${points.qualifiers.map((q) => `「${q}」`).join(", ")} kept as text on each check point they govern`,
    );
  }

  return {
    line,
    major: major!,
    middle: middle!,
    minor,
    item,
    label,
    rawLabel,
    level: level!,
    text,
    guideline: collapse(rest[2]),
    location: normaliseLocation(collapse(rest[3]), line, repair),
    checkPoints: points.points,
  };
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/** 「1. 設備・運用 1) 一般的条件 ①組織・運用への対策項目」; the 中分類 and 小分類 parts may be absent. */
function parseLabel(raw: string, line: number, fail: (line: number, reason: string) => never): Label {
  const m = /^(\d+)\.\s*(.*)$/.exec(raw);
  if (!m) fail(line, `分類 label 「${raw}」 does not start with a 大分類 number`);
  let rest = m![2];
  const label: Label = { major: Number(m![1]), majorTitle: "", wrapped: [] };
  const circleAt = [...rest].findIndex((ch) => CIRCLED.includes(ch));
  let minorPart: string | undefined;
  if (circleAt >= 0) {
    const chars = [...rest];
    label.circleChar = chars[circleAt];
    label.circle = CIRCLED.indexOf(label.circleChar) + 1;
    minorPart = chars.slice(circleAt + 1).join("");
    rest = chars.slice(0, circleAt).join("");
  }
  const mid = /^(.*?)\s*(?:^|\s)(\d+)\)\s*(.*)$/.exec(rest);
  const title = (s: string, what: string) => {
    const t = joinWrapped(s);
    if (t.wrapped) label.wrapped.push(`${what} 「${t.text}」`);
    if (!t.text) fail(line, `分類 label 「${raw}」 has an empty ${what} title`);
    return t.text;
  };
  if (mid) {
    label.majorTitle = title(mid[1], "大分類");
    label.middle = Number(mid[2]);
    label.middleTitle = title(mid[3], "中分類");
  } else {
    label.majorTitle = title(rest, "大分類");
  }
  if (minorPart !== undefined) label.minorTitle = title(minorPart, "小分類");
  return label;
}

/** PDF line wraps leave a space between two Japanese characters inside a label (「安全管理上の 要求事項」). */
function joinWrapped(s: string): { text: string; wrapped: boolean } {
  const t = collapse(s);
  const joined = t.replace(/([^\x00-\x7F])\s+(?=[^\x00-\x7F])/g, "$1");
  return { text: joined, wrapped: joined !== t };
}

// ---- cells ----------------------------------------------------------------------------------------------------

// Only real HTML element names: the form's own 「<ISMSの場合のみ>」 is text and must survive.
const HTML_TAG = /<\/?(b|i|u|p|br|span|div|font|strong|em|sup|sub|input)\b[^<>]*>/gi;
const BLOCK_TAGS = new Set(["p", "br", "div", "input"]);
// Footnote numbers glued to an acronym by the PDF extraction: 「PDF41、JPEG42及びPNG43」. The notes
// themselves are not in the seed, so there is nothing to reference; the markers are dropped.
const FOOTNOTE = /\b([A-Z]{2,})(\d{2})(?=[^\x00-\x7F])/g;

function cleanText(cell: string, line: number, what: string, repair: (line: number, kind: string, message: string) => void): string {
  let s = collapse(cell);
  const tags = s.match(HTML_TAG);
  if (tags) {
    s = collapse(s.replace(HTML_TAG, (_, name: string) => (BLOCK_TAGS.has(name.toLowerCase()) ? " " : "")));
    repair(line, "html-tag", `${what}: extraction tag(s) ${tags.join(" ")} removed`);
  }
  const notes = [...s.matchAll(FOOTNOTE)].map((m) => m[0]);
  if (notes.length) {
    s = s.replace(FOOTNOTE, "$1");
    repair(line, "footnote-marker", `${what}: footnote number(s) glued to ${notes.join(", ")} removed (the notes are not in the seed)`);
  }
  return s;
}

// A qualifier in front of bullets: 「<ISMSの場合のみ> ・A ・B」, 「(ハウジング構成の場合) ・A ・B (ホスティング構成の場合) ・C」.
// It governs every bullet up to the next qualifier, so it is kept on each of them. Angle brackets here are
// the form's own text, not HTML.
const QUALIFIER = /^(?:\([^()]*\)|（[^（）]*）|<[^<>]*>|＜[^＜＞]*＞|【[^【】]*】)$/;
const TRAILING_QUALIFIER = /^(.*\S)\s+(\([^()]*(?:場合|のみ)[^()]*\)|（[^（）]*(?:場合|のみ)[^（）]*）|<[^<>]*(?:場合|のみ)[^<>]*>|＜[^＜＞]*(?:場合|のみ)[^＜＞]*＞)$/;

function splitCheckPoints(cell: string): { points: string[]; qualifiers: string[] } {
  // A bullet is a ・ at the start or after a space; ・ inside words (サーバ・ストレージ, ASP・SaaS) is not.
  const parts = cell.split(/(?:^|\s+)・\s*/).map((p) => p.trim());
  const points: string[] = [];
  const qualifiers: string[] = [];
  let qualifier: string | undefined;
  const lead = parts.shift() ?? "";
  if (QUALIFIER.test(lead) && parts.length) {
    qualifier = lead;
    qualifiers.push(lead);
  } else if (lead) {
    points.push(lead);
  }
  parts.forEach((part, i) => {
    let text = part;
    let next: string | undefined;
    const m = i < parts.length - 1 ? TRAILING_QUALIFIER.exec(part) : null;
    if (m) [, text, next] = m;
    if (text) points.push(qualifier ? `${qualifier} ${text}` : text);
    if (next) {
      qualifier = next;
      qualifiers.push(next);
    }
  });
  return { points, qualifiers };
}

function normaliseLocation(s: string, line: number, repair: (line: number, kind: string, message: string) => void): string {
  // The seed mixes 「II. 1. 1. 1」 with the single-character numeral 「Ⅲ. 1. 1」; one spelling keeps them comparable.
  const out = s.replace(/[\u2160-\u217F]/g, (ch) => ch.normalize("NFKC"));
  if (out !== s) repair(line, "location-numeral", `GLでの参照箇所 「${s}」 written as 「${out}」`);
  return out;
}

/**
 * One spelling per guideline: the seed writes 「総務省 ASP-GL」 and 「総務省ASP-GL」, 「経産省 医療外部保存-GL」 and
 * 「経産省医療外部保存-GL」. The form without spaces is used by most rows (434 of 504), so all names lose their
 * spaces. A name cut short (「総務省医療ASP-」) is completed when exactly one full name starts with it.
 */
function normaliseGuidelines(rows: Row[], repair: (line: number, kind: string, message: string) => void) {
  const complete = new Set(rows.map((r) => compact(r.guideline)).filter((g) => /GL$/.test(g)));
  for (const row of rows) {
    const raw = row.guideline;
    let name = compact(raw);
    if (name !== raw) repair(row.line, "guideline-spelling", `対象GL 「${raw}」 written as 「${name}」`);
    if (name && !complete.has(name)) {
      const candidates = [...complete].filter((g) => g.startsWith(name));
      if (candidates.length === 1) {
        repair(row.line, "truncated-cell", `対象GL 「${name}」 is cut short; completed to 「${candidates[0]}」`);
        name = candidates[0];
      } else {
        repair(row.line, "guideline-unrecognised", `対象GL 「${name}」 matches no complete guideline name in the seed; kept as printed`);
      }
    }
    row.guideline = name;
  }
}

// ---- sections and items -------------------------------------------------------------------------------------

function buildSections(
  rows: Row[],
  repair: (line: number, kind: string, message: string) => void,
  fail: (line: number, reason: string) => never,
): Section[] {
  const top: Section[] = [];
  const infos = new Map<string, SectionInfo>();
  let currentLeaf: SectionInfo | undefined;
  const leafOf = new Map<Row, SectionInfo>();

  const open = (numbers: number[], row: Row): SectionInfo => {
    const path = numbers.join("-");
    let info = infos.get(path);
    if (!info) {
      const section: Section = { key: `s${path}`, number: path, title: "" };
      info = { path, numbers, section, titles: new Map(), circles: new Map(), lastItem: 0, usedItems: new Map(), hasItems: false, hasChildren: false };
      infos.set(path, info);
      if (numbers.length === 1) top.push(section);
      else {
        const parent = infos.get(numbers.slice(0, -1).join("-"))!;
        if (parent.hasItems) fail(row.line, `section ${path} follows items placed directly in ${parent.path}`);
        parent.hasChildren = true;
        (parent.section.sections ??= []).push(section);
      }
    }
    return info;
  };
  const vote = (map: Map<string, number>, value: string | undefined) => {
    if (value) map.set(value, (map.get(value) ?? 0) + 1);
  };

  for (const row of rows) {
    const numbers = [row.major, row.middle, ...(row.minor !== undefined ? [row.minor] : [])];
    const path = numbers.join("-");
    if (currentLeaf?.path !== path) {
      if (infos.has(path)) fail(row.line, `row returns to section ${path}, which earlier rows already left`);
      if (currentLeaf && comparePaths(numbers, currentLeaf.numbers) < 0) {
        fail(row.line, `section ${path} comes after ${currentLeaf.path}: numbering out of order`);
      }
    }
    const major = open(numbers.slice(0, 1), row);
    const middle = open(numbers.slice(0, 2), row);
    const leaf = numbers.length === 3 ? open(numbers, row) : middle;
    if (leaf.hasChildren) fail(row.line, `row without 小分類 in ${path}, which has 小分類 sections`);
    leaf.hasItems = true;
    currentLeaf = leaf;
    leafOf.set(row, leaf);
    vote(major.titles, row.label.majorTitle);
    vote(middle.titles, row.label.middleTitle);
    if (leaf !== middle) {
      vote(leaf.titles, row.label.minorTitle);
      vote(leaf.circles, row.label.circleChar);
    }
  }

  for (const info of infos.values()) {
    const title = majority(info.titles);
    if (!title) fail(rows.find((r) => leafOf.get(r)?.path.startsWith(info.path))?.line ?? 1, `no 分類 label names section ${info.path}`);
    info.section.title = title!;
  }

  for (const row of rows) {
    const leaf = leafOf.get(row)!;
    const [major, middle] = [infos.get(String(row.major))!, infos.get(`${row.major}-${row.middle}`)!];
    const circle = leaf !== middle ? (majority(leaf.circles) ?? "") : "";
    const category =
      `${row.major}. ${major.section.title} ${row.middle}) ${middle.section.title}` +
      (leaf !== middle ? ` ${circle}${leaf.section.title}` : "");
    reportLabel(row, category, row.label.middle === undefined ? `${row.middle}) ${middle.section.title}` : undefined, repair);

    const expected = leaf.lastItem + 1;
    let item = row.item;
    if (item === undefined) {
      item = expected;
      repair(row.line, "number-inferred", `page has no 要件 column; 要件 ${leaf.path}-${item} inferred from the previous row`);
    } else if (item > expected) {
      // Numbers printed earlier, before a row that went back, are not absent.
      const absent = Array.from({ length: item - expected }, (_, i) => expected + i).filter((n) => !leaf.usedItems.has(n));
      if (absent.length) {
        const numbers = absent.length === item - expected ? `${expected}–${item - 1}` : absent.join(", ");
        repair(row.line, "number-gap", `要件 ${leaf.path}-${item} follows ${leaf.path}-${leaf.lastItem}; numbers ${numbers} are absent`);
      }
    } else if (item < expected && !leaf.usedItems.has(item)) {
      repair(row.line, "number-out-of-order", `要件 ${leaf.path}-${item} follows ${leaf.path}-${leaf.lastItem}`);
    }
    const occurrence = (leaf.usedItems.get(item) ?? 0) + 1;
    leaf.usedItems.set(item, occurrence);
    leaf.lastItem = item;
    const number = `${leaf.path}-${item}`;
    let key = number.replace(/-/g, ".");
    if (occurrence > 1) {
      // Same printed number twice: the later row keeps the number and gets an occurrence suffix in its key.
      key = `${key}_${occurrence}`;
      repair(row.line, "duplicate-number", `要件 ${number} appears ${occurrence} times; this row keyed "${key}"`);
    }

    const references: Reference[] = [];
    if (row.guideline) references.push(row.location ? { guideline: row.guideline, location: row.location } : { guideline: row.guideline });
    else repair(row.line, "missing-reference", "empty 対象GL cell: item has no reference");
    const entry: Item = {
      key,
      number,
      text: row.text,
      level: row.level,
      answer: { kind: "status", scale: "hispro" },
      category,
      ...(references.length ? { references } : {}),
      ...(row.checkPoints.length ? { checkPoints: row.checkPoints } : {}),
    };
    (leaf.section.items ??= []).push(entry);
  }
  return top;
}

function reportLabel(row: Row, category: string, missingMiddle: string | undefined, repair: (line: number, kind: string, message: string) => void) {
  if (missingMiddle) repair(row.line, "label-missing-middle", `分類 「${row.rawLabel}」 lacks the 中分類 part 「${missingMiddle}」; completed from the numbering`);
  for (const w of row.label.wrapped) repair(row.line, "wrapped-cell", `分類 ${w}: line-wrap space removed`);
  // Beyond spacing, a label that still differs from its section's majority spelling (「/」 for 「／」 …).
  const expected = missingMiddle ? compact(category).replace(compact(missingMiddle), "") : compact(category);
  if (compact(row.rawLabel) !== expected) {
    repair(row.line, "label-spelling", `分類 「${row.rawLabel}」 differs from the section's usual spelling 「${category}」; the usual spelling is used`);
  }
}

function majority(votes: Map<string, number>): string | undefined {
  let best: string | undefined;
  let count = 0;
  for (const [value, n] of votes) if (n > count) [best, count] = [value, n];
  return best;
}

function comparePaths(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function compact(s: string): string {
  return s.replace(/\s+/g, "");
}
