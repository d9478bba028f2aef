// Express middleware that every request passes: security headers with a per-request CSP nonce,
// a cross-site check on state-changing requests, and a per-IP rate limit.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import rateLimit, { type ClientRateLimitInfo, type Options as RateLimitOptions, type Store } from "express-rate-limit";
import { sql } from "kysely";
import helmet from "helmet";
import { authenticate } from "./auth.server.js";
import { lazyDb } from "./lazy-db.server.js";

export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
}

const siteHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      "default-src": ["'self'"],
      // Only our own scripts; Remix's inline hydration scripts carry the request's nonce.
      "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
      "style-src": ["'self'"],
      "img-src": ["'self'", "data:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
      "base-uri": ["'none'"],
      "object-src": ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: "same-origin" },
});

/** A document's file (app/routes/documents.$documentId.v.$n.file.tsx): a download whatever it holds, never a page. */
const DOCUMENT_FILE = /^\/documents\/[^/]+\/v\/\d+\/file\/?$/;
export const DOCUMENT_FILE_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; sandbox",
  "X-Content-Type-Options": "nosniff",
};

/** Helmet's site-wide headers; a document's download replaces the policy with its own (the route does not set it, so there is one). */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  siteHeaders(req, res, (error?: unknown) => {
    if (!error && DOCUMENT_FILE.test(req.path)) for (const [name, value] of Object.entries(DOCUMENT_FILE_HEADERS)) res.setHeader(name, value);
    next(error);
  });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests sent by another site (CSRF). Browsers send Sec-Fetch-Site;
 * older ones send Origin, which must then match the Host we were asked for.
 */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const site = req.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return res.status(403).type("text/plain; charset=utf-8").send("他のサイトからの送信は受け付けません");
  const origin = req.get("origin");
  if (origin) {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== req.get("host")) return res.status(403).type("text/plain; charset=utf-8").send("他のサイトからの送信は受け付けません");
  }
  next();
}

/**
 * The largest body each kind of route takes, in bytes. Forms are small; the editor's autosave carries changed
 * answers as JSON (1,000 items at most). A body with a larger Content-Length is refused before a byte of it is
 * read, and one without a length (chunked) is refused too: browsers always send the length of a form or fetch
 * body, and Node's parser then holds the sender to it, so nothing can stream past the limit.
 */
export const BODY_LIMITS = { form: 256 * 1024, autosave: 2_000_000, upload: 10 * 1024 * 1024 + 512 * 1024, document: 20 * 1024 * 1024 + 512 * 1024 } as const;

function bodyLimitFor(path: string): number {
  if (/^\/orgs\/[^/]+\/disclosures\/[^/]+\/draft\/?$/.test(path)) return BODY_LIMITS.autosave;
  // A template workbook (≤ 10 MB, WORKBOOK_LIMITS.maxBytes) with the multipart framing around it: a file just over
  // 10 MB still reaches the page, which says in words how large it is and what the limit is.
  if (/^\/admin\/templates\/?$/.test(path) || /^\/orgs\/[^/]+\/disclosures\/[^/]+\/import\/?$/.test(path)) return BODY_LIMITS.upload;
  // A document (≤ 20 MB, DOCUMENT_MAX_BYTES) with its form around it: just over 20 MB still gets the page's own words.
  if (/^\/orgs\/[^/]+\/documents(?:\/[^/]+)?\/?$/.test(path)) return BODY_LIMITS.document;
  return BODY_LIMITS.form;
}

