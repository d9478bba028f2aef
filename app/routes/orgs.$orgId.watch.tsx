// /orgs/:orgId/watch — the hospital organisation's watch list: watched disclosures (latest version against the
// pinned one, 改版理由, withdrawal, what changed since the pin) and watched vendors (their disclosures, certificates
// expiring within 60 days), and the private feed's secret URL. Members read; editors and owners change; only
// verified hospitals watch. The 「ウォッチする」 forms on version and vendor pages post here and come back.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage } from "~/components/form";
import { addWatch, feedTokenIssuedAt, issueFeedToken, loadWatchList, pinVersion, removeWatch, WATCH_HOSPITAL_ONLY, WATCH_LIMITS, WatchRuleError } from "~/models/watch.server";
import { WATCH_VERIFIED_ONLY } from "~/models/watch";
import { db } from "~/utils/db.server";
import { publicOrigin } from "~/utils/env.server";
import { formatDate } from "~/utils/format";
import { parseForm } from "~/utils/forms";
import { type IntentReply, intentReplies } from "~/utils/intent-reply.server";
import { actorOf, requestMeta, requireOrgRole, safeRedirectPath } from "~/utils/permissions.server";
import { invariantResponse } from "~/utils/responses.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "ウォッチリスト | Kaiji" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", WATCH_HOSPITAL_ONLY);
  const [list, feedIssuedAt] = await Promise.all([loadWatchList(db, organization), feedTokenIssuedAt(db, organization.id)]);
  return json({
    organization: { id: organization.id, name: organization.name, verified: organization.verified_at !== null },
    canEdit: role !== "viewer" && organization.verified_at !== null,
    list: {
      ...list,
      disclosures: list.disclosures.map((d) => ({ ...d, latestDate: formatDate(d.latestAt), withdrawnDate: d.withdrawnAt === null ? null : formatDate(d.withdrawnAt), pin: d.pin && { ...d.pin, date: formatDate(d.pin.at) } })),
      vendors: list.vendors.map((v) => ({ ...v, disclosures: v.disclosures.map((d) => ({ ...d, lastUpdated: formatDate(d.publishedAt) })) })),
    },
    feedIssued: feedIssuedAt === null ? null : formatDate(feedIssuedAt),
    noteMax: WATCH_LIMITS.noteMax,
    expiringDays: WATCH_LIMITS.expiringDays,
  });
}

const id = z.string().trim().min(1).max(100);
const targetSchema = z.object({ kind: z.enum(["vendor", "disclosure"]), targetId: id, redirectTo: z.string().optional() });
const pinSchema = z.object({ disclosureId: id, version: z.coerce.number().int().min(1), note: z.string().max(5000).default("") });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organization, user, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", WATCH_HOSPITAL_ONLY);
  invariantResponse(role !== "viewer", "この操作を行う権限がありません", 403);
  invariantResponse(organization.verified_at !== null, WATCH_VERIFIED_ONLY, 403);
  const form = await readForm(request);
  const { intent, reply } = intentReplies(form);
  const here = `/orgs/${organization.id}/watch`;
  const meta = requestMeta(context);
  try {
    switch (intent) {
      case "watch":
      case "unwatch": {
        const parsed = parseForm(form, targetSchema);
        if (!parsed.ok) return reply({ error: "ウォッチする対象を指定してください" }, 400);
        const { kind, targetId } = parsed.data;
        if (intent === "watch") await addWatch(db, actorOf(user), organization, kind, targetId, meta);
        else await removeWatch(db, actorOf(user), organization.id, kind, targetId, meta);
        return redirect(parsed.data.redirectTo ? safeRedirectPath(parsed.data.redirectTo, here) : here);
      }
      case "pin": {
        const parsed = parseForm(form, pinSchema);
        if (!parsed.ok) return reply({ error: "固定する版を指定してください" }, 400);
        await pinVersion(db, actorOf(user), organization, parsed.data.disclosureId, parsed.data.version, parsed.data.note, meta);
        return redirect(`${here}?pinned=1`);
      }
      case "reissue": {
        const token = await issueFeedToken(db, actorOf(user), organization.id, meta);
        // Shown once: only its hash is kept.
        return json({ intent, success: "非公開フィードのURLを発行しました。以前のURLは使えなくなりました。", feedUrl: `${publicOrigin()}/watch/${token}/feed.atom` });
      }
      default:
        return reply({ error: "不明な操作です" }, 400);
    }
  } catch (error) {
    if (error instanceof WatchRuleError) return reply({ error: error.message }, 400);
    throw error;
  }
}

