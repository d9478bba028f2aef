import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { computeDerived } from "../../disclosures/derived";
import { progressOf } from "../../disclosures/progress";
import type { PublishProblem } from "../../disclosures/publish-validation";
import { AccessTermsForm } from "~/components/access-terms-form";
import { DerivedResults } from "~/components/derived-results";
import { FormMessage } from "~/components/form";
import { PublishProblems } from "~/components/publish-problems";
import { AccessRequestTable } from "~/components/access-request-table";
import { decideFromForm, saveTermsFromForm } from "~/models/access-actions.server";
import { listAccessRequests } from "~/models/access-request.server";
import { latestTerms } from "~/models/access-terms.server";
import { statusLabel, visibilityLabels } from "~/models/disclosure";
import { getDisclosure, getDraft, listVersions, NothingToPublishError, publish, PublishValidationError, setVisibility, setWithdrawn, StalePublishError } from "~/models/disclosure.server";
import { embedSnippet } from "~/models/feeds.server";
import { announceSafely, announceVersion } from "~/models/notification-events.server";
import { getTemplate, newerTemplateVersion } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { actorOf, requestMeta, requireOrgRole, requireRoleAtLeast } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { parseChangeReason } from "../../disclosures/publish-summary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.template.title ?? "開示書"} | Kaiji` }];

async function load(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"], minimum: "viewer" | "editor" | "owner") {
  const access = await requireOrgRole(request, context, params.orgId!, minimum);
  const disclosure = await getDisclosure(db, access.organization.id, params.disclosureId!);
  if (!disclosure) throw new Response("開示書が見つかりません", { status: 404 });
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  return { ...access, disclosure, template };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role, disclosure, template } = await load(request, context, params, "viewer");
  const { content } = await getDraft(db, disclosure);
  const progress = progressOf(template, content);
  const versions = await listVersions(db, disclosure.id);
  // 「自社サイトに掲載」: only what anyone may see — public, published, not withdrawn (the badge is a 404 otherwise).
  const embed = disclosure.visibility === "public" && versions.length && !disclosure.withdrawn_at ? embedSnippet(disclosure.id, versions[0].number, versions[0].published_at) : null;
  return json({
    organization: { id: organization.id, name: organization.name },
    role,
    disclosure: { ...disclosure, status: statusLabel(disclosure) },
    template: { title: template.title, edition: template.source.edition },
    progress: { overall: progress.overall, sections: progress.sections.filter((s) => s.depth === 0) },
    derived: Object.values(computeDerived(template, content.responses ? Object.fromEntries(Object.entries(content.responses).map(([k, r]) => [k, r.value])) : {})),
    versions,
    embed,
    newerEdition: await newerTemplateVersion(db, disclosure.template_id, disclosure.template_version),
    requests: role === "viewer" ? [] : await listAccessRequests(db, { disclosureId: disclosure.id }),
    // The organisation's terms for access requests (all its 申請制 disclosures); owners write them here.
    terms: role === "owner" ? ((await latestTerms(db, organization.id)) ?? null) : null,
  });
}

