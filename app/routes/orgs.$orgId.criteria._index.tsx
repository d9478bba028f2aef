import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormMessage } from "~/components/form";
import { createCriteriaProfile, CRITERIA_HOSPITAL_ONLY, CRITERIA_LIMITS, CriteriaRuleError, listCriteriaProfiles } from "~/models/criteria.server";
import { listTemplates } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { invariantResponse } from "~/utils/responses.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "評価基準 | Kaiji" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", CRITERIA_HOSPITAL_ONLY);
  return json({
    organization: { id: organization.id, name: organization.name },
    canEdit: role !== "viewer",
    profiles: await listCriteriaProfiles(db, organization.id),
    templates: (await listTemplates(db)).map((t) => ({ id: t.id, title: t.title })),
    nameMax: CRITERIA_LIMITS.nameMax,
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organization, user, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", CRITERIA_HOSPITAL_ONLY);
  invariantResponse(role !== "viewer", "この操作を行う権限がありません", 403);
  const form = await readForm(request);
  const values = { name: String(form.get("name") ?? ""), templateId: String(form.get("templateId") ?? "") };
  if (form.get("intent") !== "create") return json({ error: "不明な操作です", values }, { status: 400 });
  try {
    const id = await createCriteriaProfile(db, actorOf(user), organization.id, values, requestMeta(context));
    return redirect(`/orgs/${organization.id}/criteria/${id}`);
  } catch (error) {
    if (error instanceof CriteriaRuleError) return json({ error: error.message, values }, { status: 400 });
    throw error;
  }
}

export default function CriteriaProfiles() {
  const { organization, canEdit, profiles, templates, nameMax } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const here = `/orgs/${organization.id}/criteria`;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › 評価基準
      </nav>
      <h1>評価基準</h1>
      <p className="muted">様式ごとに、自院で必ず求める項目（必達）、評価から外す項目（対象外）と項目の重みを決めておき、比較やディレクトリで全事業者に同じ基準を当てはめます。</p>
      <FormMessage error={result?.error} />

      {profiles.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">名前</th>
              <th scope="col">様式</th>
              <th scope="col" className="num">必達に追加</th>
              <th scope="col" className="num">対象外</th>
              <th scope="col" className="num">重み変更</th>
              <th scope="col">更新日</th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`${here}/${p.id}`}>{p.name}</Link>
                </td>
                <td>{p.templateTitle}</td>
                <td className="num">{p.must}件</td>
                <td className="num">{p.ignored}件</td>
                <td className="num">{p.weighted}件</td>
                <td>{formatDate(p.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">まだ評価基準はありません。</p>
      )}

      {canEdit ? (
        <section className="panel narrow">
          <h2>評価基準を作成</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <div className="field">
              <label htmlFor="criteria-name">名前</label>
              <input id="criteria-name" name="name" required maxLength={nameMax} defaultValue={result?.values.name} placeholder="例: 外部保存の選定基準" />
            </div>
            <div className="field">
              <label htmlFor="criteria-template">様式</label>
              <select id="criteria-template" name="templateId" required defaultValue={result?.values.templateId}>
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">作成して項目を設定する</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
