// GET /compare.csv?… — the comparison on screen at /compare?… as CSV (UTF-8 with BOM, CRLF), same cells and filters.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseComparisonParams } from "~/models/comparison";
import { loadComparison } from "~/models/comparison.server";
import { readerOf } from "~/models/reading.server";
import { comparisonTable, exportRefusal, exportResponse, toCsv } from "~/utils/comparison-export.server";
import { db } from "~/utils/db.server";
import { shareableFor } from "~/utils/published-page-cache.server";
import { clock } from "../../disclosures/clock";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const outcome = await loadComparison(db, readerOf(context), parseComparisonParams(new URL(request.url).searchParams));
  if (outcome.kind !== "ok") return exportRefusal(outcome);
  return shareableFor(context, exportResponse(toCsv(comparisonTable(outcome.page)), "csv", outcome.page, clock.now()));
}
