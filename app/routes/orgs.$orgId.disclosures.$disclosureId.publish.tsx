// /orgs/:orgId/disclosures/:d/publish — the confirmation step before publishing an immutable version:
// what prevents it, what changes since the last version, derived results before → after, who will read
// it, and the 改版理由. The form posts to the disclosure page's action, the one place that publishes.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CHANGE_REASON_MAX } from "../../disclosures/publish-summary";
import { PublishProblems } from "~/components/publish-problems";
import { DerivedChanges, DiffItems } from "~/components/version-changes";
import { visibilityLabels } from "~/models/disclosure";
import { getDisclosure, publishPreview } from "~/models/disclosure.server";
import { getTemplate } from "~/models/template.server";
import styles from "~/styles/disclosure.css";
import { db } from "~/utils/db.server";
import { requireOrgRole } from "~/utils/permissions.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `公開の確認 | ${data?.template.title ?? "開示書"} | Kaiji` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "editor");
  const disclosure = await getDisclosure(db, organization.id, params.disclosureId!);
  invariantResponse(disclosure, "開示書が見つかりません");
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  return json({
    organization: { id: organization.id, name: organization.name },
    base: `/orgs/${organization.id}/disclosures/${disclosure.id}`,
    disclosure: { id: disclosure.id, visibility: disclosure.visibility, withdrawn: disclosure.withdrawn_at !== null, latest: disclosure.latest_version, serviceName: disclosure.service_name },
    template: { title: template.title, edition: template.source.edition },
    // Publishing a withdrawn disclosure puts it back up: the owner's decision (see the disclosure page's action).
    mayPublish: disclosure.withdrawn_at === null || role === "owner",
    summary: await publishPreview(db, disclosure, template),
  });
}

export default function PublishConfirmationPage() {
  const { organization, base, disclosure, template, mayPublish, summary } = useLoaderData<typeof loader>();
  const next = `第${summary.number}版`;
  const previous = `第${disclosure.latest}版`;
  const reasonRequired = summary.number > 1;
  const ready = !summary.problems.length && !summary.unchanged;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={`/orgs/${organization.id}/disclosures`}>開示書</Link> › <Link to={base}>{template.title}</Link> › 公開の確認
      </nav>
      <h1>{`${next}として公開する内容の確認`}</h1>
      <dl className="facts">
        <div>
          <dt>様式</dt>
          <dd>{`${template.title}（${template.edition}）`}</dd>
        </div>
        <div>
          <dt>対象</dt>
          <dd>{disclosure.serviceName ?? "組織全体"}</dd>
        </div>
        <div>
          <dt>公開範囲</dt>
          <dd>
            {visibilityLabels[disclosure.visibility]}（変更は<Link to={base}>開示書のページ</Link>で所有者が行います）
          </dd>
        </div>
        <div>
          <dt>回答</dt>
          <dd>{`${summary.itemCount}項目中${summary.answered}項目に回答`}</dd>
        </div>
      </dl>
      {disclosure.withdrawn ? <p className="notice">{mayPublish ? "取り下げ中です。公開すると取り下げが解除されます。" : "取り下げ中です。公開すると取り下げが解除されるため、公開できるのは所有者だけです。"}</p> : null}
      {summary.problems.length ? (
        <section className="panel">
          <h2>{`公開できません。次の${summary.problems.length}項目を確認してください`}</h2>
          <PublishProblems problems={summary.problems} base={base} />
        </section>
      ) : null}
      {summary.unchanged ? <p className="notice">{`前の版から変更がありません。${previous}と同じ内容のため、公開する新しい版はありません。`}</p> : null}
      <DerivedChanges changes={summary.derived} heading={disclosure.latest ? `自動判定（${previous} → ${next}）` : "自動判定"} />
      <section className="panel">
        <h2>{disclosure.latest ? `${previous}からの変更` : "公開する回答"}</h2>
        {!disclosure.latest ? (
          <p>{`初めての公開です。${summary.itemCount}項目中${summary.answered}項目に回答しています。`}</p>
        ) : summary.changes.length ? (
          <>
            <p className="diff-summary" role="status">{`${summary.changes.length}項目に違いがあります（変更 ${summary.counts.changed}・回答を追加 ${summary.counts.added}・回答を削除 ${summary.counts.removed}）`}</p>
            <DiffItems items={summary.changes} beforeLabel={previous} afterLabel={next} />
          </>
        ) : (
          <p>回答に違いはありません。</p>
        )}
      </section>
      {ready && mayPublish ? (
        <section className="panel narrow">
          <h2>公開</h2>
          <Form method="post" action={base}>
            <input type="hidden" name="intent" value="publish" />
            <input type="hidden" name="version" value={summary.number} />
            <label htmlFor="reason">{`改版理由（${reasonRequired ? "必須" : "任意"}）`}</label>
            <textarea id="reason" name="reason" rows={5} maxLength={CHANGE_REASON_MAX} required={reasonRequired} aria-describedby="reason-hint" />
            <p id="reason-hint" className="muted">{`${CHANGE_REASON_MAX}文字以内。版と一緒に記録され、版の一覧・差分・JSON・PDFに表示されます。公開した版と改版理由は後から変更できません。`}</p>
            <button type="submit">{`${next}として公開${disclosure.withdrawn ? "（取り下げを解除）" : ""}`}</button>
          </Form>
        </section>
      ) : null}
      <p>
        <Link to={`${base}/edit`}>下書きの編集に戻る</Link>
      </p>
    </>
  );
}
