// HTTP caching for published disclosure pages: a small bounded LRU for the expensive, immutable
// part of a page, and the ETag / Cache-Control / 304 rules.
//
// Why a cache of loader data and not of the rendered HTML: every HTML response carries the
// request's CSP nonce (server.ts), so the bytes of two responses are never the same and a cached
// HTML string would need its nonce rewritten; an Express middleware would also have to live in
// server.ts, which these routes do not own. What is expensive is turning a version into its view
// (parsing the content, walking a 500-item template, formatting every answer, derived results):
// that depends only on (disclosure, version number), which never change once published, so it
// is cached here for every reader who has passed the access check. Access is checked on every
// request before the cache is consulted, and revalidations (If-None-Match) are answered with 304
// without rendering at all.
import { createHash, randomBytes } from "node:crypto";
import type { TypedResponse } from "@remix-run/node";
import { canonicalJson } from "../../disclosures/canonical-json.js";

export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private weight = 0;

  constructor(private readonly options: { maxEntries: number; maxWeight: number; weigh: (value: V) => number }) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map iteration order is insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    const weight = Math.max(1, this.options.weigh(value));
    this.delete(key);
    // A value bigger than the whole cache is not kept (it would evict everything else).
    if (weight > this.options.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.weight += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.weight <= this.options.maxWeight) break;
      this.entries.delete(oldest);
      this.weight -= entry.weight;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get totalWeight(): number {
    return this.weight;
  }
}

/**
 * Changes at every start. The HTML links fingerprinted build assets, so a deploy (a restart)
 * changes the bytes of every page even when nothing in the database did.
 */
const BOOT_ID = randomBytes(6).toString("hex");

/**
 * A strong entity tag from everything that changes the bytes of a response: `immutable` (e.g.
 * the content hash) is kept readable, `state` (names, withdrawal, latest version, the build) is
 * hashed. `kind` keeps the HTML and JSON representations from ever sharing a tag.
 */
export function strongEtag(kind: "html" | "json", immutable: string, state: unknown): string {
  const stateHash = createHash("sha256")
    .update(canonicalJson(kind === "html" ? { boot: BOOT_ID, state } : { state }))
    .digest("hex")
    .slice(0, 16);
  return `"${kind}-${immutable}-${stateHash}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored. */
export function etagMatches(request: Request, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => bare(tag) === bare(etag));
}

export const PUBLIC_MAX_AGE = 300;

/**
 * Only anonymous requests for public disclosures may be cached by browsers and shared caches:
 * for anyone signed in the page shows their own header, and a restricted disclosure must never
 * sit in a shared cache. Those get `private, no-store` and no ETag.
 */
export function cacheHeaders(shareable: boolean, etag?: string, maxAge = PUBLIC_MAX_AGE): Headers {
  const headers = new Headers();
  if (shareable) {
    headers.set("Cache-Control", `public, max-age=${maxAge}`);
    if (etag) headers.set("ETag", etag);
    // A signed-in visitor (session cookie) must not get the anonymous copy from a cache.
    headers.set("Vary", "Cookie");
  } else {
    headers.set("Cache-Control", "private, no-store");
  }
  return headers;
}

/** A 304 for a loader: Remix sends it with the route's `headers` and no body. */
export function notModified(headers: Headers): TypedResponse<never> {
  return new Response(null, { status: 304, headers }) as unknown as TypedResponse<never>;
}

/** For a route's `headers` export: pass on only the caching headers its loader set. */
export function cachingHeadersOf(loaderHeaders: Headers): Headers {
  const headers = new Headers();
  for (const name of ["Cache-Control", "ETag", "Vary"]) {
    const value = loaderHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}
