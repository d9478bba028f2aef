// Copying answers from another disclosure: choosing the source, the preview of what will change (per section,
// current value → the source's value), the apply form and what applying did. Every string is rendered as text.
import { Form, Link } from "@remix-run/react";
import type { CopyAction, CopyMode, PlanSection } from "../../disclosures/answer-copy";
import type { CopyOutcome, CopyPreview, SourceGroup } from "~/models/answer-copy.server";

export const copyActionLabels: Record<CopyAction, string> = {
  fill: "空欄に入力",
  overwrite: "上書き",
  identical: "同じ内容",
  keep: "入力済みのため変更しない",
};

const itemLink = (base: string, key: string) => `${base}/edit?item=${encodeURIComponent(key)}`;

export function SourcePicker({ base, groups, selected, mode }: { base: string; groups: SourceGroup[]; selected: string | null; mode: CopyMode }) {
  if (!groups.length) {
    return <p className="notice">コピーできる開示書がありません。この組織に同じ様式の開示書（または共通の項目がある様式の開示書。例: 代行機関の開示書の別添と最低限のガイドライン遵守チェックリスト）があると、その回答をコピーできます。</p>;
  }
  return (
    <Form method="get" action={`${base}/copy`} className="panel copy-picker" key={`${selected ?? ""}:${mode}`}>
      <div className="field">
        <label htmlFor="copy-source">コピー元</label>
        <select id="copy-source" name="source" defaultValue={selected ?? ""} required>
          <option value="" disabled>
            選んでください
          </option>
          {groups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {`${g.label}: ${o.label}`}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>入力済みの項目</legend>
        <label className="block-label">
          <input type="radio" name="mode" value="fill" defaultChecked={mode === "fill"} /> 変更しない（空欄の項目にだけ入力する）
        </label>
        <label className="block-label">
          <input type="radio" name="mode" value="overwrite" defaultChecked={mode === "overwrite"} /> コピー元の値で上書きする
        </label>
      </fieldset>
      <button type="submit">変更内容を確認する</button>
    </Form>
  );
}

function Lines({ lines }: { lines: string[] }) {
  if (!lines.length) return <span className="diff-empty">（空欄）</span>;
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

function sectionCounts(s: PlanSection): string {
  return (["fill", "overwrite", "keep", "identical"] as const)
    .filter((a) => s.counts[a])
    .map((a) => `${copyActionLabels[a]} ${s.counts[a]}`)
    .join("・");
}

function linkText(link: CopyPreview["link"]): string {
  const shared = `${link.shared}項目`;
  if (link.kind === "targetSection") return `この開示書の「${link.sectionTitle}」の${shared}が、コピー元の様式と同じ項目です（項目の文言と回答の形式が同じもの）。`;
  if (link.kind === "sourceSection") return `コピー元の「${link.sectionTitle}」の${shared}が、この開示書の様式と同じ項目です（項目の文言と回答の形式が同じもの）。`;
  return `同じ様式の${shared}が対象です。`;
}

export function CopyPreviewView({ base, preview }: { base: string; preview: CopyPreview }) {
  const { counts, mode } = preview;
  const total = counts.fill + counts.overwrite;
  const rows = preview.sections.reduce((n, s) => n + s.rows.length, 0);
  return (
    <section className="copy-preview" aria-labelledby="copy-preview-heading">
      <h2 id="copy-preview-heading">{`「${preview.source.label}」からのコピーで変わる内容`}</h2>
      <p>
        {linkText(preview.link)}
        {preview.link.mismatched ? `${preview.link.mismatched}項目は対応する番号でも文言または回答の形式が違うため、コピーしません。` : ""}
        回答・備考・根拠資料をまとめてコピーします。
      </p>
      <ul className="copy-counts" aria-label="件数">
        <li className="copy-fill">{`空欄に入力 ${counts.fill}項目`}</li>
        {mode === "overwrite" ? <li className="copy-overwrite">{`入力済みを上書き ${counts.overwrite}項目`}</li> : <li className="copy-keep">{`入力済みのため変更しない ${counts.keep}項目`}</li>}
        <li>{`同じ内容のためスキップ ${counts.identical}項目`}</li>
        <li>{`コピー元が未回答 ${preview.sourceEmpty}項目`}</li>
      </ul>
      {mode === "fill" && counts.keep ? <p className="muted">入力済みの項目もコピー元の値にするには、「入力済みの項目」で「コピー元の値で上書きする」を選んで確認し直してください。</p> : null}
      {preview.sections
        .filter((s) => s.rows.length)
        .map((s) => (
          <section key={s.key} className="copy-section" aria-labelledby={`copy-${s.key}`}>
            <h3 id={`copy-${s.key}`}>
              {s.trail.join(" › ")} <span className="copy-section-counts">{sectionCounts(s)}</span>
            </h3>
            <table className="copy-table">
              <thead>
                <tr>
                  <th scope="col">項目</th>
                  <th scope="col">現在の値</th>
                  <th scope="col">コピー元の値</th>
                  <th scope="col">扱い</th>
                </tr>
              </thead>
              <tbody>
                {s.rows.map((r) => (
                  <tr key={r.key} className={`copy-${r.action}`}>
                    <td>
                      {r.number ? (
                        <>
                          <Link to={itemLink(base, r.key)} className="item-number" aria-label={`項目 ${r.number} を編集画面で開く`}>
                            {r.number}
                          </Link>{" "}
                          <span className="preserve-lines">{r.text}</span>
                        </>
                      ) : (
                        <Link to={itemLink(base, r.key)} className="preserve-lines">
                          {r.text}
                        </Link>
                      )}
                    </td>
                    <td className={r.action === "overwrite" ? "diff-before" : undefined}>
                      <Lines lines={r.current} />
                    </td>
                    <td className={r.action === "keep" ? undefined : "diff-after"}>
                      <Lines lines={r.copied} />
                    </td>
                    <td>{copyActionLabels[r.action]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      {!rows ? <p>変わる項目はありません。</p> : counts.identical ? <p className="muted">{`同じ内容の${counts.identical}項目は表示していません。`}</p> : null}
      <div className="copy-applybar">
        {total ? (
          <Form method="post" action={`${base}/copy?source=${encodeURIComponent(preview.source.value)}&mode=${mode}`}>
            <input type="hidden" name="intent" value="apply" />
            <input type="hidden" name="source" value={preview.source.value} />
            <input type="hidden" name="mode" value={mode} />
            <input type="hidden" name="previewed" value={JSON.stringify(preview.previewed)} />
            <input type="hidden" name="digest" value={preview.digest} />
            <p>{`${[counts.fill ? `空欄の${counts.fill}項目に入力` : "", counts.overwrite ? `入力済みの${counts.overwrite}項目を上書き` : ""].filter(Boolean).join("し、")}します。`}</p>
            <button type="submit">{`${total}項目をコピーする`}</button>
          </Form>
        ) : (
          <p>コピーする項目はありません。</p>
        )}
      </div>
    </section>
  );
}

export function CopyOutcomeView({ base, outcome }: { base: string; outcome: CopyOutcome }) {
  const copied = outcome.written.fill + outcome.written.overwrite;
  return (
    <>
      <p className="form-success" role="status">
        {`${copied}項目をコピーしました（空欄に入力 ${outcome.written.fill}・上書き ${outcome.written.overwrite}）。`} <Link to={`${base}/edit`}>編集画面で確認する</Link>
      </p>
      {outcome.changedSince.length ? (
        <section className="notice copy-conflicts" aria-labelledby="copy-conflicts-heading">
          <h2 id="copy-conflicts-heading">{`確認の後に変更された${outcome.changedSince.length}項目はコピーしませんでした`}</h2>
          <p>確認の画面を表示した後に、他の人（または別のタブ）が次の項目を変更しました。その変更を残しています。</p>
          <ul>
            {outcome.changedSince.map((c) => (
              <li key={c.key}>
                <Link to={itemLink(base, c.key)}>{c.number ? `項目 ${c.number}` : c.text}</Link>
                {c.number ? ` ${c.text}` : ""}
                {c.updatedBy ? `（${c.updatedBy}さんが${c.updatedAt}に変更）` : ""}
              </li>
            ))}
          </ul>
          <p>これらの項目も上書きする場合は、下の最新の内容を確かめてからもう一度コピーしてください。</p>
        </section>
      ) : null}
    </>
  );
}
