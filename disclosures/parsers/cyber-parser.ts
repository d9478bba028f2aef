// Seed parser for MHLW 「医療機関のサイバーセキュリティ対策チェックリスト」 (seed 002): cover letters, the
// checklist sheets printed TWICE, and the incident-response flowchart. Builds two versions of one template,
// "cybersecurity-checklist": the first copy as 1.1.0, the second as 1.2.0 (the default, being the latest).
//
// The two copies are two editions. Neither carries a date or version of its own (both cite ガイドライン第5.1版
// and the same 令和9年度 target). The first follows the 令和3年10月 cover letters (愛知県 10/25, MHLW 事務連絡
// 10/20) directly as the 別紙 they announce; the second comes after it, is self-contained (its own introduction,
// then the sheets in the order that introduction lists) and restores the ○ lost from the first copy's column
// headers. So the order in the document is the only evidence of which is later. Both are kept, each with its own
// wording; every item whose wording differs between them is reported, so a reviewer can check each difference.
// OCR errors of either copy are not the parser's business: they are corrected through the errata layer
// (disclosures/errata/002_73c1d437a4f740cb.json) before this parser runs.
import type { Item, Perspective, Section, Template } from "../template-schema.js";
import { numberedLines, SeedParseError, type ParseResult, type Repair } from "./parse-report.js";

const SEED = "002_73c1d437a4f740cb.txt";

/** The sheets of one copy, in the order the seed prints them. The add-on has no heading of its own. */
const SHEETS = [
  { key: "executive", label: "経営層" },
  { key: "systemAdmin", label: "システム管理者" },
  { key: "onlineEligibility", label: null },
  { key: "staff", label: "医療従事者・一般のシステム利用者" },
] as const;
type SheetKey = (typeof SHEETS)[number]["key"];

const PERSPECTIVES: Record<string, Perspective> = { 予防: "prevent", 発見: "detect", 是正: "correct" };

const RE = {
  sheetHeading: /^(\S+?)向け\s*サイバーセキュリティ対策\s*チェックリスト$/,
  addOn: /^以下の項目について、「(.+)」を実施している場合のみチェックしてください。?$/,
  intro: /^医療情報システムの安全管理に関するガイドライン\s+(医療機関のサイバーセキュリティ対策チェックリスト)$/,
  flowchart: /^医療情報システムの安全管理に関するガイドライン\s+(医療情報システム等の障害発生時の対応フローチャート)$/,
  fillerFields: /^記入者\t日付$/,
  tableHeader: /^NO\t(?:(視点)\t)?チェック項目\tチェック欄/,
  item: /^(\d+)\t(.*)$/,
  rule: /^-{2,}(?:\t-{2,})+$/,
  legend: /^(予防|発見|是正)…(.+)$/,
  resultHeading: /^チェックの結果$/,
  resultText: /^全体(?:として|のバランス)/,
  summaryHeader: /^(?:分類\t)?割合\t項目[数數]$/,
  summaryRow: /^(?:(予防|発見|是正)\t)?(-|\d+(?:\.\d+)?%)\t(-|(\d+)\/(\d+))$/,
};

type Line = { line: number; text: string };
type ParsedItem = { line: number; number: string; perspective?: Perspective; text: string };
type SummaryRow = { line: number; label?: string; met: number; total: number; dashed: boolean };
type Sheet = {
  key: SheetKey;
  line: number;
  title: string;
  /** Short name used in the tally title (経営層, システム管理者, オンライン資格確認等 …). */
  label: string;
  description?: string;
  fillerLine?: number;
  hasPerspective?: boolean;
  phase: "head" | "table" | "result" | "summary" | "closed";
  items: ParsedItem[];
  legend: { term: string; text: string }[];
  summary: SummaryRow[];
  lastLine: number;
  /** Repairs inside the sheet. */
  repairs: Repair[];
};
type Edition = { sheets: Sheet[] };

/** The versions of the two copies (1.0.0 was the second copy before the errata layer; archived). */
export const EARLIER_VERSION = "1.1.0";
export const LATER_VERSION = "1.2.0";

