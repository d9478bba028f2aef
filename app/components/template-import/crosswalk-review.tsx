// The crosswalk from the previous edition of the template being imported: the proposed pairs (take one apart),
// pairs taken apart (put one back), the items nothing continues and the new ones (pair two of them). Every
// change is a plain form with the import's revision, as the rest of the screen.
import { Form } from "@remix-run/react";
import type { CrosswalkItemView, CrosswalkView } from "~/models/template-import-crosswalk.server";

const BASIS: Record<string, string> = { number: "番号と文言", text: "文言", confirmed: "管理者" };
const item = (i: CrosswalkItemView) => `${i.number ? `${i.number} ` : ""}${i.text}`;
const percent = (n: number) => `${Math.round(n * 100)}%`;

function Decision({ revision, intent, pair, label, title }: { revision: number; intent: string; pair: { from: string; to: string }; label: string; title: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="revision" value={revision} />
      <input type="hidden" name="from" value={pair.from} />
      <input type="hidden" name="to" value={pair.to} />
      <button type="submit" className="button-secondary" title={title}>
        {label}
      </button>
    </Form>
  );
}

export function CrosswalkReview({ crosswalk: c, revision }: { crosswalk: CrosswalkView; revision: number }) {
  return (
    <section className="panel" aria-labelledby="crosswalk-heading" id="crosswalk">
      <h2 id="crosswalk-heading">{`前の版（${c.fromVersion}）との対応表`}</h2>
      <p>
        {`この取込は登録済みの様式の新しい版です。版 ${c.fromVersion} の各項目が版 ${c.toVersion} のどの項目に引き継がれるかを、番号と文言の近さから提案しています。`}
        誤った対応は外し、対応のない旧版の項目と新版の項目を組み合わせてください（1つの項目の分割は、対応を外してから組み直します）。
        公開すると、この対応表が新しい版とともに保存され、開示書の新しい版への移行と版をまたぐ比較に使われます。
      </p>
      {c.staleFrom ? <p className="muted">{`前の版 ${c.staleFrom} に対して行った変更は、前の版が ${c.fromVersion} になったため使われていません。`}</p> : null}
      <dl className="facts">
        <div>
          <dt>対応</dt>
          <dd>{`${c.pairCount.toLocaleString("ja-JP")}組（提案どおり ${c.counts.confirmed}・管理者が追加 ${c.counts.added}）`}</dd>
        </div>
        <div>
          <dt>外した提案</dt>
          <dd>{`${c.counts.rejected}組`}</dd>
        </div>
        <div>
          <dt>新しい版にない項目</dt>
          <dd>{c.removed.length.toLocaleString("ja-JP")}</dd>
        </div>
        <div>
          <dt>新しい項目</dt>
          <dd>{c.added.length.toLocaleString("ja-JP")}</dd>
        </div>
      </dl>
      {c.problems.length ? (
        <div className="form-error" role="alert">
          <p>{`対応表の問題 ${c.problems.length}件（直すまで公開できません）`}</p>
          <ul>
            {c.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <table className="data-table crosswalk-table">
        <caption className="visually-hidden">前の版と新しい版の項目の対応</caption>
        <thead>
          <tr>
            <th scope="col">{`旧版（${c.fromVersion}）の項目`}</th>
            <th scope="col">{`新版（${c.toVersion}）の項目`}</th>
            <th scope="col">根拠</th>
            <th scope="col">文言の近さ</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {c.pairs.map((p) => (
            <tr key={`${p.from.key}→${p.to.key}`}>
              <td>{item(p.from)}</td>
              <td>
                {item(p.to)}
                {p.textChanged ? <small className="muted block-label">文言が変わりました</small> : null}
              </td>
              <td>{BASIS[p.by]}</td>
              <td className="num">{percent(p.similarity)}</td>
              <td>
                {p.by === "confirmed" ? (
                  <Decision revision={revision} intent="crosswalk-reject" pair={{ from: p.from.key, to: p.to.key }} label="取り消す" title={`対応「${item(p.from)} → ${item(p.to)}」を取り消す`} />
                ) : (
                  <Decision revision={revision} intent="crosswalk-reject" pair={{ from: p.from.key, to: p.to.key }} label="外す" title={`対応「${item(p.from)} → ${item(p.to)}」を外す`} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.pairCount > c.pairs.length ? <p className="muted">{`ほか ${(c.pairCount - c.pairs.length).toLocaleString("ja-JP")} 組。`}</p> : null}

      {c.rejected.length ? (
        <>
          <h3>外した提案</h3>
          <ul>
            {c.rejected.map((p) => (
              <li key={`${p.from.key}→${p.to.key}`}>
                {`${item(p.from)} → ${item(p.to)} `}
                <Decision revision={revision} intent="crosswalk-restore" pair={{ from: p.from.key, to: p.to.key }} label="元に戻す" title={`対応「${item(p.from)} → ${item(p.to)}」を元に戻す`} />
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h3>対応のない項目</h3>
      <div className="import-workspace">
        <div>
          <h4>{`新しい版にない旧版の項目（回答は引き継がれません）: ${c.removed.length}`}</h4>
          {c.removed.length ? (
            <ul>
              {c.removed.map((i) => (
                <li key={i.key}>{item(i)}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">ありません。</p>
          )}
        </div>
        <div>
          <h4>{`新しい項目（未回答で始まります）: ${c.added.length}`}</h4>
          {c.added.length ? (
            <ul>
              {c.added.map((i) => (
                <li key={i.key}>{item(i)}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">ありません。</p>
          )}
        </div>
      </div>
      {c.removed.length && c.added.length ? (
        <Form method="post" className="narrow">
          <input type="hidden" name="intent" value="crosswalk-pair" />
          <input type="hidden" name="revision" value={revision} />
          <div className="field">
            <label htmlFor="crosswalk-from">旧版の項目</label>
            <select id="crosswalk-from" name="from" required defaultValue="">
              <option value="" disabled>
                選んでください
              </option>
              {c.removed.map((i) => (
                <option key={i.key} value={i.key}>
                  {item(i)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="crosswalk-to">引き継ぐ新版の項目</label>
            <select id="crosswalk-to" name="to" required defaultValue="">
              <option value="" disabled>
                選んでください
              </option>
              {c.added.map((i) => (
                <option key={i.key} value={i.key}>
                  {item(i)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">対応づける</button>
        </Form>
      ) : null}
    </section>
  );
}
