import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage } from "~/components/form";
import { readerScope } from "~/models/disclosure.server";
import { readerOf } from "~/models/reading.server";
import { addShortlistEntry, createShortlist, listShortlists, SHORTLIST_HOSPITAL_ONLY, SHORTLIST_LIMITS, ShortlistRuleError } from "~/models/shortlist.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { parseForm } from "~/utils/forms";
import { type IntentReply, intentReplies } from "~/utils/intent-reply.server";
import { actorOf, requestMeta, requireOrgRole, safeRedirectPath } from "~/utils/permissions.server";
import { invariantResponse } from "~/utils/responses.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "候補リスト | Kaiji" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", SHORTLIST_HOSPITAL_ONLY);
  return json({
    organization: { id: organization.id, name: organization.name },
    canEdit: role !== "viewer",
    shortlists: await listShortlists(db, organization.id),
    limits: SHORTLIST_LIMITS,
  });
}

const id = z.string().trim().min(1).max(100);
const addSchema = z.object({ shortlistId: id, disclosureId: id, redirectTo: z.string().optional() });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organization, user, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", SHORTLIST_HOSPITAL_ONLY);
  invariantResponse(role !== "viewer", "この操作を行う権限がありません", 403);
  const form = await readForm(request);
  const { intent, reply } = intentReplies(form);
  const here = `/orgs/${organization.id}/shortlists`;
  try {
    switch (intent) {
      case "create": {
        const shortlistId = await createShortlist(db, actorOf(user), organization.id, String(form.get("name") ?? ""), requestMeta(context));
        return redirect(`${here}/${shortlistId}`);
      }
      // "候補リストに追加" forms on the directory and disclosure pages post here.
      case "add": {
        const parsed = parseForm(form, addSchema);
        if (!parsed.ok) return reply({ error: "候補リストと開示書を指定してください" }, 400);
        const back = parsed.data.redirectTo ? safeRedirectPath(parsed.data.redirectTo, "") : "";
        try {
          const scope = await readerScope(db, readerOf(context));
          const result = await addShortlistEntry(db, actorOf(user), organization.id, parsed.data.shortlistId, parsed.data.disclosureId, scope, requestMeta(context));
          if (result.added) return redirect(back || `${here}/${parsed.data.shortlistId}?added=1`);
          return json({ intent, success: `${result.label}は既にこの候補リストに入っています（変更はありません）`, back: back || `${here}/${parsed.data.shortlistId}` });
        } catch (error) {
          if (error instanceof ShortlistRuleError) return json({ intent, error: error.message, back }, { status: 400 });
          throw error;
        }
      }
      default:
        return reply({ error: "不明な操作です" }, 400);
    }
  } catch (error) {
    if (error instanceof ShortlistRuleError) return reply({ error: error.message, values: { name: String(form.get("name") ?? "") } }, 400);
    throw error;
  }
}

export default function Shortlists() {
  const { organization, canEdit, shortlists, limits } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (IntentReply & { back?: string }) | undefined;
  const here = `/orgs/${organization.id}/shortlists`;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › 候補リスト
      </nav>
      <h1>候補リスト</h1>
      <p className="muted">検討中の事業者の開示書をまとめ、メモを付けて比較できます。</p>
      <FormMessage error={result?.error} success={result?.success} />
      {result?.back ? (
        <p>
          <Link to={result.back}>元のページに戻る</Link>
        </p>
      ) : null}

      {shortlists.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">名前</th>
              <th scope="col" className="num">開示書</th>
              <th scope="col">更新日</th>
              <th scope="col">作成日</th>
            </tr>
          </thead>
          <tbody>
            {shortlists.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`${here}/${s.id}`}>{s.name}</Link>
                </td>
                <td className="num">{s.entryCount}件</td>
                <td>{formatDate(s.updatedAt)}</td>
                <td>{formatDate(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">まだ候補リストはありません。</p>
      )}

      {canEdit ? (
        <section className="panel narrow">
          <h2>候補リストを作成</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <div className="field">
              <label htmlFor="shortlist-name">名前</label>
              <input id="shortlist-name" name="name" required maxLength={limits.nameMax} defaultValue={result?.intent === "create" ? result.values?.name : undefined} placeholder="例: 電子カルテ更新 2027年度" />
            </div>
            <button type="submit">作成する</button>
          </Form>
          <p className="muted">
            1つの組織で{limits.lists}件まで、1つのリストに{limits.entries}件まで。開示書はディレクトリや各開示書のページから追加できます。
          </p>
        </section>
      ) : null}
    </>
  );
}
