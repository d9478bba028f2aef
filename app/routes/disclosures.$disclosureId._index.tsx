import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { disclosureBase } from "~/components/disclosure-reading";
import { disclosureNotFound, loadPublishedDisclosure, readerOf } from "~/models/reading.server";
import { db } from "~/utils/db.server";

// /disclosures/:id always shows the latest published version; /disclosures/:id/v/:n is the stable URL.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const reader = readerOf(context);
  const disclosure = await loadPublishedDisclosure(db, params.disclosureId!, reader);
  if (!disclosure) throw await disclosureNotFound(db, reader);
  // Not cached: the latest version moves on with every publish.
  return redirect(`${disclosureBase(disclosure.id)}/v/${disclosure.latest_version}`, { headers: { "Cache-Control": "no-store" } });
}

// A component makes this a page route, so a 404 renders the Japanese error page, not bare text.
export default function LatestVersionRedirect() {
  return null;
}
