import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { summarizeTemplate } from "../../disclosures/template-summary";
import { getTemplate, listTemplates } from "~/models/template.server";
import { db } from "~/utils/db.server";

export const meta: MetaFunction = () => [
  { title: "様式・チェックリスト一覧 | Kaiji" },
  { name: "description", content: "Kaiji が扱う開示書の様式とチェックリストの一覧" },
];

export async function loader() {
  const entries = await listTemplates(db);
  const templates = await Promise.all(
    entries.map(async (entry) => {
      const { template } = (await getTemplate(db, entry.id, entry.version))!;
      const summary = summarizeTemplate(template);
      return { ...entry, shortTitle: template.shortTitle, source: template.source, itemCount: summary.itemCount, byLevel: summary.byLevel };
    }),
  );
  return json({ templates });
}

export default function TemplatesIndex() {
  const { templates } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>様式・チェックリスト</h1>
      <p className="lead">開示書の様式とチェックリストです。各項目には固定URLがあり、ガイドラインの参照箇所や確認項目を確認できます。</p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">様式</th>
            <th scope="col">出典</th>
            <th scope="col" className="num">回答項目数</th>
            <th scope="col" className="num">必須</th>
            <th scope="col" className="num">推奨</th>
            <th scope="col">版</th>
          </tr>
        </thead>
        <tbody>
          {templates.map((t) => (
            <tr key={t.id}>
              <td>
                <Link to={`/templates/${t.id}/${t.version}`}>{t.title}</Link>
              </td>
              <td>
                {t.source.document}
                <br />
                <small>
                  {t.source.edition}
                  {t.source.publisher ? `／${t.source.publisher}` : ""}
                </small>
              </td>
              <td className="num">{t.itemCount}</td>
              <td className="num">{t.byLevel.required}</td>
              <td className="num">{t.byLevel.recommended}</td>
              <td>{t.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
