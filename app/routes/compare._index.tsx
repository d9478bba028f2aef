// Several vendors side by side on one template, item by item. The URL is the comparison
// (`d=` disclosures or a hospital's `shortlist=`, the template, the filters, a criteria profile),
// so it can be bookmarked and shared with colleagues; the exports take the same URL.
// No hydration: a 10 × 500 matrix is large, and every control here is a plain GET form.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ComparisonOverview } from "~/components/comparison-overview";
import { useServerFragment } from "~/components/server-fragments";
import { cellStateLabels, cellStateMarks, type VendorSummary } from "../../disclosures/compare";
import { comparisonOverview } from "../../disclosures/compare-overview";
import { comparisonQuery, levelFilterLabels, parseComparisonParams, type ComparisonParams } from "~/models/comparison";
import { hospitalToolsOf, loadComparison, type ComparisonColumn } from "~/models/comparison.server";
import { readerOf } from "~/models/reading.server";
import styles from "~/styles/directory.css";
import { db } from "~/utils/db.server";
import { SHAREABLE_COMPARISON } from "~/utils/published-page-cache.server";
import { matrixSectionHtml } from "~/utils/comparison-matrix.server";
import { formatDate } from "~/utils/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const handle = { hydrate: false };

const MATRIX = "compare-matrix";
type MatrixSection = { key: string; html: string };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = parseComparisonParams(new URL(request.url).searchParams);
  const reader = readerOf(context);
  const outcome = await loadComparison(db, reader, params);
  if (outcome.kind === "notFound") throw new Response("指定された候補リストは見つかりません", { status: 404 });
  // Comparisons can include restricted disclosures: never kept by shared caches, except what an anonymous
  // reader sees (public disclosures only), which the page cache keeps by URL.
  const headers = { "Cache-Control": reader ? "private, no-store" : SHAREABLE_COMPARISON };
  if (outcome.kind === "message") {
    return json({ params, message: outcome.message, notices: outcome.notices, page: null, profiles: [], overview: null, matrix: [] }, { status: outcome.status, headers });
  }
  const { page } = outcome;
  const profiles = (await hospitalToolsOf(db, reader)).profiles.filter((p) => p.templateId === page.template.id);
  // The matrix as HTML, a section at a time with a turn of the event loop between them, so that a 20-vendor
  // comparison never holds other requests up for long; the rows themselves are not sent to the component.
  const matrix: MatrixSection[] = [];
  for (const section of page.comparison.sections) {
    matrix.push({ key: section.key, html: matrixSectionHtml(section, page.columns.length) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { sections: _rows, ...comparison } = page.comparison;
  // A whole document takes the matrix from the side (components/server-fragments.tsx); a data request in its data.
  context.serverFragments?.set(MATRIX, matrix);
  return json(
    {
      params: { ...params, template: page.template.id },
      message: null,
      notices: page.notices,
      profiles,
      page: { ...page, comparison, columns: page.columns.map((c) => ({ ...c, lastUpdated: formatDate(c.publishedAt) })) },
      overview: comparisonOverview(page.comparison),
      matrix: context.serverFragments ? null : matrix,
    },
    { headers },
  );
}

export const headers = ({ loaderHeaders }: { loaderHeaders: Headers }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.page ? `比較: ${data.page.template.title}（${data.page.columns.length}社） | Kaiji` : "開示書の比較 | Kaiji" },
  { name: "robots", content: "noindex" },
];

type Page = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["page"]>;

function Filters({ params, page, profiles }: { params: ComparisonParams; page: Page; profiles: { id: string; name: string }[] }) {
  const { filters } = params;
  return (
    <Form method="get" className="compare-filters" aria-label="絞り込み">
      {params.shortlist ? <input type="hidden" name="shortlist" value={params.shortlist} /> : null}
      {params.disclosures.map((d) => (
        <input key={d} type="hidden" name="d" value={d} />
      ))}
      <input type="hidden" name="template" value={page.template.id} />
      <label>
        表示する項目
        <select name="level" defaultValue={filters.level}>
          {Object.entries(levelFilterLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {page.comparison.subsetOptions.length ? (
        <label>
          項目の範囲
          <select name="subset" defaultValue={filters.subset ?? ""}>
            <option value="">様式のすべての項目</option>
            {page.comparison.subsetOptions.map((s) => (
              <option key={s.key} value={s.key}>{`${s.title}（${s.count}項目）`}</option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        <input type="checkbox" name="diff" value="1" defaultChecked={filters.differences} /> 違いのある項目のみ
      </label>
      <label>
        <input type="checkbox" name="gaps" value="1" defaultChecked={filters.gaps} /> 不足のある必須項目のみ
      </label>
      <label>
        章
        <select name="section" defaultValue={filters.section ?? ""}>
          <option value="">すべての章</option>
          {page.comparison.sectionOptions.map((s) => (
            <option key={s.key} value={s.key}>
              {"　".repeat(s.depth)}
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        キーワード
        <input type="search" name="q" defaultValue={filters.q} maxLength={200} />
      </label>
      {profiles.length ? (
        <label>
          評価基準
          <select name="profile" defaultValue={page.profile?.id ?? ""}>
            <option value="">使わない</option>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="submit">絞り込む</button>
    </Form>
  );
}

function ColumnHeader({ column, summary, mixed }: { column: Page["columns"][number] & ComparisonColumn; summary: VendorSummary; mixed: boolean }) {
  return (
    <th scope="col">
      {summary.rank !== null ? <span className="rank">{`${summary.rank}位`}</span> : null}{" "}
      <Link to={`/disclosures/${encodeURIComponent(column.disclosureId)}/v/${column.version}`}>{column.organizationName}</Link>
      {column.verified ? <span className="badge badge-verified">確認済</span> : null}
      {(column.release ?? column.serviceName) ? <span className="cell-detail">{column.release ?? column.serviceName}</span> : null}
      <span className="cell-detail">{`第${column.version}版・${column.lastUpdated}${mixed ? `・様式 ${column.templateVersion}版` : ""}${column.withdrawn ? "・取り下げ済" : ""}`}</span>
      {column.note ? (
        <details className="cell-more">
          <summary>メモ</summary>
          <span className="preserve-lines">{column.note}</span>
        </details>
      ) : null}
    </th>
  );
}

const ratio = (met: number, of: number) => (of ? `${met}/${of}` : "—");

function SummaryRows({ page }: { page: Page }) {
  const summaries = page.comparison.order.map((i) => page.comparison.summaries[i]);
  const rows: [string, (s: VendorSummary) => string][] = [
    ["必須項目 対応", (s) => ratio(s.requiredMet, s.requiredApplicable)],
    ["推奨項目 対応", (s) => ratio(s.recommendedMet, s.recommendedApplicable)],
    ["実施予定", (s) => `${s.planned}件`],
    ["未対応", (s) => `${s.unmet}件`],
    ["未回答", (s) => `${s.unanswered}件`],
  ];
  const derivedTitles = summaries[0]?.derived.map((d) => d.title) ?? [];
  return (
    <tbody className="summary">
      {rows.map(([label, value]) => (
        <tr key={label} className="summary-row">
          <th scope="row" className="item-col">
            {label}
          </th>
          {summaries.map((s, i) => (
            <td key={i}>{value(s)}</td>
          ))}
        </tr>
      ))}
      {derivedTitles.map((title, d) => (
        <tr key={title} className="summary-row">
          <th scope="row" className="item-col">{`${title}（自動判定）`}</th>
          {summaries.map((s, i) => (
            <td key={i}>
              {s.derived[d]?.text ?? "—"}
              {s.derived[d]?.basis ? `（${s.derived[d]!.basis!.label}）` : null}
              {s.derived[d]?.secondary ? <div className="muted">{`参考（様式の判定ではありません）: ${s.derived[d]!.secondary}`}</div> : null}
            </td>
          ))}
        </tr>
      ))}
      {page.profile ? (
        <tr className="summary-row">
          <th scope="row" className="item-col">{`評価（${page.profile.name}）`}</th>
          {summaries.map((s, i) => (
            <td key={i}>{`${s.score.score ?? "—"}点・必達の不足 ${s.score.mustMissing}/${s.score.mustTotal}件`}</td>
          ))}
        </tr>
      ) : null}
    </tbody>
  );
}

function Legend() {
  return (
    <p className="muted">
      凡例:{" "}
      {(["met", "unmet", "planned", "notApplicable", "unanswered"] as const).map((s) => (
        <span key={s}>{`${cellStateMarks[s]} ${cellStateLabels[s]}　`}</span>
      ))}
      （色だけでなく記号でも区別しています）
    </p>
  );
}

export default function ComparePage() {
  const { params, message, notices, page, profiles, overview, matrix: sent } = useLoaderData<typeof loader>();
  const kept = useServerFragment<MatrixSection[]>(MATRIX);
  const matrix: MatrixSection[] = (sent as MatrixSection[] | null) ?? kept ?? [];
  const query = comparisonQuery(params as ComparisonParams);
  return (
    <div className="compare">
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/directory">事業者を探す</Link> › <span>比較</span>
        {page?.shortlist ? (
          <>
            {" "}
            ・ <Link to={`/orgs/${encodeURIComponent(page.shortlist.organizationId)}/shortlists/${encodeURIComponent(page.shortlist.id)}`}>{`候補リスト「${page.shortlist.name}」`}</Link>
          </>
        ) : null}
      </nav>
      <h1>{page ? `比較: ${page.template.title}` : "開示書の比較"}</h1>
      {notices.map((n) => (
        <p key={n} className="notice" role="note">
          {n}
        </p>
      ))}
      {message || !page ? (
        <>
          <p className="notice" role="alert">
            {message}
          </p>
          <p>
            <Link to="/directory">事業者を探す</Link>で比較したい開示書にチェックを入れるか、候補リストから比較してください。
          </p>
        </>
      ) : (
        <>
          <p>{`${page.columns.length}社を比較しています。${page.comparison.rowCount}項目を表示中（比較対象 ${page.comparison.sharedCount}項目）。`}</p>
          {page.comparison.editions.mixed ? (
            <p className="edition-notice" role="note">{`異なる版の様式（${page.comparison.editions.versions.join("、")}）が含まれるため、すべての版に共通する${page.comparison.sharedCount}項目のみを比較しています（共通でない${page.comparison.editions.excludedCount}項目は除外）。`}</p>
          ) : null}
          <Filters params={params as ComparisonParams} page={page} profiles={profiles} />
          <p className="export-links">
            <span>書き出し:</span>
            <a href={`/compare.pdf${query}`}>PDF（横向き）</a>
            <a href={`/compare.xlsx${query}`}>Excel（xlsx）</a>
            <a href={`/compare.csv${query}`}>CSV</a>
            {page.shortlist ? <span className="muted">このページのURLは同じ医療機関のメンバーと共有できます。</span> : null}
          </p>
          <ComparisonOverview
            overview={overview!}
            rowCount={page.comparison.rowCount}
            vendors={page.columns.map((c, i) => ({ name: c.serviceName ? `${c.organizationName}（${c.serviceName}）` : c.organizationName, rank: page.comparison.summaries[page.comparison.order[i]].rank }))}
            chapterHref={(key) => `${comparisonQuery(params as ComparisonParams, { section: key })}#matrix`}
          />
          <Legend />
          <div className="compare-scroll" id="matrix">
            <table className="compare-table">
              <thead>
                <tr>
                  <th scope="col" className="item-col">
                    項目
                  </th>
                  {page.columns.map((column, i) => (
                    <ColumnHeader key={column.disclosureId} column={column} summary={page.comparison.summaries[page.comparison.order[i]]} mixed={page.comparison.editions.mixed} />
                  ))}
                </tr>
              </thead>
              <SummaryRows page={page} />
              {matrix.map((section) => (
                // Built and escaped in the loader (utils/comparison-matrix.server.ts).
                <tbody key={section.key} dangerouslySetInnerHTML={{ __html: section.html }} />
              ))}
            </table>
          </div>
          {page.comparison.rowCount === 0 ? <p className="empty">条件に合う項目はありません。</p> : null}
        </>
      )}
    </div>
  );
}
