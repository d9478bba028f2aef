// Finished pages of public versions are kept for anonymous readers; signed-in readers always get
// a fresh render; visibility changes clear the kept pages at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, publishAllAnswered, STRONG_PASSWORD } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
let vendor: Client;
let org = "";
let page = "";

beforeAll(async () => {
  app = await startApp();
  vendor = new Client(app.base);
  await vendor.post("/signup", { email: "owner@cache.example", displayName: "owner", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  org = (await vendor.post("/orgs", { name: "キャッシュ株式会社", kind: "vendor" })).headers.get("location")!;
  const id = (await vendor.post(`${org}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
  await publishAllAnswered(vendor, org, id, `${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`, "yes");
  page = `/disclosures/${id}/v/1`;
});
afterAll(() => app?.close());

describe("published page cache", () => {
  it("serves anonymous readers the kept bytes, gzipped, and signed-in readers a fresh page", async () => {
    const first = await fetch(app.base + page);
    const html = await first.text();
    expect(html).toContain("キャッシュ株式会社");
    expect(html).not.toMatch(/<script/i);
    // Change what the page shows behind the cache's back: the kept copy is still served...
    await app.db.updateTable("organization").set({ name: "改名後株式会社" }).where("name", "=", "キャッシュ株式会社").execute();
    const second = await fetch(app.base + page, { headers: { "accept-encoding": "gzip" } });
    expect(second.headers.get("content-encoding")).toBe("gzip");
    expect(await second.text()).toBe(html);
    // ...but never to a signed-in reader.
    const signedIn = await vendor.text(page);
    expect(signedIn.html).toContain("改名後株式会社");
  });

  it("answers a kept page before Express, with the site's security headers as they were sent with it (issue 18)", async () => {
    await (await fetch(app.base + page)).text();
    // The kept copy is gzipped (in the thread pool) once it is asked for again; give it a moment, then a hit never
    // reaches Express's middleware.
    await (await fetch(app.base + page, { headers: { "accept-encoding": "gzip" } })).text();
    await new Promise((r) => setTimeout(r, 200));
    const kept = await fetch(app.base + page, { headers: { "accept-encoding": "gzip" } });
    await kept.text();
    expect(kept.headers.get("content-encoding")).toBe("gzip");
    // Express's rate limit would have said how many requests are left: its headers never appear on a kept answer.
    expect(kept.headers.get("ratelimit")).toBeNull();
    // The same security headers as a page rendered now (a signed-in reader's), less the request's nonce.
    const rendered = await vendor.get(page);
    expect(rendered.headers.get("ratelimit")).not.toBeNull();
    for (const name of ["content-security-policy", "x-content-type-options", "referrer-policy", "cross-origin-opener-policy", "x-frame-options"]) {
      expect({ name, value: kept.headers.get(name) }).toEqual({ name, value: rendered.headers.get(name)?.replace(/\s*'nonce-[^']*'/g, "") ?? null });
    }
    expect(kept.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(kept.headers.get("content-security-policy")).not.toMatch(/nonce-/);
    expect(kept.headers.get("set-cookie")).toBeNull();
  });

  it("keeps the PDF too: the same bytes and headers, not gzipped again", async () => {
    const first = await fetch(`${app.base}${page}.pdf`);
    expect(first.status).toBe(200);
    const bytes = Buffer.from(await first.arrayBuffer());
    // A rename would give a new PDF (the name is printed in it): the kept one proves it came from memory.
    await app.db.updateTable("organization").set({ name: "PDF改名株式会社" }).where("id", "=", (await app.db.selectFrom("membership").select("organization_id").executeTakeFirstOrThrow()).organization_id).execute();
    const second = await fetch(`${app.base}${page}.pdf`, { headers: { "accept-encoding": "gzip" } });
    expect(second.headers.get("content-encoding")).toBeNull();
    expect(second.headers.get("content-type")).toBe("application/pdf");
    expect(second.headers.get("content-disposition")).toBe(first.headers.get("content-disposition"));
    expect(Buffer.from(await second.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${app.base}${page}.pdf`, { headers: { "if-none-match": first.headers.get("etag")! } })).status).toBe(304);
  }, 60_000);

  it("forgets a disclosure's pages when its visibility changes", async () => {
    const id = page.split("/")[2];
    expect((await vendor.post(`${org}/disclosures/${id}`, { intent: "visibility", visibility: "hospitals" })).status).toBe(200);
    expect((await fetch(app.base + page)).status).toBe(404);
    expect((await fetch(`${app.base}${page}.pdf`)).status).toBe(404);
  });
});
