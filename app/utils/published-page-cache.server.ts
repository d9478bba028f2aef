// Finished HTML pages and PDFs of published versions, comparisons (page and exports), vendor pages and directory
// pages, for anonymous readers, who see public disclosures only. Most of those pages opt out of hydration
// (`handle.hydrate = false`), so they carry no per-request CSP nonce and their bytes are the same for every
// anonymous reader: we keep them, gzipped once asked for again, and answer repeat requests without Remix or React,
// after one indexed lookup that says the entry is still true (readStamp: another process may have changed it) —
// forty anonymous requests for one comparison cost one rendering. The directory is hydrated: its kept copy gets a
// new nonce at every answer (DECISIONS 51). The route decides what is shareable (it sends `Cache-Control: public`);
// anything else is passed through untouched.
import { createHash, randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzip } from "node:zlib";
import { clock } from "../../disclosures/clock.js";
import { lazyDb } from "./lazy-db.server.js";

const PAGE = /^\/disclosures\/[^/]+\/v\/\d+(?:\.pdf)?$/;
/**
 * The badge vendors embed on their own sites (`?theme=dark` is its other variant and part of the key). It lives
 * under /disclosures/:id/, so forgetPublishedPages drops it on publish, withdrawal and visibility changes.
 */
const BADGE = /^\/disclosures\/[^/]+\/badge\.svg$/;
/** The badge's own headers, on every answer for its path (hits, misses, 404s): an image others embed, never a page. */
export const BADGE_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
  "X-Content-Type-Options": "nosniff",
  // Helmet's same-origin default would stop other sites' <img> from showing it.
  "Cross-Origin-Resource-Policy": "cross-origin",
};
/**
 * A vendor's page (`/vendors/:orgId`, DECISIONS 34). It changes with any of the vendor's disclosures, documents,
 * services or profile facts, each changed by a model that writes an audit row in the same transaction — so a kept
 * page is good while the audit log's stamp is the one read before it was rendered (auditStamp), and the TTL
 * bounds what follows the date (certificates in force, 「12か月以上更新なし」).
 */
const VENDOR_PAGE = /^\/vendors\/[^/]+$/;
/**
 * The directory (DECISIONS 51). Unlike the pages above it is hydrated, so its scripts carry the request's CSP
 * nonce: a kept copy is answered with a new nonce put where the one it was rendered with stood. Anonymous readers
 * all see the same public results (the route says so: `Cache-Control: public`); it shows what vendor pages show,
 * so the audit log's stamp says whether it is still true, and the TTL bounds what follows the date. Its data
 * requests (`?_data=`, client-side navigation) are not kept.
 */
const DIRECTORY = /^\/directory$/;
const DATA_REQUEST = /[?&]_data=/;
/** A comparison is its URL: the query is part of the key. */
const COMPARISON = /^\/compare(?:\.(?:pdf|xlsx|csv))?$/;
/** What a comparison route sends an anonymous reader: shareable, revalidated each time. */
export const SHAREABLE_COMPARISON = "public, max-age=0, must-revalidate";
/** The same for a vendor's page: it changes whenever the vendor changes anything it shows. */
export const SHAREABLE_VENDOR_PAGE = SHAREABLE_COMPARISON;
/** A comparison export for an anonymous reader may be kept and shared; anyone else's stays private. */
export function shareableFor(context: { auth: unknown }, response: globalThis.Response): globalThis.Response {
  if (!context.auth) response.headers.set("Cache-Control", SHAREABLE_COMPARISON);
  return response;
}

// Several processes may serve one database (issue 17, item 4): what a kept entry shows is checked against the
// database on every hit (its stamp, read before it was rendered and again at each hit: one indexed lookup), so a
// publish, withdrawal or visibility change made through any process is honoured by every other at its next request.
// Through this process, they also clear the entries at once (forgetPublishedPages). The TTL bounds only what follows
// the date.
const TTL_MS = 60_000;
const MAX_BYTES = 200 * 1024 * 1024;

/**
 * `stamp`: what the page depends on in the database, read before it was rendered (readStamp). `headers`: the site's
 * own headers of the response that was kept (security headers, its CSP without the request's nonce), replayed when
 * the entry is answered before Express (answerKept). `hydrated`: for a page with scripts, where its nonce stood.
 */
