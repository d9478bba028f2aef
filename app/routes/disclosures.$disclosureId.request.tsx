import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage } from "~/components/form";
import { AccessRequestError, requestableDisclosure, requestAccess, requestsOfHospitals } from "~/models/access-request.server";
import { listMyOrganizations } from "~/models/organization.server";
import { getTemplate } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "閲覧の申請 | Kaiji" }];

// Only for disclosures published "on request"; anything else answers 404 so that nothing leaks.
async function load(request: Request, context: LoaderFunctionArgs["context"], disclosureId: string) {
  const { user } = requireUser(request, context);
  const disclosure = await requestableDisclosure(db, disclosureId);
  if (!disclosure) throw new Response("開示書が見つかりません", { status: 404 });
  const hospitals = (await listMyOrganizations(db, user.id)).filter((o) => o.kind === "hospital");
  if (!hospitals.length) throw new Response("閲覧を申請できるのは医療機関の組織のメンバーです", { status: 403 });
  return { user, disclosure, hospitals };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { disclosure, hospitals } = await load(request, context, params.disclosureId!);
  const template = await getTemplate(db, disclosure.template_id, disclosure.template_version);
  return json({
    disclosure: { id: disclosure.id, vendorName: disclosure.vendor_name, serviceName: disclosure.service_name, templateTitle: template?.template.title ?? disclosure.template_id },
    hospitals: hospitals.map((h) => ({ id: h.id, name: h.name })),
    requests: await requestsOfHospitals(db, disclosure.id, hospitals.map((h) => h.id)),
  });
}

const schema = z.object({ hospitalId: z.string().min(1, "医療機関を選んでください"), message: z.string().trim().max(1000, "メッセージは1000文字以内にしてください").optional() });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, disclosure, hospitals } = await load(request, context, params.disclosureId!);
  const form = parseForm(await request.formData(), schema);
  if (!form.ok) return json({ error: Object.values(form.errors)[0] }, { status: 400 });
  if (!hospitals.some((h) => h.id === form.data.hospitalId)) return json({ error: "医療機関を選んでください" }, { status: 400 });
  try {
    await requestAccess(db, actorOf(user), { disclosureId: disclosure.id, vendorOrganizationId: disclosure.organization_id, hospitalOrganizationId: form.data.hospitalId, message: form.data.message ?? "" }, requestMeta(context));
  } catch (error) {
    if (error instanceof AccessRequestError) return json({ error: error.message }, { status: 400 });
    throw error;
  }
  return json({ success: "申請しました。事業者が承認すると閲覧できるようになります" });
}

const statusLabels = { pending: "申請中", approved: "許可", declined: "却下", revoked: "取消" } as const;

export default function RequestAccess() {
  const { disclosure, hospitals, requests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { error?: string; success?: string } | undefined;
  return (
    <div className="narrow">
      <h1>閲覧の申請</h1>
      <p>
        {disclosure.vendorName}
        {disclosure.serviceName ? `「${disclosure.serviceName}」` : ""}の「{disclosure.templateTitle}」は、事業者が承認した医療機関のみ閲覧できます。
      </p>
      <FormMessage error={result?.error} success={result?.success} />
      {requests.length ? (
        <ul>
          {requests.map((r) => (
            <li key={r.id}>
              {r.hospital_name}: {statusLabels[r.status]}（{formatDateTime(r.created_at)}）{r.status === "approved" && r.expires_at ? ` ${formatDate(r.expires_at)}まで` : ""}
              {r.status === "approved" ? (
                <>
                  {" "}
                  <Link to={`/disclosures/${disclosure.id}`}>開示書を見る</Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post">
        <div className="field">
          <label htmlFor="hospitalId">申請する医療機関</label>
          <select id="hospitalId" name="hospitalId">
            {hospitals.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="message">メッセージ（任意）</label>
          <textarea id="message" name="message" rows={4} maxLength={1000} placeholder="例: 電子カルテ更新の比較検討のため、閲覧を希望します。" />
        </div>
        <button type="submit">申請する</button>
      </Form>
    </div>
  );
}
