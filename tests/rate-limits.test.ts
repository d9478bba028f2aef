// Per-IP limits: the stricter one on POSTs to authentication routes answers 429 in Japanese.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  app = await startApp({ authRateLimitPer15Minutes: 3 });
});
afterAll(() => app?.close());

describe("rate limits", () => {
  it("limits sign-in attempts per IP, but not reading the page", async () => {
    const client = new Client(app.base);
    for (let i = 0; i < 3; i++) expect((await client.post("/login", { email: `x${i}@example.jp`, password: "wrong-password-1!" })).status).toBe(401);
    const limited = await client.post("/login", { email: "x@example.jp", password: "wrong-password-1!" });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain("試行回数が多すぎます");
    expect(limited.headers.get("ratelimit-policy")).toContain("3");
    // The same IP can still read pages and use the other auth routes' GETs.
    expect((await client.get("/login")).status).toBe(200);
    // Sign-up and the second factor share the budget: they are the same attack surface.
    expect((await client.post("/signup", {})).status).toBe(429);
    expect((await client.post("/login/2fa", { code: "123456" })).status).toBe(429);
  });

  it("does not count requests to other routes against the authentication budget", async () => {
    const client = new Client(app.base);
    expect((await client.post("/orgs", {})).status).toBe(302);
  });
});
