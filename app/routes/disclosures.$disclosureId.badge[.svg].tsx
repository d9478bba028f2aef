// GET /disclosures/:id/badge.svg[?theme=dark] — 「開示書 第N版 ・ 最終更新日 …」 for vendors' own sites.
// Public, published, not withdrawn disclosures only (else 404). The response's Content-Security-Policy,
// X-Content-Type-Options and Cross-Origin-Resource-Policy (other sites embed it with <img>) are set for this path
// by app/utils/published-page-cache.server.ts, which also keeps the bytes for anonymous readers and forgets them
// when the disclosure is published, withdrawn or changes visibility.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { badgeSubject, buildBadge } from "~/models/feeds.server";
import { NOT_FOUND_MESSAGE } from "~/models/reading.server";
import { db } from "~/utils/db.server";
import { cacheHeaders, etagMatches } from "~/utils/page-cache.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const subject = await badgeSubject(db, params.disclosureId!);
  if (!subject) return new Response(NOT_FOUND_MESSAGE, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const theme = new URL(request.url).searchParams.get("theme") === "dark" ? "dark" : "light";
  const badge = buildBadge(subject.number, subject.publishedAt, theme);
  // The same bytes for every reader (only public disclosures have a badge): always shareable.
  const headers = cacheHeaders(true, badge.etag);
  if (etagMatches(request, badge.etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", "image/svg+xml");
  return new Response(badge.svg, { status: 200, headers });
}
