// GET /compare.xlsx?… — the comparison on screen at /compare?… as a workbook: 比較 (the same table as the CSV), 集計, 条件.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseComparisonParams } from "~/models/comparison";
import { loadComparison } from "~/models/comparison.server";
import { readerOf } from "~/models/reading.server";
import { exportRefusal, exportResponse, toXlsx } from "~/utils/comparison-export.server";
import { db } from "~/utils/db.server";
import { shareableFor } from "~/utils/published-page-cache.server";
import { clock } from "../../disclosures/clock";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const outcome = await loadComparison(db, readerOf(context), parseComparisonParams(new URL(request.url).searchParams));
  if (outcome.kind !== "ok") return exportRefusal(outcome);
  const now = clock.now();
  return shareableFor(context, exportResponse(new Uint8Array(await toXlsx(outcome.page, now)), "xlsx", outcome.page, now));
}
