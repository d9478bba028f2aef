import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { officialRuleOf } from "../../disclosures/derived";
import { compareVersions, findSection, walkItems } from "../../disclosures/template-loader";
import type { Level } from "../../disclosures/template-schema";
import { filterTemplate } from "../../disclosures/template-search";
import { summarizeTemplate } from "../../disclosures/template-summary";
import { levelLabels } from "~/components/level-badge";
import { SectionBlock, SectionToc } from "~/components/section-outline";
import { NoteList } from "~/components/note-list";
import { noteAnchor, TemplateItem } from "~/components/template-item";
import { DerivedRules } from "~/components/derived-rules";
import { SourceAndErrata, type ErratumRow } from "~/components/source-and-errata";
import { GlossaryList } from "~/components/glossary";
import { glossaryOf } from "../../disclosures/item-guidance";
import { crosswalkBetween, getTemplate, listTemplates, withoutSections } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";
import styles from "~/styles/template-source.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const LEVELS: Level[] = ["required", "recommended", "none"];

/** Malformed filter parameters fall back to "no filter" rather than failing. */
function readFilter(url: URL): { level?: Level; q?: string } {
  const level = url.searchParams.get("level");
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  return { level: LEVELS.includes(level as Level) ? (level as Level) : undefined, q: q || undefined };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const found = await getTemplate(db, params.templateId!, params.version!);
  invariantResponse(found, "指定された様式・版は登録されていません");
  const { template, contentHash } = found;
  const filter = readFilter(new URL(request.url));
  const { sections, matchCount, totalCount } = filterTemplate(template, filter);

  // Subtree match counts, so a filtered view hides branches with nothing in them.
  const subtree = sections.map((s) => s.items.length);
  for (let i = sections.length - 1; i >= 0; i--) {
    for (let j = i + 1; j < sections.length && sections[j].depth > sections[i].depth; j++) if (sections[j].depth === sections[i].depth + 1) subtree[i] += subtree[j];
  }
  const filtering = Boolean(filter.level || filter.q);
  const base = `/templates/${template.id}/${template.version}`;

  return json({
    base,
    filter,
    matchCount,
    totalCount,
    contentHash,
    summary: summarizeTemplate(template),
    template: withoutSections(template),
    glossary: glossaryOf(template),
    sections: sections
      .map((s, i) => ({ ...s, matches: subtree[i] }))
      .filter((s) => !filtering || s.matches > 0)
      .map((s) => ({
        key: s.section.key,
        number: s.section.number,
        title: s.section.title,
        description: s.section.description,
        depth: s.depth,
        matches: s.matches,
        notes: s.section.notes ?? [],
        items: s.items.map((item) => ({
          item,
          noteLinks: (item.noteRefs ?? []).map((id) => {
            const owner = [...s.trail].reverse().find((sec) => sec.notes?.some((n) => n.id === id));
            return { id, href: owner ? `#${noteAnchor(owner.key, id)}` : `#${noteAnchor("template", id)}` };
          }),
        })),
      })),
    scopeTitles: Object.fromEntries(
      (template.derived ?? []).map((d) => [d.key, d.scope ? (template.subsets?.find((x) => x.key === d.scope)?.title ?? findSection(template, d.scope)?.title ?? d.scope) : "全項目"]),
    ),
    official: Object.fromEntries((template.derived ?? []).map((d) => [d.key, officialRuleOf(template, d)])),
    changes: await changesFromPrevious(template.id, template.version),
    errata: erratumRows(template),
  });
}

/** The template's corrections with a readable name for the item each one reached (its number and first words). */
function erratumRows(template: NonNullable<Awaited<ReturnType<typeof getTemplate>>>["template"]): ErratumRow[] | undefined {
  if (!template.errata) return undefined;
  const items = new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  return template.errata.map((e) => {
    const item = e.item ? items.get(e.item) : undefined;
    const start = item ? (item.text.length > 24 ? `${item.text.slice(0, 24)}…` : item.text) : undefined;
    return { ...e, ...(item ? { itemLabel: `${item.number ? `${item.number} ` : ""}${start}` } : {}) };
  });
}

