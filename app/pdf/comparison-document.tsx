// The printable HTML of a comparison (A4 landscape), for Chromium's PDF renderer. The first page
// says what was compared and how: template, shortlist, date of export, the vendors with their
// versions, the filters in words, notices and each vendor's summary. Then the matrix: one row per
// item, one column per vendor with the answer's mark and `cellText` (the cells of the screen), in
// tables of at most six vendors so that twenty stay readable. All user data goes through React
// (escaped), escapeHtml for the <title>, cssString for the header and footer (header-footer.ts).
import { renderToStaticMarkup } from "react-dom/server";
import { cellStateMarks, cellText, type CompareRow } from "../../disclosures/compare";
import { ComparisonOverview } from "../components/comparison-overview";
import { comparisonOverview } from "../../disclosures/compare-overview";
import type { ComparisonPage } from "../models/comparison.server";
import { conditionLines, flagsText, legendText, levelText, noteText, summaryFields, summaryLabels, vendorLabel } from "../utils/comparison-export.server";
import { formatDate } from "../utils/format";
import { escapeHtml, printableText } from "./escape";
import { pageMarginsCss, type PageMargins } from "./header-footer";
import { PRINT_CSS } from "./print-styles";
import { clock } from "../../disclosures/clock";

export type ComparisonDocument = { html: string; title: string };

/** Vendors per table: beyond six the answer columns get too narrow to read. */
export const MAX_VENDORS_PER_TABLE = 6;

/** Display positions split into balanced groups of at most `max` (7 → 4 + 3, 20 → 5 × 4). */
export function columnGroups(count: number, max = MAX_VENDORS_PER_TABLE): number[][] {
  const groups = Math.max(1, Math.ceil(count / max));
  const base = Math.floor(count / groups);
  const extra = count % groups;
  const out: number[][] = [];
  let next = 0;
  for (let g = 0; g < groups; g++) {
    const size = base + (g < extra ? 1 : 0);
    out.push(Array.from({ length: size }, (_, i) => next + i));
    next += size;
  }
  return out;
}

// After PRINT_CSS: the same look as the disclosure sheets, on a landscape page.
const COMPARISON_CSS = `
@page { size: A4 landscape; }
.heatmap { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
.heatmap th, .heatmap td { border: 0.3mm solid #999; padding: 1mm 1.5mm; text-align: left; }
.heatmap td { text-align: center; }
.heat-counts { font-size: 7.5pt; }
.heat-0 { background: #f5f7fa; }
.heat-1 { background: #fff; outline: 0.6mm solid #b3261e; outline-offset: -0.8mm; }
.heat-2 { background: #deebf7; }
.heat-3 { background: #9ecae1; }
.heat-4 { background: #2171b5; color: #fff; }
.heat-5 { background: #08519c; color: #fff; }
.overview-bars { list-style: none; padding: 0; margin: 1mm 0; }
.overview-bars li { display: flex; gap: 2mm; align-items: center; padding: 0.6mm 0; font-size: 8.5pt; }
.overview-name { width: 60mm; }
.muted { color: #444; font-size: 8.5pt; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.first-page h2 { margin: 3.5mm 0 1.5mm; }
.cmp-title { margin-bottom: 1mm; }
.cmp-subtitle { text-align: center; font-size: 11pt; margin: 0 0 3mm; }
.cmp-info th { width: 16%; }
.cmp-info th, .cmp-info td { padding: 0.6mm 1.5mm; }
.cmp-list { margin: 0 0 2mm; padding-left: 5mm; }
.cmp-list li { margin: 0 0 0.6mm; }
.cmp-notice { border: 0.6pt solid #000; padding: 1.5mm 2.5mm; margin: 0 0 2mm; }
.cmp-vendors td, .cmp-vendors th, .cmp-summary td, .cmp-summary th { padding: 0.8mm 1.5mm; }
.cmp-summary td.num { text-align: center; }
.cmp-summary thead th { font-size: 7.5pt; line-height: 1.3; }
.cmp-matrix { font-size: 8pt; line-height: 1.4; }
.cmp-matrix thead th { font-size: 7.5pt; line-height: 1.35; }
.cmp-matrix .vendor-head { font-size: 8pt; }
.cmp-matrix .section-row th { text-align: left; background: #ececec; font-size: 8.5pt; }
.cmp-mark { font-size: 9pt; margin-right: 1mm; }
.cmp-note { margin-top: 0.6mm; font-size: 6.8pt; color: #333; white-space: pre-wrap; }
.cmp-flags { margin-top: 0.6mm; line-height: 1.2; }
.cmp-flag { display: inline-block; margin: 0 0.3mm 0.3mm; padding: 0 0.5mm; border: 0.5pt solid #000; font-size: 6.5pt; }
.nowrap { white-space: nowrap; }
.cmp-withdrawn { font-size: 7pt; border: 0.5pt dashed #000; padding: 0 0.8mm; }
`;