export function parseCyber(text: string): ParseResult {
  const lines = numberedLines(text);
  const last = lines[lines.length - 1]?.line ?? 1;
  const fail = (line: number, reason: string): never => {
    throw new SeedParseError(SEED, line, reason);
  };
  if (!text.trim()) fail(1, "empty seed: no checklist found");

  const editions: Edition[] = [];
  const repairs: Repair[] = [];
  const intros: { line: number; lines: Line[] }[] = [];
  const prose: { from: number; to: number }[] = [];
  let sheet: Sheet | undefined;
  let intro: { line: number; lines: Line[] } | undefined;
  let flowchartLine: number | undefined;
  let openProse: { from: number; to: number } | undefined;

  const openSheet = (key: SheetKey, l: Line, title: string, label: string, description?: string) => {
    if (sheet && sheet.phase !== "closed") fail(l.line, `sheet 「${sheet.title}」 (line ${sheet.line}) ends without its チェックの結果 summary`);
    intro = undefined;
    openProse = undefined;
    if (key === "executive") editions.push({ sheets: [] });
    const edition = editions[editions.length - 1];
    if (!edition) fail(l.line, `sheet 「${title}」 before any 経営層向け sheet: cannot place it`);
    sheet = { key, line: l.line, title, label, description, phase: "head", items: [], legend: [], summary: [], lastLine: l.line, repairs: [] };
    edition.sheets.push(sheet);
  };

  for (const l of lines) {
    const t = l.text.trim();
    if (flowchartLine) break; // the flowchart runs to the end of the seed; reported below
    const heading = RE.sheetHeading.exec(t);
    const addOn = RE.addOn.exec(t);
    if (heading) {
      const label = heading[1];
      const def = SHEETS.find((s) => s.label === label);
      if (!def) fail(l.line, `unknown checklist sheet 「${t}」`);
      openSheet(def!.key, l, t.replace(/\s+/g, " "), label);
      continue;
    }
    if (addOn) {
      // The add-on prints no heading: its title is the system it applies to, its label that name's first clause.
      openSheet("onlineEligibility", l, addOn[1], addOn[1].split("、")[0], t);
      sheet!.repairs.push({ line: l.line, kind: "section-title-inferred", message: `the add-on checklist has no heading: titled after the system named in its instruction, 「${addOn[1]}」` });
      continue;
    }
    if (sheet && sheet.phase !== "closed") {
      readSheetLine(sheet, l, t, fail);
      continue;
    }
    // Outside the sheets: cover letters, introductions, stray page footers, the flowchart.
    if (RE.flowchart.test(t)) {
      flowchartLine = l.line;
      openProse = undefined;
      continue;
    }
    if (RE.intro.test(t)) {
      intro = { line: l.line, lines: [] };
      intros.push(intro);
      openProse = undefined;
    }
    if (!t) continue;
    if (intro) intro.lines.push({ line: l.line, text: t });
    if (openProse) openProse.to = l.line;
    else prose.push((openProse = { from: l.line, to: l.line }));
  }

  // ---- completeness: a truncated seed must fail, not yield half a template -----------------------
  if (!editions.length) fail(last, "no checklist sheet found (expected 「経営層向け サイバーセキュリティ対策チェックリスト」)");
  if (sheet && sheet.phase !== "closed") fail(last, `seed ends inside sheet 「${sheet.title}」 (line ${sheet.line}): truncated?`);
  for (const [i, edition] of editions.entries()) {
    const keys = edition.sheets.map((s) => s.key).join(",");
    const expected = SHEETS.map((s) => s.key).join(",");
    if (keys !== expected) {
      const at = edition.sheets[edition.sheets.length - 1].lastLine;
      fail(at, `copy ${i + 1} of the checklist has sheets [${keys}], expected [${expected}]: truncated or reordered`);
    }
  }
  if (editions.length !== 2) fail(last, `expected the checklist twice (two copies), found ${editions.length}: truncated?`);
  if (!flowchartLine) fail(last, "seed ends before the 障害発生時の対応フローチャート: truncated?");
  for (const edition of editions) for (const s of edition.sheets) checkSummary(s, fail);

  const [earlier, later] = editions;
  const laterStart = later.sheets[0].line;
  const laterIntro = [...intros].reverse().find((x) => x.line < laterStart && x.line > earlier.sheets[0].line);
  if (!laterIntro) fail(laterStart, "the later copy has no introduction (「医療情報システムの安全管理に関するガイドライン 医療機関のサイバーセキュリティ対策チェックリスト」)");
  // The first copy's own introduction, when it has one: in this seed it sits between its add-on and its 医療従事者 sheet.
  const earlierIntro = intros.filter((x) => x.line < laterIntro!.line).at(-1);

  // ---- repairs: what was skipped, and what each copy needed ----------------------------------------
  const earlierItems = earlier.sheets.reduce((n, s) => n + s.items.length, 0);
  const laterItems = later.sheets.reduce((n, s) => n + s.items.length, 0);
  const earlierEnd = earlier.sheets[earlier.sheets.length - 1].lastLine;
  const laterEnd = later.sheets[later.sheets.length - 1].lastLine;
  repairs.push({
    line: earlier.sheets[0].line,
    kind: "editions",
    message: `two copies of the checklist, kept as two versions: lines ${earlier.sheets[0].line}–${earlierEnd} (${earlierItems} items) → ${EARLIER_VERSION}, lines ${laterStart}–${laterEnd} (${laterItems} items) → ${LATER_VERSION}`,
  });
  const usedIntros = [laterIntro!, ...(earlierIntro ? [earlierIntro] : [])];
  for (const p of prose) {
    if (usedIntros.some((x) => p.from >= x.line && p.from <= (x.lines.at(-1)?.line ?? x.line))) continue; // used for descriptions
    const what = p.to < earlier.sheets[0].line ? "cover letters" : "stray text between sheets";
    repairs.push({ line: p.from, kind: "prose-skipped", message: `lines ${p.from}–${p.to}: ${what} (「${lines[p.from - 1].text.trim().slice(0, 30)}」) skipped` });
  }
  repairs.push({ line: flowchartLine!, kind: "flowchart-skipped", message: `lines ${flowchartLine}–${last}: 「医療情報システム等の障害発生時の対応フローチャート」 is not a checklist; skipped` });
  for (const s of [...earlier.sheets, ...later.sheets]) repairs.push(...s.repairs);
  repairs.push(...compareEditions(earlier, later));

  const letter = coverLetter(lines, fail);
  const title = RE.intro.exec(laterIntro!.lines[0].text)![1];
  const templates = [
    buildTemplate(earlier, earlierIntro, fail, {
      version: EARLIER_VERSION,
      title,
      edition: `${letter.guideline} 別添・${letter.date} 事務連絡の別紙（1つ目の写し）`,
      publisher: letter.publisher,
    }),
    buildTemplate(later, laterIntro!, fail, {
      version: LATER_VERSION,
      title,
      edition: `${letter.guideline} 別添・導入文付きの後の版（2つ目の写し）`,
      publisher: letter.publisher,
    }),
  ];
  repairs.sort((a, b) => a.line - b.line);
  return { templates, repairs };
}

