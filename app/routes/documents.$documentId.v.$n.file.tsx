// GET /documents/:id/v/:n/file — a version's file, always as a download with the content type decided from its
// content at upload: `attachment` (RFC 6266/5987 name), and — set for this path in app/utils/http-middleware.server.ts,
// replacing the site's policy — `Content-Security-Policy: default-src 'none'; sandbox` and `nosniff`. Readable per
// the document's visibility; anything else is the same 404 as a missing one.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentDisposition, DOCUMENT_NOT_FOUND, readableDocumentFile } from "~/models/document.server";
import { readerOf } from "~/models/reading.server";
import { db } from "~/utils/db.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const number = /^[1-9]\d{0,8}$/.test(params.n ?? "") ? Number(params.n) : undefined;
  const file = number ? await readableDocumentFile(db, readerOf(context), params.documentId!, number) : undefined;
  if (!file) return new Response(DOCUMENT_NOT_FOUND, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
  const ext = file.file_name.slice(file.file_name.lastIndexOf(".") + 1);
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "Content-Type": file.content_type,
      "Content-Length": String(file.bytes.length),
      "Content-Disposition": attachmentDisposition(file.file_name, `document-v${file.number}.${ext}`),
      "Cache-Control": "private, no-store",
      // The bytes' SHA-256, as listed on the document's page.
      "X-Content-SHA256": file.sha256,
    },
  });
}