type ActionData = { error?: string; success?: string; problems?: PublishProblem[]; reviewAgain?: boolean };

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Publishing is an editor's job; who may read it and whether it stays up is the owner's. Publishing a withdrawn
  // disclosure puts it back up, so that too is the owner's. Membership is checked before the body is read.
  const { user, disclosure, template, organization, role } = await load(request, context, params, "viewer");
  const form = await readForm(request);
  const intent = String(form.get("intent"));
  requireRoleAtLeast(role, intent === "publish" && !disclosure.withdrawn_at ? "editor" : "owner");
  const actor = actorOf(user);
  const meta = requestMeta(context);
  const reply = (data: ActionData, status = 200) => json(data, { status });
  try {
    switch (intent) {
      case "publish": {
        // The one place that publishes: the confirmation page (…/publish) posts here with the 改版理由,
        // required from 第2版 on, and the number it showed (a version published meanwhile is refused).
        const number = disclosure.latest_version + 1;
        const reviewed = form.get("version");
        if (reviewed !== null && String(reviewed) !== String(number)) throw new StalePublishError(disclosure.latest_version);
        const reason = parseChangeReason(form.get("reason"), number);
        if (!reason.ok) return reply({ error: reason.error, reviewAgain: true }, 400);
        const result = await publish(db, actor, disclosure, template, meta, undefined, { changeReason: reason.reason, expectedNumber: number });
        // Watchers hear of it (e-mail through the outbox); a failure there never undoes the publish: the sweep retries.
        await announceSafely("new version", () => announceVersion(db, disclosure.id, result.number));
        return reply({ success: `第${result.number}版を公開しました（SHA-256: ${result.contentHash}）` });
      }
      case "visibility": {
        const parsed = z.enum(["public", "hospitals", "request"]).safeParse(form.get("visibility"));
        if (!parsed.success) return reply({ error: "公開範囲を選んでください" }, 400);
        await setVisibility(db, actor, disclosure, parsed.data, meta);
        return reply({ success: `公開範囲を「${visibilityLabels[parsed.data]}」にしました` });
      }
      case "withdraw":
      case "reinstate":
        await setWithdrawn(db, actor, disclosure, intent === "withdraw", meta);
        return reply({ success: intent === "withdraw" ? "取り下げました。公開済みの版は、読む権限のある人は引き続き閲覧できます" : "取り下げを解除しました" });
      case "approve":
      case "decline":
      case "revoke": {
        // Shared with documents' pages (app/models/access-actions.server.ts).
        const { reply: answer, status } = await decideFromForm(db, actor, form, intent, { disclosureId: disclosure.id, vendorOrganizationId: organization.id }, meta);
        return reply(answer, status);
      }
      case "terms":
      case "terms-off": {
        const { reply: answer, status } = await saveTermsFromForm(db, actor, form, intent, organization.id, meta);
        return reply(answer, status);
      }
      default:
        return reply({ error: "不明な操作です" }, 400);
    }
  } catch (error) {
    if (error instanceof PublishValidationError) return reply({ error: `公開できません。次の${error.problems.length}項目を確認してください`, problems: error.problems }, 400);
    if (error instanceof StalePublishError) return reply({ error: error.message, reviewAgain: true }, 400);
    if (error instanceof NothingToPublishError) return reply({ error: error.message }, 400);
    throw error;
  }
}

