// A comparison as files: one plain table shared by the CSV and the spreadsheet (so both hold the
// cells of the screen, `answerText` for each), the summary and conditions in words (also used by the
// PDF), and the responses the export routes answer with.
//
// The table: two header rows (column titles with each vendor's name; then each vendor's 第N版 and
// 最終更新日), then one row per item in form order. Columns: 章 (the section path), 番号, 項目, 区分
// (必須/推奨, 必達 when a criteria profile makes an item a must), 差異・不足, one answer column per
// vendor (display order), then one 備考・根拠資料 column per vendor. Notes sit in their own columns
// rather than on a second sheet so that the CSV, which has one table only, keeps them too.
import ExcelJS from "exceljs";
import { cellStateLabels, cellStateMarks, cellText, type Cell, type CellState, type CompareRow, type VendorSummary } from "../../disclosures/compare.js";
import type { ComparisonColumn, ComparisonOutcome, ComparisonPage } from "../models/comparison.server.js";
import { contentDisposition } from "../models/pdf-document.server.js";
import { fileNamePart } from "../pdf/file-name.js";
import { formatDate } from "./format.js";
import { addRows, neutralizeFormula } from "./xlsx.server.js";
import { clock, japanDate } from "../../disclosures/clock.js";

export type ComparisonTable = {
  /** Column titles, then the vendors' versions. */
  header: string[][];
  /** One row per item. */
  rows: string[][];
  /** Columns before the first vendor's answer (章, 番号, 項目, 区分, 差異・不足). */
  itemColumns: number;
  vendorCount: number;
};

export const ITEM_COLUMNS = ["章", "番号", "項目", "区分", "差異・不足"] as const;

/** 「事業者名 サービス名」: the title of a vendor's column. */
export function vendorLabel(column: Pick<ComparisonColumn, "organizationName" | "serviceName"> & { release?: string | null }): string {
  const subject = column.release ?? column.serviceName;
  return subject?.trim() ? `${column.organizationName}　${subject}` : column.organizationName;
}

/** 「第2版・最終更新日 2026年11月1日」, with the rank and the form's edition when they matter. */
export function versionLine(page: ComparisonPage, position: number): string {
  const column = page.columns[position];
  const summary = summaryAt(page, position);
  return [
    summary.rank !== null ? `${summary.rank}位` : null,
    `第${column.version}版`,
    `最終更新日 ${formatDate(column.publishedAt)}`,
    page.comparison.editions.mixed ? `様式 ${column.templateVersion}版` : null,
    column.withdrawn ? "取り下げ済" : null,
  ]
    .filter(Boolean)
    .join("・");
}

/** The summary of display column `position` (summaries are indexed by input order). */
export function summaryAt(page: ComparisonPage, position: number): VendorSummary {
  return page.comparison.summaries[page.comparison.order[position]];
}

const levelLabel: Record<CompareRow["level"], string> = { required: "必須", recommended: "推奨", none: "" };

/** 必須/推奨; 必達 is added when a criteria profile makes a non-required item a must (required items always are). */
export function levelText(row: Pick<CompareRow, "level" | "mustHave">): string {
  return row.mustHave && row.level !== "required" ? [levelLabel[row.level], "必達"].filter(Boolean).join("・") : levelLabel[row.level];
}

/** 「差異」 when vendors answer differently, 「不足」 when a must-have item has a gap. */
export function flagsText(row: Pick<CompareRow, "differs" | "gap">): string {
  return [row.differs ? "差異" : null, row.gap ? "不足" : null].filter(Boolean).join("・");
}

/**
 * A cell's answer as text, `cellText` followed by what a rule asks of the hospital about it
 * (「⚠ 医療機関側のリスク評価が必要」 beside a いいえ in GL 7.0's 別紙), as the screen's cell shows it.
 */
export function answerText(cell: Pick<Cell, "label" | "detail" | "flags">): string {
  return cell.flags.length ? [cellText(cell), ...cell.flags.map((flag) => `⚠ ${flag}`)].join("\n") : cellText(cell);
}

/** A cell's note and evidence as text (the answer itself is `answerText`). */
export function noteText(cell: Pick<Cell, "note" | "evidence">): string {
  const parts = cell.note ? [cell.note] : [];
  for (const e of cell.evidence) parts.push(`根拠資料: ${[e.name, e.url].filter(Boolean).join(" ")}`);
  return parts.join("\n");
}