const kilobytes = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("ja-JP")} KB`;

/** Answers and closes the connection without reading the request's body. */
function refuseUnread(req: Request, res: Response, status: number, message: string) {
  res.set("Connection", "close");
  res.status(status).type("text/plain; charset=utf-8").send(message);
  // Whatever the client still sends is not read into memory: the socket goes once the answer is out.
  res.once("finish", () => req.socket.destroySoon());
}

export function boundedBodies(req: Request, res: Response, next: NextFunction) {
  const length = req.headers["content-length"];
  if (length === undefined) {
    if (req.headers["transfer-encoding"]) return refuseUnread(req, res, 411, "送信内容の長さ（Content-Length）が必要です");
    return next();
  }
  const limit = bodyLimitFor(req.path);
  if (!/^\d+$/.test(length)) return refuseUnread(req, res, 400, "送信内容の長さが正しくありません");
  if (Number(length) > limit) return refuseUnread(req, res, 413, `送信された内容が大きすぎます（上限 ${kilobytes(limit)}）`);
  next();
}

/** Paths where someone not signed in may send a body: signing up and in, the second factor, invitations. */
const ANONYMOUS_POST = /^\/(login|login\/2fa|signup|logout|invitations\/[^/]+)\/?$/;

/**
 * Every other state-changing route needs a signed-in user: an anonymous request is sent to sign in before its
 * body is read (the routes themselves check roles before they read their forms).
 */
export function signedInToPost(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method) || res.locals.auth || ANONYMOUS_POST.test(req.path)) return next();
  res.set("Connection", "close");
  res.redirect(302, `/login?redirectTo=${encodeURIComponent(req.originalUrl)}`);
  res.once("finish", () => req.socket.destroySoon());
}

/**
 * A rate limit's counts in the database (table rate_limit), so that every app process on it counts the same client
 * together (issue 17, item 4; DECISIONS 47): one upsert per counted request, which says the count after it. The
 * key names the limit and its setting, so two limits (or one limit set differently, as the tests do) never share
 * a count. Rows whose window has passed start again at their next request and are swept every SWEEP_EVERY counts.
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private counted = 0;
  static readonly SWEEP_EVERY = 500;
  constructor(readonly prefix: string) {}

  init(options: RateLimitOptions) {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const db = await lazyDb();
    const now = Date.now();
    const resetAt = now + this.windowMs;
    const row = await db
      .insertInto("rate_limit")
      .values({ key: this.prefix + key, hits: 1, reset_at: resetAt })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          hits: sql<number>`case when rate_limit.reset_at <= ${now} then 1 else rate_limit.hits + 1 end`,
          reset_at: sql<number>`case when rate_limit.reset_at <= ${now} then ${resetAt} else rate_limit.reset_at end`,
        }),
      )
      .returning(["hits", "reset_at"])
      .executeTakeFirstOrThrow();
    if (++this.counted % DatabaseRateLimitStore.SWEEP_EVERY === 0) await db.deleteFrom("rate_limit").where("reset_at", "<=", now).execute();
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.reset_at)) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await (await lazyDb()).selectFrom("rate_limit").select(["hits", "reset_at"]).where("key", "=", this.prefix + key).executeTakeFirst();
    return row && Number(row.reset_at) > Date.now() ? { totalHits: Number(row.hits), resetTime: new Date(Number(row.reset_at)) } : undefined;
  }

  async decrement(key: string): Promise<void> {
    await (await lazyDb()).updateTable("rate_limit").set({ hits: sql<number>`hits - 1` }).where("key", "=", this.prefix + key).where("hits", ">", 0).execute();
  }

  async resetKey(key: string): Promise<void> {
    await (await lazyDb()).deleteFrom("rate_limit").where("key", "=", this.prefix + key).execute();
  }
}

/**
 * The site-wide limit, per process on purpose (DECISIONS 47): it guards the process's own capacity, costs no database
 * write per request, and behind N processes lets a client make at most N × the limit — what N processes can serve.
 */
export function siteRateLimit(perMinute: number) {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    // X-Forwarded-For is ignored on purpose unless TRUST_PROXY names the proxy: not a misconfiguration.
    validate: { xForwardedForHeader: false },
    message: "リクエストが多すぎます。しばらくしてから再度お試しください。",
  });
}

/** Comparisons (page and exports) and PDFs: the requests that cost the server most. */
export const EXPENSIVE = /^\/compare(?:\.(?:pdf|xlsx|csv))?$|\.pdf$/;

/**
 * Fair shares of the expensive work: per client (IP), at most `concurrent` such requests at once and
 * `perMinute` a minute; beyond that an immediate 429 with Retry-After instead of a place in a queue that
 * delays everyone. Answers kept by the page cache (in front of this) cost nothing and are not counted.
 */
export function expensiveWorkLimits(options: { concurrent: number; perMinute: number }) {
  const running = new Map<string, number>();
  const perMinute = rateLimit({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    validate: { xForwardedForHeader: false },
    skip: (req) => !EXPENSIVE.test(req.path),
    // Counted in the database: every process on it counts the same client (the running count below stays per process).
    store: new DatabaseRateLimitStore(`expensive/${options.perMinute}:`),
    message: "比較とPDFの作成は1分あたりの回数を制限しています。しばらくしてから再度お試しください。",
  });
  const concurrent = (req: Request, res: Response, next: NextFunction) => {
    if (!EXPENSIVE.test(req.path)) return next();
    const client = req.ip ?? "";
    const now = running.get(client) ?? 0;
    if (now >= options.concurrent) {
      res.set("Retry-After", "5");
      return void res.status(429).type("text/plain; charset=utf-8").send("比較またはPDFの作成中です。終わってから再度お試しください。");
    }
    running.set(client, now + 1);
    res.once("close", () => {
      const left = (running.get(client) ?? 1) - 1;
      if (left > 0) running.set(client, left);
      else running.delete(client);
    });
    next();
  };
  return [perMinute, concurrent];
}

/** POSTs to sign-in, sign-up, second-factor, password and invitation routes: a stricter per-IP limit. */
export function authRateLimit(per15Minutes: number) {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: per15Minutes,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    // X-Forwarded-For is ignored on purpose unless TRUST_PROXY names the proxy: not a misconfiguration.
    validate: { xForwardedForHeader: false },
    skip: (req) => req.method !== "POST",
    // Counted in the database: guesses sent to several processes add up to one limit.
    store: new DatabaseRateLimitStore(`auth/${per15Minutes}:`),
    message: "試行回数が多すぎます。しばらくしてから再度お試しください。",
  });
}
export const AUTH_PATHS = ["/login", "/signup", "/account/password", "/account/2fa", "/invitations"];

/** Validates the session cookie once per request; refreshes or clears it as lucia decides. */
export async function sessionMiddleware(req: Request, res: Response, next: NextFunction) {
  try {
    const { auth, setCookie } = await authenticate(req.headers.cookie);
    res.locals.auth = auth;
    if (setCookie) res.append("Set-Cookie", setCookie);
    next();
  } catch (error) {
    next(error);
  }
}
