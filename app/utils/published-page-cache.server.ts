// Finished HTML pages and PDFs of published versions, for anonymous readers of public disclosures.
// Those pages opt out of hydration (`handle.hydrate = false`), so they carry no per-request CSP
// nonce and their bytes are the same for every anonymous reader: we keep them, gzipped once, and
// answer repeat requests without touching Remix, React or the database. The route decides what is
// shareable (it sends `Cache-Control: public`); anything else is passed through untouched.
import type { NextFunction, Request, Response } from "express";
import { gzipSync } from "node:zlib";
import { clock } from "../../disclosures/clock.js";

const PAGE = /^\/disclosures\/[^/]+\/v\/\d+(?:\.pdf)?$/;
// Visibility or withdrawal changes also clear a disclosure's pages at once; the TTL bounds
// everything else that is shown (organisation name, verified badge).
const TTL_MS = 60_000;
const MAX_BYTES = 200 * 1024 * 1024;

type Entry = { body: Buffer; gzip: Buffer | null; etag: string; contentType: string; cacheControl: string; contentDisposition: string | null; storedAt: number };
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

/** Drops the cached pages of one disclosure (after a visibility change or withdrawal). */
export function forgetPublishedPages(disclosureId: string) {
  for (const [key, entry] of store) {
    if (key.startsWith(`/disclosures/${disclosureId}/`)) {
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

const hasSession = (req: Request) => /(?:^|;\s*)kaiji_session=/.test(req.headers.cookie ?? "");

export function publishedPageCache(req: Request, res: Response, next: NextFunction) {
  if ((req.method !== "GET" && req.method !== "HEAD") || !PAGE.test(req.path) || hasSession(req) || req.url.includes("?")) return next();
  const key = req.path;
  const hit = store.get(key);
  if (hit && clock.now() - hit.storedAt < TTL_MS) {
    res.setHeader("ETag", hit.etag);
    res.setHeader("Cache-Control", hit.cacheControl);
    res.setHeader("Vary", "Cookie, Accept-Encoding");
    if (matches(req.get("if-none-match"), hit.etag)) return void res.status(304).end();
    res.setHeader("Content-Type", hit.contentType);
    if (hit.contentDisposition) res.setHeader("Content-Disposition", hit.contentDisposition);
    // PDFs are compressed already: only text is kept gzipped.
    const gzip = hit.gzip && /\bgzip\b/.test(req.get("accept-encoding") ?? "") ? hit.gzip : null;
    if (gzip) res.setHeader("Content-Encoding", "gzip");
    const body = gzip ?? hit.body;
    res.setHeader("Content-Length", body.length);
    return void res.status(200).end(req.method === "HEAD" ? undefined : body);
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
    const etag = res.getHeader("ETag");
    if (req.method === "GET" && res.statusCode === 200 && cacheControl.includes("public") && typeof etag === "string") {
      const body = Buffer.concat(chunks);
      const contentType = String(res.getHeader("Content-Type") ?? "text/html; charset=utf-8");
      const disposition = res.getHeader("Content-Disposition");
      remember(key, { body, gzip: contentType.startsWith("text/") ? gzipSync(body) : null, etag, contentType, cacheControl, contentDisposition: typeof disposition === "string" ? disposition : null, storedAt: clock.now() });
    }
    return end(chunk, ...rest);
  }) as Response["end"];
  next();
}