type Entry = { body: Buffer; gzip: Buffer | null; zipping?: boolean; etag: string | null; etagPrefix: string; hydrated: Hydrated | null; contentType: string; cacheControl: string; contentDisposition: string | null; storedAt: number; stamp: string; headers: [string, string | number | string[]][] };

/** Headers serve() sets itself, or that belong to one response only: never replayed. */
const OWN_HEADERS = new Set(["content-length", "content-encoding", "content-type", "content-disposition", "etag", "cache-control", "vary", "set-cookie", "date", "connection", "transfer-encoding", "keep-alive"]);

/**
 * A hydrated page's bytes cut where its nonce stood, and its CSP the same way: a hit joins them with a new nonce.
 * A nonce is 16 random bytes, so it occurs nowhere else in a page.
 */
type Hydrated = { parts: Buffer[]; policy: string[] };

function cutAt(body: Buffer, nonce: string): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(nonce, 0, "utf8"); at >= 0; at = body.indexOf(nonce, from, "utf8")) {
    parts.push(body.subarray(from, at));
    from = at + Buffer.byteLength(nonce);
  }
  parts.push(body.subarray(from));
  return parts;
}

/** A kept hydrated page's bytes with `nonce` where the old one stood. */
function withNonce(hydrated: Hydrated, nonce: string): Buffer {
  const glue = Buffer.from(nonce);
  return Buffer.concat(hydrated.parts.flatMap((part, i) => (i ? [glue, part] : [part])));
}

/**
 * The headers of a response to keep with it. A page without scripts keeps its CSP without the nonce; a hydrated
 * page's CSP is kept apart, in `Hydrated.policy`.
 */
function keptHeaders(res: Response, hydrated: boolean): Entry["headers"] {
  return Object.entries(res.getHeaders())
    // The rate limit's headers were about that request's client, not this one's.
    .filter((h): h is [string, string | number | string[]] => h[1] !== undefined && !OWN_HEADERS.has(h[0]) && !/^(x-)?ratelimit|^retry-after$/.test(h[0]))
    .filter(([name]) => !(hydrated && name === "content-security-policy"))
    .map(([name, value]) => [name, name === "content-security-policy" && typeof value === "string" ? value.replace(/\s*'nonce-[^']*'/g, "") : value]);
}
// Shared between the Express server and the Remix bundle, which load this module separately.
const store = ((globalThis as { __kaijiPageCache?: Map<string, Entry> }).__kaijiPageCache ??= new Map<string, Entry>());
let bytes = 0;

const size = (e: Entry) => e.body.length + (e.gzip?.length ?? 0);

function remember(key: string, entry: Entry) {
  const old = store.get(key);
  if (old) bytes -= size(old);
  store.delete(key);
  store.set(key, entry);
  bytes += size(entry);
  for (const [k, e] of store) {
    if (bytes <= MAX_BYTES) break;
    store.delete(k);
    bytes -= size(e);
  }
}

/** Drops the cached pages of one disclosure, and every comparison (after publishing, a visibility change or withdrawal). */
export function forgetPublishedPages(disclosureId: string) {
  for (const [key, entry] of store) {
    if (key.startsWith(`/disclosures/${disclosureId}/`) || COMPARISON.test(key.split("?")[0])) {
      store.delete(key);
      bytes -= size(entry);
    }
  }
}

/** If-None-Match may list several tags, weak or strong ("*" matches anything). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}

/**
 * The audit log's generation, the newest audit id: every change a vendor page (or the directory) shows writes an
 * audit row in the same transaction, or just after its write. Ids follow commit order on both engines — SQLite's
 * writers take turns, and on PostgreSQL the app numbers entries from the high-water row inside the one transaction
 * lock (app/models/audit.server.ts) — so a newer commit always shows as a higher id. One primary-key lookup. The
 * database is imported on first use, not with this module, which models import (and tests import before they
 * choose the database).
 */
async function auditStamp(): Promise<string> {
  const db = await lazyDb();
  const row = await db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return `audit:${Number(row?.id ?? 0)}`;
}

/** The disclosure ids a kept key shows: the disclosure of a page, PDF or badge; a comparison's `d` parameters. */
function disclosuresOf(key: string): string[] | null {
  const page = /^\/disclosures\/([^/?]+)\//.exec(key);
  if (page) return [decodeURIComponent(page[1])];
  const at = key.indexOf("?");
  if (!COMPARISON.test(at < 0 ? key : key.slice(0, at))) return null;
  const ids = new URLSearchParams(at < 0 ? "" : key.slice(at)).getAll("d");
  return ids.length && ids.length <= 50 ? [...new Set(ids)].sort() : null;
}

/**
 * What a kept entry depends on in the database, as a string compared at every hit. For a disclosure's page, PDF or
 * badge and for a comparison of listed disclosures: each disclosure's latest version, withdrawal and visibility — a
 * primary-key lookup (the organisation's name and verification stay bounded by the TTL, as before). For a vendor
 * page or a comparison without listed disclosures: the newest audit id (auditStamp), which every change they show
 * writes.
 * Read before the page is rendered, so a change committed during rendering makes the next request render again.
 */
export async function readStamp(key: string): Promise<string> {
  return (await readStamps([key])).get(key)!;
}

/** readStamp of several keys at once: one query for all their disclosures, one for the audit id if any needs it. */
async function readStamps(keys: string[]): Promise<Map<string, string>> {
  const idsOf = new Map(keys.map((key) => [key, disclosuresOf(key)]));
  const ids = [...new Set([...idsOf.values()].flatMap((list) => list ?? []))];
  const db = await lazyDb();
  const rows = ids.length ? await db.selectFrom("disclosure").select(["id", "latest_version", "withdrawn_at", "visibility"]).where("id", "in", ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, [r.id, Number(r.latest_version), r.withdrawn_at === null ? null : Number(r.withdrawn_at), r.visibility]]));
  const audit = [...idsOf.values()].some((list) => !list) ? await auditStamp() : "";
  // The ids are sorted (disclosuresOf), so a stamp lists them in one order.
  return new Map([...idsOf].map(([key, list]) => [key, list ? JSON.stringify(list.filter((id) => byId.has(id)).map((id) => byId.get(id))) : audit]));
}

