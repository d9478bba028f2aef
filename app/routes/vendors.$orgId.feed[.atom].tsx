// GET /vendors/:orgId/feed.atom — every public version of an organisation's public disclosures as Atom 1.0.
// An organisation that does not exist or has nothing public is the same 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomResponse, vendorFeed } from "~/models/feeds.server";
import { db } from "~/utils/db.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const feed = await vendorFeed(db, params.orgId!);
  if (!feed) return new Response("指定された事業者は見つかりません", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return atomResponse(request, feed);
}
