// GET /disclosures/:disclosureId/v/:number.xlsx — one published version's answers as a workbook in its form's
// layout (app/utils/answers-export.server.ts), under the same reading rules as the page, the PDF and the JSON.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getVersion } from "~/models/disclosure.server";
import { loadPublishedDisclosure, loadVersionTemplate, NOT_FOUND_MESSAGE, parseVersionNumber, readerOf } from "~/models/reading.server";
import { answersFileName, answersResponse, answersWorkbook } from "~/utils/answers-export.server";
import { clock } from "../../disclosures/clock";
import { db } from "~/utils/db.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const disclosure = await loadPublishedDisclosure(db, params.disclosureId!, readerOf(context));
  const number = parseVersionNumber(params.number);
  const version = disclosure && number !== undefined && number <= disclosure.latest_version ? await getVersion(db, disclosure.id, number) : undefined;
  if (!disclosure || !version) return new Response(NOT_FOUND_MESSAGE, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
  const input = {
    template: await loadVersionTemplate(db, version),
    content: version.parsed,
    organizationName: disclosure.organization_name,
    serviceName: disclosure.service_name,
    versionLabel: `第${version.number}版`,
    publishedAt: version.published_at,
    contentHash: version.content_hash,
    base: { version: version.number },
    now: clock.now(),
  };
  return answersResponse(await answersWorkbook(input), answersFileName(input, disclosure.id));
}