/**
 * readStamp for requests that have just arrived. A read that is under way began before they arrived and might miss
 * a change committed since, so they wait for the next one. That read starts once the event loop has taken in what
 * arrived together (setImmediate), and answers every key waiting with one query: on a busy server many hits, of
 * any pages, cost one lookup between them — which is what keeps the check cheap when SQLite answers at once.
 */
let waiting = new Map<string, { resolve: (stamp: string) => void; reject: (error: unknown) => void }[]>();
let reading = false;
function freshStamp(key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const list = waiting.get(key);
    if (list) list.push({ resolve, reject });
    else waiting.set(key, [{ resolve, reject }]);
    if (!reading) {
      reading = true;
      setImmediate(readWaiting);
    }
  });
}
function readWaiting() {
  const batch = waiting;
  waiting = new Map();
  readStamps([...batch.keys()]).then(
    (stamps) => {
      for (const [key, list] of batch) for (const w of list) w.resolve(stamps.get(key)!);
    },
    (error) => {
      for (const list of batch.values()) for (const w of list) w.reject(error);
    },
  ).finally(() => {
    if (waiting.size) setImmediate(readWaiting);
    else reading = false;
  });
}

const SESSION_COOKIE = /(?:^|;\s*)kaiji_session=/;
const hasSession = (req: Request) => SESSION_COOKIE.test(req.headers.cookie ?? "");

/**
 * A kept answer; plain Node objects, so that kept entries can be answered before Express (answerKept). A hydrated
 * page gets `nonce` (the request's, which its CSP header already names) and is compressed per answer; it has no
 * ETag, since its bytes differ every time.
 */
function serve(req: IncomingMessage, res: ServerResponse, hit: Entry, nonce?: string) {
  if (hit.hydrated) return serveHydrated(req, res, hit, hit.hydrated, nonce!);
  // Comparisons and vendor pages have no version hash to name them: their bytes do — hashed at the first hit, since
  // most comparison URLs are asked for once (a SHA-256 of a megabyte is a few ms).
  hit.etag ??= `"${hit.etagPrefix}-${createHash("sha256").update(hit.body).digest("base64url").slice(0, 32)}"`;
  res.setHeader("ETag", hit.etag);
  res.setHeader("Cache-Control", hit.cacheControl);
  res.setHeader("Vary", "Cookie, Accept-Encoding");
  if (matches(req.headers["if-none-match"], hit.etag)) {
    res.statusCode = 304;
    return void res.end();
  }
  res.setHeader("Content-Type", hit.contentType);
  if (hit.contentDisposition) res.setHeader("Content-Disposition", hit.contentDisposition);
  // PDFs are compressed already: only text is kept gzipped.
  const gzip = hit.gzip && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "") ? hit.gzip : null;
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  const body = gzip ?? hit.body;
  res.setHeader("Content-Length", body.length);
  res.statusCode = 200;
  res.end(req.method === "HEAD" ? undefined : body);
}