export default function WatchList() {
  const { organization, canEdit, list, feedIssued, noteMax, expiringDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (IntentReply & { feedUrl?: string }) | undefined;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › ウォッチリスト
      </nav>
      <h1>ウォッチリスト</h1>
      <p className="muted">ウォッチしている開示書と事業者の更新を確認し、承認した版を固定（ピン留め）できます。</p>
      {!organization.verified ? <p className="disclosure-notice" role="note">{WATCH_VERIFIED_ONLY}</p> : null}
      <FormMessage error={result?.error} success={result?.success} />

      <section aria-labelledby="watched-disclosures">
        <h2 id="watched-disclosures">ウォッチしている開示書</h2>
        {list.disclosures.length ? (
          <ul className="directory-list">
            {list.disclosures.map((d) => {
              const base = `/disclosures/${encodeURIComponent(d.disclosureId)}`;
              const changed = d.pin !== null && d.pin.version < d.latest;
              return (
                <li key={d.disclosureId} className="directory-entry watch-entry" data-disclosure-id={d.disclosureId}>
                  <p className="directory-entry-head">
                    <Link to={`${base}/v/${d.latest}`}>{`${d.organizationName}「${d.templateTitle}」`}</Link>
                    {d.serviceName ? <span className="directory-service">{d.serviceName}</span> : null}
                    {d.withdrawnDate ? <span className="badge">{`取り下げ（${d.withdrawnDate}）`}</span> : null}
                  </p>
                  <p>{`最新 第${d.latest}版（最終更新日 ${d.latestDate}）・ 固定 ${d.pin ? `第${d.pin.version}版（${d.pin.date}${d.pin.by ? `、${d.pin.by}` : ""}）` : "なし"}`}</p>
                  {d.changeReason ? <p>{`改版理由：${d.changeReason}`}</p> : null}
                  {d.pin?.note ? <p className="muted">{`メモ：${d.pin.note}`}</p> : null}
                  {changed ? (
                    <p className="watch-changed">
                      <strong>固定した版から変更あり</strong>
                      {d.changedItems !== null ? `（変更された項目 ${d.changedItems}件）` : ""}{" "}
                      <Link to={`${base}/diff?from=${d.pin!.version}&to=${d.latest}`}>{`第${d.pin!.version}版から第${d.latest}版への差分`}</Link>
                    </p>
                  ) : null}
                  {canEdit ? (
                    <div className="inline-forms">
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="pin" />
                        <input type="hidden" name="disclosureId" value={d.disclosureId} />
                        <input type="hidden" name="version" value={d.latest} />
                        <label>
                          {`第${d.latest}版を承認した版として固定 メモ`}
                          <input name="note" maxLength={noteMax} defaultValue={d.pin?.version === d.latest ? d.pin.note ?? "" : ""} />
                        </label>
                        <button type="submit" className="button-secondary">
                          固定する
                        </button>
                      </Form>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="unwatch" />
                        <input type="hidden" name="kind" value="disclosure" />
                        <input type="hidden" name="targetId" value={d.disclosureId} />
                        <button type="submit" className="button-secondary">
                          ウォッチをやめる
                        </button>
                      </Form>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="empty">ウォッチしている開示書はありません。各開示書のページの「ウォッチする」から追加できます。</p>
        )}
        {list.unreadable ? <p className="muted">{`ほかに、現在は閲覧できない開示書が${list.unreadable}件あります。`}</p> : null}
      </section>

      <section aria-labelledby="watched-vendors">
        <h2 id="watched-vendors">ウォッチしている事業者</h2>
        {list.vendors.length ? (
          <ul className="directory-list">
            {list.vendors.map((v) => (
              <li key={v.organizationId} className="directory-entry watch-vendor" data-vendor-id={v.organizationId}>
                <p className="directory-entry-head">
                  <Link to={`/vendors/${encodeURIComponent(v.organizationId)}`}>{v.name}</Link>
                </p>
                {v.disclosures.length ? (
                  <ul>
                    {v.disclosures.map((d) => (
                      <li key={d.disclosureId}>
                        <Link to={`/disclosures/${encodeURIComponent(d.disclosureId)}/v/${d.version}`}>{d.templateTitle}</Link>
                        {d.serviceName ? `（${d.serviceName}）` : ""}
                        {` 第${d.version}版 最終更新日 ${d.lastUpdated}`}
                        {d.withdrawn ? "（取り下げ済み）" : ""}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">閲覧できる開示書はありません。</p>
                )}
                {v.expiring.length ? (
                  <div className="watch-expiring">
                    <p>
                      <strong>{`${expiringDays}日以内に有効期限を迎える認証`}</strong>
                    </p>
                    <ul>
                      {v.expiring.map((c, i) => (
                        <li key={i}>{`${c.label}${c.number ? ` 登録番号 ${c.number}` : ""}（有効期限 ${c.expiresOn}）`}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                {canEdit ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="unwatch" />
                    <input type="hidden" name="kind" value="vendor" />
                    <input type="hidden" name="targetId" value={v.organizationId} />
                    <button type="submit" className="button-secondary">
                      ウォッチをやめる
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">ウォッチしている事業者はありません。事業者のページの「ウォッチする」から追加できます。</p>
        )}
      </section>

      <section aria-labelledby="watch-feed" className="panel narrow">
        <h2 id="watch-feed">非公開フィード（Atom）</h2>
        <p className="muted">ウォッチしている開示書の新しい版と取り下げを、フィードリーダーで受け取れます。URLを知っている人は誰でも読めるため、組織の外に共有しないでください。</p>
        {result?.feedUrl ? (
          <p>
            <label>
              このURLは今だけ表示されます
              <input readOnly value={result.feedUrl} className="watch-feed-url" />
            </label>
          </p>
        ) : (
          <p>{feedIssued ? `${feedIssued}に発行したURLが有効です。` : "まだ発行していません。"}</p>
        )}
        {canEdit ? (
          <Form method="post">
            <input type="hidden" name="intent" value="reissue" />
            <button type="submit" className="button-secondary">
              {feedIssued ? "再発行" : "発行する"}
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}
