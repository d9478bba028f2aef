// Atom feeds of published versions and the SVG badge vendors put on their own sites (issue 15, items 6–7).
//
// What is public here: disclosures whose visibility is "public" and that have at least one published version —
// nothing else ever appears, whoever asks, so a feed or badge is the same bytes for every reader and may be
// shared by caches. A disclosure or organisation with nothing public is the same 404 as a missing one.
//
// Withdrawn disclosures: their versions stay in the feeds (the version pages stay readable, with a notice), and
// the feed gets one more entry, 「取り下げ」, dated when it was withdrawn, so subscribers learn of the withdrawal.
// The badge, which asserts a current disclosure on the vendor's own site, is a 404 once withdrawn.
//
// Entry ids are the version's absolute URL (built from PUBLIC_URL, never from the request): a published version
// never changes, so its id never does; the withdrawal entry's id carries the time of the withdrawal.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { publicOrigin } from "../utils/env.server.js";
import { formatDate } from "../utils/format.js";
import { cacheHeaders, etagMatches } from "../utils/page-cache.server.js";
import { getTemplate } from "./template.server.js";

// ---- XML text ---------------------------------------------------------------------------------

/** Characters XML 1.0 does not allow at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or attribute value for XML: forbidden characters dropped, markup characters escaped. */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const iso = (ms: number) => new Date(ms).toISOString();
const tagOf = (kind: string, body: string) => `"${kind}-${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

// ---- what is public ----------------------------------------------------------------------------

type FeedVersion = {
  disclosureId: string;
  number: number;
  publishedAt: number;
  changeReason: string | null;
  templateId: string;
  templateVersion: string;
  serviceName: string | null;
  withdrawnAt: number | null;
};

/** Published versions with what a feed says of them, newest first; callers add who may see which. */
export function feedVersions(db: Kysely<Database>) {
  return db
    .selectFrom("disclosure_version")
    .innerJoin("disclosure", "disclosure.id", "disclosure_version.disclosure_id")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
    .select([
      "disclosure.id as disclosureId",
      "disclosure_version.number as number",
      "disclosure_version.published_at as publishedAt",
      "disclosure_version.change_reason as changeReason",
      "disclosure_version.template_id as templateId",
      "disclosure_version.template_version as templateVersion",
      "service.name as serviceName",
      "disclosure.withdrawn_at as withdrawnAt",
      "organization.id as organizationId",
      "organization.name as organizationName",
    ])
    // Versions above latest_version cannot exist through the app; never show one a hand-edited database holds.
    .whereRef("disclosure_version.number", "<=", "disclosure.latest_version")
    .orderBy("disclosure_version.published_at", "desc")
    .orderBy("disclosure_version.number", "desc")
    .orderBy("disclosure.id");
}

function publicVersions(db: Kysely<Database>) {
  return feedVersions(db).where("disclosure.visibility", "=", "public").where("disclosure.latest_version", ">", 0);
}

export type Feed = { body: string; etag: string };

/** The Atom feed of one public disclosure, or undefined (missing, not public, never published). */
export async function disclosureFeed(db: Kysely<Database>, disclosureId: string): Promise<Feed | undefined> {
  const rows = await publicVersions(db).where("disclosure.id", "=", disclosureId).execute();
  if (!rows.length) return undefined;
  const origin = publicOrigin();
  return withTag(
    await atomFeed(db, {
      id: `${origin}/disclosures/${encodeURIComponent(disclosureId)}/feed.atom`,
      title: `${rows[0].organizationName}の開示書の更新情報`,
      author: rows[0].organizationName,
      alternate: `${origin}/disclosures/${encodeURIComponent(disclosureId)}/versions`,
      rows,
    }),
  );
}

/** Every public version of an organisation's disclosures, or undefined (missing, or nothing public). */
export async function vendorFeed(db: Kysely<Database>, organizationId: string): Promise<Feed | undefined> {
  const rows = await publicVersions(db).where("disclosure.organization_id", "=", organizationId).execute();
  if (!rows.length) return undefined;
  const origin = publicOrigin();
  return withTag(
    await atomFeed(db, {
      id: `${origin}/vendors/${encodeURIComponent(organizationId)}/feed.atom`,
      title: `${rows[0].organizationName}の開示書の更新情報`,
      author: rows[0].organizationName,
      alternate: `${origin}/vendors/${encodeURIComponent(organizationId)}`,
      rows,
    }),
  );
}

const withTag = (body: string): Feed => ({ body, etag: tagOf("atom", body) });

/**
 * An Atom document of versions (newest first): one entry per version with its 改版理由, and a 「取り下げ」 entry for a
 * withdrawn disclosure. `self` is left out for a feed whose own address is a secret (the watch list's).
 */
export async function atomFeed(
  db: Kysely<Database>,
  feed: { id: string; title: string; author: string; alternate: string; self?: string | null; rows: (FeedVersion & { organizationName: string })[]; updatedWhenEmpty?: number },
): Promise<string> {
  const origin = publicOrigin();
  const titles = new Map<string, string>();
  for (const row of feed.rows) {
    const key = `${row.templateId}@${row.templateVersion}`;
    if (!titles.has(key)) titles.set(key, (await getTemplate(db, row.templateId, row.templateVersion))?.template.title ?? row.templateId);
  }
  type Entry = { id: string; title: string; updated: number; summary: string; links: { href: string; type: string }[] };
  const entries: Entry[] = [];
  const withdrawn = new Set<string>();
  for (const row of feed.rows) {
    const page = `${origin}/disclosures/${encodeURIComponent(row.disclosureId)}/v/${row.number}`;
    const subject = `${row.organizationName}「${titles.get(`${row.templateId}@${row.templateVersion}`)}」${row.serviceName ? `（${row.serviceName}）` : ""}`;
    if (row.withdrawnAt !== null && !withdrawn.has(row.disclosureId)) {
      withdrawn.add(row.disclosureId);
      entries.push({
        id: `${origin}/disclosures/${encodeURIComponent(row.disclosureId)}/versions#withdrawn-${row.withdrawnAt}`,
        title: `${subject} 取り下げ`,
        updated: row.withdrawnAt,
        summary: `この開示書は${formatDate(row.withdrawnAt)}に事業者により取り下げられました。`,
        links: [{ href: `${origin}/disclosures/${encodeURIComponent(row.disclosureId)}/versions`, type: "text/html" }],
      });
    }
    entries.push({
      id: page,
      title: `${subject} 第${row.number}版`,
      updated: row.publishedAt,
      summary: row.changeReason ? `改版理由：${row.changeReason}` : `第${row.number}版を公開しました（最終更新日 ${formatDate(row.publishedAt)}）。`,
      links: [
        { href: page, type: "text/html" },
        { href: `${page}.pdf`, type: "application/pdf" },
      ],
    });
  }
  entries.sort((a, b) => b.updated - a.updated);
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">`,
    `  <id>${xmlText(feed.id)}</id>`,
    `  <title>${xmlText(feed.title)}</title>`,
    `  <updated>${iso(entries[0]?.updated ?? feed.updatedWhenEmpty ?? 0)}</updated>`,
    `  <author><name>${xmlText(feed.author)}</name></author>`,
    `  <generator uri="${xmlText(origin)}/">Kaiji</generator>`,
    ...(feed.self === null ? [] : [`  <link rel="self" type="application/atom+xml" href="${xmlText(feed.self ?? feed.id)}"/>`]),
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.alternate)}"/>`,
    ...entries.flatMap((e) => [
      `  <entry>`,
      `    <id>${xmlText(e.id)}</id>`,
      `    <title>${xmlText(e.title)}</title>`,
      `    <updated>${iso(e.updated)}</updated>`,
      `    <published>${iso(e.updated)}</published>`,
      ...e.links.map((l) => `    <link rel="alternate" type="${l.type}" href="${xmlText(l.href)}"/>`),
      `    <summary type="text">${xmlText(e.summary)}</summary>`,
      `  </entry>`,
    ]),
    `</feed>`,
    ``,
  ];
  return lines.join("\n");
}

