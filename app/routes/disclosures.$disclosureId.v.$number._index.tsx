// One published version of a disclosure: the page vendors link to from their own sites.
// Published versions never change, so anonymous readers of public disclosures get a strong ETag
// (304 on revalidation) and `public, max-age=300`; everyone else `private, no-store`.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AddToShortlist } from "~/components/add-to-shortlist";
import { disclosureBase, EvidenceList, TemplateLine, VendorLine } from "~/components/disclosure-reading";
import { SectionBlock, SectionToc } from "~/components/section-outline";
import { LevelBadge } from "~/components/level-badge";
import { hospitalToolsOf } from "~/models/comparison.server";
import { disclosureNotFound, disclosureState, isShareable, loadPublishedDisclosure, loadVersionPage, NOT_FOUND_MESSAGE, parseVersionNumber, readerOf } from "~/models/reading.server";
import styles from "~/styles/disclosure.css";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { cacheHeaders, cachingHeadersOf, etagMatches, notModified, strongEtag } from "~/utils/page-cache.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reader = readerOf(context);
  const disclosure = await loadPublishedDisclosure(db, params.disclosureId!, reader);
  if (!disclosure) throw await disclosureNotFound(db, reader);
  const number = parseVersionNumber(params.number);
  invariantResponse(number !== undefined && number <= disclosure.latest_version, NOT_FOUND_MESSAGE);
  const page = await loadVersionPage(db, disclosure.id, number);
  invariantResponse(page, NOT_FOUND_MESSAGE);

  const shareable = isShareable(context, disclosure);
  const etag = shareable ? strongEtag("html", page.contentHash, { page: "version", number, ...disclosureState(disclosure) }) : undefined;
  const headers = cacheHeaders(shareable, etag);
  if (etag && etagMatches(request, etag)) return notModified(headers);

  const base = disclosureBase(disclosure.id);
  return json(
    {
      base,
      number,
      latest: disclosure.latest_version,
      publishedDate: formatDate(page.publishedAt),
      publishedAtIso: new Date(page.publishedAt).toISOString(),
      withdrawnDate: disclosure.withdrawn_at === null ? null : formatDate(disclosure.withdrawn_at),
      contentHash: page.contentHash,
      heading: {
        organization: { name: disclosure.organization_name, verified: disclosure.organization_verified_at !== null },
        serviceName: disclosure.service_name,
        template: page.template,
      },
      view: page.view,
      // Signed-in hospital editors can put this disclosure on a shortlist (anonymous pages are cached whole).
      shortlists: context.auth ? (await hospitalToolsOf(db, reader)).shortlists : [],
    },
    { headers },
  );
}

// A read-only document: no hydration scripts, so the finished HTML can be cached whole
// (app/utils/published-page-cache.server.ts).
export const handle = { hydrate: false };

export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersOf(loaderHeaders);

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "開示書が見つかりません | Kaiji" }];
  const { heading, number, publishedDate } = data;
  const who = [heading.organization.name, heading.serviceName].filter(Boolean).join(" ");
  const title = `${who}「${heading.template.title}」第${number}版`;
  const description = `${heading.organization.name}${heading.serviceName ? `（${heading.serviceName}）` : ""}が公開した「${heading.template.title}」（${heading.template.edition}）第${number}版。最終更新日 ${publishedDate}。`;
  return [
    { title: `${title} | Kaiji` },
    { name: "description", content: description },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:type", content: "article" },
    { property: "og:site_name", content: "Kaiji" },
  ];
};

