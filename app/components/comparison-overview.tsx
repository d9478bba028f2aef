// The comparison's overview (issue 19, item 1), the same on the page and in the PDF: a 章 × vendor table of the share
// of applicable items met (a heat map whose cells print their percentage and counts, so colour is never the only
// mark), a bar of each vendor's outcomes on a common scale with the denominator in words, and the ranking rule.
// A table rather than an SVG grid: 章 titles wrap, and screen readers read it as the table it is.
import { percentText, shareStep, type ComparisonOverview as Overview } from "../../disclosures/compare-overview";
import { OutcomeBar, outcomeParts, partsText } from "./outcome-bar";

type Vendor = { name: string; rank: number | null };

export const RANK_RULE = "順位は、評価基準の必達項目で不足している数が少ない順、同じ数なら評価点が高い順です。";

/**
 * `overview`: counted from the comparison's rows (`comparisonOverview`, in the loader or the PDF's renderer).
 * `positions`: which vendors (display positions) to show — the PDF prints at most six per table, as its matrix does;
 * the page shows them all. `chapterHref` links each cell to the matrix filtered to its 章 (none in the PDF).
 */
export function ComparisonOverview({ overview, rowCount, vendors, chapterHref, positions = vendors.map((_, i) => i), heading = "概要" }: { overview: Overview; rowCount: number; vendors: Vendor[]; chapterHref?: (key: string) => string; positions?: number[]; heading?: string }) {
  if (!overview.chapters.length) return null;
  const ranked = vendors.some((v) => v.rank !== null);
  return (
    <section className="compare-overview" aria-labelledby="overview-heading" data-block="overview">
      <h2 id="overview-heading">{heading}</h2>
      <p className="muted">
        {`各マスは、その章で表示中の項目のうち、対応状況を答える項目（対象外と自由記述を除く）で「対応済」の割合と件数です。${chapterHref ? "行を選ぶと、その章だけを表示します。" : ""}`}
      </p>
      {/* On a phone the map scrolls sideways in its own box, not the page; focusable so the keyboard can scroll it too. */}
      <div className="heatmap-scroll" role="region" aria-label="章ごとの対応済の割合" tabIndex={0}>
      <table className="heatmap">
        <thead>
          <tr>
            <th scope="col">章</th>
            {positions.map((i) => (
              <th scope="col" key={i}>
                {vendors[i].rank !== null ? <span className="rank">{`${vendors[i].rank}位 `}</span> : null}
                {vendors[i].name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {overview.chapters.map((chapter) => (
            <tr key={chapter.key}>
              {/* One link a 章, stretched over its row (every cell of a row leads to the same place): a screen reader
                  hears one link a 章 rather than one per vendor, and the page does not repeat a 20-vendor URL per cell. */}
              <th scope="row">{chapterHref ? <a className="heat-row-link" href={chapterHref(chapter.key)}>{chapterTitle(chapter)}</a> : chapterTitle(chapter)}</th>
              {positions.map((i) => {
                const cell = chapter.cells[i];
                const counts = cell.applicable ? `${cell.met}/${cell.applicable}` : "該当なし";
                // The visible numbers first, then what they mean.
                return (
                  <td key={i} className={`heat heat-${shareStep(cell.share)}`} data-met={cell.met} data-applicable={cell.applicable}>
                    <strong>{percentText(cell.share)}</strong> <span className="heat-counts">{counts}</span>
                    <span className="visually-hidden">{`（${chapter.title}・${vendors[i]?.name}: 対応済 ${cell.met}件／該当 ${cell.applicable}件）`}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <h3>回答の内訳</h3>
      <p className="muted">{`各社とも、表示中の${rowCount}項目すべての回答を同じ長さの棒で表します（自由記述の項目は「その他」）。`}</p>
      <ul className="overview-bars">
        {positions.map((i) => {
          const parts = outcomeParts(overview.vendors[i].counts);
          return (
            <li key={i}>
              <span className="overview-name">{vendors[i]?.name}</span>
              <OutcomeBar label={vendors[i]?.name ?? ""} parts={parts} width={260} height={14} />
              <span className="overview-counts">{partsText(parts)}</span>
            </li>
          );
        })}
      </ul>
      {ranked ? <p>{RANK_RULE}</p> : null}
    </section>
  );
}

function chapterTitle(chapter: Overview["chapters"][number]): string {
  return chapter.number ? `${chapter.number} ${chapter.title}` : chapter.title;
}