export function renderComparisonDocument(page: ComparisonPage, now = clock.now()): ComparisonDocument {
  return assemble(page, now, bodyParts(page, now).map((render) => render()));
}

/**
 * The same document, letting other requests in between its parts: a 20-vendor comparison is a first page and
 * four matrices of 500 rows, each a few tens of ms to render, instead of one block of a quarter of a second.
 */
export async function renderComparisonDocumentInTurns(page: ComparisonPage, now = clock.now()): Promise<ComparisonDocument> {
  const parts: string[] = [];
  for (const render of bodyParts(page, now)) {
    parts.push(render());
    await new Promise((resolve) => setImmediate(resolve));
  }
  return assemble(page, now, parts);
}

/** Rows of a matrix rendered in one part: 100 rows of six vendors take about 20 ms. */
const ROWS_PER_PART = 100;
/** Stands for a matrix's rows while its frame is rendered; a NUL never comes out of escaped text. */
const ROWS_SLOT = "\u0000rows\u0000";

/**
 * The body's parts, in order: the first page, then per group of at most six vendors the matrix's frame
 * (heading, columns, header row) around its rows, rendered ROWS_PER_PART at a time.
 */
function bodyParts(page: ComparisonPage, now: number): (() => string)[] {
  const parts: (() => string)[] = [() => renderToStaticMarkup(<FirstPage page={page} now={now} />)];
  // The overview, as on the page (components/comparison-overview.tsx), six vendors to a table like the matrix.
  const vendors = page.columns.map((c, i) => ({ name: vendorLabel(c), rank: page.comparison.summaries[page.comparison.order[i]].rank }));
  const overview = comparisonOverview(page.comparison);
  columnGroups(page.columns.length).forEach((positions, _g, groups) => {
    const heading = groups.length > 1 ? `概要（事業者 ${positions[0] + 1}〜${positions[positions.length - 1] + 1}／全${page.columns.length}社）` : "概要";
    parts.push(() => renderToStaticMarkup(<div className="page-break">{<ComparisonOverview overview={overview} rowCount={page.comparison.rowCount} vendors={vendors} positions={positions} heading={heading} />}</div>));
  });
  columnGroups(page.columns.length).forEach((positions, _g, groups) => {
    const heading = groups.length > 1 ? `比較表（事業者 ${positions[0] + 1}〜${positions[positions.length - 1] + 1}／全${page.columns.length}社）` : "比較表";
    const frame = renderToStaticMarkup(<Matrix page={page} positions={positions} heading={heading} />).split(ROWS_SLOT);
    const rows = matrixRows(page, positions);
    parts.push(() => frame[0]);
    for (let i = 0; i < rows.length; i += ROWS_PER_PART) parts.push(() => renderToStaticMarkup(<>{rows.slice(i, i + ROWS_PER_PART)}</>));
    parts.push(() => frame[1]);
  });
  return parts;
}

