// GET /disclosures/:disclosureId/v/:number.json — one published version as JSON, so that anyone
// can check it: sha256(canonicalContent) (UTF-8 bytes, hex) must equal contentHash.value.
// (The file name escapes ".json" with [ ] so the URL ends in ".json"; see docs/disclosure-json.md.)
//
// {
//   "format": "kaiji-disclosure/1",
//   "disclosureId": string,
//   "version": number,                       // 1, 2, … in publish order
//   "publishedAt": string,                   // ISO 8601 (UTC): the 最終更新日 of this version
//   "changeReason": string | null,           // 改版理由 given when publishing (not part of the hashed content)
//   "latestVersion": number,                 // the newest published version of this disclosure
//   "withdrawnAt": string | null,            // ISO 8601 when the vendor withdrew the disclosure
//   "organization": { "name": string, "verified": boolean },
//   "service": { "name": string } | null,
//   "template": { "id", "version", "title", "edition" },
//   "contentHash": { "algorithm": "SHA-256", "value": string },   // lowercase hex
//   "canonicalContent": string,              // exactly the bytes that were hashed
//   "content": object,                       // canonicalContent parsed: { templateId, templateVersion, responses }
//   "derived": [                             // results computed from the answers (not part of the hashed content)
//     { "key", "title", "text",              // e.g. 「最低限のガイドラインを遵守していない」: the official verdict
//       "state": "pass" | "fail" | "incomplete" | null,   // null for a tally
//       "groups": [{ "label", "met", "total" }],           // a tally's counts (予防 12/15 …)
//       "basis": { "label", "form", "note", "text" } | null,   // the form's note the result follows (注8)
//       "secondary": string | null }         // 「対象事項無の n 項目を除くと、…」: not the verdict
//   ]
// }
//
// Errors: 404 {"error":"not_found"} for a disclosure or version that does not exist, has not been
// published, or that the requester may not read (the same answer for all three).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getVersion } from "~/models/disclosure.server";
import { disclosureState, isShareable, loadPublishedDisclosure, loadVersionTemplate, parseVersionNumber, readerOf } from "~/models/reading.server";
import { db } from "~/utils/db.server";
import { cacheHeaders, etagMatches, strongEtag } from "~/utils/page-cache.server";
import { computeDerived } from "../../disclosures/derived";
import { answersOf, derivedView } from "../../disclosures/disclosure-view";
import { releaseOf } from "../../disclosures/summary";

const FORMAT = "kaiji-disclosure/1";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function notFound() {
  return new Response(JSON.stringify({ error: "not_found", message: "指定された開示書・版は見つかりません" }) + "\n", {
    status: 404,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const disclosure = await loadPublishedDisclosure(db, params.disclosureId!, readerOf(context));
  const number = parseVersionNumber(params.number);
  if (!disclosure || number === undefined || number > disclosure.latest_version) return notFound();
  const version = await getVersion(db, disclosure.id, number);
  if (!version) return notFound();
  const template = await loadVersionTemplate(db, version);

  // The official verdict (注8) and the other derived results; in the ETag too, so a change of rule is never a 304.
  const derived = Object.values(computeDerived(template, answersOf(version.parsed)))
    .map(derivedView)
    .map((d) => ({ ...d, basis: d.basis ?? null, secondary: d.secondary ?? null }));
  const shareable = isShareable(context, disclosure);
  const etag = shareable ? strongEtag("json", version.content_hash, { format: FORMAT, number, changeReason: version.change_reason, ...disclosureState(disclosure), derived }) : undefined;
  const headers = cacheHeaders(shareable, etag);
  headers.set("Content-Type", "application/json; charset=utf-8");
  // Public data, readable by verification tools on other sites. Only on anonymous responses: a
  // cross-site request carrying a session is never given a wildcard.
  if (shareable) headers.set("Access-Control-Allow-Origin", "*");
  if (etag && etagMatches(request, etag)) return new Response(null, { status: 304, headers });

  const body = {
    format: FORMAT,
    disclosureId: disclosure.id,
    version: version.number,
    publishedAt: iso(version.published_at),
    changeReason: version.change_reason,
    latestVersion: disclosure.latest_version,
    withdrawnAt: iso(disclosure.withdrawn_at),
    organization: { name: disclosure.organization_name, verified: disclosure.organization_verified_at !== null },
    service: disclosure.service_name === null ? null : { name: disclosure.service_name },
    // On a form answered per product release (MDS): 「製品名 バージョン」 from the content; else null.
    release: releaseOf(template, version.parsed),
    template: { id: template.id, version: template.version, title: template.title, edition: template.source.edition },
    contentHash: { algorithm: "SHA-256", value: version.content_hash },
    canonicalContent: version.content,
    content: version.parsed,
    derived,
  };
  return new Response(JSON.stringify(body, null, 2) + "\n", { status: 200, headers });
}
