// GET/POST /documents/:id/request — a hospital asks to read a 申請制 document (DECISIONS 32): the same page and rules
// as for a 申請制 disclosure (app/routes/disclosures.$disclosureId.request.tsx): its hospitals' requests, why a
// hospital cannot ask, the message and the vendor's terms to accept. Anything but a 申請制, published, not withdrawn
// document is the same 404 as a missing one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessRequestPanel } from "~/components/access-request-panel";
import { submitAccessRequest } from "~/models/access-actions.server";
import { requestingHospitals, requestsOfHospitals } from "~/models/access-request.server";
import { termsInForce } from "~/models/access-terms.server";
import { DOCUMENT_NOT_FOUND, documentKindLabels, requestableDocument } from "~/models/document.server";
import { db } from "~/utils/db.server";
import { actorOf, requestMeta, requireUser } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { clock } from "../../disclosures/clock";

export const meta: MetaFunction = () => [{ title: "資料の閲覧の申請 | Kaiji" }];

async function load(request: Request, context: LoaderFunctionArgs["context"], documentId: string) {
  const { user } = requireUser(request, context);
  const document = await requestableDocument(db, documentId);
  if (!document) throw new Response(DOCUMENT_NOT_FOUND, { status: 404 });
  const hospitals = await requestingHospitals(db, user.id);
  if (!hospitals.length) throw new Response("閲覧を申請できるのは医療機関の組織のメンバーです", { status: 403 });
  return { user, document, hospitals };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { document, hospitals } = await load(request, context, params.documentId!);
  return json({
    document: { id: document.id, title: document.title, kindLabel: documentKindLabels[document.kind], vendorName: document.vendor_name, serviceName: document.service_name },
    hospitals,
    // A member held back by the organisation's 2FA requirement does not read its requests either.
    requests: await requestsOfHospitals(db, { documentId: document.id }, hospitals.filter((h) => h.blocked !== "twoFactor").map((h) => h.id)),
    now: clock.now(),
    // The vendor's terms in force (the same for its disclosures and documents); after a refusal, the new ones.
    terms: await termsInForce(db, document.organization_id),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, document, hospitals } = await load(request, context, params.documentId!);
  const { reply, status } = await submitAccessRequest(db, actorOf(user), await readForm(request), { documentId: document.id, vendorOrganizationId: document.organization_id }, hospitals, requestMeta(context));
  return json(reply, { status });
}

export default function RequestDocumentAccess() {
  const { document, hospitals, requests, now, terms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>資料の閲覧の申請</h1>
      <p>{`${document.vendorName}${document.serviceName ? `「${document.serviceName}」` : ""}の資料「${document.title}」（${document.kindLabel}）は、事業者が承認した医療機関のみ閲覧できます。`}</p>
      <AccessRequestPanel hospitals={hospitals} requests={requests} now={now} terms={terms} result={result} read={{ to: `/documents/${encodeURIComponent(document.id)}`, label: "資料を見る" }} />
    </div>
  );
}