// ---- one sheet --------------------------------------------------------------------------------

function readSheetLine(sheet: Sheet, l: Line, t: string, fail: (line: number, reason: string) => never): void {
  if (!t) return;
  sheet.lastLine = l.line;
  const where = `in sheet 「${sheet.title}」`;
  if (sheet.phase === "head") {
    if (RE.fillerFields.test(t)) {
      sheet.fillerLine = l.line;
      return;
    }
    const header = RE.tableHeader.exec(l.text);
    if (!header) fail(l.line, `expected 記入者/日付 or the NO/チェック項目 header ${where}, found 「${t.slice(0, 40)}」`);
    sheet.hasPerspective = Boolean(header![1]);
    sheet.phase = "table";
    return;
  }
  if (sheet.phase === "table") {
    if (RE.tableHeader.test(l.text)) {
      if (Boolean(RE.tableHeader.exec(l.text)![1]) !== sheet.hasPerspective) fail(l.line, `repeated header ${where} disagrees on the 視点 column`);
      if (sheet.items.length) sheet.repairs.push({ line: l.line, kind: "page-header", message: `repeated table header (page break) skipped ${where}` });
      return;
    }
    if (RE.rule.test(t)) {
      sheet.repairs.push({ line: l.line, kind: "table-rule", message: `markdown table rule 「${t}」 skipped ${where}` });
      return;
    }
    const legend = RE.legend.exec(t);
    if (legend) {
      sheet.legend.push({ term: legend[1], text: legend[2].trim() });
      return;
    }
    if (RE.resultHeading.test(t)) {
      sheet.phase = "result";
      return;
    }
    const item = RE.item.exec(l.text);
    if (!item) fail(l.line, `row cannot be placed ${where}: 「${t.slice(0, 40)}」`);
    sheet.items.push(readItem(sheet, l, item![1], item![2], fail));
    return;
  }
  if (sheet.phase === "result") {
    if (RE.resultText.test(t)) return; // the same two-line explanation under every summary table
    if (RE.summaryHeader.test(l.text)) {
      if (/^分類/.test(t) !== Boolean(sheet.hasPerspective)) fail(l.line, `summary header ${where} disagrees with the 視点 column of its table`);
      sheet.phase = "summary";
      return;
    }
    fail(l.line, `unexpected line under チェックの結果 ${where}: 「${t.slice(0, 40)}」`);
  }
  if (sheet.phase === "summary") {
    const row = RE.summaryRow.exec(l.text);
    if (!row) fail(l.line, `expected a summary row (分類/割合/項目数) ${where}, found 「${t.slice(0, 40)}」`);
    const [, label, , count, met, total] = row!;
    if (Boolean(label) !== Boolean(sheet.hasPerspective)) fail(l.line, `summary row ${where} disagrees with the 視点 column of its table`);
    const dashed = count === "-";
    if (dashed) sheet.repairs.push({ line: l.line, kind: "summary-dash", message: `summary 「${t.replace(/\t/g, " ")}」 ${where} read as 0/0` });
    sheet.summary.push({ line: l.line, label, met: dashed ? 0 : Number(met), total: dashed ? 0 : Number(total), dashed });
    const expected = sheet.hasPerspective ? ["予防", "発見", "是正"] : [undefined];
    if (label !== expected[sheet.summary.length - 1]) fail(l.line, `summary row 「${label ?? "(total)"}」 ${where} out of order (expected ${expected.join(", ")})`);
    if (sheet.summary.length === expected.length) sheet.phase = "closed";
  }
}

