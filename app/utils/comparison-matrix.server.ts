// The comparison's matrix body as HTML, built once in the loader (issue 18). 10 vendors × 504 items are 5,000 cells:
// as React elements they were most of the page's time (elements, their JSON round trip through the loader, the
// render); as strings they are one pass. Every text goes through `escapeHtml` (app/pdf/escape.ts, the one escaping
// function for hand-built HTML), the markup is what the page's CSS (styles/directory.css) expects, and the page is
// not hydrated, so the string is the page. The exports (CSV, xlsx) and the PDF take the same cells from `compareDisclosures` and
// `cellText`, so every cell reads the same everywhere.
import { cellStateMarks, cellText, type Cell, type CompareRow, type CompareSection } from "../../disclosures/compare";
import type { EvidenceView } from "../../disclosures/disclosure-view";
import { levelLabels } from "../components/level-badge";
import { escapeHtml as e } from "../pdf/escape";

const UNLINKED_TITLE = "http・https 以外のためリンクにしていません";

function evidenceLink(href: string, text: string, className = ""): string {
  return `<a${className ? ` class="${className}"` : ""} href="${e(href)}" target="_blank" rel="noopener noreferrer nofollow">${e(text)}</a>`;
}

// A link only for an href the server checked to be http(s) (disclosure-view.ts evidenceView).
function evidenceHtml(evidence: EvidenceView[]): string {
  const items = evidence.map((ev) => {
    const name = ev.name ? `<span class="evidence-name">${e(ev.name)}</span>` : "";
    const url = !ev.url
      ? ""
      : ev.href
        ? evidenceLink(ev.href, ev.url, "evidence-url")
        : `<span class="evidence-url evidence-url-unlinked" title="${UNLINKED_TITLE}">${e(ev.url)}</span>`;
    return `<li>${name}${url}</li>`;
  });
  return `<ul class="evidence-list">${items.join("")}</ul>`;
}

/** One document in a line of its own: its name is the link (the address shows where a browser shows a link's). */
function evidenceInline(ev: EvidenceView): string {
  const text = ev.name || ev.url || "";
  if (ev.href) return evidenceLink(ev.href, text);
  const unlinked = ev.url ? `<span class="evidence-url-unlinked" title="${UNLINKED_TITLE}">${e(ev.url)}</span>` : "";
  return ev.name ? `${e(ev.name)}${unlinked ? `（${unlinked}）` : ""}` : unlinked;
}

/** Notes up to this many characters, on one line, show in the cell itself. */
const SHORT_NOTE = 80;

/**
 * A cell's 備考 and 根拠資料. One short thing (a one-line note, or one document) shows in the cell, where a reader
 * scanning 20 columns sees it without opening anything; more folds behind 「備考・根拠資料」 so rows stay short.
 * A shown one is the cell's only direct <p> (styled as `.compare-table td > p`: no class on 2,500 of them).
 */
function extraHtml({ note, evidence }: Cell): string {
  if (!note && !evidence.length) return "";
  if (note && !evidence.length && note.length <= SHORT_NOTE && !note.includes("\n")) return `<p>備考: ${e(note)}</p>`;
  if (!note && evidence.length === 1) return `<p>根拠資料: ${evidenceInline(evidence[0])}</p>`;
  return `<details class="cell-more"><summary>備考・根拠資料</summary>${note ? `<p class="preserve-lines">${e(note)}</p>` : ""}${evidence.length ? evidenceHtml(evidence) : ""}</details>`;
}

/** Cells are shared by every comparison of the same versions (disclosures/compare.ts cellOf), and so is their HTML. */
const keptCellHtml = new WeakMap<Cell, string>();

function cellHtml(cell: Cell): string {
  let html = keptCellHtml.get(cell);
  if (html === undefined) keptCellHtml.set(cell, (html = newCellHtml(cell)));
  return html;
}

function newCellHtml(cell: Cell): string {
  const flags = cell.flags.map((flag) => `<span class="cell-flag">${e(`⚠ ${flag}`)}</span>`).join("");
  return `<td class="cell-${cell.state}">${e(`${cellStateMarks[cell.state]} ${cellText(cell)}`)}${flags}${extraHtml(cell)}</td>`;
}

function rowHtml(row: CompareRow): string {
  const badges = [
    row.level === "none" ? "" : `<span class="badge badge-${row.level}">${levelLabels[row.level]}</span>`,
    row.mustHave && row.level !== "required" ? `<span class="badge badge-must">必達</span>` : "",
    row.weight !== null && row.weight !== 1 ? `<span class="badge">重み${e(row.weight)}</span>` : "",
  ].join("");
  const number = row.number ? `<span class="item-number">${e(row.number)}</span>` : "";
  return `<tr${row.gap ? ` class="row-gap"` : ""} id="item-${e(row.key)}"><th scope="row" class="item-col">${number} ${badges}<span class="cell-detail">${e(row.text)}</span></th>${row.cells.map(cellHtml).join("")}</tr>`;
}

/** One section of the matrix: its heading row across every column, then its items' rows (the inside of a <tbody>). */
export function matrixSectionHtml(section: CompareSection, columnCount: number): string {
  const title = section.number ? `${section.number} ${section.title}` : section.title;
  const heading = `<tr class="section-row"><th scope="rowgroup" colspan="${columnCount + 1}" class="section-depth-${Math.min(section.depth, 3)}">${e(title)}</th></tr>`;
  return heading + section.rows.map(rowHtml).join("");
}
