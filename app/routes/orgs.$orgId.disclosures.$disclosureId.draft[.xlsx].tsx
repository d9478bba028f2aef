// GET /orgs/:orgId/disclosures/:d/draft.xlsx — the draft's answers as a workbook in the form's layout, for the
// vendor's own members (viewers included: they may read the draft in the app too).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDisclosure, getDraft } from "~/models/disclosure.server";
import { getTemplate } from "~/models/template.server";
import { answersFileName, answersResponse, answersWorkbook } from "~/utils/answers-export.server";
import { db } from "~/utils/db.server";
import { requireOrgRole } from "~/utils/permissions.server";
import { clock } from "../../disclosures/clock";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrgRole(request, context, params.orgId!, "viewer");
  const disclosure = await getDisclosure(db, organization.id, params.disclosureId!);
  if (!disclosure) return new Response("開示書が見つかりません", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  const draft = await getDraft(db, disclosure);
  const input = {
    template,
    content: draft.content,
    organizationName: organization.name,
    serviceName: disclosure.service_name,
    versionLabel: "下書き",
    publishedAt: null,
    contentHash: null,
    base: { revisions: draft.revisions },
    now: clock.now(),
  };
  return answersResponse(await answersWorkbook(input), answersFileName(input, disclosure.id));
}