function readItem(sheet: Sheet, l: Line, number: string, rest: string, fail: (line: number, reason: string) => never): ParsedItem {
  const where = `in sheet 「${sheet.title}」`;
  const expected = String(sheet.items.length + 1);
  if (number !== expected) fail(l.line, `item NO ${number} ${where} out of sequence (expected ${expected})`);
  const cells = rest.replace(/\t+$/, "").split("\t");
  let perspective: Perspective | undefined;
  if (sheet.hasPerspective) {
    perspective = PERSPECTIVES[cells[0]?.trim() ?? ""];
    if (!perspective) fail(l.line, `item NO ${number} ${where} has no 視点 (予防/発見/是正) in its second column: 「${cells[0]?.slice(0, 20)}」`);
    cells.shift();
  }
  if (cells.length !== 1) fail(l.line, `item NO ${number} ${where} has ${cells.length} cells after NO${sheet.hasPerspective ? "/視点" : ""}; expected the チェック項目 and an empty チェック欄`);
  const cell = normalizeCell(cells[0]);
  if (!cell.text) fail(l.line, `item NO ${number} ${where} has no チェック項目 text`);
  if (cell.tags.length) sheet.repairs.push({ line: l.line, kind: "html-stripped", message: `NO ${number} ${where}: HTML tags stripped (${[...new Set(cell.tags)].join(" ")}), paragraphs/lists kept as line breaks` });
  if (cell.wraps) sheet.repairs.push({ line: l.line, kind: "wrapped-line-joined", message: `NO ${number} ${where}: ${cell.wraps} PDF line wrap(s) inside the cell joined (${cell.wrapSamples.join(", ")})` });
  const hangul = cell.text.match(/[\u1100-\u11ff\uac00-\ud7af]+/g);
  if (hangul) sheet.repairs.push({ line: l.line, kind: "suspect-text", message: `NO ${number} ${where}: Hangul 「${hangul.join("」「")}」 in Japanese text (an extraction artefact: the errata file corrects it); kept as given` });
  return { line: l.line, number, perspective, text: cell.text };
}