function serveHydrated(req: IncomingMessage, res: ServerResponse, hit: Entry, hydrated: Hydrated, nonce: string) {
  const body = withNonce(hydrated, nonce);
  res.setHeader("Cache-Control", hit.cacheControl);
  res.setHeader("Vary", "Cookie, Accept-Encoding");
  res.setHeader("Content-Type", hit.contentType);
  const send = (bytes: Buffer, encoding: string | null) => {
    if (encoding) res.setHeader("Content-Encoding", encoding);
    res.setHeader("Content-Length", bytes.length);
    res.statusCode = 200;
    res.end(req.method === "HEAD" ? undefined : bytes);
  };
  if (!/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) return send(body, null);
  // In zlib's thread pool; a directory page is about 16 KB gzipped.
  gzip(body, (error, zipped) => (error ? send(body, null) : send(zipped, "gzip")));
}

/**
 * Answers a request for a kept page, PDF, comparison or badge before Express sees it (server.ts): through Express and
 * its middleware (compression, the per-request nonce, helmet, the rate limit) a kept badge was served at 11–21% of a
 * bare server's rate, and a kept page did little better. The entry's own headers are replayed (the site's security
 * headers as they were sent with it; the badge's fixed ones). A hit is served only once its stamp, read again from
 * the database after the request arrived, is the one it was kept with (readStamp): another process may have
 * published, withdrawn or hidden it. Vendor pages are left to Express. Hits skip the site-wide rate limit, like
 * static files. Anything else, a miss or a changed stamp included, goes to `otherwise` (Express, which renders it;
 * publishedPageCache keeps it).
 */
export function answerKept(req: IncomingMessage, res: ServerResponse, otherwise: () => void): void {
  const key = keptKey(req);
  if (!key) return otherwise();
  const hit = store.get(key)!;
  freshStamp(key).then(
    (stamp) => {
      if (stamp !== hit.stamp) return otherwise();
      if (BADGE.test(key.split("?")[0])) for (const [name, value] of Object.entries(BADGE_HEADERS)) res.setHeader(name, value);
      else for (const [name, value] of hit.headers) res.setHeader(name, value);
      if (!hit.hydrated) return serve(req, res, hit);
      const nonce = randomBytes(16).toString("base64");
      res.setHeader("Content-Security-Policy", hit.hydrated.policy.join(nonce));
      serve(req, res, hit, nonce);
    },
    // The database could not say: Express answers (and reports the error if it cannot either).
    () => otherwise(),
  );
}

/** The key of a kept, current entry answerKept may serve for this request; null for anything else. */
function keptKey(req: IncomingMessage): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  if (SESSION_COOKIE.test(req.headers.cookie ?? "")) return null;
  const url = req.url ?? "";
  const at = url.indexOf("?");
  const path = at < 0 ? url : url.slice(0, at);
  const query = at < 0 ? "" : url.slice(at);
  const badge = BADGE.test(path);
  let key: string;
  if (badge) {
    if (query !== "" && query !== "?theme=dark") return null;
    key = path + query;
  } else if (COMPARISON.test(path) || (DIRECTORY.test(path) && !DATA_REQUEST.test(query))) key = url;
  else if (PAGE.test(path) && !query) key = path;
  else return null;
  const hit = store.get(key);
  if (!hit || clock.now() - hit.storedAt >= TTL_MS) return null;
  // Text not gzipped yet: Express compresses this answer on the fly, and the kept copy is gzipped for the next ones.
  if (notZippedYet(hit) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
    gzipLater(key, hit);
    return null;
  }
  return key;
}

/** A kept text with no gzipped copy yet (a hydrated page is compressed per answer: its bytes differ each time). */
function notZippedYet(entry: Entry): boolean {
  return !entry.hydrated && !entry.gzip && entry.contentType.startsWith("text/");
}

/**
 * Gzips a kept text in zlib's thread pool, not on the event loop (a 20-vendor comparison is a megabyte of HTML) —
 * once it is asked for again, not when it is kept: the answer that kept it was compressed on the fly already, and
 * a comparison nobody asks for twice (most URLs of filters) should not be compressed twice (issue 18).
 */