export default function DisclosureVersionPage() {
  const { base, number, latest, publishedDate, publishedAtIso, withdrawnDate, contentHash, heading, view, shortlists } = useLoaderData<typeof loader>();
  const isLatest = number === latest;
  const templateItemBase = `/templates/${encodeURIComponent(heading.template.id)}/${encodeURIComponent(heading.template.version)}/items/`;
  return (
    <article className="disclosure-page">
      <header>
        <VendorLine heading={heading} />
        <h1>
          {heading.template.title}
          {heading.serviceName ? `（${heading.serviceName}）` : ""}
        </h1>
      </header>

      {withdrawnDate ? (
        <p className="disclosure-notice disclosure-withdrawn" role="note">
          <strong>取り下げ済み</strong>：この開示書は{withdrawnDate}に事業者により取り下げられました。以下は取り下げ前に公開されていた内容で、記録として残しています。
        </p>
      ) : null}
      {!isLatest ? (
        <p className="disclosure-notice disclosure-outdated" role="note">
          {`これは過去の版（第${number}版）です。`}<Link to={`${base}/v/${latest}`}>{`最新版（第${latest}版）を見る`}</Link>
        </p>
      ) : null}

      <dl className="facts">
        <div>
          <dt>事業者</dt>
          <dd>
            {heading.organization.name}
            {heading.organization.verified ? <span className="badge badge-verified">確認済</span> : null}
          </dd>
        </div>
        {heading.serviceName ? (
          <div>
            <dt>サービス</dt>
            <dd>{heading.serviceName}</dd>
          </div>
        ) : null}
        <div>
          <dt>様式</dt>
          <dd>
            <TemplateLine template={heading.template} />
          </dd>
        </div>
        <div>
          <dt>最終更新日</dt>
          <dd>
            <time dateTime={publishedAtIso}>{publishedDate}</time>
          </dd>
        </div>
        <div>
          <dt>版</dt>
          <dd>
            {`第${number}版`} {isLatest ? <span className="badge badge-latest">最新版</span> : <span className="muted">{`（最新は第${latest}版）`}</span>}
            {withdrawnDate ? <span className="badge badge-withdrawn">取り下げ済み</span> : null}
          </dd>
        </div>
        <div>
          <dt>回答状況</dt>
          <dd>
            {`${view.itemCount}項目中 ${view.answeredCount}項目に回答`}
          </dd>
        </div>
        <div className="facts-wide">
          <dt>内容のハッシュ値（SHA-256）</dt>
          <dd>
            <code className="hash-full">{contentHash}</code>
          </dd>
        </div>
      </dl>

      <ul className="disclosure-links">
        <li>
          <a href={`${base}/v/${number}.pdf`} type="application/pdf">
            PDF（公式様式）
          </a>
        </li>
        <li>
          <a href={`${base}/v/${number}.json`} type="application/json">
            JSONで取得
          </a>
        </li>
        <li>
          <Link to={`${base}/versions`}>版の一覧</Link>
        </li>
        {number > 1 ? (
          <li>
            <Link to={`${base}/diff?from=${number - 1}&to=${number}`}>{`前の版（第${number - 1}版）との差分`}</Link>
          </li>
        ) : null}
        <li>
          <Link to={`/directory?template=${encodeURIComponent(heading.template.id)}`}>同じ様式の事業者を探して比較</Link>
        </li>
      </ul>

      <AddToShortlist shortlists={shortlists} disclosureId={base.split("/").pop()!} back={`${base}/v/${number}`} label={heading.organization.name} />

      {view.derived.length ? (
        <section className="derived-results" aria-labelledby="derived-heading">
          <h2 id="derived-heading">自動判定の結果</h2>
          <ul>
            {view.derived.map((d) => (
              <li key={d.key}>
                {d.state ? (
                  <>
                    {`${d.title}: `}
                    <span className={`derived-${d.state}`}>{d.text}</span>
                  </>
                ) : (
                  <>
                    {`${d.title}:`}
                    <span className="derived-groups">
                      {d.groups.map((g) => (
                        <span key={g.label}>
                          {`${g.label} ${g.met}/${g.total}`}
                        </span>
                      ))}
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="template-layout">
        <SectionToc sections={view.sections} />
        <div className="sections">
          {view.sections.map((s) => {
            return (
              <SectionBlock key={s.key} section={s}>
                {s.items.map((item) => (
                  <article key={item.key} id={`item-${item.key}`} className={item.answer === null ? "item item-unanswered" : "item"}>
                    <header className="item-header">
                      {item.number ? <span className="item-number">{item.number}</span> : null}
                      <LevelBadge level={item.level} />
                      {item.perspective ? <span className="badge badge-perspective">{item.perspective}</span> : null}
                      {item.group ? <span className="item-group">{item.group}</span> : null}
                      <Link className="item-link" to={`${templateItemBase}${encodeURIComponent(item.key)}`} aria-label={`様式の説明（${item.number ? `項目 ${item.number}` : item.text.slice(0, 40)}）`}>
                        様式の説明
                      </Link>
                    </header>
                    <p className="item-text preserve-lines">{item.text}</p>
                    <dl className="response">
                      <div>
                        <dt>回答</dt>
                        <dd>
                          {item.answer === null ? (
                            <span className="unanswered">未回答</span>
                          ) : (
                            <span className="answer-value preserve-lines">{item.answer}</span>
                          )}
                          {item.derived ? <span className="derived-note">（自動判定）</span> : null}
                        </dd>
                      </div>
                      {item.note ? (
                        <div>
                          <dt>備考</dt>
                          <dd className="preserve-lines">{item.note}</dd>
                        </div>
                      ) : null}
                      {item.evidence.length ? (
                        <div>
                          <dt>根拠資料</dt>
                          <dd>
                            <EvidenceList evidence={item.evidence} />
                          </dd>
                        </div>
                      ) : null}
                    </dl>
                  </article>
                ))}
              </SectionBlock>
            );
          })}
        </div>
      </div>
    </article>
  );
}