function checkSummary(sheet: Sheet, fail: (line: number, reason: string) => never): void {
  // The printed summary is the tally of a blank form: the template must reproduce it exactly.
  for (const row of sheet.summary) {
    const counted = row.label ? sheet.items.filter((i) => i.perspective === PERSPECTIVES[row.label!]).length : sheet.items.length;
    if (row.met !== 0) fail(row.line, `summary of 「${sheet.title}」 shows ${row.met} met on a blank form`);
    if (row.total !== counted) fail(row.line, `summary of 「${sheet.title}」 says ${row.label ?? "total"} ${row.total} items, the sheet has ${counted}`);
  }
}

// ---- cell text ----------------------------------------------------------------------------------

/** A space inside a cell is a PDF line wrap when it splits a word at least this far into the line. */
const WRAP_MIN_COLUMN = 50;
const JP_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]/u;
const BLOCK_TAG = /^<\/?(?:p|ul|ol|li|br|div)\b/i;

// Lists stay inside `text`, one entry per line (「\n・…」, 「\na …」), rather than moving to checkPoints: the
// entries are part of the question (「以下の内容を含めて策定しているか ・理念… ・…」), several cells mix ・ and a/b/c
// lists with a paragraph after the list (NO 26, 62), and splitting them off would lose that reading order.
function normalizeCell(raw: string): { text: string; tags: string[]; wraps: number; wrapSamples: string[] } {
  const tags: string[] = [];
  let wraps = 0;
  const wrapSamples: string[] = [];
  // HTML from the extraction: block tags end a paragraph, inline tags vanish.
  const untagged = raw.replace(/<[^>]*>/g, (tag) => {
    tags.push(tag.replace(/\s.*$/s, ">").replace(/>>$/, ">"));
    return BLOCK_TAG.test(tag) ? "\n" : " ";
  });
  const paragraphs = untagged
    .split("\n")
    .map((p) => p.replace(/[ \t\u00a0\u3000]+/g, " ").trim())
    .filter(Boolean)
    .map((p) => {
      // The later copy's first page keeps the PDF's line wraps as spaces (「実施してい るか」). Japanese has
      // no spaces between words, so a space between two Japanese letters far into a line is a wrap.
      // A space after 。 or before a ・ bullet starts a new line of the cell and restarts the count.
      let out = "";
      let column = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p[i];
        if (c !== " ") {
          out += c;
          column++;
          continue;
        }
        const prev = p[i - 1];
        const next = p[i + 1];
        if (column >= WRAP_MIN_COLUMN && JP_LETTER.test(prev) && JP_LETTER.test(next)) {
          wraps++;
          if (wrapSamples.length < 3) wrapSamples.push(`「${p.slice(Math.max(0, i - 4), i)}|${p.slice(i + 1, i + 5)}」`);
          column = 0;
          continue;
        }
        out += c;
        column = prev === "。" || next === "・" ? 0 : column + 1;
      }
      return out;
    });
  let text = paragraphs.join("\n");
  text = text.replace(/(^|[ \n])・/g, (_m, before: string) => (before === "" ? "・" : "\n・"));
  text = breakLetteredList(text);
  text = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join("\n");
  return { text, tags, wraps, wrapSamples };
}

/** 「… a 受託する … b 保守作業 …」 / 「a. 英数字 … b. …」: a run of list letters from a, each on its own line. */
function breakLetteredList(text: string): string {
  const starts: number[] = [];
  let from = 0;
  for (let code = "a".charCodeAt(0); code <= "z".charCodeAt(0); code++) {
    const re = new RegExp(`(?:^|[ \\n])(${String.fromCharCode(code)})\\.? (?=\\S)`, "g");
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) break;
    const at = m.index + m[0].indexOf(m[1]);
    starts.push(at);
    from = at + 1;
  }
  if (starts.length < 2) return text;
  let out = "";
  let prev = 0;
  for (const at of starts) {
    out += text.slice(prev, at).replace(/ $/, "") + (at > 0 && text[at - 1] !== "\n" ? "\n" : "");
    prev = at;
  }
  // A paragraph after the list (「… c. …この限りではない。 いずれのパスワードを…」) is not part of its last entry.
  const tail = text.slice(prev).replace(/^([^\n]*?。) (?=\S)/, "$1\n");
  return out + tail;
}

