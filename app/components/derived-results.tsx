import type { DerivedResult } from "../../disclosures/derived";
import { derivedView, type DerivedView } from "../../disclosures/disclosure-view";

/**
 * One derived result as a reader must see it: the official verdict first, with the note of the form it follows
 * (「注8による判定」 and the note's words); then, separately and marked as not the form's verdict, what it would be
 * leaving out the answers the form does not have (「対象事項無の n 項目を除くと、…」).
 */
export function DerivedVerdict({ view, counts }: { view: DerivedView; counts?: string | null }) {
  if (!view.state) {
    // A tally as the sheet's 「チェックの結果」 prints it: 分類, 割合 and 項目数, rows without items included.
    const grouped = view.groups.some((g) => g.label !== "合計");
    return (
      <>
        {`${view.title}:`}
        <table className="tally-table">
          <thead>
            <tr>
              {grouped ? <th scope="col">分類</th> : null}
              <th scope="col">割合</th>
              <th scope="col">項目数</th>
            </tr>
          </thead>
          <tbody>
            {view.groups.map((g) => (
              <tr key={g.label}>
                {grouped ? <th scope="row">{g.label}</th> : null}
                <td>{g.share}</td>
                <td>{`${g.met}/${g.total}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }
  return (
    <>
      {`${view.title}: `}
      <span className={`derived-${view.state}`} data-derived-state={view.state}>
        {view.text}
      </span>
      {counts ? counts : null}
      {view.basis ? <span className="derived-basis-label">{`（${view.basis.label}）`}</span> : null}
      {view.basis ? (
        <div className="derived-basis muted" data-basis={view.basis.note}>
          {`${view.basis.note}）${view.basis.text}（${view.basis.form}）`}
        </div>
      ) : null}
      {view.secondary ? (
        <div className="derived-secondary muted" data-secondary="">
          {`参考（様式の判定ではありません）: ${view.secondary}`}
        </div>
      ) : null}
    </>
  );
}

/** Computed results (「ガイドラインの遵守」, 視点別集計): shown, never editable. */
export function DerivedResults({ results }: { results: DerivedResult[] }) {
  if (!results.length) return null;
  return (
    <section className="derived-rules" aria-label="自動判定">
      <h2>自動判定</h2>
      <ul>
        {results.map((r) => (
          <li key={r.key}>
            <DerivedVerdict
              view={derivedView(r)}
              counts={r.rule === "allMet" && r.state !== "pass" ? `（未実施 ${r.notMet.length}・未回答 ${r.unanswered.length}）` : null}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
