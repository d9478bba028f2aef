// GET /disclosures/:id/latest.pdf — the newest published version's PDF (a stable link for vendors' sites).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { loadPublishedDisclosure, NOT_FOUND_MESSAGE, readerOf } from "~/models/reading.server";
import { db } from "~/utils/db.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const disclosure = await loadPublishedDisclosure(db, params.disclosureId!, readerOf(context));
  if (!disclosure) throw new Response(NOT_FOUND_MESSAGE, { status: 404 });
  return redirect(`/disclosures/${disclosure.id}/v/${disclosure.latest_version}.pdf`, { headers: { "Cache-Control": "no-store" } });
}
