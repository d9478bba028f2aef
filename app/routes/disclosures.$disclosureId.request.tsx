import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage } from "~/components/form";
import { HospitalLimits } from "~/components/hospital-limits";
import { termsInForce } from "~/models/access-terms.server";
import { AccessRequestError, requestableDisclosure, requestAccess, requestingHospitals, requestsOfHospitals } from "~/models/access-request.server";
import { getTemplate } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { parseForm } from "~/utils/forms";
import { actorOf, requestMeta, requireUser } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { clock } from "../../disclosures/clock";

export const meta: MetaFunction = () => [{ title: "閲覧の申請 | Kaiji" }];

// Only for disclosures published "on request"; anything else answers 404 so that nothing leaks.
async function load(request: Request, context: LoaderFunctionArgs["context"], disclosureId: string) {
  const { user } = requireUser(request, context);
  const disclosure = await requestableDisclosure(db, disclosureId);
  if (!disclosure) throw new Response("開示書が見つかりません", { status: 404 });
  const hospitals = await requestingHospitals(db, user.id);
  if (!hospitals.length) throw new Response("閲覧を申請できるのは医療機関の組織のメンバーです", { status: 403 });
  return { user, disclosure, hospitals, allowed: hospitals.filter((h) => !h.blocked) };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { disclosure, hospitals } = await load(request, context, params.disclosureId!);
  const template = await getTemplate(db, disclosure.template_id, disclosure.template_version);
  return json({
    disclosure: { id: disclosure.id, vendorName: disclosure.vendor_name, serviceName: disclosure.service_name, templateTitle: template?.template.title ?? disclosure.template_id },
    hospitals,
    // A member held back by the organisation's 2FA requirement does not read its requests either.
    requests: await requestsOfHospitals(db, disclosure.id, hospitals.filter((h) => h.blocked !== "twoFactor").map((h) => h.id)),
    now: clock.now(),
    // The vendor's terms in force, to accept with the request; after a refusal (terms changed meanwhile) the new ones.
    terms: await termsInForce(db, disclosure.organization_id),
  });
}

const schema = z.object({
  hospitalId: z.string().min(1, "医療機関を選んでください"),
  message: z.string().trim().max(1000, "メッセージは1000文字以内にしてください").optional(),
  // The version of the terms shown, sent only with the box ticked; the model checks it against the one in force.
  termsVersion: z.string().optional(),
  acceptTerms: z.string().optional(),
});
const NOT_ALLOWED = "この医療機関として閲覧を申請することはできません（理由は下記のとおりです）";

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, disclosure, hospitals, allowed } = await load(request, context, params.disclosureId!);
  if (!allowed.length) return json({ error: NOT_ALLOWED }, { status: 403 });
  const form = parseForm(await readForm(request), schema);
  if (!form.ok) return json({ error: Object.values(form.errors)[0] }, { status: 400 });
  if (!allowed.some((h) => h.id === form.data.hospitalId)) {
    return hospitals.some((h) => h.id === form.data.hospitalId) ? json({ error: NOT_ALLOWED }, { status: 403 }) : json({ error: "医療機関を選んでください" }, { status: 400 });
  }
  try {
    const acceptedTermsVersion = form.data.acceptTerms ? Number.parseInt(form.data.termsVersion ?? "", 10) || 0 : null;
    await requestAccess(db, actorOf(user), { disclosureId: disclosure.id, vendorOrganizationId: disclosure.organization_id, hospitalOrganizationId: form.data.hospitalId, message: form.data.message ?? "", acceptedTermsVersion }, requestMeta(context));
  } catch (error) {
    // The message typed is given back, so that a refusal (terms not accepted, or changed meanwhile) loses nothing.
    if (error instanceof AccessRequestError) return json({ error: error.message, message: form.data.message }, { status: 400 });
    throw error;
  }
  return json({ success: "申請しました。事業者が承認すると閲覧できるようになります" });
}

const statusLabels = { pending: "申請中", approved: "許可", declined: "却下", revoked: "取消" } as const;

export default function RequestAccess() {
  const { disclosure, hospitals, requests, now, terms } = useLoaderData<typeof loader>();
  // An approval past its end date (the reading rule's `expires_at >= now`) reads nothing: no link, and a new request may be made.
  const live = (r: (typeof requests)[number]) => r.status === "approved" && (r.expires_at === null || r.expires_at >= now);
  const result = useActionData<typeof action>() as { error?: string; success?: string; message?: string } | undefined;
  const allowed = hospitals.filter((h) => !h.blocked);
  const limits = hospitals.flatMap((h) => (h.blocked && h.blocked !== "role" ? [{ id: h.id, name: h.name, reason: h.blocked }] : []));
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
              {r.hospital_name}: {r.status === "approved" && !live(r) ? "許可（期限切れ）" : statusLabels[r.status]}（{formatDateTime(r.created_at)}）
              {r.status === "approved" && r.expires_at ? ` ${formatDate(r.expires_at)}まで` : ""}
              {live(r) ? (
                <>
                  {" "}
                  <Link to={`/disclosures/${disclosure.id}`}>開示書を見る</Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <HospitalLimits limits={limits} />
      {hospitals
        .filter((h) => h.blocked === "role")
        .map((h) => (
          <p key={h.id} className="notice" role="note">
            {`「${h.name}」でのあなたの役割は閲覧者です。閲覧の申請は、組織の編集者またはオーナーが行えます。`}
          </p>
        ))}
      {allowed.length ? <RequestForm hospitals={allowed} terms={terms} message={result?.error ? result.message : undefined} /> : null}
    </div>
  );
}

function RequestForm({ hospitals, terms, message }: { hospitals: { id: string; name: string }[]; terms: { version: number; text: string; created_at: number } | null; message?: string }) {
  return (
    // The key starts the form afresh when the terms change, so a tick given to older terms does not carry over.
    <Form method="post" key={terms?.version ?? 0}>
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
        <textarea id="message" name="message" rows={4} maxLength={1000} defaultValue={message} placeholder="例: 電子カルテ更新の比較検討のため、閲覧を希望します。" />
      </div>
      {terms ? (
        <section className="panel" aria-labelledby="terms-heading">
          <h2 id="terms-heading">閲覧の条件</h2>
          <p>{`事業者が定めた条件（第${terms.version}版、${formatDate(terms.created_at)}）です。申請するには同意が必要です。同意した版と日時は申請とともに記録され、事業者に表示されます。`}</p>
          <div className="preserve-lines">{terms.text}</div>
          <input type="hidden" name="termsVersion" value={terms.version} />
          <label className="block-label">
            <input type="checkbox" name="acceptTerms" value="1" required /> 上記の条件に同意します
          </label>
        </section>
      ) : null}
      <button type="submit">申請する</button>
    </Form>
  );
}
