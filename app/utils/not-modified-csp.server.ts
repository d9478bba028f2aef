// Express middleware for pages answered with 304 Not Modified (the published disclosure pages).
//
// Every HTML response carries a fresh CSP nonce, and browsers update a cached response's headers
// from a 304 (RFC 9111 §4.3.4; Chromium does this for Content-Security-Policy). A 304 carrying
// a new nonce would therefore block the inline scripts of the cached page, whose nonce is the old
// one: the page still reads fine but never hydrates. Without the header on the 304 the browser
// keeps the policy it stored with the page, which matches that page's nonce.
import type { NextFunction, Request, Response } from "express";

export function keepStoredPolicyOnNotModified(_req: Request, res: Response, next: NextFunction) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    const status = typeof args[0] === "number" ? args[0] : this.statusCode;
    if (status === 304) this.removeHeader("Content-Security-Policy");
    return writeHead.apply(this, args);
  } as Response["writeHead"];
  next();
}
