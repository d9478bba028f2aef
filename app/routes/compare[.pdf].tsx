// GET /compare.pdf?… — the comparison on screen at /compare?… as an A4 landscape PDF (never cached: it may
// include disclosures only this reader may see, and it is rendered afresh each time).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseComparisonParams } from "~/models/comparison";
import { loadComparison } from "~/models/comparison.server";
import { readerOf } from "~/models/reading.server";
import { renderComparisonDocumentInTurns } from "~/pdf/comparison-document";
import { exportRefusal, exportResponse } from "~/utils/comparison-export.server";
import { db } from "~/utils/db.server";
import { shareableFor } from "~/utils/published-page-cache.server";
import { renderPdf } from "~/utils/pdf.server";
import { pdfErrorResponse } from "~/utils/pdf-response.server";
import { clock } from "../../disclosures/clock";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const outcome = await loadComparison(db, readerOf(context), parseComparisonParams(new URL(request.url).searchParams));
  if (outcome.kind !== "ok") return exportRefusal(outcome);
  const now = clock.now();
  const document = await renderComparisonDocumentInTurns(outcome.page, now);
  try {
    const { pdf } = await renderPdf(document.html, { landscape: true });
    return shareableFor(context, exportResponse(new Uint8Array(pdf), "pdf", outcome.page, now));
  } catch (error) {
    return pdfErrorResponse(error);
  }
}
