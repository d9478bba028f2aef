// GET /disclosures/:id/feed.atom — the public versions of one public disclosure as Atom 1.0 (app/models/feeds.server.ts
// decides what is public). Anything else is the same 404 as a missing disclosure, for every reader.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomResponse, disclosureFeed } from "~/models/feeds.server";
import { NOT_FOUND_MESSAGE } from "~/models/reading.server";
import { db } from "~/utils/db.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const feed = await disclosureFeed(db, params.disclosureId!);
  if (!feed) return new Response(NOT_FOUND_MESSAGE, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return atomResponse(request, feed);
}
