// The directory: hospitals (and anyone, for public disclosures) search vendors' published
// disclosures, filter by facts, rank by their own criteria, pick some to compare or shortlist.
// One GET form: it works without JavaScript, and every result page has a shareable URL.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Fragment } from "react";
import { AddToShortlist } from "~/components/add-to-shortlist";
import { HospitalLimits } from "~/components/hospital-limits";
import { LockedBadge, LockedRequestLine, StaleFlag } from "~/components/locked-entry";
import { directoryParams, parseDirectoryQuery, sortLabels, type DirectoryQuery } from "~/models/directory";
import { searchDirectory, type DirectoryEntry, type FacetOption } from "~/models/directory.server";
import { hospitalToolsOf } from "~/models/comparison.server";
import { findReadersCriteriaProfile, type CriteriaProfile } from "~/models/criteria.server";
import { readerScope } from "~/models/disclosure.server";
import { visibilityLabels } from "~/models/disclosure";
import { readerOf } from "~/models/reading.server";
import { ownRequests, requestRouteOf, type OwnRequest } from "~/models/vendor-page.server";
import styles from "~/styles/directory.css";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { cacheHeaders, cachingHeadersOf } from "~/utils/page-cache.server";
import { OutcomeBar } from "~/components/outcome-bar";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = parseDirectoryQuery(new URL(request.url).searchParams);
  const reader = readerOf(context);
  const [tools, scope] = await Promise.all([hospitalToolsOf(db, reader), readerScope(db, reader)]);
  const notices: string[] = [];
  let profile: CriteriaProfile | undefined;
  if (query.profile) {
    profile = await findReadersCriteriaProfile(db, scope.hospitals, query.profile);
    if (!profile) notices.push("指定された評価基準が見つからないため、評価基準なしで表示しています。");
  }
  const result = await searchDirectory(db, reader, { ...query, profile: profile ? query.profile : null }, { profile: profile && { templateId: profile.templateId, items: profile.items } });
  const lockedIds = result.entries.filter((e) => e.locked).map((e) => e.disclosureId);
  const [requests, requestRoute] = lockedIds.length ? await Promise.all([ownRequests(db, reader, lockedIds), requestRouteOf(db, reader)]) : [new Map<string, OwnRequest>(), "none" as const];
  return json(
    {
      query: { ...query, profile: profile ? query.profile : null, template: profile ? profile.templateId : query.template },
      profileName: profile?.name ?? null,
      result: {
        ...result,
        entries: result.entries.map((e) => {
          const request = requests.get(e.disclosureId);
          return { ...e, lastUpdated: formatDate(e.publishedAt), visibilityLabel: visibilityLabels[e.visibility], request: request ? { status: request.status, hospitalName: request.hospitalName, date: formatDate(request.createdAt) } : null };
        }),
      },
      requestRoute,
      tools,
      notices,
      limits: scope.limits,
      signedIn: Boolean(reader),
    },
    // Anonymous visitors all see the same public results: a short shared lifetime.
    { headers: cacheHeaders(!context.auth, undefined, 60) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersOf(loaderHeaders);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.query.q ? `「${data.query.q}」の検索結果 | 事業者を探す | Kaiji` : "事業者を探す | Kaiji" },
  { name: "description", content: "医療情報システム・サービス事業者の開示書を、様式・認証・データの保存場所・必須項目の対応状況・更新日で探して比較できます。" },
];

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Count({ n }: { n: number }) {
  return <span className="facet-count">{`（${n}）`}</span>;
}

function RadioFacet({ legend, name, options, value, anyLabel = "指定なし" }: { legend: string; name: string; options: FacetOption[]; value: string | null; anyLabel?: string }) {
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      <label>
        <input type="radio" name={name} value="" defaultChecked={value === null} /> {anyLabel}
      </label>
      {options.map((o) => (
        <label key={o.value} className={o.count ? undefined : "facet-empty"}>
          <input type="radio" name={name} value={o.value} defaultChecked={value === o.value} /> {o.label}
          <Count n={o.count} />
        </label>
      ))}
    </fieldset>
  );
}

