// A vendor's public page: who they are (確認済, services, certifications in force, where data is kept,
// foreign law) and every published disclosure the reader may see, 申請制 ones they may not read as locked
// entries. What it lists depends on the reader: anonymous readers all get the same bytes, kept by the page cache
// (no hydration, so no per-request nonce; DECISIONS 34); anyone signed in gets a private render.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LockedBadge, LockedRequestLine, StaleFlag } from "~/components/locked-entry";
import { WatchButton } from "~/components/watch-button";
import { watchControlsOf } from "~/models/watch.server";
import { visibilityLabels } from "~/models/disclosure";
import { japaneseDate } from "~/models/document.server";
import { readerOf } from "~/models/reading.server";
import { loadVendorPage } from "~/models/vendor-page.server";
import { foreignLawLabels, foreignLawQuestion, serviceKindLabels } from "~/models/vendor-profile";
import styles from "~/styles/directory.css";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { cacheHeaders, cachingHeadersOf } from "~/utils/page-cache.server";
import { SHAREABLE_VENDOR_PAGE } from "~/utils/published-page-cache.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
// A document to read with links and plain forms (the watch button posts and redirects): no scripts needed.
export const handle = { hydrate: false };

const NOT_FOUND = "指定された事業者は見つかりません";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const page = await loadVendorPage(db, readerOf(context), params.orgId!);
  if (!page) throw new Response(NOT_FOUND, { status: 404 });
  return json(
    {
      ...page,
      // Editors of verified hospitals watch the vendor (app/routes/orgs.$orgId.watch.tsx).
      watches: await watchControlsOf(db, readerOf(context), "vendor", page.organization.id),
      // 「資料」: document disclosures (app/models/document.server.ts), 申請制 ones as locked entries with the reader's request.
      documents: page.documents.map((d) => ({
        ...d,
        createdOn: japaneseDate(d.createdOn),
        expiresOn: d.expiresOn && japaneseDate(d.expiresOn),
        request: d.request && { status: d.request.status, hospitalName: d.request.hospitalName, date: formatDate(d.request.createdAt) },
      })),
      disclosures: page.disclosures.map((d) => ({
        ...d,
        lastUpdated: formatDate(d.publishedAt),
        visibilityLabel: visibilityLabels[d.visibility],
        request: d.request && { status: d.request.status, hospitalName: d.request.hospitalName, date: formatDate(d.request.createdAt) },
      })),
    },
    { headers: context.auth ? cacheHeaders(false) : { "Cache-Control": SHAREABLE_VENDOR_PAGE, Vary: "Cookie" } },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersOf(loaderHeaders);

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.organization.name} | 事業者 | Kaiji` },
        { name: "description", content: `${data.organization.name}が公開している開示書、認証、データの保存場所。` },
        // The vendor's feed (app/routes/vendors.$orgId.feed[.atom].tsx) holds its public disclosures.
        ...(data.disclosures.some((d) => d.visibility === "public")
          ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", title: `${data.organization.name}の開示書の更新情報`, href: `/vendors/${encodeURIComponent(data.organization.id)}/feed.atom` }]
          : []),
      ]
    : [{ title: "事業者が見つかりません | Kaiji" }];

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["disclosures"][number];

function DisclosureEntry({ entry, route }: { entry: Entry; route: ReturnType<typeof useLoaderData<typeof loader>>["requestRoute"] }) {
  const subject = entry.release ?? entry.serviceName;
  return (
    <li className={entry.locked ? "directory-entry vendor-disclosure locked-entry" : "directory-entry vendor-disclosure"} data-disclosure-id={entry.disclosureId}>
      <p className="directory-entry-head">
        {entry.locked ? <span className="vendor-disclosure-title">{entry.templateTitle}</span> : <Link to={`/disclosures/${encodeURIComponent(entry.disclosureId)}`}>{entry.templateTitle}</Link>}
        {subject ? <span className="directory-service">{subject}</span> : null}
        {entry.locked ? <LockedBadge /> : entry.visibility !== "public" ? <span className="badge">{entry.visibilityLabel}</span> : null}
      </p>
      <p>
        {`${entry.templateVersion}版の様式・第${entry.version}版 最終更新日 `}
        <time dateTime={new Date(entry.publishedAt).toISOString()}>{entry.lastUpdated}</time>
        {entry.stale ? <StaleFlag /> : null}
      </p>
      {entry.locked ? <LockedRequestLine disclosureId={entry.disclosureId} route={route} request={entry.request} /> : null}
    </li>
  );
}

function DocumentsSection() {
  const { documents, requestRoute } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="vendor-documents">
      <h2 id="vendor-documents">資料</h2>
      {documents.length ? (
        <ul className="directory-list">
          {documents.map((d) => (
            <li key={d.id} className={d.locked ? "directory-entry vendor-document locked-entry" : "directory-entry vendor-document"} data-document-id={d.id}>
              <p className="directory-entry-head">
                <Link to={`/documents/${encodeURIComponent(d.id)}`}>{d.title}</Link>
                {d.serviceName ? <span className="directory-service">{d.serviceName}</span> : null}
                {d.locked ? <LockedBadge /> : d.visibility !== "public" ? <span className="badge">{visibilityLabels[d.visibility]}</span> : null}
              </p>
              <p>
                {`${d.kindLabel}・第${d.version}版 作成日 ${d.createdOn}・有効期限 ${d.expiresOn ?? "なし"}`}
                {d.expired ? <span className="badge badge-stale">有効期限切れ</span> : null}
              </p>
              {d.locked ? <LockedRequestLine documentId={d.id} route={requestRoute} request={d.request} /> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">閲覧できる資料はありません。</p>
      )}
    </section>
  );
}

export default function VendorPage() {
  const { organization, services, certifications, storage, disclosures, requestRoute, watches } = useLoaderData<typeof loader>();
  return (
    <div className="vendor-page">
      <h1>
        {organization.name}
        {organization.verified ? (
          <span className="badge badge-verified" title="運営者が実在と連絡先を確認した事業者です">
            確認済
          </span>
        ) : null}
      </h1>
      <p>
        <Link to="/directory">事業者を探す</Link>
      </p>
      <WatchButton controls={watches} kind="vendor" targetId={organization.id} back={`/vendors/${encodeURIComponent(organization.id)}`} />

      <section aria-labelledby="vendor-profile">
        <h2 id="vendor-profile">事業者の情報</h2>
        <dl className="vendor-facts">
          <dt>認証（有効期限内）</dt>
          <dd>
            {certifications.length ? (
              <ul>
                {certifications.map((c, i) => (
                  <li key={i}>
                    {c.label}
                    {c.number ? ` 登録番号 ${c.number}` : ""}
                    {c.expiresOn ? `（有効期限 ${c.expiresOn}）` : "（有効期限の登録なし）"}
                  </li>
                ))}
              </ul>
            ) : (
              "登録なし"
            )}
          </dd>
          <dt>データの保存場所</dt>
          <dd>{storage.length ? storage.join("、") : "登録なし"}</dd>
          <dt>{foreignLawQuestion}</dt>
          <dd>{organization.foreignLaw ? foreignLawLabels[organization.foreignLaw] : "未回答"}</dd>
        </dl>
      </section>

      <section aria-labelledby="vendor-services">
        <h2 id="vendor-services">サービス・製品</h2>
        {services.length ? (
          <ul>
            {services.map((s) => (
              <li key={s.id}>
                <strong>{s.name}</strong>
                {`（${serviceKindLabels[s.kind]}）`}
                {s.description ? <p className="vendor-service-description">{s.description}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">登録されたサービスはありません。</p>
        )}
      </section>

      <section aria-labelledby="vendor-disclosures">
        <h2 id="vendor-disclosures">開示書</h2>
        {disclosures.some((d) => d.visibility === "public") ? (
          <p>
            <a href={`/vendors/${encodeURIComponent(organization.id)}/feed.atom`} type="application/atom+xml">
              一般公開の開示書の更新情報（Atom フィード）
            </a>
          </p>
        ) : null}
        {disclosures.length ? (
          <ul className="directory-list">
            {disclosures.map((d) => (
              <DisclosureEntry key={d.disclosureId} entry={d} route={requestRoute} />
            ))}
          </ul>
        ) : (
          <p className="empty">閲覧できる開示書はありません。</p>
        )}
      </section>

      <DocumentsSection />
    </div>
  );
}
