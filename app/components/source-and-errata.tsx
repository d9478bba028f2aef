// 「出典と訂正」 on a template's page: the document, edition and seed file a version was generated from, and every
// correction of the source text that reached it (disclosures/errata.ts), each linked to the item it changed, so a
// reader holding the official form can see where and why our words differ from the text we were given.
import { Link } from "@remix-run/react";
import type { Template, TemplateErratum } from "../../disclosures/template-schema";

export type ErratumRow = TemplateErratum & {
  /** The item's number and the start of its text, for the link; absent when the correction is not in an item. */
  itemLabel?: string;
};

/** Shows a correction's text as written, spaces and tabs included; an empty replacement is a deletion. */
function Text({ value }: { value: string }) {
  return value ? <span className="errata-text">{value}</span> : <span className="muted">（削除）</span>;
}

export function SourceAndErrata({ source, errata, itemHref }: { source: Template["source"]; errata: ErratumRow[] | undefined; itemHref: (key: string) => string }) {
  return (
    <section className="source-errata" aria-labelledby="source-errata-title">
      <h2 id="source-errata-title">出典と訂正</h2>
      <dl className="facts">
        <div>
          <dt>出典の文書</dt>
          <dd>{source.document}</dd>
        </div>
        <div>
          <dt>版</dt>
          <dd>{source.edition}</dd>
        </div>
        {source.publisher ? (
          <div>
            <dt>発行</dt>
            <dd>{source.publisher}</dd>
          </div>
        ) : null}
        {source.seed ? (
          <div>
            <dt>元にした資料（文字起こし）</dt>
            <dd>
              <code>{source.seed}</code>
            </dd>
          </div>
        ) : null}
      </dl>
      {!source.seed && !errata ? null : errata === undefined ? (
        <p className="muted">この版は訂正の記録を始める前に作られたため、訂正の一覧はありません。</p>
      ) : errata.length === 0 ? (
        <p>元にした資料の文言を訂正せずに使っています。</p>
      ) : (
        <>
          <p>
            元にした資料は公式の文書から文字を起こしたもので、読み違い（OCR）や誤字があります。次の {errata.length} か所を訂正して様式にしています。「行」は資料の行番号です。
          </p>
          <div className="errata-scroll">
            <table className="data-table errata-table">
              <thead>
                <tr>
                  <th scope="col">行</th>
                  <th scope="col">原文の表記</th>
                  <th scope="col">訂正後</th>
                  <th scope="col">理由</th>
                  <th scope="col">項目</th>
                </tr>
              </thead>
              <tbody>
                {errata.map((e, i) => (
                  <tr key={i}>
                    <td data-label="行" className="num">
                      {e.line}
                    </td>
                    <td data-label="原文の表記">
                      <Text value={e.found} />
                    </td>
                    <td data-label="訂正後">
                      <Text value={e.used} />
                    </td>
                    <td data-label="理由">{e.why}</td>
                    <td data-label="項目">{e.item ? <Link to={itemHref(e.item)}>{e.itemLabel ?? e.item}</Link> : <span className="muted">（項目以外の文）</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
