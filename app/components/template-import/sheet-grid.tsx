// The uploaded workbook as the administrator knows it from Excel: its sheets, and ~20 rows of one sheet with
// column letters and row numbers; hidden rows and columns, heading rows, mapped columns and rows with a problem
// are marked in words as well as in colour. Every text is a React text node.
import { Form, Link } from "@remix-run/react";
import type { SheetSummary, SheetView } from "~/models/template-import-view.server";

const sheetState = { visible: "", hidden: "（非表示のシート）", veryHidden: "（非表示のシート）" } as const;

export function SheetGrid({ importId, sheets, view }: { importId: string; sheets: SheetSummary[]; view: SheetView | null }) {
  const base = `/admin/templates/imports/${importId}`;
  const at = (sheet: string, from: number) => `${base}?sheet=${encodeURIComponent(sheet)}&from=${from}`;
  return (
    <section className="panel" aria-labelledby="sheet-heading">
      <h2 id="sheet-heading">ブックの中身</h2>
      <nav aria-label="シート" className="sheet-tabs">
        <ul>
          {sheets.map((s) => (
            <li key={s.name}>
              <Link to={at(s.name, 1)} aria-current={view?.name === s.name ? "page" : undefined}>
                {s.name}
              </Link>{" "}
              <small className="muted">{`${s.rowCount.toLocaleString("ja-JP")}行 × ${s.columnCount}列${sheetState[s.state]}`}</small>
            </li>
          ))}
        </ul>
      </nav>
      {view ? (
        <>
          <div className="grid-nav">
            <p className="muted">{view.rowCount ? `シート「${view.name}」の ${view.from}〜${view.to} 行目（全 ${view.rowCount.toLocaleString("ja-JP")} 行）` : `シート「${view.name}」は空です`}</p>
            {view.from > 1 ? <Link to={at(view.name, Math.max(1, view.from - 20))}>前の20行</Link> : null}
            {view.to < view.rowCount ? <Link to={at(view.name, view.to + 1)}>次の20行</Link> : null}
            <Form method="get" className="inline-form">
              <input type="hidden" name="sheet" value={view.name} />
              <label htmlFor="grid-from">表示する行</label>
              <input id="grid-from" name="from" type="number" min={1} max={Math.max(1, view.rowCount)} defaultValue={view.from} className="input-number" />
              <button type="submit" className="button-secondary">表示</button>
            </Form>
          </div>
          <div className="sheet-scroll" role="region" aria-label={`シート「${view.name}」の表示`} tabIndex={0}>
            <table className="sheet-grid">
              <caption className="visually-hidden">{`シート「${view.name}」の ${view.from}〜${view.to} 行目。列は英字、行は番号。`}</caption>
              <thead>
                <tr>
                  <td className="corner" />
                  {view.columns.map((c) => (
                    <th key={c.letter} scope="col" className={c.hidden ? "hidden-col" : undefined}>
                      {c.letter}
                      {c.hidden ? <span className="mark">非表示</span> : null}
                      {c.roles.map((r) => (
                        <span key={r} className="role">
                          {r}
                        </span>
                      ))}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.rows.map((row) => (
                  <tr key={row.number} className={[row.header ? "header-row" : "", row.hidden ? "hidden-row" : "", row.problem ? "problem-row" : ""].filter(Boolean).join(" ") || undefined}>
                    <th scope="row">
                      {row.number}
                      {row.header ? <span className="mark">見出し行</span> : null}
                      {row.hidden ? <span className="mark">非表示</span> : null}
                      {row.problem ? <span className="mark problem">問題あり</span> : null}
                    </th>
                    {row.cells.map((cell) => (
                      <td
                        key={cell.column}
                        colSpan={cell.colSpan}
                        rowSpan={cell.rowSpan}
                        className={[cell.colSpan || cell.rowSpan ? "merged" : "", view.columns[cell.column - 1]?.hidden ? "hidden-col-cell" : ""].filter(Boolean).join(" ") || undefined}
                        title={cell.full}
                      >
                        {cell.text}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {view.columnsCut ? <p className="muted">{`最初の ${view.columns.length} 列だけを表示しています（全 ${view.columnCount} 列）。`}</p> : null}
        </>
      ) : (
        <p className="muted">このブックにはシートがありません。</p>
      )}
    </section>
  );
}
