// /disclosures/:id/diff?from=N&to=M — what changed between two published versions, item by item.
// A missing or unusable pair falls back to (latest-1, latest) and says so.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { buildDiffView } from "../../disclosures/disclosure-view";
import { derivedChanges } from "../../disclosures/publish-summary";
import { disclosureBase, TemplateLine, VendorLine, VersionPicker } from "~/components/disclosure-reading";
import { DerivedChanges, DiffItems } from "~/components/version-changes";
import { getVersion, listVersions } from "~/models/disclosure.server";
import { isShareable, loadPublishedDisclosure, loadVersionTemplate, NOT_FOUND_MESSAGE, parseVersionNumber, readerOf } from "~/models/reading.server";
import styles from "~/styles/disclosure.css";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { cacheHeaders, cachingHeadersOf } from "~/utils/page-cache.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** The pair to compare, and a message when the one asked for could not be used. */
function choosePair(url: URL, latest: number): { from: number; to: number; notice: string | null } {
  const fallback = { from: latest - 1, to: latest };
  const rawFrom = url.searchParams.get("from");
  const rawTo = url.searchParams.get("to");
  if (rawFrom === null && rawTo === null) return { ...fallback, notice: null };
  const from = parseVersionNumber(rawFrom);
  const to = parseVersionNumber(rawTo);
  const exists = (n: number | undefined): n is number => n !== undefined && n <= latest;
  if (!exists(from) || !exists(to)) {
    return { ...fallback, notice: `指定された版（比較元「${(rawFrom ?? "").slice(0, 20)}」・比較先「${(rawTo ?? "").slice(0, 20)}」）が見つからないため、第${fallback.from}版と第${fallback.to}版を比較しています。` };
  }
  if (from === to) return { ...fallback, notice: `同じ版どうしは比較できないため、第${fallback.from}版と第${fallback.to}版を比較しています。` };
  return { from, to, notice: null };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const disclosure = await loadPublishedDisclosure(db, params.disclosureId!, readerOf(context));
  invariantResponse(disclosure, NOT_FOUND_MESSAGE);
  const latest = disclosure.latest_version;
  const versions = (await listVersions(db, disclosure.id)).map((v) => ({ number: v.number, date: formatDate(v.published_at), reason: v.change_reason }));
  const headers = cacheHeaders(isShareable(context, disclosure));
  const template = await loadVersionTemplate(db, disclosure);
  const common = {
    base: disclosureBase(disclosure.id),
    disclosureId: disclosure.id,
    latest,
    versions,
    heading: {
      organization: { name: disclosure.organization_name, verified: disclosure.organization_verified_at !== null },
      serviceName: disclosure.service_name,
      template: { id: template.id, version: template.version, title: template.title, edition: template.source.edition },
    },
  };
  if (latest < 2) return json({ ...common, comparison: null }, { headers });

  const { from, to, notice } = choosePair(new URL(request.url), latest);
  const [before, after] = await Promise.all([getVersion(db, disclosure.id, from), getVersion(db, disclosure.id, to)]);
  invariantResponse(before && after, NOT_FOUND_MESSAGE);
  // Item keys are stable across template versions, so the later version's template reads both.
  const diffTemplate = await loadVersionTemplate(db, to > from ? after : before);
  const items = buildDiffView(diffTemplate, before.parsed, after.parsed);
  // The reasons given for the versions between the two (for a backward pair, the same versions).
  const [low, high] = from < to ? [from, to] : [to, from];
  const reasons = versions.filter((v) => v.number > low && v.number <= high).map((v) => ({ number: v.number, date: v.date, reason: v.reason }));
  return json(
    {
      ...common,
      comparison: {
        notice,
        from: { number: from, date: formatDate(before.published_at), hash: before.content_hash },
        to: { number: to, date: formatDate(after.published_at), hash: after.content_hash },
        items,
        reasons,
        derived: derivedChanges(diffTemplate, before.parsed, after.parsed),
        counts: {
          added: items.filter((i) => i.change === "added").length,
          removed: items.filter((i) => i.change === "removed").length,
          changed: items.filter((i) => i.change === "changed").length,
        },
      },
    },
    { headers },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersOf(loaderHeaders);

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "開示書が見つかりません | Kaiji" }];
  const pair = data.comparison ? `第${data.comparison.from.number}版→第${data.comparison.to.number}版の差分` : "版の差分";
  return [
    { title: `${pair} | ${data.heading.organization.name}「${data.heading.template.title}」 | Kaiji` },
    { name: "description", content: `${data.heading.organization.name}が公開した「${data.heading.template.title}」の${pair}。` },
  ];
};

export default function DisclosureDiffPage() {
  const { base, disclosureId, latest, versions, heading, comparison } = useLoaderData<typeof loader>();
  return (
    <div className="disclosure-diff">
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={`${base}/v/${latest}`}>開示書（最新版）</Link> › <Link to={`${base}/versions`}>版の一覧</Link> › <span>差分</span>
      </nav>
      <VendorLine heading={heading} />
      <h1>{comparison ? `第${comparison.from.number}版から第${comparison.to.number}版への変更` : "版の差分"}</h1>
      <p>
        <TemplateLine template={heading.template} />
      </p>
      {!comparison ? (
        <p className="disclosure-notice" role="note">
          公開されている版が第1版だけのため、比較できる版がありません。
        </p>
      ) : (
        <>
          {comparison.notice ? (
            <p className="disclosure-notice disclosure-outdated" role="note">
              {comparison.notice}
            </p>
          ) : null}
          <dl className="facts">
            <div>
              <dt>比較元</dt>
              <dd>
                <Link to={`${base}/v/${comparison.from.number}`}>{`第${comparison.from.number}版`}</Link>{`（${comparison.from.date}）`} <code className="hash">{comparison.from.hash.slice(0, 12)}</code>
              </dd>
            </div>
            <div>
              <dt>比較先</dt>
              <dd>
                <Link to={`${base}/v/${comparison.to.number}`}>{`第${comparison.to.number}版`}</Link>{`（${comparison.to.date}）`} <code className="hash">{comparison.to.hash.slice(0, 12)}</code>
              </dd>
            </div>
          </dl>
          <VersionPicker disclosureId={disclosureId} versions={versions} from={comparison.from.number} to={comparison.to.number} />
          <section className="panel" aria-label="改版理由">
            <h2>改版理由</h2>
            <dl className="change-reasons">
              {comparison.reasons.map((r) => (
                <div key={r.number}>
                  <dt>{`第${r.number}版（${r.date}）`}</dt>
                  <dd className="preserve-lines">{r.reason ?? "（記載なし）"}</dd>
                </div>
              ))}
            </dl>
          </section>
          <DerivedChanges changes={comparison.derived} heading={`自動判定の変化（第${comparison.from.number}版 → 第${comparison.to.number}版）`} onlyChanged />
          <p className="diff-summary" role="status">
            {comparison.items.length
              ? `${comparison.items.length}項目に違いがあります（変更 ${comparison.counts.changed}・回答を追加 ${comparison.counts.added}・回答を削除 ${comparison.counts.removed}）`
              : "2つの版の回答に違いはありません。"}
          </p>
          <DiffItems items={comparison.items} beforeLabel={`第${comparison.from.number}版`} afterLabel={`第${comparison.to.number}版`} />
        </>
      )}
    </div>
  );
}
