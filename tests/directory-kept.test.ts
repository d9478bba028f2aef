// The directory is kept for anonymous readers like the pages of published versions, although it is hydrated: a
// kept copy is answered with a new CSP nonce each time, where the one it was rendered with stood (DECISIONS 51).
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, publishAllAnswered, STRONG_PASSWORD } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
let vendor: Client;

async function publishVendor(name: string) {
  const org = (await vendor.post("/orgs", { name, kind: "vendor" })).headers.get("location")!;
  const id = (await vendor.post(`${org}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
  await publishAllAnswered(vendor, org, id, `${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`, "yes");
}

beforeAll(async () => {
  app = await startApp();
  vendor = new Client(app.base);
  await vendor.post("/signup", { email: "owner@directory-kept.example", displayName: "owner", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  await publishVendor("一覧保持株式会社");
});
afterAll(() => app?.close());

/** A GET whose body is left as sent (fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

/** The nonce a response's CSP allows scripts with, and every nonce its page's scripts carry. */
function nonces(response: Response, html: string) {
  const policy = /script-src [^;]*'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => /\bnonce="([^"]*)"/.exec(m[0])?.[1] ?? null);
  return { policy, scripts };
}

describe("the directory, kept for anonymous readers", () => {
  it("answers a repeat request before Express with the same page and a new nonce that its CSP and every script share", async () => {
    const url = `${app.base}/directory?template=cybersecurity-checklist`;
    const first = await fetch(url);
    const html = await first.text();
    expect(first.status).toBe(200);
    expect(html).toContain("一覧保持株式会社");
    const before = nonces(first, html);
    expect(before.scripts.length).toBeGreaterThan(0);
    expect(new Set(before.scripts)).toEqual(new Set([before.policy]));
    // Rendered by the app: the site-wide rate limit counted it.
    expect(first.headers.get("ratelimit")).not.toBeNull();

    const second = await fetch(url);
    const again = await second.text();
    const after = nonces(second, again);
    expect(after.policy).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(after.policy).not.toBe(before.policy);
    expect(new Set(after.scripts)).toEqual(new Set([after.policy]));
    expect(again.split(after.policy!).join(before.policy!)).toBe(html);
    // Kept: answered before Express, so no rate-limit headers; the site's other security headers as before.
    expect(second.headers.get("ratelimit")).toBeNull();
    for (const name of ["x-content-type-options", "referrer-policy", "x-frame-options", "cache-control"]) expect(second.headers.get(name)).toBe(first.headers.get(name));
    expect(second.headers.get("etag")).toBeNull();

    // Gzipped for a client that asks, with yet another nonce.
    const zipped = await rawGet(url, { "accept-encoding": "gzip" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    const unzipped = gunzipSync(zipped.body).toString("utf8");
    const third = nonces(new Response(null, { headers: { "content-security-policy": String(zipped.headers["content-security-policy"]) } }), unzipped);
    expect(third.policy).not.toBe(after.policy);
    expect(unzipped.split(third.policy!).join(before.policy!)).toBe(html);
  });

  it("shows a change made since at the next request", async () => {
    const url = `${app.base}/directory?template=cybersecurity-checklist&sort=name`;
    await (await fetch(url)).text();
    expect(await (await fetch(url)).text()).not.toContain("後から公開株式会社");
    await publishVendor("後から公開株式会社");
    expect(await (await fetch(url)).text()).toContain("後から公開株式会社");
  });

  it("is never given to a signed-in reader, nor kept for client-side navigation's data requests", async () => {
    const url = `${app.base}/directory?template=cybersecurity-checklist&page=1`;
    await (await fetch(url)).text();
    await (await fetch(url)).text();
    const signedIn = await vendor.get(`/directory?template=cybersecurity-checklist&page=1`);
    expect(signedIn.headers.get("ratelimit")).not.toBeNull();
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    const data = `${app.base}/directory?template=cybersecurity-checklist&_data=routes%2Fdirectory._index`;
    for (let i = 0; i < 2; i++) {
      const response = await fetch(data);
      expect(response.headers.get("content-type")).toMatch(/json/);
      expect((await response.json()).result.entries.length).toBeGreaterThan(0);
      expect(response.headers.get("ratelimit")).not.toBeNull();
    }
  });
});