type ItemLine = { number: string | null; text: string };

/** What changed since the previous edition of the form: reworded, renumbered, added and removed items (crosswalk). */
async function changesFromPrevious(id: string, version: string) {
  const versions = (await listTemplates(db)).find((t) => t.id === id)?.versions ?? [];
  const previous = versions.filter((v) => compareVersions(v, version) < 0).sort(compareVersions).at(-1);
  if (!previous) return null;
  const [older, newer, crosswalk] = await Promise.all([getTemplate(db, id, previous), getTemplate(db, id, version), crosswalkBetween(db, id, previous, version)]);
  const items = (t: NonNullable<typeof older>["template"]) => new Map([...walkItems(t)].map((e) => [e.item.key, { number: e.item.number ?? null, text: e.item.text }]));
  const olds = items(older!.template);
  const news = items(newer!.template);
  const line = (map: Map<string, ItemLine>, key: string): ItemLine => map.get(key)!;
  return {
    previous: { version: previous, edition: older!.template.source.edition },
    reworded: crosswalk!.matches.filter((m) => m.textChanged).map((m) => ({ before: line(olds, m.from), after: line(news, m.to) })),
    renumbered: crosswalk!.matches.filter((m) => !m.textChanged && line(olds, m.from).number !== line(news, m.to).number).map((m) => ({ before: line(olds, m.from), after: line(news, m.to) })),
    added: crosswalk!.added.map((key) => line(news, key)),
    removed: crosswalk!.removed.map((key) => line(olds, key)),
    unchanged: crosswalk!.matches.filter((m) => !m.textChanged && line(olds, m.from).number === line(news, m.to).number).length,
    // The crosswalk ignores width, spacing and punctuation; a reader comparing two editions still wants to see them.
    restyled: crosswalk!.matches.filter((m) => !m.textChanged && line(olds, m.from).text !== line(news, m.to).text).map((m) => ({ before: line(olds, m.from), after: line(news, m.to) })),
  };
}

const itemLabel = (item: ItemLine) => `${item.number ? `${item.number} ` : ""}${item.text}`;

