// The landing page (issue 19, item 3): a search straight into the directory, where each side starts, how much the
// portal holds, what was published lately and the forms it holds.
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { QUERY_MAX } from "~/models/directory";
import { formSentences } from "~/models/landing";
import { landingFacts } from "~/models/landing.server";
import styles from "~/styles/landing.css";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [
  { title: "Kaiji（開示）— 医療情報システム事業者の開示書ポータル" },
  { name: "description", content: "医療情報システム・サービス事業者が安全管理に関する開示書を公開し、医療機関が比較・確認できるポータル" },
];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader() {
  return json(await landingFacts(db));
}

export default function Index() {
  const { counts, latest, templates } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>開示書を、一度の記入で、いつも最新に。</h1>
        <p>
          Kaiji は、医療情報システム・サービス事業者が HISPRO チェックシートや代行機関の「事業運営上開示すべき重要事項」などの開示書を公式の様式どおりに記入・公開し、医療機関が項目ごとに比較できるポータルです。
        </p>
        <Form method="get" action="/directory" role="search" className="landing-search">
          <label htmlFor="landing-q">事業者・サービス・開示の内容を検索</label>
          <div className="landing-search-row">
            <input id="landing-q" type="search" name="q" maxLength={QUERY_MAX} placeholder="例: 電子カルテ、ISMS、バックアップ" />
            <button type="submit">検索</button>
          </div>
        </Form>
        <ul className="landing-counts" aria-label="公開中の情報">
          <li>
            <strong>{counts.vendors.toLocaleString("ja-JP")}</strong> 事業者
          </li>
          <li>
            <strong>{counts.disclosures.toLocaleString("ja-JP")}</strong> 件の開示書
          </li>
          <li>
            <strong>{counts.templates.toLocaleString("ja-JP")}</strong> 種類の様式
          </li>
        </ul>
      </section>

      <div className="landing-entries">
        <section className="panel" aria-labelledby="for-hospitals">
          <h2 id="for-hospitals">医療機関の方</h2>
          <ul>
            <li>事業者とサービスを、認証・データの保管場所・様式の判定で絞り込んで探せます。</li>
            <li>候補に入れた事業者を、項目ごとに並べて比較し、PDF・Excel に書き出せます。</li>
            <li>事業者や開示書をウォッチし、承認した版をピン留めして、改版の内容をお知らせで受け取れます。</li>
            <li>申請制の開示書・資料は、事業者の条件に同意して閲覧を申請できます（確認済の医療機関のみ）。</li>
          </ul>
          <p className="landing-actions">
            <Link to="/directory" className="button-link">
              事業者を探す
            </Link>
            <Link to="/signup">医療機関としてアカウントを作成</Link>
          </p>
        </section>
        <section className="panel" aria-labelledby="for-vendors">
          <h2 id="for-vendors">事業者の方</h2>
          <ul>
            <li>公式の様式どおりに一度記入すれば、ウェブページ・公式レイアウトの PDF・JSON で公開できます。</li>
            <li>公開した版は日付とハッシュ付きで変わらず残り、改版理由と変更点が医療機関に伝わります。</li>
            <li>公開範囲は「公開」「医療機関のみ」「申請制」から選べ、仕様書や SLA などの資料も載せられます。</li>
            <li>Excel の回答表からの取り込みと、ご自分のサイトに貼れるバッジにも対応しています。</li>
          </ul>
          <p className="landing-actions">
            <Link to="/signup" className="button-link">
              事業者として始める
            </Link>
            <Link to="/templates">様式を見る</Link>
          </p>
        </section>
      </div>

      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">最近公開された開示書</h2>
        {latest.length ? (
          <ul className="landing-latest">
            {latest.map((v) => (
              <li key={`${v.disclosureId}-${v.number}`}>
                <span className="landing-date">{formatDate(v.publishedAt)}</span> <Link to={`/vendors/${v.organizationId}`}>{v.organizationName}</Link>
                {" ・ "}
                <Link to={`/disclosures/${v.disclosureId}/v/${v.number}`}>
                  {v.templateTitle}
                  {v.serviceName ? `（${v.serviceName}）` : ""} 第{v.number}版
                </Link>
                {v.changeReason ? <span className="landing-reason">改版理由: {v.changeReason}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>公開された開示書はまだありません。</p>
        )}
        <p>
          <Link to="/directory?sort=fresh">更新が新しい順にすべて見る</Link>
        </p>
      </section>

      <section aria-labelledby="forms-heading">
        <h2 id="forms-heading">扱う様式・チェックリスト</h2>
        <ul className="card-list landing-forms">
          {templates.map((t) => (
            <li key={t.id}>
              <Link to={`/templates/${t.id}/${t.version}`}>{t.title}</Link>
              <p>{formSentences[t.id] ?? t.title}</p>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/templates">様式・チェックリストの一覧へ</Link>
        </p>
      </section>
    </>
  );
}