function Filters({ data }: { data: Data }) {
  const { query, result, tools } = data;
  const { facets } = result;
  return (
    <Form method="get" className="directory-filters" aria-label="絞り込み">
      <div className="field">
        <label htmlFor="directory-q">事業者名・サービス名・記載内容</label>
        <p className="field-hint" id="directory-q-hint">
          申請制で閲覧できない開示書は、事業者名・サービス名・様式名だけで探します。
        </p>
        <input id="directory-q" type="search" name="q" aria-describedby="directory-q-hint" defaultValue={query.q} maxLength={200} placeholder="例: 暗号化、バックアップ" />
      </div>
      <button type="submit">この条件で探す</button>
      {/* On a phone the filters fold behind 「絞り込み」 (a checkbox without a name, so it is never submitted). */}
      <input type="checkbox" id="filters-toggle" className="filters-toggle" />
      <label htmlFor="filters-toggle" className="filters-button">
        {`絞り込み・並び順（${result.total}件）`}
      </label>
      <div className="directory-facets">
        {tools.profiles.length ? (
          <div className="field">
            <label htmlFor="directory-profile">評価基準で順位付け</label>
            <select id="directory-profile" name="profile" defaultValue={query.profile ?? ""}>
              <option value="">使わない</option>
              {tools.profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <RadioFacet legend="様式" name="template" options={facets.template} value={query.template} />
        <RadioFacet legend="サービスの種類" name="kind" options={facets.kind} value={query.kind} />
        <fieldset className="facet">
          <legend>認証（有効期限内のものをすべて保有）</legend>
          {facets.cert.map((o) => (
            <label key={o.value} className={o.count ? undefined : "facet-empty"}>
              <input type="checkbox" name="cert" value={o.value} defaultChecked={query.certs.includes(o.value as never)} /> {o.label}
              <Count n={o.count} />
            </label>
          ))}
        </fieldset>
        <RadioFacet legend="データの保存場所" name="storage" options={facets.storage} value={query.storage} />
        <fieldset className="facet">
          <legend>事業者の確認</legend>
          <label>
            <input type="checkbox" name="verified" value="1" defaultChecked={query.verified} /> 運営者が確認済の事業者のみ
            <Count n={facets.verified} />
          </label>
        </fieldset>
        <RadioFacet legend="必須項目の対応" name="coverage" options={facets.coverage} value={query.coverage} />
        {facets.rule.length ? <RadioFacet legend="様式の判定（自動判定）" name="rule" options={facets.rule} value={query.rule} /> : null}
        <RadioFacet legend="最終更新日" name="months" options={facets.months} value={query.months === null ? null : String(query.months)} />
        <div className="field">
          <label htmlFor="directory-sort">並び順</label>
          <select id="directory-sort" name="sort" defaultValue={query.sort}>
            {Object.entries(sortLabels)
              .filter(([value]) => value !== "rank" || query.profile)
              .map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="group" value="vendor" defaultChecked={query.group === "vendor"} /> 事業者ごとにまとめて表示
          </label>
        </div>
        <button type="submit">この条件で探す</button>
        <p>
          <Link to="/directory">条件をすべて解除</Link>
        </p>
      </div>
    </Form>
  );
}

function Coverage({ entry }: { entry: DirectoryEntry }) {
  const { met, applicable } = entry.required;
  if (!applicable) return <span className="muted">必須の対応項目なし</span>;
  const percent = Math.floor((met / applicable) * 100);
  return (
    <span className={met === applicable ? "coverage coverage-full" : "coverage"}>
      <OutcomeBar label="必須項目" parts={[{ label: "対応済", count: met, kind: "met" }, { label: "対応済でない", count: applicable - met, kind: "gap" }]} />
      {` 必須 ${met}/${applicable} 対応（${percent}%）`}
    </span>
  );
}

type Entry = Data["result"]["entries"][number];

function VendorName({ entry }: { entry: Entry }) {
  return (
    <>
      <Link to={`/vendors/${encodeURIComponent(entry.organizationId)}`} className="directory-vendor">
        {entry.organizationName}
      </Link>
      {entry.verified ? (
        <span className="badge badge-verified" title="運営者が実在と連絡先を確認した事業者です">
          確認済
        </span>
      ) : null}
    </>
  );
}

function Published({ entry }: { entry: Entry }) {
  return (
    <>
      {`（${entry.templateVersion}版の様式・第${entry.version}版） 最終更新日 `}
      <time dateTime={new Date(entry.publishedAt).toISOString()}>{entry.lastUpdated}</time>
      {entry.stale ? <StaleFlag /> : null}
    </>
  );
}

/** What matched a text search: where (an item, a name) and an excerpt, matched words in <mark>; all plain text. */
function SnippetLine({ snippet }: { snippet: Entry["snippet"] }) {
  if (!snippet) return null;
  return (
    <p className="directory-snippet">
      <span className="directory-snippet-label">{`${snippet.label}：`}</span>
      {snippet.clippedStart ? "…" : null}
      {snippet.parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <Fragment key={i}>{part.text}</Fragment>))}
      {snippet.clippedEnd ? "…" : null}
    </p>
  );
}

/** A 申請制 disclosure the reader may not read: who, which form, which version and when; never the content. */
function LockedEntry({ entry, route, grouped }: { entry: Entry; route: Data["requestRoute"]; grouped: boolean }) {
  return (
    <li className="directory-entry locked-entry" data-disclosure-id={entry.disclosureId}>
      <div className="directory-entry-head">
        {grouped ? null : <VendorName entry={entry} />}
        {entry.serviceName ? <span className="directory-service">{entry.serviceName}</span> : null}
        <LockedBadge />
      </div>
      <p>
        <span className="locked-title">{entry.templateTitle}</span>
        <Published entry={entry} />
      </p>
      <SnippetLine snippet={entry.snippet} />
      <LockedRequestLine disclosureId={entry.disclosureId} route={route} request={entry.request} />
    </li>
  );
}

function ResultEntry({ entry, tools, back, grouped }: { entry: Entry; tools: Data["tools"]; back: string; grouped: boolean }) {
  const checkboxId = `compare-${entry.disclosureId}`;
  return (
    <li className="directory-entry" data-disclosure-id={entry.disclosureId}>
      <div className="directory-entry-head">
        <input type="checkbox" id={checkboxId} name="d" value={entry.disclosureId} form="compare-form" aria-label={`${entry.organizationName}を比較に加える`} />
        {entry.rank !== null ? <span className="rank">{`${entry.rank}位`}</span> : null}
        {grouped ? null : <VendorName entry={entry} />}
        {(entry.release ?? entry.serviceName) ? <span className="directory-service">{entry.release ?? entry.serviceName}</span> : null}
      </div>
      <p>
        <Link to={`/disclosures/${encodeURIComponent(entry.disclosureId)}`}>{entry.templateTitle}</Link>
        <Published entry={entry} />
        {entry.visibility !== "public" ? <span className="badge">{entry.visibilityLabel}</span> : null}
      </p>
      <SnippetLine snippet={entry.snippet} />
      <p className="directory-facts">
        <Coverage entry={entry} />
        {entry.recommended.applicable ? <span>{`推奨 ${entry.recommended.met}/${entry.recommended.applicable} 対応`}</span> : null}
        {entry.planned ? <span>{`実施予定 ${entry.planned}件`}</span> : null}
        {entry.score ? (
          <span className="score">{`評価 ${entry.score.score ?? "—"}点・必達の不足 ${entry.score.mustMissing}/${entry.score.mustTotal}件`}</span>
        ) : null}
      </p>
      {grouped ? null : <VendorFacts entry={entry} />}
      <AddToShortlist shortlists={tools.shortlists} disclosureId={entry.disclosureId} back={back} label={entry.organizationName} />
    </li>
  );
}

function VendorFacts({ entry }: { entry: Entry }) {
  return (
    <p className="directory-facts muted">
      <span>{`認証: ${entry.certifications.length ? entry.certifications.join("、") : "登録なし"}`}</span>
      <span>{`保存場所: ${entry.storage.length ? entry.storage.join("、") : "登録なし"}`}</span>
    </p>
  );
}

function Entries({ entries, data, back }: { entries: Entry[]; data: Data; back: string }) {
  const grouped = data.query.group === "vendor";
  const items = (list: Entry[]) => (
    <ul className="directory-list">
      {list.map((entry) =>
        entry.locked ? (
          <LockedEntry key={entry.disclosureId} entry={entry} route={data.requestRoute} grouped={grouped} />
        ) : (
          <ResultEntry key={entry.disclosureId} entry={entry} tools={data.tools} back={back} grouped={grouped} />
        ),
      )}
    </ul>
  );
  if (!grouped) return items(entries);
  // Entries of one vendor under its name, vendors in the order of their first entry.
  const groups = new Map<string, Entry[]>();
  for (const e of entries) groups.set(e.organizationId, [...(groups.get(e.organizationId) ?? []), e]);
  return (
    <>
      {[...groups.values()].map((list) => (
        <section key={list[0].organizationId} className="directory-group" aria-label={list[0].organizationName}>
          <h3 className="directory-group-head">
            <VendorName entry={list[0]} />
          </h3>
          <VendorFacts entry={list[0]} />
          {items(list)}
        </section>
      ))}
    </>
  );
}

function Pager({ query, page, pageCount }: { query: DirectoryQuery; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pager" aria-label="ページ">
      {page > 1 ? <Link to={`/directory${directoryParams(query, { page: page - 1 })}`}>前のページ</Link> : <span />}
      <span>{`${page} / ${pageCount} ページ`}</span>
      {page < pageCount ? <Link to={`/directory${directoryParams(query, { page: page + 1 })}`}>次のページ</Link> : <span />}
    </nav>
  );
}

export default function Directory() {
  const data = useLoaderData<typeof loader>();
  const { query, result, notices, limits, profileName, signedIn } = data;
  const location = useLocation();
  const back = `${location.pathname}${location.search}`;
  return (
    <div className="directory">
      <h1>事業者を探す</h1>
      <p className="lead">{`公開されている開示書${signedIn ? "（確認済みの医療機関の方は、医療機関向け・承認済みのものも）" : ""}を探して、最大20社まで項目ごとに比較できます。申請制の開示書は、承認されるまで様式・サービス・版・最終更新日だけを「申請制」の印を付けて表示します。`}</p>
      {notices.map((n) => (
        <p key={n} className="notice" role="note">
          {n}
        </p>
      ))}
      <HospitalLimits limits={limits} />
      <div className="directory-layout">
        <Filters data={data} />
        <section aria-labelledby="directory-results">
          <h2 id="directory-results" className="result-heading">{`${result.total}件${profileName ? `（評価基準「${profileName}」で順位付け）` : ""}`}</h2>
          <form id="compare-form" method="get" action="/compare" className="compare-bar">
            {query.template ? <input type="hidden" name="template" value={query.template} /> : null}
            {query.profile ? <input type="hidden" name="profile" value={query.profile} /> : null}
            <button type="submit">チェックした開示書を比較</button>
            <span className="muted">同じ様式の開示書を2〜20件選んでください。</span>
          </form>
          {result.entries.length ? (
            <Entries entries={result.entries} data={data} back={back} />
          ) : (
            <p className="empty">条件に合う開示書はありません。条件を減らしてお試しください。</p>
          )}
          <Pager query={query as DirectoryQuery} page={result.page} pageCount={result.pageCount} />
        </section>
      </div>
    </div>
  );
}