function EditionChanges({ changes }: { changes: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["changes"]> }) {
  const groups: [string, string[]][] = [
    ["文言が変わった項目", changes.reworded.map((c) => `${itemLabel(c.after)}（${changes.previous.version}: ${itemLabel(c.before)}）`)],
    ["番号が変わった項目", changes.renumbered.map((c) => `${itemLabel(c.after)}（${changes.previous.version}: ${c.before.number ?? "番号なし"}）`)],
    ["追加された項目", changes.added.map(itemLabel)],
    ["削除された項目", changes.removed.map(itemLabel)],
    ["句読点・表記だけが変わった項目", changes.restyled.map((c) => `${itemLabel(c.after)}（${changes.previous.version}: ${itemLabel(c.before)}）`)],
  ];
  return (
    <details className="edition-changes">
      <summary>{`前の版（${changes.previous.edition}・${changes.previous.version}）からの変更: 文言 ${changes.reworded.length}・番号 ${changes.renumbered.length}・追加 ${changes.added.length}・削除 ${changes.removed.length}（変更なし ${changes.unchanged}${changes.restyled.length ? `、うち句読点・表記だけの違い ${changes.restyled.length}` : ""}）`}</summary>
      <p className="muted">項目の対応は、番号と文言の近さから求めています。前の版で公開された開示書は、対応する項目どうしで比較されます。</p>
      {groups
        .filter(([, lines]) => lines.length)
        .map(([title, lines]) => (
          <section key={title}>
            <h3>{title}</h3>
            <ul>
              {lines.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          </section>
        ))}
    </details>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.template.title}（${data.template.source.edition}） | Kaiji` },
        { name: "description", content: `${data.template.source.document}: ${data.summary.itemCount}項目（必須 ${data.summary.byLevel.required}・推奨 ${data.summary.byLevel.recommended}）` },
      ]
    : [{ title: "様式が見つかりません | Kaiji" }];

export default function TemplatePage() {
  const { base, filter, matchCount, totalCount, summary, template, sections, contentHash, scopeTitles, official, changes, errata, glossary } = useLoaderData<typeof loader>();
  const filtering = Boolean(filter.level || filter.q);
  return (
    <div className="template-page">
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/templates">様式・チェックリスト</Link> › <span>{template.shortTitle ?? template.title}</span>
      </nav>
      <h1>{template.title}</h1>
      <dl className="facts">
        <div>
          <dt>出典</dt>
          <dd>
            {template.source.document}（{template.source.edition}）{template.source.publisher ? `／${template.source.publisher}` : ""}
          </dd>
        </div>
        <div>
          <dt>回答項目数</dt>
          <dd>
            {summary.itemCount}（必須 {summary.byLevel.required}・推奨 {summary.byLevel.recommended}）
            {totalCount > summary.itemCount ? `＋自動判定 ${totalCount - summary.itemCount}` : ""}
          </dd>
        </div>
        <div>
          <dt>様式の版</dt>
          <dd>
            {template.version} <code className="hash" title="様式定義の SHA-256">{contentHash.slice(0, 12)}</code>
          </dd>
        </div>
      </dl>
      {template.description ? <p className="preserve-lines">{template.description}</p> : null}
      {changes ? <EditionChanges changes={changes} /> : null}
      {template.subsets?.length ? (
        <section className="subsets">
          <h2>項目の範囲</h2>
          <ul>
            {template.subsets.map((subset) => (
              <li key={subset.key}>{`${subset.title}（${subset.items.length}項目）${subset.source ? `— ${subset.source}` : ""}`}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <DerivedRules rules={template.derived ?? []} scopeTitles={scopeTitles} official={official} />
      <NoteList notes={template.notes ?? []} anchor={(id) => noteAnchor("template", id)} />
      {template.help?.length ? (
        <details className="glossary">
          <summary>用語の解説（{template.help.length}語）</summary>
          <GlossaryList entries={glossary} itemHref={(key) => `${base}/items/${encodeURIComponent(key)}`} />
        </details>
      ) : null}
      <SourceAndErrata source={template.source} errata={errata} itemHref={(key) => `${base}/items/${encodeURIComponent(key)}`} />

      <Form method="get" className="filter-bar" role="search">
        <label>
          キーワード
          <input type="search" name="q" defaultValue={filter.q ?? ""} maxLength={200} placeholder="例: バックアップ 暗号化" />
        </label>
        <label>
          レベル
          <select name="level" defaultValue={filter.level ?? ""}>
            <option value="">すべて</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === "none" ? "指定なし" : levelLabels[l]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">絞り込む</button>
        {filtering ? <Link to={base}>条件をクリア</Link> : null}
        <p className="result-count" role="status">
          {filtering ? `${totalCount}項目中 ${matchCount}項目が該当` : `${totalCount}項目`}
        </p>
      </Form>

      <div className="template-layout">
        <SectionToc sections={sections} count={(s) => s.matches} />
        <div className="sections">
          {matchCount === 0 ? <p className="empty">条件に該当する項目はありません。</p> : null}
          {sections.map((s) => {
            return (
              <SectionBlock key={s.key} section={s}>
                {s.description ? <p className="section-description preserve-lines">{s.description}</p> : null}
                {s.items.map(({ item, noteLinks }) => (
                  <TemplateItem key={item.key} template={template} item={item} noteLinks={noteLinks} href={`${base}/items/${encodeURIComponent(item.key)}`} />
                ))}
                <NoteList notes={s.notes} anchor={(id) => noteAnchor(s.key, id)} />
              </SectionBlock>
            );
          })}
        </div>
      </div>
    </div>
  );
}