/** 「● 対応済　× 未対応 …」: the marks used beside each answer. */
export const legendText = (Object.keys(cellStateMarks) as CellState[]).map((s) => `${cellStateMarks[s]} ${cellStateLabels[s]}`).join("　");

export type SummaryField = { label: string; value: string };

const ratio = (met: number, of: number) => (of ? `${met}/${of}` : "—");

/** The labels of the summary, the same for every vendor (derived results by title: editions may differ). */
export function summaryLabels(page: ComparisonPage): string[] {
  const labels = page.profile ? ["順位", "スコア", "必達の不足"] : [];
  labels.push("必須項目 対応", "推奨項目 対応", "実施予定", "未対応", "未回答");
  for (const s of page.comparison.summaries) for (const d of s.derived) if (!labels.includes(`${d.title}（自動判定）`)) labels.push(`${d.title}（自動判定）`);
  return labels;
}

/** One vendor's summary in words (the screen's words), in the order of `summaryLabels`. */
export function summaryFields(page: ComparisonPage, position: number): SummaryField[] {
  const s = summaryAt(page, position);
  const values: Record<string, string> = {
    順位: s.rank !== null ? `${s.rank}位` : "—",
    スコア: s.score.score !== null ? `${s.score.score}点` : "—",
    必達の不足: `${s.score.mustMissing}/${s.score.mustTotal}`,
    "必須項目 対応": ratio(s.requiredMet, s.requiredApplicable),
    "推奨項目 対応": ratio(s.recommendedMet, s.recommendedApplicable),
    実施予定: String(s.planned),
    未対応: String(s.unmet),
    未回答: String(s.unanswered),
  };
  // The official verdict, the note it follows, and (secondary) the result without the answers the form does not have.
  for (const d of s.derived) values[`${d.title}（自動判定）`] = [d.text, d.basis ? `（${d.basis.label}）` : "", d.secondary ? `／参考（様式の判定ではありません）: ${d.secondary}` : ""].join("");
  return summaryLabels(page).map((label) => ({ label, value: values[label] ?? "—" }));
}

/** 「異なる版の様式が含まれるため…」 when the vendors answered different editions of the form. */
export function editionNote(page: ComparisonPage): string | null {
  const { editions, sharedCount } = page.comparison;
  if (!editions.mixed) return null;
  return `異なる版の様式が含まれるため、共通する${sharedCount}項目のみ比較しています（版: ${editions.versions.join("、")}。共通しない${editions.excludedCount}項目は除外）。`;
}

/** What was compared, and how: the first page of the PDF and the 条件 sheet. */
export function conditionLines(page: ComparisonPage, now: number): SummaryField[] {
  const lines: SummaryField[] = [{ label: "様式", value: page.template.title }];
  if (page.shortlist) lines.push({ label: "候補リスト", value: page.shortlist.name });
  if (page.profile) lines.push({ label: "評価基準", value: page.profile.name });
  lines.push({ label: "出力日", value: formatDate(now) });
  lines.push({ label: "比較項目", value: `${page.comparison.rowCount}項目を表示（比較対象 ${page.comparison.sharedCount}項目）` });
  for (const line of page.filterLines) lines.push({ label: "表示条件", value: line });
  const edition = editionNote(page);
  if (edition) lines.push({ label: "様式の版", value: edition });
  for (const notice of page.notices) lines.push({ label: "お知らせ", value: notice });
  lines.push({ label: "記号", value: legendText });
  return lines;
}

