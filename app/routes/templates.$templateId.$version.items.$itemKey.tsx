import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { resolveNote, walkItems } from "../../disclosures/template-loader";
import { TemplateItem } from "~/components/template-item";
import { getTemplate, withoutSections } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";

// The stable URL of one item: template id + version + item key never change once published.
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getTemplate(db, params.templateId!, params.version!);
  invariantResponse(found, "指定された様式・版は登録されていません");
  const { template } = found;
  const entries = [...walkItems(template)];
  const index = entries.findIndex((e) => e.item.key === params.itemKey);
  invariantResponse(index >= 0, "指定された項目はこの様式にありません");
  const entry = entries[index];
  const link = (i: number) => (entries[i] ? { key: entries[i].item.key, number: entries[i].item.number, text: entries[i].item.text } : null);
  return json({
    base: `/templates/${template.id}/${template.version}`,
    template: withoutSections(template),
    item: entry.item,
    trail: entry.sections.map((s) => ({ key: s.key, number: s.number, title: s.title })),
    notes: (entry.item.noteRefs ?? []).flatMap((id) => resolveNote(template, entry, id) ?? []),
    // The corrections of the source text that reached this item (the template page lists them all).
    errata: (template.errata ?? []).filter((e) => e.item === entry.item.key),
    previous: link(index - 1),
    next: link(index + 1),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.item.number ? `${data.item.number} ` : ""}${data.item.text.slice(0, 40)} | ${data.template.shortTitle ?? data.template.title} | Kaiji` },
        { name: "description", content: data.item.text.slice(0, 160) },
      ]
    : [{ title: "項目が見つかりません | Kaiji" }];

export default function TemplateItemPage() {
  const { base, template, item, trail, notes, errata, previous, next } = useLoaderData<typeof loader>();
  const itemHref = (key: string) => `${base}/items/${encodeURIComponent(key)}`;
  return (
    <div className="item-page">
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/templates">様式・チェックリスト</Link> › <Link to={base}>{template.shortTitle ?? template.title}</Link>
        {trail.map((s) => (
          <span key={s.key}>
            {" › "}
            <Link to={`${base}#section-${s.key}`}>
              {s.number ? `${s.number} ` : ""}
              {s.title}
            </Link>
          </span>
        ))}
      </nav>
      <h1 className="visually-hidden">
        {item.number ? `${item.number} ` : ""}
        {item.text}
      </h1>
      <TemplateItem template={template} item={item} notes={notes} />
      {errata.length ? (
        <section className="item-errata" aria-labelledby="item-errata-title">
          <h2 id="item-errata-title">原文からの訂正</h2>
          <ul>
            {errata.map((e, i) => (
              <li key={i}>
                {`資料 ${e.line} 行の「${e.found}」を${e.used ? `「${e.used}」に訂正` : "削除"}: ${e.why}`}
              </li>
            ))}
          </ul>
          <p>
            <Link to={`${base}#source-errata-title`}>この版の訂正の一覧（出典と訂正）</Link>
          </p>
        </section>
      ) : null}
      <nav className="pager" aria-label="前後の項目">
        {previous ? <Link to={itemHref(previous.key)} rel="prev">← {previous.number ?? "前の項目"}</Link> : <span />}
        {next ? <Link to={itemHref(next.key)} rel="next">{next.number ?? "次の項目"} →</Link> : <span />}
      </nav>
    </div>
  );
}