// ---- the two copies -------------------------------------------------------------------------------

function compareEditions(earlier: Edition, later: Edition): Repair[] {
  const out: Repair[] = [];
  for (const [i, sheet] of later.sheets.entries()) {
    const old = earlier.sheets[i];
    if (old.items.length !== sheet.items.length) {
      out.push({ line: sheet.line, kind: "edition-difference", message: `「${sheet.label}」: ${old.items.length} items in the earlier copy, ${sheet.items.length} in the later copy` });
    }
    for (const item of sheet.items) {
      const before = old.items.find((x) => x.number === item.number);
      if (!before) continue;
      const a = before.text.replace(/\n/g, " ");
      const b = item.text.replace(/\n/g, " ");
      const changes: string[] = [];
      if (before.perspective !== item.perspective) changes.push(`視点 ${before.perspective} → ${item.perspective}`);
      if (a !== b) changes.push(...diffHunks(a, b).map(([x, y]) => `「${x}」→「${y}」`));
      if (changes.length) {
        out.push({
          line: item.line,
          kind: "edition-difference",
          message: `「${sheet.label}」 NO ${item.number} reads differently in the earlier copy (line ${before.line}, ${EARLIER_VERSION}) and the later (${LATER_VERSION}); each keeps its own: ${changes.slice(0, 6).join("; ")}${changes.length > 6 ? `; … (${changes.length} changes)` : ""}`,
        });
      }
    }
  }
  return out;
}

/** Character-level differences between two texts, each shown with a little shared context. */
function diffHunks(a: string, b: string, context = 4): [string, string][] {
  const n = a.length;
  const m = b.length;
  const lcs = new Uint16Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[at(i, j)] = a[i] === b[j] ? lcs[at(i + 1, j + 1)] + 1 : Math.max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
  // Walk the table: equal characters are shared; runs of the rest become hunks.
  const hunks: { i0: number; i1: number; j0: number; j1: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    const h = { i0: i, i1: i, j0: j, j1: j };
    while ((i < n || j < m) && !(i < n && j < m && a[i] === b[j])) {
      if (j >= m || (i < n && lcs[at(i + 1, j)] >= lcs[at(i, j + 1)])) i++;
      else j++;
    }
    h.i1 = i;
    h.j1 = j;
    const prevHunk = hunks[hunks.length - 1];
    if (prevHunk && h.i0 - prevHunk.i1 <= context) Object.assign(prevHunk, { i1: h.i1, j1: h.j1 });
    else hunks.push(h);
  }
  return hunks.map((h) => {
    const left = Math.max(0, h.i0 - context);
    const right = Math.min(n, h.i1 + context);
    const jl = h.j0 - (h.i0 - left);
    const jr = h.j1 + (right - h.i1);
    return [a.slice(left, right), b.slice(jl, jr)];
  });
}

// ---- the template ------------------------------------------------------------------------------------

type EditionMeta = { version: string; title: string; edition: string; publisher: string };

