// GET /orgs/:org/disclosures/:id/preview.pdf — the current draft as a PDF, watermarked 「下書き」,
// for the vendor's editors only; never cached.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDisclosure, getDraft } from "~/models/disclosure.server";
import { contentDisposition, draftPdf } from "~/models/pdf-document.server";
import { getTemplate } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { pdfErrorResponse } from "~/utils/pdf-response.server";
import { requireOrgRole } from "~/utils/permissions.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { organization } = await requireOrgRole(request, context, params.orgId!, "editor");
  const disclosure = await getDisclosure(db, organization.id, params.disclosureId!);
  if (!disclosure) throw new Response("開示書が見つかりません", { status: 404 });
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  const { content } = await getDraft(db, disclosure);
  try {
    const file = await draftPdf(template, content, { vendorName: organization.name, serviceName: disclosure.service_name, publicUrl: null });
    return new Response(new Uint8Array(file.pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": contentDisposition(`下書き_${file.fileName}`, `draft-${disclosure.id}.pdf`),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return pdfErrorResponse(error);
  }
}
