// GET /disclosures/:id/v/:n.pdf — a published version as a PDF in the layout of the official form.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getVersion, getVersionMeta, versionPartDates } from "~/models/disclosure.server";
import { contentDisposition, publishedPdf } from "~/models/pdf-document.server";
import { isShareable, loadPublishedDisclosure, loadVersionTemplate, NOT_FOUND_MESSAGE, parseVersionNumber, readerOf } from "~/models/reading.server";
import { db } from "~/utils/db.server";
import { publicOrigin } from "~/utils/env.server";
import { cacheHeaders, etagMatches } from "~/utils/page-cache.server";
import { pdfErrorResponse } from "~/utils/pdf-response.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const disclosure = await loadPublishedDisclosure(db, params.disclosureId!, readerOf(context));
  const number = parseVersionNumber(params.number);
  if (!disclosure || number === undefined || number > disclosure.latest_version) throw new Response(NOT_FOUND_MESSAGE, { status: 404 });
  const version = (await getVersionMeta(db, disclosure.id, number))!;
  const template = await loadVersionTemplate(db, version);
  try {
    const file = await publishedPdf(template, {
      vendorName: disclosure.organization_name,
      serviceName: disclosure.service_name,
      versionNumber: number,
      lastUpdated: version.published_at,
      partDates: await versionPartDates(db, disclosure.id, number, template),
      contentHash: version.content_hash,
      changeReason: version.change_reason,
      publicUrl: `${publicOrigin()}/disclosures/${disclosure.id}/v/${number}`,
    }, async () => (await getVersion(db, disclosure.id, number))!.parsed);
    const etag = `"pdf-${file.key}"`;
    const headers = cacheHeaders(isShareable(context, disclosure), etag);
    // Readers who may see it get a stable tag too; only anonymous public copies may be shared.
    headers.set("ETag", etag);
    if (etagMatches(request, etag)) return new Response(null, { status: 304, headers });
    headers.set("Content-Type", "application/pdf");
    headers.set("Content-Disposition", contentDisposition(file.fileName, `disclosure-${disclosure.id}-v${number}.pdf`));
    headers.set("Content-Length", String(file.pdf.length));
    return new Response(new Uint8Array(file.pdf), { status: 200, headers });
  } catch (error) {
    return pdfErrorResponse(error);
  }
}
