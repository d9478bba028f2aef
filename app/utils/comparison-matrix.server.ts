// The comparison's matrix body as HTML, built once in the loader (issue 18). 10 vendors × 504 items are 5,000 cells:
// as React elements they were most of the page's time (elements, their JSON round trip through the loader, the
// render); as strings they are one pass. Every text goes through `escapeHtml` (app/pdf/escape.ts, the one escaping
// function for hand-built HTML), the markup is what the React rows rendered, and the page is not hydrated, so the
// string is the page. The exports (CSV, xlsx) and the PDF take the same cells from `compareDisclosures` and
// `cellText`, so every cell reads the same everywhere.
import { cellStateMarks, cellText, type Cell, type CompareRow, type CompareSection } from "../../disclosures/compare";
import type { EvidenceView } from "../../disclosures/disclosure-view";
import { levelLabels } from "../components/level-badge";
import { escapeHtml as e } from "../pdf/escape";

function evidenceHtml(evidence: EvidenceView[]): string {
  const items = evidence.map((ev) => {
    const name = ev.name ? `<span class="evidence-name">${e(ev.name)}</span>` : "";
    // A link only for an href the server checked to be http(s) (disclosure-view.ts evidenceView).
    const url = !ev.url
      ? ""
      : ev.href
        ? `<a class="evidence-url" href="${e(ev.href)}" target="_blank" rel="noopener noreferrer nofollow">${e(ev.url)}</a>`
        : `<span class="evidence-url evidence-url-unlinked" title="http・https 以外のためリンクにしていません">${e(ev.url)}</span>`;
    return `<li>${name}${url}</li>`;
  });
  return `<ul class="evidence-list">${items.join("")}</ul>`;
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
  const more =
    cell.note || cell.evidence.length
      ? `<details class="cell-more"><summary>備考・根拠資料</summary>${cell.note ? `<p class="preserve-lines">${e(cell.note)}</p>` : ""}${evidenceHtml(cell.evidence)}</details>`
      : "";
  return `<td class="cell-${cell.state}">${e(`${cellStateMarks[cell.state]} ${cellText(cell)}`)}${flags}${more}</td>`;
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