function buildTemplate(edition: Edition, intro: { line: number; lines: Line[] } | undefined, fail: (line: number, reason: string) => never, meta: EditionMeta): Template {
  const blocks = introBlocks(intro?.lines.slice(1) ?? []);
  const general = blocks.get("") ?? [];
  const structure = blocks.get("全体のチェックリストの構成について") ?? [];
  // 「(1)経営層向けチェックリスト (2)…」: the numbers the introduction gives the sheets.
  const numbers = new Map<string, string>();
  for (const m of structure.join(" ").matchAll(/(\(\d+\))\s*(\S+?)向けチェックリスト/g)) numbers.set(m[2], m[1]);

  const sections: Section[] = edition.sheets.map((s) => {
    const usage = s.label ? blocks.get(`${s.label}向けサイバーセキュリティ対策チェックリストの使い方`) : undefined;
    const items: Item[] = [];
    if (s.fillerLine) {
      // 記入者/日付 head every sheet the form hands out: kept as optional fields so a filled sheet says who and when.
      items.push({ key: `${s.key}.filledBy`, text: "記入者", level: "none", answer: { kind: "text" } });
      items.push({ key: `${s.key}.filledOn`, text: "日付", level: "none", answer: { kind: "date" } });
    }
    for (const item of s.items) {
      items.push({
        key: `${s.key}.${item.number}`,
        number: item.number,
        text: item.text,
        level: "required",
        answer: { kind: "status", scale: "cyber" },
        ...(item.perspective ? { perspective: item.perspective } : {}),
      });
    }
    const number = numbers.get(s.label);
    const description = s.description ?? usage?.join("\n");
    return { key: s.key, ...(number ? { number } : {}), title: s.title, ...(description ? { description } : {}), items };
  });

  const legendSheet = edition.sheets.find((s) => s.legend.length === 3);
  if (!legendSheet) fail(edition.sheets[0].line, `no sheet of the copy from line ${edition.sheets[0].line} defines 予防/発見/是正`);

  return {
    id: "cybersecurity-checklist",
    version: meta.version,
    title: meta.title,
    shortTitle: "サイバーセキュリティ対策チェックリスト",
    ...(general.length || structure.length ? { description: [...general, ...structure].join("\n") } : {}),
    language: "ja",
    source: { document: meta.title, edition: meta.edition, publisher: meta.publisher, seed: SEED },
    scales: [
      {
        key: "cyber",
        options: [
          { value: "yes", label: "○", symbol: "○", outcome: "met" },
          { value: "no", label: "×", symbol: "×", outcome: "unmet" },
        ],
      },
    ],
    help: legendSheet!.legend.map((l) => ({ term: l.term, text: l.text })),
    // The 医療従事者 sheet has no 視点 column: its summary is the plain total (割合 / 項目数) it prints.
    derived: edition.sheets.map((s) =>
      s.hasPerspective
        ? { rule: "tally" as const, key: `${s.key}Summary`, title: `${s.label} 視点別集計`, scope: s.key, groupBy: "perspective" as const }
        : { rule: "tally" as const, key: `${s.key}Summary`, title: `${s.label} 集計`, scope: s.key },
    ),
    sections,
  };
}

/** The introduction as blocks under its subheadings; 「- 」 list markers dropped. Key "" = before any subheading. */
function introBlocks(lines: Line[]): Map<string, string[]> {
  const blocks = new Map<string, string[]>([["", []]]);
  let current = "";
  for (const l of lines) {
    const t = l.text.trim();
    if (/^(?:全体のチェックリストの構成について|.+チェックリストの使い方)$/.test(t)) {
      current = t.replace(/\s+/g, "");
      blocks.set(current, []);
      continue;
    }
    blocks.get(current)!.push(t.replace(/^-\s+/, ""));
  }
  return blocks;
}

/** The guideline edition, date and issuing office of the MHLW 事務連絡 that the checklist is attached to. */
function coverLetter(lines: Line[], fail: (line: number, reason: string) => never): { guideline: string; date: string; publisher: string } {
  const notice = lines.findIndex((l) => l.text.trim() === "事務連絡");
  if (notice < 0) fail(1, "cover letter (事務連絡) not found: cannot name the edition");
  const date = lines.slice(notice + 1, notice + 4).find((l) => /^令和\S+年\S+月\S+日$/.test(l.text.trim()));
  const publisher = lines.slice(notice + 1, notice + 12).find((l) => /^厚生労働省\S+課$/.test(l.text.trim()));
  const annex = lines.map((l) => /「医療情報システムの安全管理に関するガイドライン\s*(第[\d.]+版)」の別添/.exec(l.text)).find(Boolean);
  if (!date || !publisher || !annex) fail(notice + 1, "cover letter lacks its date, issuing office or the guideline edition it annexes the checklist to");
  return { guideline: annex![1], date: date!.text.trim(), publisher: publisher!.text.trim() };
}