// ---- the badge ----------------------------------------------------------------------------------

export type BadgeTheme = "light" | "dark";
export type Badge = { svg: string; etag: string; width: number; height: number; label: string };

const HEIGHT = 22;
const FONT_SIZE = 12;
/** Width of the text in a CJK sans-serif at 12px: full-width characters one em, the rest about 0.6 em. */
const textWidth = (text: string) => [...text].reduce((w, ch) => w + (/[\u0000-\u00ff]/.test(ch) ? FONT_SIZE * 0.6 : FONT_SIZE), 0);

const THEMES: Record<BadgeTheme, { left: string; right: string; text: string; border: string }> = {
  light: { left: "#1f4e79", right: "#eef3f8", text: "#1b2733", border: "#1f4e79" },
  dark: { left: "#0b1722", right: "#1e2a36", text: "#e8eef4", border: "#5b8bb8" },
};

/** What the badge says: 「開示書 第N版 ・ 最終更新日 YYYY年M月D日」 (the app's Japanese date). */
export function badgeLabel(number: number, publishedAt: number): string {
  return `開示書 第${number}版 ・ 最終更新日 ${formatDate(publishedAt)}`;
}

/** A self-contained SVG: no script, no external reference, every text escaped. */
export function buildBadge(number: number, publishedAt: number, theme: BadgeTheme): Badge {
  const label = badgeLabel(number, publishedAt);
  const left = "開示書";
  const right = `第${number}版 ・ 最終更新日 ${formatDate(publishedAt)}`;
  const pad = 8;
  const leftWidth = Math.ceil(textWidth(left) + pad * 2);
  // One width for every badge (up to 第999版 and a two-digit month and day), so the width and height in a snippet
  // pasted once stay right as new versions are published.
  const rightWidth = Math.ceil(Math.max(textWidth(right), textWidth("第999版 ・ 最終更新日 2026年12月28日")) + pad * 2);
  const width = leftWidth + rightWidth;
  const colors = THEMES[theme];
  const baseline = 15;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="${xmlText(label)}">`,
    `<title>${xmlText(label)}</title>`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${HEIGHT - 1}" rx="3" fill="${colors.right}" stroke="${colors.border}"/>`,
    `<path d="M3.5 0.5H${leftWidth}V${HEIGHT - 0.5}H3.5A3 3 0 0 1 0.5 ${HEIGHT - 3.5}V3.5A3 3 0 0 1 3.5 0.5Z" fill="${colors.left}"/>`,
    `<g font-family="'Hiragino Sans','Noto Sans JP','Yu Gothic',Meiryo,sans-serif" font-size="${FONT_SIZE}">`,
    `<text x="${pad}" y="${baseline}" fill="#ffffff">${xmlText(left)}</text>`,
    `<text x="${leftWidth + pad}" y="${baseline}" fill="${colors.text}">${xmlText(right)}</text>`,
    `</g>`,
    `</svg>`,
    ``,
  ].join("\n");
  return { svg, etag: tagOf(`badge-${theme}`, svg), width, height: HEIGHT, label };
}

