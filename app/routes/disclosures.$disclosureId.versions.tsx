// Every published version of a disclosure, newest first, and a form to compare any two.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { disclosureBase, TemplateLine, VendorLine, VersionPicker } from "~/components/disclosure-reading";
import { listVersions } from "~/models/disclosure.server";
import { isShareable, loadPublishedDisclosure, loadVersionTemplate, NOT_FOUND_MESSAGE, readerOf } from "~/models/reading.server";
import styles from "~/styles/disclosure.css";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { cacheHeaders, cachingHeadersOf } from "~/utils/page-cache.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const disclosure = await loadPublishedDisclosure(db, params.disclosureId!, readerOf(context));
  invariantResponse(disclosure, NOT_FOUND_MESSAGE);
  const versions = await listVersions(db, disclosure.id);
  const template = await loadVersionTemplate(db, disclosure);
  return json(
    {
      base: disclosureBase(disclosure.id),
      disclosureId: disclosure.id,
      latest: disclosure.latest_version,
      withdrawnDate: disclosure.withdrawn_at === null ? null : formatDate(disclosure.withdrawn_at),
      heading: {
        organization: { name: disclosure.organization_name, verified: disclosure.organization_verified_at !== null },
        serviceName: disclosure.service_name,
        template: { id: template.id, version: template.version, title: template.title, edition: template.source.edition },
      },
      versions: versions.map((v) => ({ number: v.number, date: formatDate(v.published_at), iso: new Date(v.published_at).toISOString(), hash: v.content_hash, reason: v.change_reason })),
    },
    // A new version should show up soon: a short lifetime, and none for restricted disclosures.
    { headers: cacheHeaders(isShareable(context, disclosure), undefined, 60) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersOf(loaderHeaders);

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `版の一覧 | ${data.heading.organization.name}「${data.heading.template.title}」 | Kaiji` },
        { name: "description", content: `${data.heading.organization.name}が公開した「${data.heading.template.title}」の版の一覧（全${data.versions.length}版）。` },
      ]
    : [{ title: "開示書が見つかりません | Kaiji" }];

export default function DisclosureVersionsPage() {
  const { base, disclosureId, latest, withdrawnDate, heading, versions } = useLoaderData<typeof loader>();
  return (
    <div className="disclosure-versions">
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={`${base}/v/${latest}`}>開示書（最新版）</Link> › <span>版の一覧</span>
      </nav>
      <VendorLine heading={heading} />
      <h1>版の一覧</h1>
      <p>
        <TemplateLine template={heading.template} />
      </p>
      {withdrawnDate ? (
        <p className="disclosure-notice disclosure-withdrawn" role="note">
          <strong>取り下げ済み</strong>：この開示書は{withdrawnDate}に取り下げられました。公開されていた版は記録として残しています。
        </p>
      ) : null}
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">版</th>
            <th scope="col">最終更新日</th>
            <th scope="col">ハッシュ値（SHA-256、先頭12桁）</th>
            <th scope="col">JSON</th>
            <th scope="col">差分</th>
            <th scope="col">改版理由</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.number}>
              <td>
                <Link to={`${base}/v/${v.number}`}>{`第${v.number}版`}</Link> {v.number === latest ? <span className="badge badge-latest">最新版</span> : null}
              </td>
              <td>
                <time dateTime={v.iso}>{v.date}</time>
              </td>
              <td>
                <code className="hash" title={v.hash}>
                  {v.hash.slice(0, 12)}
                </code>
              </td>
              <td>
                <a href={`${base}/v/${v.number}.json`} type="application/json">
                  JSON
                </a>
              </td>
              <td>{v.number > 1 ? <Link to={`${base}/diff?from=${v.number - 1}&to=${v.number}`}>{`第${v.number - 1}版から`}</Link> : <span className="muted">—</span>}</td>
              <td className="preserve-lines">{v.reason ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>2つの版を比較</h2>
      <VersionPicker disclosureId={disclosureId} versions={versions} from={Math.max(1, latest - 1)} to={latest} />
    </div>
  );
}