export function comparisonTable(page: ComparisonPage): ComparisonTable {
  const vendors = page.columns.map((c) => vendorLabel(c));
  const header = [
    [...ITEM_COLUMNS, ...vendors, ...vendors.map((v) => `備考・根拠資料（${v}）`)],
    [...ITEM_COLUMNS.map(() => ""), ...page.columns.map((_, i) => versionLine(page, i)), ...page.columns.map(() => "")],
  ];
  const rows: string[][] = [];
  const path: string[] = [];
  for (const section of page.comparison.sections) {
    path.length = section.depth;
    path.push(section.number ? `${section.number} ${section.title}` : section.title);
    for (const row of section.rows) {
      rows.push([path.join(" > "), row.number ?? "", row.text, levelText(row), flagsText(row), ...row.cells.map(answerText), ...row.cells.map(noteText)]);
    }
  }
  return { header, rows, itemColumns: ITEM_COLUMNS.length, vendorCount: vendors.length };
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

// The one neutralisation of every spreadsheet the portal writes (app/utils/xlsx.server.ts); re-exported for its tests.
export { neutralizeFormula };

function csvField(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 (CRLF, quoted where needed), UTF-8 with a BOM so that Excel reads the Japanese. */
export function toCsv(table: ComparisonTable): string {
  return "\uFEFF" + [...table.header, ...table.rows].map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

// ---------------------------------------------------------------------------------------------------------------
// xlsx

export async function toXlsx(page: ComparisonPage, now = clock.now()): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kaiji";
  workbook.created = new Date(now);
  workbook.title = `開示書の比較 ${page.template.title}`;

  const table = comparisonTable(page);
  const matrix = workbook.addWorksheet("比較", { views: [{ state: "frozen", xSplit: 3, ySplit: table.header.length }] });
  matrix.columns = [
    { width: 24 },
    { width: 9 },
    { width: 48 },
    { width: 8 },
    { width: 10 },
    ...Array.from({ length: table.vendorCount }, () => ({ width: 22 })),
    ...Array.from({ length: table.vendorCount }, () => ({ width: 32 })),
  ];
  addRows(matrix, [...table.header, ...table.rows], { headerRows: table.header.length });

  const summary = workbook.addWorksheet("集計", { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
  const fieldLabels = summaryLabels(page);
  summary.columns = [{ width: 36 }, { width: 10 }, { width: 18 }, { width: 9 }, { width: 10 }, ...fieldLabels.map((l) => ({ width: l.endsWith("（自動判定）") ? 30 : 12 }))];
  addRows(
    summary,
    [
      ["事業者・サービス", "第N版", "最終更新日", "様式の版", "状態", ...fieldLabels],
      ...page.columns.map((column, i) => [
        vendorLabel(column),
        `第${column.version}版`,
        formatDate(column.publishedAt),
        column.templateVersion,
        [column.verified ? "確認済" : null, column.withdrawn ? "取り下げ済" : null].filter(Boolean).join("・"),
        ...summaryFields(page, i).map((f) => f.value),
      ]),
      ...(page.columns.some((c) => c.note) ? [[], ["候補リストのメモ"], ...page.columns.filter((c) => c.note).map((c) => [vendorLabel(c), c.note!])] : []),
    ],
    { headerRows: 1 },
  );

  const conditions = workbook.addWorksheet("条件");
  conditions.columns = [{ width: 14 }, { width: 100 }];
  addRows(conditions, [["項目", "内容"], ...conditionLines(page, now).map((l) => [l.label, l.value])], { headerRows: 1 });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

export const exportTypes = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
} as const;
export type ExportKind = keyof typeof exportTypes;

/** 「20261101」 in Japan time. */
function dateStamp(now: number): string {
  return japanDate(now).replace(/-/g, "");
}

/** 「比較_<様式名>_<YYYYMMDD>.<ext>」 (and an ASCII fallback for old clients). */
export function comparisonFileName(page: ComparisonPage, kind: ExportKind, now: number): { name: string; fallback: string } {
  const stamp = dateStamp(now);
  return { name: `比較_${fileNamePart(page.template.title, 150) || "開示書"}_${stamp}.${kind}`, fallback: `comparison-${page.template.id}-${stamp}.${kind}` };
}

// Comparisons can include disclosures that only some readers may see: never stored by a cache.
const NO_STORE = "private, no-store";

/** A refused export: 404 for a shortlist that is not the reader's, 400 with the reason otherwise. */
export function exportRefusal(outcome: Exclude<ComparisonOutcome, { kind: "ok" }>): Response {
  const [status, text] = outcome.kind === "notFound" ? [404, "指定された候補リストは見つかりません"] : [400, [outcome.message, ...outcome.notices].join("\n")];
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": NO_STORE } });
}

export function exportResponse(body: Uint8Array<ArrayBuffer> | string, kind: ExportKind, page: ComparisonPage, now: number): Response {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const { name, fallback } = comparisonFileName(page, kind, now);
  // PDFs open in the browser like the disclosure sheets; spreadsheets are downloaded.
  const disposition = contentDisposition(name, fallback);
  return new Response(bytes, {
    status: 200,
    headers: {
      "Content-Type": exportTypes[kind],
      "Content-Disposition": kind === "pdf" ? disposition : disposition.replace(/^inline/, "attachment"),
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": NO_STORE,
    },
  });
}
