// Express middleware that every request passes: security headers with a per-request CSP nonce,
// a cross-site check on state-changing requests, and a per-IP rate limit.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import rateLimit from "express-rate-limit";
import helmet from "helmet";
import { authenticate } from "./auth.server.js";

export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
}

export const securityHeaders = helmet({
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

export function siteRateLimit(perMinute: number) {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    message: "リクエストが多すぎます。しばらくしてから再度お試しください。",
  });
}

/** POSTs to sign-in, sign-up, second-factor, password and invitation routes: a stricter per-IP limit. */
export function authRateLimit(per15Minutes: number) {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: per15Minutes,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    skip: (req) => req.method !== "POST",
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
