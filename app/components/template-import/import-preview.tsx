// What the current mapping makes of the workbook: counts, the section tree with item counts, the first items,
// every problem (sheet, row, column, what is wrong) and, apart, the rows left out on purpose.
import type { PreviewView, ProblemView, TreeNode } from "~/models/template-import-view.server";

function Tree({ nodes }: { nodes: TreeNode[] }) {
  return (
    <ul className="section-tree">
      {nodes.map((n) => (
        <li key={n.key}>
          {n.label} <small className="muted">{`${n.total}項目`}</small>
          {n.children.length ? <Tree nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

function ProblemTable({ problems, caption }: { problems: ProblemView[]; caption: string }) {
  return (
    <table className="data-table problem-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">シート</th>
          <th scope="col">行</th>
          <th scope="col">列</th>
          <th scope="col">内容</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={i}>
            <td>{p.sheet}</td>
            <td className="num">{p.rows}</td>
            <td>{p.column}</td>
            <td>{p.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ImportPreviewPanel({ preview }: { preview: PreviewView }) {
  return (
    <section className="panel preview-panel" aria-labelledby="preview-heading">
      <h2 id="preview-heading">プレビュー</h2>
      <dl className="facts preview-counts" aria-live="polite">
        <div>
          <dt>読んだ行</dt>
          <dd>{preview.rowsRead.toLocaleString("ja-JP")}</dd>
        </div>
        <div>
          <dt>項目</dt>
          <dd>{preview.itemCount.toLocaleString("ja-JP")}</dd>
        </div>
        <div>
          <dt>見出し（章）</dt>
          <dd>{preview.sectionCount.toLocaleString("ja-JP")}</dd>
        </div>
        <div>
          <dt>問題</dt>
          <dd className={preview.errorCount ? "derived-fail" : "derived-pass"}>{preview.errorCount ? `${preview.errorCount.toLocaleString("ja-JP")}件` : "なし"}</dd>
        </div>
      </dl>
      {preview.ok ? (
        <p className="form-success">
          {`このまま公開できます: 「${preview.title}」`}
          <br />
          <small>{`内容のハッシュ ${preview.contentHash}`}</small>
        </p>
      ) : null}

      {preview.errorCount ? (
        <>
          <h3>読み取れなかった行と問題</h3>
          <ProblemTable problems={preview.errors} caption="問題の一覧" />
          {preview.errorCount > preview.errors.length ? <p className="muted">{`ほか ${(preview.errorCount - preview.errors.length).toLocaleString("ja-JP")} 件。上の問題を直してから、もう一度確かめてください。`}</p> : null}
        </>
      ) : null}

      {preview.ok ? (
        <>
          {preview.headerFields.length ? (
            <>
              <h3>事業者が一度だけ記入する欄</h3>
              <p>{preview.headerFields.join("、")}</p>
            </>
          ) : null}
          {preview.derived.length ? (
            <>
              <h3>判定</h3>
              <ul>
                {preview.derived.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>章立て</h3>
          <Tree nodes={preview.tree} />
          <h3>{`最初の ${preview.items.length} 項目`}</h3>
          <table className="data-table preview-items">
            <thead>
              <tr>
                <th scope="col">番号</th>
                <th scope="col">項目</th>
                <th scope="col">区分</th>
                <th scope="col">回答</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map((item) => (
                <tr key={item.key}>
                  <td>{item.number}</td>
                  <td>{item.text}</td>
                  <td>{item.level}</td>
                  <td>{item.answer}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : preview.errorCount ? null : (
        <p className="muted">対応付けを指定すると、ここに様式の章立てと項目が表示されます。</p>
      )}

      {preview.skipped.length ? (
        <details className="skipped-rows">
          <summary>{`読み飛ばした行（${preview.skipped.length}件、参考）`}</summary>
          <p className="field-hint">空行、見出し行の繰り返し、表の下の注記、非表示の行などです。項目として読むべき行が含まれていないか確かめてください。</p>
          <ProblemTable problems={preview.skipped} caption="読み飛ばした行の一覧" />
        </details>
      ) : null}
    </section>
  );
}