export default function DisclosurePage() {
  const { organization, role, disclosure, template, progress, derived, versions, embed, requests, newerEdition, terms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const base = `/orgs/${organization.id}/disclosures/${disclosure.id}`;
  const o = progress.overall;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › <Link to={`/orgs/${organization.id}/disclosures`}>開示書</Link> › {template.title}
      </nav>
      <h1>{template.title}</h1>
      <dl className="facts">
        <div>
          <dt>状態</dt>
          <dd>{disclosure.status}</dd>
        </div>
        <div>
          <dt>対象</dt>
          <dd>{disclosure.service_name ?? "組織全体"}</dd>
        </div>
        <div>
          <dt>公開範囲</dt>
          <dd>{visibilityLabels[disclosure.visibility]}</dd>
        </div>
        <div>
          <dt>進捗（必須）</dt>
          <dd>
            {o.requiredAnswered}/{o.required}（全体 {o.answered}/{o.total}）
          </dd>
        </div>
      </dl>
      <FormMessage error={result?.error} success={result?.success} />
      {result?.reviewAgain ? (
        <p>
          <Link to={`${base}/publish`}>公開する内容の確認に戻る</Link>
        </p>
      ) : null}
      <PublishProblems problems={result?.problems ?? []} base={base} />
      <p className="actions">
        {role !== "viewer" ? (
          <Link className="button-link" to={`${base}/edit`}>
            下書きを編集
          </Link>
        ) : null}
        {disclosure.latest_version ? <Link to={`/disclosures/${disclosure.id}`}>公開ページを見る</Link> : null}
        {role !== "viewer" ? (
          <a href={`${base}/preview.pdf`} type="application/pdf">
            下書きをPDFで確認
          </a>
        ) : null}
        <a href={`${base}/draft.xlsx`} type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
          下書きをExcelで書き出す
        </a>
        {role !== "viewer" ? <Link to={`${base}/import`}>ファイルから回答を取り込む</Link> : null}
      </p>
      {newerEdition && role !== "viewer" ? (
        <p className="notice" role="note">
          {`この様式には新しい版（${newerEdition}）があります。`}
          <Link to={`${base}/edition`}>新しい版への移行を確認する</Link>
        </p>
      ) : null}
      <DerivedResults results={derived} />
      <section className="panel">
        <h2>セクションごとの進捗</h2>
        <ul>
          {progress.sections.map((s) => (
            <li key={s.key}>
              <Link to={`${base}/edit?section=${encodeURIComponent(s.key)}`}>{s.title}</Link>: 必須 {s.counts.requiredAnswered}/{s.counts.required}、回答 {s.counts.answered}/{s.counts.total}
            </li>
          ))}
        </ul>
      </section>
      {role !== "viewer" ? (
        <section className="panel narrow">
          <h2>公開</h2>
          <p>下書きを検証し、新しい版として公開します。公開日が最終更新日になり、内容のハッシュ（SHA-256）が記録されます。公開した版は変更できません。公開の前に、変わる項目・自動判定・公開範囲を確認し、改版理由を記入します（第2版以降は必須）。</p>
          {disclosure.withdrawn_at && role !== "owner" ? (
            <p className="notice">取り下げ中です。公開すると取り下げが解除されるため、公開できるのは所有者だけです。</p>
          ) : (
            <p>
              <Link className="button-link" to={`${base}/publish`}>{`内容を確認して第${disclosure.latest_version + 1}版として公開${disclosure.withdrawn_at ? "（取り下げを解除）" : ""}`}</Link>
            </p>
          )}
        </section>
      ) : null}
      {role === "owner" ? (
        <section className="panel narrow">
          <h2>公開範囲と取り下げ</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="visibility" />
            {(["public", "hospitals", "request"] as const).map((v) => (
              <label key={v} className="block-label">
                <input type="radio" name="visibility" value={v} defaultChecked={disclosure.visibility === v} /> {visibilityLabels[v]}
              </label>
            ))}
            <button type="submit">公開範囲を保存</button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value={disclosure.withdrawn_at ? "reinstate" : "withdraw"} />
            <p>
              <button type="submit" className={disclosure.withdrawn_at ? "button-secondary" : "button-danger"}>
                {disclosure.withdrawn_at ? "取り下げを解除" : "取り下げる"}
              </button>
            </p>
          </Form>
        </section>
      ) : null}
      {role === "owner" && (disclosure.visibility === "request" || terms?.text) ? <AccessTermsForm terms={terms} /> : null}
      <section className="panel">
        <h2>公開済みの版</h2>
        {versions.length ? (
          <ul>
            {versions.map((v) => (
              <li key={v.number}>
                <Link to={`/disclosures/${disclosure.id}/v/${v.number}`}>第{v.number}版</Link>（{formatDate(v.published_at)}）<code className="hash">{v.content_hash.slice(0, 16)}…</code>{" "}
                <a href={`/disclosures/${disclosure.id}/v/${v.number}.pdf`} type="application/pdf">
                  PDF
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">まだ公開していません。</p>
        )}
      </section>
      {embed ? (
        <section className="panel" aria-labelledby="embed-heading">
          <h2 id="embed-heading">自社サイトに掲載</h2>
          <p>次のHTMLを自社サイトに貼ると、最新版の版番号と最終更新日を示すバッジと、この開示書の公開ページ・PDFへのリンクが表示されます。新しい版を公開するとバッジも自動で更新されます（スクリプトは使いません）。</p>
          <p>
            <img src={`/disclosures/${disclosure.id}/badge.svg`} alt="バッジのプレビュー" width={embed.width} height={embed.height} />{" "}
            <a href={`/disclosures/${disclosure.id}/badge.svg?theme=dark`}>ダーク版のバッジ</a>
          </p>
          <label className="block-label" htmlFor="embed-snippet">
            掲載用HTML（選択してコピーしてください）
          </label>
          <textarea id="embed-snippet" readOnly rows={4} cols={80} value={embed.html} />
        </section>
      ) : null}
      <AccessRequestTable requests={requests} canDecide={role === "owner"} />
    </>
  );
}
