// The public reading side of published disclosures: what a reader may see. A disclosure that
// does not exist, has never been published, or that this reader may not read is the same
// `undefined` (→ the same 404), so a response never tells whether a restricted disclosure exists.
// Drafts are never read here: only `disclosure_version` rows.
import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { buildContentView, type ContentView } from "../../disclosures/disclosure-view.js";
import { documentParts } from "../../disclosures/document-parts.js";
import { glossaryOf, type GlossaryEntry } from "../../disclosures/item-guidance.js";
import type { Template } from "../../disclosures/template-schema.js";
import { releaseOf } from "../../disclosures/summary.js";
import { LruCache } from "../utils/page-cache.server.js";
import { canRead, getVersion, readerScope, versionPartDates, type Reader } from "./disclosure.server.js";
import { hospitalLimitNotice } from "./organization.js";
import { getTemplate } from "./template.server.js";
import { clock } from "../../disclosures/clock.js";

export const NOT_FOUND_MESSAGE = "指定された開示書・版は見つかりません";

/** Who is reading: a session still waiting for its second factor is not signed in yet. */
export function readerOf(context: AppLoadContext): Reader {
  const auth = context.auth;
  return auth?.session.twoFactorVerified ? { userId: auth.user.id, isAdmin: auth.user.isAdmin } : null;
}

export async function loadPublishedDisclosure(db: Kysely<Database>, disclosureId: string, reader: Reader, now = clock.now()) {
  const disclosure = await db
    .selectFrom("disclosure")
    .innerJoin("organization", "organization.id", "disclosure.organization_id")
    // Only a service of the same organisation: a stray service_id never shows another's name.
    .leftJoin("service", (join) => join.onRef("service.id", "=", "disclosure.service_id").onRef("service.organization_id", "=", "disclosure.organization_id"))
    .select([
      "disclosure.id",
      "disclosure.organization_id",
      "disclosure.template_id",
      "disclosure.template_version",
      "disclosure.visibility",
      "disclosure.latest_version",
      "disclosure.withdrawn_at",
      "organization.name as organization_name",
      "organization.verified_at as organization_verified_at",
      "service.name as service_name",
    ])
    .where("disclosure.id", "=", disclosureId)
    .where("disclosure.latest_version", ">", 0)
    .executeTakeFirst();
  if (!disclosure) return undefined;
  if (!(await canRead(db, reader, disclosure, now))) return undefined;
  return disclosure;
}

/**
 * The 404 of a disclosure page. A reader whose hospital does not read restricted disclosures yet
 * (unverified, or its 2FA requirement unmet) is told why — in the same words for every disclosure,
 * one that does not exist included, so the answer still tells nothing about this one.
 */
export async function disclosureNotFound(db: Kysely<Database>, reader: Reader): Promise<Response> {
  const { limits } = await readerScope(db, reader);
  const why = limits.map((limit) => hospitalLimitNotice(limit).text).join("");
  return new Response(why ? `${NOT_FOUND_MESSAGE}。${why}` : NOT_FOUND_MESSAGE, { status: 404 });
}

export type PublishedDisclosure = NonNullable<Awaited<ReturnType<typeof loadPublishedDisclosure>>>;

/**
 * Whether a response may be kept by browsers and shared caches: only for a request without any
 * session (the page then looks the same for everyone) and a public disclosure.
 */
export function isShareable(context: AppLoadContext, disclosure: Pick<PublishedDisclosure, "visibility">): boolean {
  return !context.auth && disclosure.visibility === "public";
}

/** Version numbers as they appear in URLs: 1, 2, … (no signs, no leading zeros, no exponent). */
export function parseVersionNumber(raw: string | null | undefined): number | undefined {
  return raw && /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : undefined;
}

/** What a page shows besides the content; part of every entity tag, since it can change. */
export function disclosureState(disclosure: PublishedDisclosure) {
  return {
    id: disclosure.id,
    latest: disclosure.latest_version,
    withdrawnAt: disclosure.withdrawn_at,
    organization: disclosure.organization_name,
    verified: disclosure.organization_verified_at !== null,
    service: disclosure.service_name,
    visibility: disclosure.visibility,
  };
}

export type VersionPage = {
  number: number;
  publishedAt: number;
  contentHash: string;
  template: { id: string; version: string; title: string; shortTitle: string | null; edition: string };
  /** On a per-release form (MDS): 「製品名 バージョン」 of this version. */
  release: string | null;
  view: ContentView;
  /** A form in several parts (代行機関 概要 and 別添): each part's title and when it last changed; [] otherwise. */
  parts: { title: string; publishedAt: number }[];
  /** The form's 用語の解説 (役割分担), each term with the items it belongs to; [] for a form without one. */
  glossary: GlossaryEntry[];
};

// A published version and its template never change: its view is computed once per process.
// Bounded by entries and by (roughly) the size of the data, so a large template cannot exhaust memory.
const versionPages = new LruCache<VersionPage>({ maxEntries: 300, maxWeight: 48 * 1024 * 1024, weigh: (page) => JSON.stringify(page).length * 2 });

/** The view of one published version; callers check access first (loadPublishedDisclosure). */
export async function loadVersionPage(db: Kysely<Database>, disclosureId: string, number: number): Promise<VersionPage | undefined> {
  const key = `${disclosureId}:${number}`;
  const cached = versionPages.get(key);
  if (cached) return cached;
  const version = await getVersion(db, disclosureId, number);
  if (!version) return undefined;
  const template = await loadVersionTemplate(db, version);
  const page: VersionPage = {
    number: version.number,
    publishedAt: version.published_at,
    contentHash: version.content_hash,
    template: { id: template.id, version: template.version, title: template.title, shortTitle: template.shortTitle ?? null, edition: template.source.edition },
    release: releaseOf(template, version.parsed),
    view: buildContentView(template, version.parsed),
    parts: await partsOf(db, disclosureId, number, template),
    glossary: glossaryOf(template),
  };
  versionPages.set(key, page);
  return page;
}

async function partsOf(db: Kysely<Database>, disclosureId: string, number: number, template: Template): Promise<VersionPage["parts"]> {
  const dates = await versionPartDates(db, disclosureId, number, template);
  return dates ? documentParts(template).map((p) => ({ title: p.title, publishedAt: dates[p.key] })) : [];
}

/** The template a version was written against. Missing would be a broken database, not a 404. */
export async function loadVersionTemplate(db: Kysely<Database>, version: { template_id: string; template_version: string }) {
  const found = await getTemplate(db, version.template_id, version.template_version);
  if (!found) throw new Error(`template ${version.template_id}@${version.template_version} of a published version is not registered`);
  return found.template;
}
