import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listTemplates } from "~/models/template.server";
import { db } from "~/utils/db.server";

export const meta: MetaFunction = () => [
  { title: "Kaiji（開示）— 医療情報システム事業者の開示書ポータル" },
  { name: "description", content: "医療情報システム・サービス事業者が安全管理に関する開示書を公開し、医療機関が比較・確認できるポータル" },
];

export async function loader() {
  return json({ templates: await listTemplates(db) });
}

export default function Index() {
  const { templates } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>開示書を、一度の記入で、いつも最新に。</h1>
        <p>
          Kaiji は、医療情報システム・サービス事業者が HISPRO チェックシートや代行機関の「事業運営上開示すべき重要事項」などの開示書を公式の様式どおりに記入・公開し、医療機関が項目ごとに比較できるポータルです。
        </p>
      </section>
      <section>
        <h2>扱う様式・チェックリスト</h2>
        <ul className="card-list">
          {templates.map((t) => (
            <li key={t.id}>
              <Link to={`/templates/${t.id}/${t.version}`}>{t.title}</Link>
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
