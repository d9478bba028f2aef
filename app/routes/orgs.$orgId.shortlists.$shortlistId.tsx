import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DeletePanel, FormMessage, RenamePanel } from "~/components/form";
import { listCriteriaProfiles } from "~/models/criteria.server";
import { readerScope } from "~/models/disclosure.server";
import { readerOf } from "~/models/reading.server";
import {
  deleteShortlist,
  getShortlist,
  removeShortlistEntry,
  removeUnreadableEntries,
  renameShortlist,
  setShortlistNote,
  SHORTLIST_HOSPITAL_ONLY,
  SHORTLIST_LIMITS,
  ShortlistRuleError,
} from "~/models/shortlist.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { type IntentReply, intentReplies } from "~/utils/intent-reply.server";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { invariantResponse } from "~/utils/responses.server";
import { clock } from "../../disclosures/clock";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.shortlist.name ?? "候補リスト"} | Kaiji` }];

const NOT_FOUND = "候補リストが見つかりません";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", SHORTLIST_HOSPITAL_ONLY);
  const shortlist = await getShortlist(db, organization.id, params.shortlistId!, await readerScope(db, readerOf(context)));
  invariantResponse(shortlist, NOT_FOUND);
  // One comparison per template present, with each criteria profile the organisation has for it.
  const profiles = await listCriteriaProfiles(db, organization.id);
  const templates = [...new Map(shortlist.entries.map((e) => [e.templateId, { id: e.templateId, title: e.templateTitle, count: 0 }])).values()];
  for (const t of templates) t.count = shortlist.entries.filter((e) => e.templateId === t.id).length;
  return json({
    organization: { id: organization.id, name: organization.name },
    canEdit: role !== "viewer",
    shortlist,
    comparisons: templates.map((t) => ({ ...t, profiles: profiles.filter((p) => p.templateId === t.id).map((p) => ({ id: p.id, name: p.name })) })),
    added: new URL(request.url).searchParams.get("added") === "1",
    noteMax: SHORTLIST_LIMITS.noteMax,
    nameMax: SHORTLIST_LIMITS.nameMax,
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organization, user, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", SHORTLIST_HOSPITAL_ONLY);
  invariantResponse(role !== "viewer", "この操作を行う権限がありません", 403);
  const form = await readForm(request);
  const actor = actorOf(user);
  const meta = requestMeta(context);
  const shortlistId = params.shortlistId!;
  const disclosureId = String(form.get("disclosureId") ?? "");
  const { intent, reply } = intentReplies(form);
  try {
    switch (intent) {
      case "rename":
        if (!(await renameShortlist(db, actor, organization.id, shortlistId, String(form.get("name") ?? ""), meta))) return reply({ error: NOT_FOUND }, 404);
        return reply({ success: "名前を変更しました", done: clock.now() });
      case "delete":
        if (form.get("confirm") !== "yes") return reply({ error: "削除するには確認欄にチェックを入れてください" }, 400);
        if (!(await deleteShortlist(db, actor, organization.id, shortlistId, meta))) return reply({ error: NOT_FOUND }, 404);
        return redirect(`/orgs/${organization.id}/shortlists`);
      case "note":
        if (!(await setShortlistNote(db, actor, organization.id, shortlistId, disclosureId, String(form.get("note") ?? ""), meta))) return reply({ error: "この開示書は候補リストに入っていません" }, 404);
        return reply({ success: "メモを保存しました", done: clock.now() });
      case "remove":
        if (!(await removeShortlistEntry(db, actor, organization.id, shortlistId, disclosureId, meta))) return reply({ error: "この開示書は候補リストに入っていません" }, 404);
        return reply({ success: "候補リストから外しました", done: clock.now() });
      case "prune": {
        const count = await removeUnreadableEntries(db, actor, organization.id, shortlistId, await readerScope(db, readerOf(context)), meta);
        return reply({ success: count ? `閲覧できない${count}件を候補リストから外しました` : "外す開示書はありませんでした", done: clock.now() });
      }
      default:
        return reply({ error: "不明な操作です" }, 400);
    }
  } catch (error) {
    if (error instanceof ShortlistRuleError) return json({ intent, error: error.message, disclosureId, values: { name: String(form.get("name") ?? ""), note: String(form.get("note") ?? "") } }, { status: 400 });
    throw error;
  }
}

export default function ShortlistPage() {
  const { organization, canEdit, shortlist, comparisons, added, noteMax, nameMax } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (IntentReply & { disclosureId?: string }) | undefined;
  const refused = (intent: string, disclosureId?: string) => result?.intent === intent && result.error && (!disclosureId || result.disclosureId === disclosureId);
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › <Link to={`/orgs/${organization.id}/shortlists`}>候補リスト</Link> › {shortlist.name}
      </nav>
      <h1>{shortlist.name}</h1>
      <FormMessage error={result?.error} success={result?.success ?? (added ? "候補リストに追加しました" : undefined)} />
      <dl className="facts">
        <div>
          <dt>開示書</dt>
          <dd>{shortlist.entries.length + shortlist.unreadable}件</dd>
        </div>
        <div>
          <dt>更新日</dt>
          <dd>{formatDate(shortlist.updatedAt)}</dd>
        </div>
      </dl>
      {shortlist.unreadable ? (
        <div className="panel">
          <p>{shortlist.unreadable}件は現在閲覧できません（公開範囲が変わったか、閲覧許可の期限が切れました）。</p>
          {canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="prune" />
              <button type="submit" className="button-secondary">
                閲覧できない{shortlist.unreadable}件をリストから外す
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {comparisons.length ? (
        <section>
          <h2>比較</h2>
          <ul>
            {comparisons.map((c) => {
              const base = `/compare?shortlist=${encodeURIComponent(shortlist.id)}&template=${encodeURIComponent(c.id)}`;
              return (
                <li key={c.id}>
                  {c.title}（{c.count}件）: <Link to={base}>この候補リストを比較</Link>
                  {c.profiles.map((p) => (
                    <span key={p.id}>
                      {" ／ "}
                      <Link to={`${base}&profile=${encodeURIComponent(p.id)}`}>評価基準「{p.name}」で比較</Link>
                    </span>
                  ))}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      {shortlist.entries.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">事業者</th>
              <th scope="col">サービス</th>
              <th scope="col">様式</th>
              <th scope="col">最終更新日</th>
              <th scope="col">メモ</th>
              {canEdit ? <th scope="col">操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {shortlist.entries.map((e) => (
              <tr key={e.disclosureId}>
                <td>
                  <Link to={`/disclosures/${e.disclosureId}`}>{e.organizationName}</Link> {e.verified ? <span className="badge badge-verified">確認済</span> : null}{" "}
                  {e.withdrawn ? <span className="badge badge-withdrawn">取り下げ</span> : null}
                </td>
                <td>{e.serviceName ?? "組織全体"}</td>
                <td>
                  {e.templateTitle}
                  <br />
                  <span className="muted">
                    様式 {e.templateVersion}・第{e.version}版
                  </span>
                </td>
                <td>{formatDate(e.publishedAt)}</td>
                <td>
                  {canEdit ? (
                    <Form method="post" key={`note-${e.disclosureId}-${result?.done ?? ""}`}>
                      <input type="hidden" name="intent" value="note" />
                      <input type="hidden" name="disclosureId" value={e.disclosureId} />
                      <label className="visually-hidden" htmlFor={`note-${e.disclosureId}`}>
                        {e.organizationName}のメモ
                      </label>
                      <textarea id={`note-${e.disclosureId}`} name="note" rows={3} maxLength={noteMax} defaultValue={refused("note", e.disclosureId) ? result?.values?.note : (e.note ?? "")} />
                      <button type="submit" className="button-secondary">
                        メモを保存
                      </button>
                    </Form>
                  ) : (
                    <span className="preserve-lines">{e.note ?? ""}</span>
                  )}
                </td>
                {canEdit ? (
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="disclosureId" value={e.disclosureId} />
                      <button type="submit" className="button-secondary" aria-label={`${e.organizationName}を候補リストから外す`}>
                        外す
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">{shortlist.unreadable ? "閲覧できる開示書はありません。" : "まだ開示書はありません。ディレクトリや開示書のページから追加できます。"}</p>
      )}

      {canEdit ? (
        <>
          <RenamePanel id="shortlist-name" name={shortlist.name} maxLength={nameMax} value={refused("rename") ? result?.values?.name : undefined} formKey={`rename-${result?.done ?? ""}`} />
          <DeletePanel title="候補リストを削除" name={shortlist.name} what="候補リスト" explanation="リストとメモを削除します。開示書そのものは削除されません。" />
        </>
      ) : null}
    </>
  );
}
