import type { DerivedResult } from "../../disclosures/derived";

/** Computed results (「ガイドラインの遵守」, 視点別集計): shown, never editable. */
export function DerivedResults({ results }: { results: DerivedResult[] }) {
  if (!results.length) return null;
  return (
    <section className="derived-rules" aria-label="自動判定">
      <h2>自動判定</h2>
      <ul>
        {results.map((r) => (
          <li key={r.key}>
            <strong>{r.title}</strong>:{" "}
            {r.rule === "allMet" ? (
              <span className={`derived-${r.state}`}>
                {r.label}
                {r.state !== "pass" ? `（未実施 ${r.notMet.length}・未回答 ${r.unanswered.length}）` : ""}
              </span>
            ) : (
              r.groups.map((g) => `${g.label} ${g.met}/${g.total}`).join("　")
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