function assemble(page: ComparisonPage, now: number, parts: string[]): ComparisonDocument {
  const title = [`開示書の比較 ${page.template.title}`, page.shortlist?.name, formatDate(now)].filter(Boolean).join(" ");
  const html =
    `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(title)}</title>` +
    `<style>${PRINT_CSS}${COMPARISON_CSS}${pageMarginsCss(comparisonMargins(page, now))}</style>` +
    `</head><body class="comparison"><main class="document comparison" data-layout="comparison">${parts.join("")}</main></body></html>`;
  return { html, title };
}

function FirstPage({ page, now }: { page: ComparisonPage; now: number }) {
  const lines = conditionLines(page, now);
  const info = lines.filter((l) => ["様式", "候補リスト", "評価基準", "出力日", "比較項目"].includes(l.label));
  const labels = summaryLabels(page);
  const isDerived = (label: string) => label.endsWith("（自動判定）");
  const edition = lines.find((l) => l.label === "様式の版");
  return (
    <section className="first-page" data-block="first-page">
      <h1 className="cmp-title">開示書の比較</h1>
      <p className="cmp-subtitle">{page.template.title}</p>
      <table className="cmp-info">
        <tbody>
          {info.map((l) => (
            <tr key={l.label}>
              <th>{l.label}</th>
              <td>{l.value}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>表示条件</h2>
      <ul className="cmp-list" data-block="filters">
        {page.filterLines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="legend">
        記号: {legendText}。区分の「差異」は事業者により回答が異なる項目、「不足」は必須・必達項目で未対応・実施予定・未回答がある項目です。
      </p>
      {edition ? (
        <p className="cmp-notice" data-block="editions">
          {edition.value}
        </p>
      ) : null}
      {page.notices.length ? (
        <div className="cmp-notice" data-block="notices">
          {page.notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      ) : null}

      <h2>比較する開示書（{page.columns.length}件）</h2>
      <table className="cmp-vendors" data-block="vendors">
        <colgroup>
          <col style={{ width: "5%" }} />
          <col style={{ width: "27%" }} />
          <col style={{ width: "22%" }} />
          <col style={{ width: "7%" }} />
          <col style={{ width: "13%" }} />
          <col style={{ width: "9%" }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th>No.</th>
            <th>事業者</th>
            <th>サービス</th>
            <th>版</th>
            <th>最終更新日</th>
            <th>様式の版</th>
            <th>メモ</th>
          </tr>
        </thead>
        <tbody>
          {page.columns.map((c, i) => (
            <tr key={c.disclosureId}>
              <td className="center">{i + 1}</td>
              <td>
                {c.organizationName}
                {c.verified ? <span className="small">（確認済）</span> : null}
                {c.withdrawn ? <> <span className="cmp-withdrawn">取り下げ済</span></> : null}
              </td>
              <td>{c.release ?? c.serviceName ?? "—"}</td>
              <td className="center">{`第${c.version}版`}</td>
              <td>{formatDate(c.publishedAt)}</td>
              <td className="center">{c.templateVersion}</td>
              <td className="pre small">{c.note ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>集計</h2>
      <table className="cmp-summary" data-block="summary">
        <colgroup>
          <col style={{ width: "5%" }} />
          <col style={{ width: "22%" }} />
          {labels.map((l) => (
            <col key={l} style={isDerived(l) ? undefined : { width: "6.5%" }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th>No.</th>
            <th>事業者</th>
            {labels.map((l) => (
              <th key={l}>{l}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.columns.map((c, i) => (
            <tr key={c.disclosureId}>
              <td className="center">{i + 1}</td>
              <td>{vendorLabel(c)}</td>
              {summaryFields(page, i).map((f) => (
                <td key={f.label} className={isDerived(f.label) ? "small" : "num"}>
                  {f.value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Matrix({ page, positions, heading }: { page: ComparisonPage; positions: number[]; heading: string }) {
  // Answers are short and item texts long: each vendor gets 10–16% of the width (about 27–43 mm), the item
  // text what is left (at most half), which keeps rows, and so pages, fewer.
  const vendorShare = Math.max(10, Math.min(16, 55 / Math.max(1, positions.length)), (88 - 50) / Math.max(1, positions.length));
  const itemShare = 88 - vendorShare * positions.length;
  return (
    <section className="page-break" data-block="matrix">
      <h2>{heading}</h2>
      {page.comparison.rowCount === 0 ? <p>表示条件に当てはまる項目はありません。</p> : null}
      <table className="cmp-matrix">
        <colgroup>
          <col style={{ width: "5%" }} />
          <col style={{ width: `${itemShare.toFixed(2)}%` }} />
          <col style={{ width: "7%" }} />
          {positions.map((p) => (
            <col key={p} style={{ width: `${vendorShare.toFixed(2)}%` }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th>番号</th>
            <th>項目</th>
            <th>区分</th>
            {positions.map((p) => {
              const c = page.columns[p];
              const rank = page.comparison.summaries[page.comparison.order[p]].rank;
              return (
                <th key={p}>
                  <div className="vendor-head">{`${p + 1}. ${c.organizationName}`}</div>
                  {(c.release ?? c.serviceName) ? <div>{c.release ?? c.serviceName}</div> : null}
                  <div>{[rank !== null ? `${rank}位` : null, `第${c.version}版`].filter(Boolean).join("・")}</div>
                  <div className="nowrap">{formatDate(c.publishedAt)}</div>
                </th>
              );
            })}
          </tr>
        </thead>
        {/* The rows are rendered apart, in parts (bodyParts), and put in this slot. */}
        <tbody dangerouslySetInnerHTML={{ __html: ROWS_SLOT }} />
      </table>
    </section>
  );
}

/** A matrix's rows: each section's heading row, then its items. */
function matrixRows(page: ComparisonPage, positions: number[]) {
  const span = 3 + positions.length;
  return page.comparison.sections.flatMap((section) => [
    <tr key={`s-${section.key}`} className="section-row">
      <th colSpan={span} style={{ paddingLeft: `${1.5 + section.depth * 4}mm` }}>
        {section.number ? `${section.number} ${section.title}` : section.title}
      </th>
    </tr>,
    ...section.rows.map((row) => <Row key={row.key} row={row} positions={positions} />),
  ]);
}

function Row({ row, positions }: { row: CompareRow; positions: number[] }) {
  const flags = flagsText(row);
  const cells = positions.map((p) => row.cells[p]);
  const long = cells.some((c) => cellText(c).length + noteText(c).length > 400) || row.text.length > 600;
  return (
    <tr className={long ? "allow-break" : undefined} data-item={row.key}>
      <td>{row.number ?? ""}</td>
      <td className="pre">{row.text}</td>
      <td className="center">
        {levelText(row)}
        {flags ? (
          <div className="cmp-flags">
            {flags.split("・").map((f) => (
              <span key={f} className="cmp-flag">
                {f}
              </span>
            ))}
          </div>
        ) : null}
      </td>
      {cells.map((cell, i) => {
        const note = noteText(cell);
        return (
          <td key={positions[i]} data-state={cell.state}>
            <span className="cmp-mark">{cellStateMarks[cell.state]}</span>
            {cellText(cell)}
            {cell.flags.map((flag) => (
              <div key={flag} className="cmp-note">{`⚠ ${flag}`}</div>
            ))}
            {note ? <div className="cmp-note">{note}</div> : null}
          </td>
        );
      })}
    </tr>
  );
}

/** The header: what is compared (and the shortlist's name), the form; the footer: the export date and the site. */
function comparisonMargins(page: ComparisonPage, now: number): PageMargins {
  return {
    headerLeft: ["開示書の比較", page.shortlist?.name].filter(Boolean).map(printableText).join("　"),
    headerRight: printableText(page.template.title),
    footerLeft: `出力日 ${formatDate(now)}　Kaiji`,
    draft: false,
    headerLeftShare: 40,
  };
}
