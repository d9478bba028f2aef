// /watch/:token/feed.atom — a hospital organisation's private watch-list feed (issue 15, item 6). The secret in the
// URL is the only key: a wrong or revoked one is the same 404 as any missing page. What the organisation may read
// is decided at every request, so a disclosure it can no longer read drops out. Never stored by shared caches.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { watchFeed } from "~/models/watch.server";
import { db } from "~/utils/db.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const body = await watchFeed(db, params.token ?? "");
  if (body === undefined) throw new Response("ページが見つかりません", { status: 404 });
  return new Response(body, {
    status: 200,
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" },
  });
}
