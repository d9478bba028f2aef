import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DeletePanel, FormMessage } from "~/components/form";
import { createService, deleteService, getService, listServices, updateService, VendorProfileRuleError } from "~/models/vendor-profile.server";
import { SERVICE_DESCRIPTION_MAX, SERVICE_NAME_MAX, serviceKindLabels, serviceKinds, serviceSchema } from "~/models/vendor-profile";
import { db } from "~/utils/db.server";
import { intentReplies, type IntentReply } from "~/utils/intent-reply.server";
import { formatDate } from "~/utils/format";
import { type FieldErrors, parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { clock } from "../../disclosures/clock";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "サービス | Kaiji" }];

const idSchema = z.object({ serviceId: z.string().trim().min(1, "サービスを指定してください").max(100) });
const deleteSchema = idSchema.extend({ confirm: z.literal("yes", { errorMap: () => ({ message: "削除するには確認欄にチェックを入れてください" }) }) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  const canEdit = role !== "viewer";
  const editId = new URL(request.url).searchParams.get("edit");
  return json({
    organization: { id: organization.id, name: organization.name },
    canEdit,
    services: await listServices(db, organization.id),
    editing: canEdit && editId ? ((await getService(db, organization.id, editId)) ?? null) : null,
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Every change here is for editors and owners: viewers never reach the intent, nor is their body read.
  const { organization, user } = await requireOrgRole(request, context, params.orgId!, "editor");
  const form = await readForm(request);
  const actor = actorOf(user);
  const meta = requestMeta(context);
  const { intent, reply, invalid } = intentReplies(form);
  try {
    switch (intent) {
      case "create": {
        const parsed = parseForm(form, serviceSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await createService(db, actor, organization.id, parsed.data, meta);
        return reply({ success: `サービス「${parsed.data.name}」を登録しました`, done: clock.now() });
      }
      case "update": {
        const parsed = parseForm(form, serviceSchema.merge(idSchema));
        if (!parsed.ok) return invalid(parsed.errors);
        const { serviceId, ...input } = parsed.data;
        if (!(await updateService(db, actor, organization.id, serviceId, input, meta))) return reply({ error: "サービスが見つかりません" }, 404);
        return reply({ success: `サービス「${input.name}」を保存しました`, done: clock.now() });
      }
      case "delete": {
        const parsed = parseForm(form, deleteSchema);
        if (!parsed.ok) return reply({ error: Object.values(parsed.errors)[0] }, 400);
        const service = await getService(db, organization.id, parsed.data.serviceId);
        if (!service || !(await deleteService(db, actor, organization.id, service.id, meta))) return reply({ error: "サービスが見つかりません" }, 404);
        return reply({ success: `サービス「${service.name}」を削除しました`, done: clock.now() });
      }
      default:
        return reply({ error: "不明な操作です" }, 400);
    }
  } catch (error) {
    if (error instanceof VendorProfileRuleError) return reply({ error: error.message }, 400);
    throw error;
  }
}

function ServiceFields({ values, errors }: { values: { name?: string; kind?: string; description?: string | null }; errors: FieldErrors }) {
  return (
    <>
      <div className="field">
        <label htmlFor="service-name">サービス名</label>
        <input
          id="service-name"
          name="name"
          defaultValue={values.name}
          required
          maxLength={SERVICE_NAME_MAX}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "service-name-error" : undefined}
        />
        {errors.name ? <p className="field-error" id="service-name-error">{errors.name}</p> : null}
      </div>
      <div className="field">
        <label htmlFor="service-kind">種別</label>
        <select id="service-kind" name="kind" defaultValue={values.kind ?? "system"} aria-invalid={errors.kind ? true : undefined}>
          {serviceKinds.map((k) => (
            <option key={k} value={k}>
              {serviceKindLabels[k]}
            </option>
          ))}
        </select>
        {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
      </div>
      <div className="field">
        <label htmlFor="service-description">説明（任意）</label>
        <textarea id="service-description" name="description" rows={4} defaultValue={values.description ?? ""} maxLength={SERVICE_DESCRIPTION_MAX} />
        {errors.description ? <p className="field-error">{errors.description}</p> : null}
      </div>
    </>
  );
}

export default function Services() {
  const { organization, canEdit, services, editing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as IntentReply | undefined;
  const here = `/orgs/${organization.id}/services`;
  const failed = (intent: string) => (result?.intent === intent && !result.success ? result : undefined);
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › サービス
      </nav>
      <h1>サービス</h1>
      <p className="muted">開示書の対象となるシステム・サービスを登録します。</p>
      <FormMessage error={result?.error} success={result?.success} />

      {editing ? (
        <>
          <section className="panel narrow">
            <h2>サービスを編集</h2>
            <Form method="post" key={`edit-${editing.id}-${result?.done ?? ""}`}>
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="serviceId" value={editing.id} />
              <ServiceFields values={failed("update")?.values ?? editing} errors={failed("update")?.errors ?? {}} />
              <button type="submit">保存する</button> <Link to={here}>一覧に戻る</Link>
            </Form>
          </section>
          <DeletePanel title="サービスを削除" name={editing.name} what="サービス" explanation="このサービスを削除しても、関連する開示書は削除されず「サービス未指定」になります。" action={here} hidden={{ serviceId: editing.id }} />
        </>
      ) : null}

      {services.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">サービス名</th>
              <th scope="col">種別</th>
              <th scope="col">説明</th>
              <th scope="col">開示書</th>
              <th scope="col">登録日</th>
              {canEdit ? <th scope="col">操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{serviceKindLabels[s.kind]}</td>
                <td className="preserve-lines">{s.description ?? ""}</td>
                <td className="num">{s.disclosure_count}件</td>
                <td>{formatDate(s.created_at)}</td>
                {canEdit ? (
                  <td>
                    <Link to={`${here}?edit=${encodeURIComponent(s.id)}`} aria-label={`${s.name}を編集`}>
                      編集
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">まだサービスが登録されていません。</p>
      )}

      {canEdit && !editing ? (
        <section className="panel narrow">
          <h2>サービスを登録</h2>
          <Form method="post" key={`create-${failed("create") ? "" : (result?.done ?? "")}`}>
            <input type="hidden" name="intent" value="create" />
            <ServiceFields values={failed("create")?.values ?? {}} errors={failed("create")?.errors ?? {}} />
            <button type="submit">登録する</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
