import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage } from "~/components/form";
import { statusLabel, visibilityLabels } from "~/models/disclosure";
import { prefillFromProfile } from "~/models/answer-copy.server";
import { createDisclosure, listDisclosures } from "~/models/disclosure.server";
import { getService, listServices } from "~/models/vendor-profile.server";
import { getTemplate, listTemplates } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "開示書 | Kaiji" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  const templates = await listTemplates(db);
  const titles = Object.fromEntries(templates.map((t) => [t.id, t.title]));
  const disclosures = (await listDisclosures(db, organization.id)).map((d) => ({ ...d, templateTitle: titles[d.template_id] ?? d.template_id, status: statusLabel(d) }));
  return json({
    organization: { id: organization.id, name: organization.name, kind: organization.kind },
    canEdit: role !== "viewer",
    disclosures,
    templates: templates.map((t) => ({ id: t.id, version: t.version, title: t.title })),
    services: (await listServices(db, organization.id)).map((s) => ({ id: s.id, name: s.name })),
  });
}

const schema = z.object({
  template: z.string().regex(/^[A-Za-z0-9._-]+@\d+\.\d+\.\d+$/, "様式を選んでください"),
  serviceId: z.string().optional(),
  visibility: z.enum(["public", "hospitals", "request"], { errorMap: () => ({ message: "公開範囲を選んでください" }) }),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organization, user } = await requireOrgRole(request, context, params.orgId!, "editor");
  if (organization.kind !== "vendor") return json({ error: "開示書を作成できるのは事業者の組織です" }, { status: 400 });
  const form = parseForm(await readForm(request), schema);
  if (!form.ok) return json({ error: Object.values(form.errors)[0] }, { status: 400 });
  const [templateId, templateVersion] = form.data.template.split("@");
  const template = (await getTemplate(db, templateId, templateVersion))?.template;
  if (!template) return json({ error: "様式を選んでください" }, { status: 400 });
  // Only a service of this organisation; anything else means "the whole organisation".
  const serviceId = form.data.serviceId && (await getService(db, organization.id, form.data.serviceId)) ? form.data.serviceId : null;
  const id = await createDisclosure(db, actorOf(user), organization.id, { templateId, templateVersion, serviceId, visibility: form.data.visibility }, requestMeta(context));
  // What the organisation's profile answers (機関名, 所在地 …) is there from the start.
  await prefillFromProfile(db, actorOf(user), { id, organization_id: organization.id, template_id: templateId, template_version: templateVersion }, template, requestMeta(context), "created");
  return redirect(`/orgs/${organization.id}/disclosures/${id}/edit`);
}

export default function Disclosures() {
  const { organization, canEdit, disclosures, templates, services } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › 開示書
      </nav>
      <h1>開示書</h1>
      {disclosures.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">様式</th>
              <th scope="col">サービス</th>
              <th scope="col">状態</th>
              <th scope="col">公開範囲</th>
              <th scope="col">最終公開</th>
              <th scope="col">下書きの更新</th>
              <th scope="col" className="num">閲覧申請</th>
            </tr>
          </thead>
          <tbody>
            {disclosures.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/orgs/${organization.id}/disclosures/${d.id}`}>{d.templateTitle}</Link>
                </td>
                <td>{d.service_name ?? "組織全体"}</td>
                <td>{d.status}</td>
                <td>{visibilityLabels[d.visibility]}</td>
                <td>{d.published_at ? formatDateTime(d.published_at) : "—"}</td>
                <td>{d.draft_updated_at ? formatDateTime(Number(d.draft_updated_at)) : "—"}</td>
                <td className="num">{Number(d.pending_requests) ? <strong>{d.pending_requests}件</strong> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>まだ開示書はありません。</p>
      )}
      {canEdit && organization.kind === "vendor" ? (
        <section className="panel narrow">
          <h2>開示書を作成</h2>
          <Form method="post">
            <FormMessage error={result?.error} />
            <div className="field">
              <label htmlFor="template">様式</label>
              <select id="template" name="template" required>
                {templates.map((t) => (
                  <option key={t.id} value={`${t.id}@${t.version}`}>
                    {t.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="serviceId">対象のサービス</label>
              <select id="serviceId" name="serviceId" defaultValue="">
                <option value="">組織全体</option>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <fieldset>
              <legend>公開範囲</legend>
              {(["public", "hospitals", "request"] as const).map((v) => (
                <label key={v} className="block-label">
                  <input type="radio" name="visibility" value={v} defaultChecked={v === "public"} /> {visibilityLabels[v]}
                </label>
              ))}
            </fieldset>
            <button type="submit">作成して編集する</button>
          </Form>
        </section>
      ) : null}
      {organization.kind === "hospital" ? <p className="muted">開示書は事業者の組織が作成します。医療機関は公開された開示書を閲覧・比較できます。</p> : null}
    </>
  );
}
