// One published version of a disclosure: the page vendors link to from their own sites.
// Published versions never change, so anonymous readers of public disclosures get a strong ETag
// (304 on revalidation) and `public, max-age=300`; everyone else `private, no-store`.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AddToShortlist } from "~/components/add-to-shortlist";
import { WatchButton } from "~/components/watch-button";
import { watchControlsOf } from "~/models/watch.server";
import { disclosureBase, ReadingFilterForm, SectionTable, subjectOf, VendorLine, VersionSummary } from "~/components/disclosure-reading";
import { Glossary } from "~/components/glossary";
import { SectionToc } from "~/components/section-outline";
import { hospitalToolsOf } from "~/models/comparison.server";
import { disclosureNotFound, disclosureState, isShareable, loadPublishedDisclosure, loadVersionPage, NOT_FOUND_MESSAGE, parseVersionNumber, readerOf } from "~/models/reading.server";
import styles from "~/styles/disclosure.css";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { cacheHeaders, cachingHeadersOf, etagMatches, notModified, strongEtag } from "~/utils/page-cache.server";
import { isStale, STALE_LABEL } from "~/models/directory";
import { getVersionMeta } from "~/models/disclosure.server";
import { clock } from "../../disclosures/clock";
import { invariantResponse } from "~/utils/responses.server";
import { chapterOutcomes, filterContentView, readingFiltersOf } from "../../disclosures/disclosure-view";
import { OutcomeBar, outcomeParts, partsText } from "~/components/outcome-bar";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reader = readerOf(context);
  const disclosure = await loadPublishedDisclosure(db, params.disclosureId!, reader);
  if (!disclosure) throw await disclosureNotFound(db, reader);
  const number = parseVersionNumber(params.number);
  invariantResponse(number !== undefined && number <= disclosure.latest_version, NOT_FOUND_MESSAGE);
  const page = await loadVersionPage(db, disclosure.id, number);
  invariantResponse(page, NOT_FOUND_MESSAGE);

  // Filters are query parameters (no script needed). The page cache keeps only the bare URL; a filtered
  // view is rendered each time, with its own tag.
  const filters = readingFiltersOf(new URL(request.url).searchParams, page.view);
  const filtered = filters.outcome || filters.chapter ? filters : {};
  const shareable = isShareable(context, disclosure);
  // 「12か月以上更新なし」 is about the latest version, on any version's page; it changes with the date, so it is part of the tag.
  const latestAt = number === disclosure.latest_version ? page.publishedAt : (await getVersionMeta(db, disclosure.id, disclosure.latest_version))?.published_at;
  const stale = latestAt !== undefined && isStale(latestAt, clock.now());
  const etag = shareable ? strongEtag("html", page.contentHash, { page: "version", number, ...disclosureState(disclosure), ...filtered, ...(stale ? { stale } : {}) }) : undefined;
  const headers = cacheHeaders(shareable, etag);
  if (etag && etagMatches(request, etag)) return notModified(headers);

  const base = disclosureBase(disclosure.id);
  return json(
    {
      base,
      number,
      latest: disclosure.latest_version,
      stale,
      publishedDate: formatDate(page.publishedAt),
      publishedAtIso: new Date(page.publishedAt).toISOString(),
      glossary: page.glossary,
      parts: page.parts.map((p) => ({ title: p.title, date: formatDate(p.publishedAt), iso: new Date(p.publishedAt).toISOString() })),
      withdrawnDate: disclosure.withdrawn_at === null ? null : formatDate(disclosure.withdrawn_at),
      contentHash: page.contentHash,
      heading: {
        organization: { id: disclosure.organization_id, name: disclosure.organization_name, verified: disclosure.organization_verified_at !== null },
        // Feeds hold public disclosures only: the links are shown for those.
        visibility: disclosure.visibility,
        serviceName: disclosure.service_name,
        release: page.release,
        template: page.template,
      },
      view: { ...page.view, sections: undefined },
      chapters: chapterOutcomes(page.view),
      filters,
      shown: filterContentView(page.view, filters),
      // Signed-in hospital editors can put this disclosure on a shortlist (anonymous pages are cached whole).
      shortlists: context.auth ? (await hospitalToolsOf(db, reader)).shortlists : [],
      // …and editors of verified hospitals watch it (app/routes/orgs.$orgId.watch.tsx).
      watches: context.auth ? await watchControlsOf(db, reader, "disclosure", disclosure.id) : [],
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
  const subject = subjectOf(heading);
  const who = [heading.organization.name, subject].filter(Boolean).join(" ");
  const title = `${who}「${heading.template.title}」第${number}版`;
  const description = `${heading.organization.name}${subject ? `（${subject}）` : ""}が公開した「${heading.template.title}」（${heading.template.edition}）第${number}版。最終更新日 ${publishedDate}。`;
  return [
    { title: `${title} | Kaiji` },
    { name: "description", content: description },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:type", content: "article" },
    { property: "og:site_name", content: "Kaiji" },
    // Feed readers find the disclosure's updates (app/routes/disclosures.$disclosureId.feed[.atom].tsx) from here.
    ...(heading.visibility === "public" ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", title: `${who}「${heading.template.title}」の更新情報`, href: `${data.base}/feed.atom` }] : []),
  ];
};

export default function DisclosureVersionPage() {
  const { base, number, latest, stale, publishedDate, publishedAtIso, parts, glossary, withdrawnDate, contentHash, heading, view, chapters, filters, shown, shortlists, watches } = useLoaderData<typeof loader>();
  const isLatest = number === latest;
  const pageUrl = `${base}/v/${number}`;
  const templateBase = `/templates/${encodeURIComponent(heading.template.id)}/${encodeURIComponent(heading.template.version)}`;
  return (
    <article className="disclosure-page">
      <header>
        <VendorLine heading={heading} />
        <h1>
          {heading.template.title}
          {subjectOf(heading) ? `（${subjectOf(heading)}）` : ""}
        </h1>
        {stale ? (
          <p className="disclosure-notice disclosure-stale" role="note">
            <span className="badge badge-stale">{STALE_LABEL}</span> 最新版の公開から12か月以上、更新されていません。
          </p>
        ) : null}
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

      <VersionSummary heading={heading} number={number} latest={latest} publishedDate={publishedDate} publishedAtIso={publishedAtIso} parts={parts} withdrawn={withdrawnDate !== null} contentHash={contentHash} view={view} filters={filters} />

      <ul className="disclosure-links">
        <li>
          <a href={`${pageUrl}.pdf`} type="application/pdf">
            PDF（公式様式）
          </a>
        </li>
        <li>
          <a href={`${pageUrl}.xlsx`} type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
            Excel（回答の一覧）
          </a>
        </li>
        <li>
          <a href={`${pageUrl}.json`} type="application/json">
            JSONで取得
          </a>
        </li>
        <li>
          <Link to={`${base}/versions`}>版の一覧</Link>
        </li>
        {heading.visibility === "public" ? (
          <>
            <li>
              <a href={`${base}/feed.atom`} type="application/atom+xml">
                更新情報（Atom）
              </a>
            </li>
            <li>
              <a href={`/vendors/${encodeURIComponent(heading.organization.id)}/feed.atom`} type="application/atom+xml">
                この事業者の更新情報（Atom）
              </a>
            </li>
          </>
        ) : null}
        {number > 1 ? (
          <li>
            <Link to={`${base}/diff?from=${number - 1}&to=${number}`}>{`前の版（第${number - 1}版）との差分`}</Link>
          </li>
        ) : null}
        <li>
          <Link to={`/directory?template=${encodeURIComponent(heading.template.id)}`}>同じ様式の事業者を探して比較</Link>
        </li>
      </ul>

      <AddToShortlist shortlists={shortlists} disclosureId={base.split("/").pop()!} back={pageUrl} label={heading.organization.name} />
      <WatchButton controls={watches} kind="disclosure" targetId={base.split("/").pop()!} back={pageUrl} />

      {chapters.length > 1 ? <ChapterBars chapters={chapters} pageUrl={pageUrl} /> : null}

      <ReadingFilterForm view={view} filters={filters} shown={shown.shown} pageUrl={pageUrl} />

      <div className="template-layout">
        <SectionToc sections={shown.sections} />
        <div className="sections">
          {shown.sections.length ? (
            shown.sections.map((s) => <SectionTable key={s.key} section={s} templateBase={templateBase} />)
          ) : (
            <p className="muted">条件に合う項目はありません。</p>
          )}
          <Glossary entries={glossary} />
        </div>
      </div>
    </article>
  );
}

/** Each 章's answers as one bar on a common length (issue 19, item 2); the 章 links to the page filtered to it. */
function ChapterBars({ chapters, pageUrl }: { chapters: ReturnType<typeof useLoaderData<typeof loader>>["chapters"]; pageUrl: string }) {
  return (
    <section className="chapter-bars" aria-labelledby="chapter-bars-heading">
      <h2 id="chapter-bars-heading">章ごとの回答</h2>
      <ul className="overview-bars">
        {chapters.map((c) => {
          const parts = outcomeParts(c.counts);
          const title = c.number ? `${c.number} ${c.title}` : c.title;
          return (
            <li key={c.key}>
              <a className="overview-name" href={`${pageUrl}?chapter=${encodeURIComponent(c.key)}`}>
                {title}
              </a>
              <OutcomeBar label={title} parts={parts} width={260} height={14} />
              <span className="overview-counts">{partsText(parts)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