/** The latest version of a public, published, not withdrawn disclosure: what its badge shows; else undefined. */
export async function badgeSubject(db: Kysely<Database>, disclosureId: string): Promise<{ number: number; publishedAt: number } | undefined> {
  const row = await db
    .selectFrom("disclosure")
    .innerJoin("disclosure_version", (join) => join.onRef("disclosure_version.disclosure_id", "=", "disclosure.id").onRef("disclosure_version.number", "=", "disclosure.latest_version"))
    .select(["disclosure_version.number as number", "disclosure_version.published_at as publishedAt"])
    .where("disclosure.id", "=", disclosureId)
    .where("disclosure.visibility", "=", "public")
    .where("disclosure.withdrawn_at", "is", null)
    .where("disclosure.latest_version", ">", 0)
    .executeTakeFirst();
  return row;
}

/** What a vendor pastes into its own site: plain HTML, no script, absolute URLs from PUBLIC_URL. */
export function embedSnippet(disclosureId: string, number: number, publishedAt: number): { html: string; badgeUrl: string; pageUrl: string; pdfUrl: string; width: number; height: number } {
  const origin = publicOrigin();
  const base = `${origin}/disclosures/${encodeURIComponent(disclosureId)}`;
  const { width, height, label } = buildBadge(number, publishedAt, "light");
  const pageUrl = `${base}/v/${number}`;
  const badgeUrl = `${base}/badge.svg`;
  const pdfUrl = `${base}/latest.pdf`;
  const html = [
    `<a href="${xmlText(`${base}`)}"><img src="${xmlText(badgeUrl)}" alt="${xmlText(label)}" width="${width}" height="${height}"></a>`,
    `<a href="${xmlText(pdfUrl)}" type="application/pdf">開示書（PDF）</a>`,
  ].join("\n");
  return { html, badgeUrl, pageUrl, pdfUrl, width, height };
}

/** The HTTP answer for a feed: public for everyone (the same bytes for every reader), a strong ETag, 304 on revalidation. */
export function atomResponse(request: Request, feed: Feed): Response {
  const headers = cacheHeaders(true, feed.etag);
  if (etagMatches(request, feed.etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", "application/atom+xml; charset=utf-8");
  return new Response(feed.body, { status: 200, headers });
}
