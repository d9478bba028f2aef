import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessRequestPanel } from "~/components/access-request-panel";
import { submitAccessRequest } from "~/models/access-actions.server";
import { termsInForce } from "~/models/access-terms.server";
import { requestableDisclosure, requestingHospitals, requestsOfHospitals } from "~/models/access-request.server";
import { getTemplate } from "~/models/template.server";
import { db } from "~/utils/db.server";
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
  return { user, disclosure, hospitals };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { disclosure, hospitals } = await load(request, context, params.disclosureId!);
  const template = await getTemplate(db, disclosure.template_id, disclosure.template_version);
  return json({
    disclosure: { id: disclosure.id, vendorName: disclosure.vendor_name, serviceName: disclosure.service_name, templateTitle: template?.template.title ?? disclosure.template_id },
    hospitals,
    // A member held back by the organisation's 2FA requirement does not read its requests either.
    requests: await requestsOfHospitals(db, { disclosureId: disclosure.id }, hospitals.filter((h) => h.blocked !== "twoFactor").map((h) => h.id)),
    now: clock.now(),
    // The vendor's terms in force, to accept with the request; after a refusal (terms changed meanwhile) the new ones.
    terms: await termsInForce(db, disclosure.organization_id),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, disclosure, hospitals } = await load(request, context, params.disclosureId!);
  // Shared with documents' request pages (app/models/access-actions.server.ts).
  const { reply, status } = await submitAccessRequest(db, actorOf(user), await readForm(request), { disclosureId: disclosure.id, vendorOrganizationId: disclosure.organization_id }, hospitals, requestMeta(context));
  return json(reply, { status });
}

export default function RequestAccess() {
  const { disclosure, hospitals, requests, now, terms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>閲覧の申請</h1>
      <p>
        {disclosure.vendorName}
        {disclosure.serviceName ? `「${disclosure.serviceName}」` : ""}の「{disclosure.templateTitle}」は、事業者が承認した医療機関のみ閲覧できます。
      </p>
      <AccessRequestPanel hospitals={hospitals} requests={requests} now={now} terms={terms} result={result} read={{ to: `/disclosures/${disclosure.id}`, label: "開示書を見る" }} />
    </div>
  );
}