function gzipLater(key: string, entry: Entry) {
  if (entry.zipping || !notZippedYet(entry)) return;
  entry.zipping = true;
  gzip(entry.body, (error, zipped) => {
    if (error || store.get(key) !== entry) return;
    entry.gzip = zipped;
    bytes += zipped.length;
  });
}

export function publishedPageCache(req: Request, res: Response, next: NextFunction) {
  if (VENDOR_PAGE.test(req.path) && (req.method === "GET" || req.method === "HEAD") && !hasSession(req) && !req.url.includes("?")) {
    readStamp(req.path)
      .then((stamp) => keepOrServe(req, res, next, { key: req.path, comparison: false, vendor: true, stamp }))
      .catch(next);
    return;
  }
  const badge = BADGE.test(req.path);
  // Replaces the site-wide policy set before (helmet): the route does not set these, so there is one of each.
  if (badge) for (const [name, value] of Object.entries(BADGE_HEADERS)) res.setHeader(name, value);
  if ((req.method !== "GET" && req.method !== "HEAD") || hasSession(req)) return next();
  const query = req.url.includes("?") ? req.url.slice(req.url.indexOf("?")) : "";
  const directory = DIRECTORY.test(req.path) && !DATA_REQUEST.test(query);
  // Comparisons and the directory are their URLs; they have no version hash, so their bytes name them.
  const byUrl = COMPARISON.test(req.path) || directory;
  if (badge) {
    if (query !== "" && query !== "?theme=dark") return next();
  } else if (!byUrl && (!PAGE.test(req.path) || query)) return next();
  const key = byUrl ? req.originalUrl : badge ? req.path + query : req.path;
  readStamp(key)
    .then((stamp) => keepOrServe(req, res, next, { key, comparison: byUrl, vendor: false, hydrated: directory, stamp }))
    .catch(next);
}

function keepOrServe(req: Request, res: Response, next: NextFunction, { key, comparison, vendor, hydrated = false, stamp }: { key: string; comparison: boolean; vendor: boolean; hydrated?: boolean; stamp: string }) {
  const hit = store.get(key);
  if (hit && clock.now() - hit.storedAt < TTL_MS && hit.stamp === stamp) {
    gzipLater(key, hit);
    // Express has set this request's CSP, with its nonce: a hydrated page gets the same.
    return serve(req, res, hit, res.locals.cspNonce as string | undefined);
  }
  // Miss: let Remix render, keep a copy of the uncompressed bytes if the route marked them public.
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const capture = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding) : Buffer.from(chunk as Uint8Array));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => (capture(chunk, rest[0]), write(chunk, ...rest))) as Response["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    capture(chunk, rest[0]);
    const cacheControl = String(res.getHeader("Cache-Control") ?? "");
    const given = res.getHeader("ETag");
    if (req.method === "GET" && res.statusCode === 200 && cacheControl.includes("public") && (typeof given === "string" || comparison || vendor)) {
      const body = Buffer.concat(chunks);
      const nonce = res.locals.cspNonce as string | undefined;
      const policy = res.getHeader("Content-Security-Policy");
      // A hydrated page is kept only with the nonce it was rendered with and a policy that names it.
      if (hydrated && !(nonce && typeof policy === "string" && policy.includes(`'nonce-${nonce}'`))) return end(chunk, ...rest);
      // A hydrated page has none (its bytes differ at every answer); comparisons and vendor pages get theirs at the first hit.
      const etag = !hydrated && typeof given === "string" ? given : null;
      const contentType = String(res.getHeader("Content-Type") ?? "text/html; charset=utf-8");
      const disposition = res.getHeader("Content-Disposition");
      const entry: Entry = {
        body,
        gzip: null,
        etag,
        etagPrefix: vendor ? "vnd" : "cmp",
        hydrated: hydrated ? { parts: cutAt(body, nonce!), policy: (policy as string).split(nonce!) } : null,
        contentType,
        cacheControl,
        contentDisposition: typeof disposition === "string" ? disposition : null,
        storedAt: clock.now(),
        stamp,
        headers: keptHeaders(res, hydrated),
      };
      remember(key, entry);
    }
    return end(chunk, ...rest);
  }) as Response["end"];
  next();
}
