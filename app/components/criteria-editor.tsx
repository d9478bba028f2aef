// The criteria profile editor's pieces: the filter bar (GET, so a view is a URL), the per-chapter
// table with 「この章に設定」 forms, and the rows of the items form. Plain forms: the page ships no script.
import { Form, Link } from "@remix-run/react";
import { criteriaModeLabels, WEIGHT_MAX, type CriteriaFilters } from "../../disclosures/criteria";
import { LevelBadge } from "~/components/level-badge";
import type { CriteriaChapterSummary, CriteriaEditorRow, CriteriaMode } from "~/models/criteria.server";

const modes: CriteriaMode[] = ["standard", "must", "ignore"];
export const chapterLabel = (c: { number: string | null; title: string }) => (c.number ? `${c.number} ${c.title}` : c.title);

export function CriteriaFilterBar({ filters, chapters, base, shown, total, filtered }: { filters: CriteriaFilters; chapters: CriteriaChapterSummary[]; base: string; shown: number; total: number; filtered: boolean }) {
  return (
    <Form method="get" className="filter-bar" role="search" aria-label="項目の絞り込み">
      <label>
        番号・本文で検索
        <input type="search" name="q" defaultValue={filters.q} maxLength={100} placeholder="例: 1-1-2 暗号化" />
      </label>
      <label>
        レベル
        <select name="level" defaultValue={filters.level}>
          <option value="all">すべて</option>
          <option value="required">必須のみ</option>
          <option value="recommended">推奨のみ</option>
        </select>
      </label>
      <label>
        章
        <select name="chapter" defaultValue={filters.chapter ?? ""}>
          <option value="">すべての章</option>
          {chapters.map((c) => (
            <option key={c.key} value={c.key}>
              {chapterLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-check">
        <span>
          <input type="checkbox" name="changed" value="1" defaultChecked={filters.changed} /> 既定から変えた項目のみ
        </span>
      </label>
      <button type="submit">絞り込む</button>
      {filtered ? <Link to={base}>条件をクリア</Link> : null}
      <p className="result-count" role="status">
        {filtered ? `${total}項目中 ${shown}項目を表示` : `全${total}項目`}
      </p>
    </Form>
  );
}

/** Totals per chapter over all its items (not only those shown), and for editors a form that sets the whole chapter. */
export function CriteriaChapters({ chapters, canEdit, linkTo }: { chapters: CriteriaChapterSummary[]; canEdit: boolean; linkTo: (chapter: string) => string }) {
  return (
    <section aria-labelledby="criteria-chapters">
      <h2 id="criteria-chapters">章ごとの集計{canEdit ? "と一括設定" : ""}</h2>
      <table className="data-table criteria-chapters">
        <thead>
          <tr>
            <th scope="col">章</th>
            <th scope="col" className="num">
              項目
            </th>
            <th scope="col" className="num">
              必須
            </th>
            <th scope="col" className="num">
              必達
            </th>
            <th scope="col" className="num">
              対象外
            </th>
            <th scope="col" className="num">
              既定から変更
            </th>
            {canEdit ? <th scope="col">この章のすべての項目に設定</th> : null}
          </tr>
        </thead>
        <tbody>
          {chapters.map((c) => {
            const label = chapterLabel(c);
            return (
              <tr key={c.key} id={`chapter-${c.key}`}>
                <th scope="row">
                  <Link to={linkTo(c.key)}>{label}</Link>
                </th>
                <td className="num">{c.items}件</td>
                <td className="num">{c.required}件</td>
                <td className="num" data-count="must">
                  {c.must}件
                </td>
                <td className="num" data-count="ignored">
                  {c.ignored}件
                </td>
                <td className="num" data-count="changed">
                  {c.changed}件
                </td>
                {canEdit ? (
                  <td>
                    <Form method="post" className="chapter-set">
                      <input type="hidden" name="intent" value="setChapter" />
                      <input type="hidden" name="chapter" value={c.key} />
                      <select name="mode" defaultValue="" aria-label={`${label} の全項目に設定する扱い`}>
                        <option value="">扱いは変えない</option>
                        {modes.map((m) => (
                          <option key={m} value={m}>
                            {criteriaModeLabels[m]}
                          </option>
                        ))}
                      </select>
                      <input type="number" name="weight" className="input-number" min={0} max={WEIGHT_MAX} step={1} placeholder="重み" aria-label={`${label} の全項目に設定する重み（空欄なら変えない）`} />
                      <button type="submit" className="button-secondary">
                        この章に設定
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/**
 * One item's row. Inputs are named by the item's number and text (aria-labelledby the row's cells),
 * so a screen reader says which of 504 items a select belongs to without repeating the text.
 */
export function CriteriaRow({ row, canEdit, error, values }: { row: CriteriaEditorRow; canEdit: boolean; error?: string; values?: Record<string, string> }) {
  const names = { mode: `mode:${row.key}`, weight: `weight:${row.key}` };
  const invalid = !!error;
  const labelled = (what: string) => `n-${row.key} t-${row.key} ${what}`;
  return (
    <tr id={`item-${row.key}`} className={row.changed ? "criteria-changed" : undefined}>
      <td id={`n-${row.key}`}>{row.number ?? ""}</td>
      <td>
        <span id={`t-${row.key}`}>{row.text}</span>
        {row.changed ? <span className="criteria-changed-mark"> 変更あり</span> : null}
        {invalid ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </td>
      <td>
        <LevelBadge level={row.level} />
      </td>
      <td>
        {canEdit ? (
          <select name={names.mode} defaultValue={values?.[names.mode] ?? row.mode} aria-labelledby={labelled("criteria-label-mode")} aria-invalid={invalid ? true : undefined}>
            {modes.map((m) => (
              <option key={m} value={m}>
                {criteriaModeLabels[m]}
              </option>
            ))}
          </select>
        ) : (
          criteriaModeLabels[row.mode]
        )}
      </td>
      <td>
        {!row.weighted ? (
          "—"
        ) : canEdit ? (
          <input
            type="number"
            name={names.weight}
            className="input-number"
            min={0}
            max={WEIGHT_MAX}
            step={1}
            required
            defaultValue={values?.[names.weight] ?? String(row.weight)}
            aria-labelledby={labelled("criteria-label-weight")}
            aria-invalid={invalid ? true : undefined}
          />
        ) : (
          row.weight
        )}
      </td>
    </tr>
  );
}

/** The words that end each input's name ("… の扱い", "… の重み"), referenced by aria-labelledby. */
export function CriteriaLabelWords() {
  return (
    <>
      <span id="criteria-label-mode" hidden>
        の扱い
      </span>
      <span id="criteria-label-weight" hidden>
        の重み
      </span>
    </>
  );
}
