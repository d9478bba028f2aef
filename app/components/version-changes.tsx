// What changes between two states of a disclosure: item by item (the diff page, the publish
// confirmation) and the derived results before → after. Every string is rendered as text.
import type { DiffItemView } from "../../disclosures/disclosure-view";
import type { DerivedChange } from "../../disclosures/publish-summary";

function Lines({ lines }: { lines: string[] }) {
  if (!lines.length) return <span className="diff-empty">（なし）</span>;
  return (
    <ul className="diff-lines">
      {lines.map((line, i) => (
        <li key={i} className="preserve-lines">
          {line}
        </li>
      ))}
    </ul>
  );
}

export function DiffItems({ items, beforeLabel, afterLabel }: { items: DiffItemView[]; beforeLabel: string; afterLabel: string }) {
  return (
    <>
      {items.map((item) => (
        <article key={item.key} className="diff-item" id={`diff-${item.key}`}>
          <header className="item-header">
            {item.number ? <span className="item-number">{item.number}</span> : null}
            <span className={`badge badge-${item.change}`}>{item.changeLabel}</span>
            {item.sectionTitle ? <span className="diff-section">{item.sectionTitle}</span> : null}
            {!item.known ? <span className="diff-section">（様式にない項目）</span> : null}
          </header>
          <p className="item-text preserve-lines">{item.text}</p>
          <table className="diff-table">
            <thead>
              <tr>
                <td />
                <th scope="col">{beforeLabel}</th>
                <th scope="col">{afterLabel}</th>
              </tr>
            </thead>
            <tbody>
              {item.fields.map((f) => (
                <tr key={f.field}>
                  <th scope="row">{f.label}</th>
                  <td className="diff-before">
                    <Lines lines={f.before} />
                  </td>
                  <td className="diff-after">
                    <Lines lines={f.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </>
  );
}

/** Derived results 「前 → 後」; `onlyChanged` leaves out those that stay the same (and says so when none change). */
export function DerivedChanges({ changes, heading, onlyChanged = false }: { changes: DerivedChange[]; heading: string; onlyChanged?: boolean }) {
  if (!changes.length) return null;
  const shown = onlyChanged ? changes.filter((c) => c.changed) : changes;
  return (
    <section className="derived-results" aria-label={heading}>
      <h2>{heading}</h2>
      {shown.length ? (
        <ul>
          {shown.map((c) => (
            <li key={c.key}>
              <strong>{c.title}</strong>: <span>{c.before ?? "（前の版なし）"}</span> → <span className={c.changed ? "derived-value" : undefined}>{c.after}</span>
              {c.changed ? "" : "（変化なし）"}
            </li>
          ))}
        </ul>
      ) : (
        <p>自動判定の結果に変化はありません。</p>
      )}
    </section>
  );
}
