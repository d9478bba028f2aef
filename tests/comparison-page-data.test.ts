// The comparison page's matrix reaches the page by one of two paths (components/server-fragments.tsx, issue 18): a
// whole document takes it from the side, never through the loader data (which Remix would serialise, parse and
// escape again); a client-side navigation's data request gets it in the loader data, as the browser renders there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "./helpers/http.js";
import { allImplemented, publishTiny, registerTinyTemplate, signUpVendor } from "./helpers/tiny-disclosure.js";

let app: Awaited<ReturnType<typeof startApp>>;
let query: string;

beforeAll(async () => {
  app = await startApp();
  await registerTinyTemplate(app.db);
  const vendor = await signUpVendor(app, "matrix@example.jp", "行列株式会社");
  const ids = [await publishTiny(app.db, vendor, { responses: allImplemented("甲") }), await publishTiny(app.db, vendor, { responses: allImplemented("乙") })];
  query = `${ids.map((id) => `d=${id}`).join("&")}&template=tiny`;
});

afterAll(async () => {
  await app?.close();
});

describe("the comparison matrix", () => {
  it("is in the document, once, and the document has no script carrying it", async () => {
    const response = await app.get(`/compare?${query}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.match(/<tr[^>]* id="item-c1"/g)).toHaveLength(1);
    expect(html.match(/方針を定めている/g)).toHaveLength(1);
    expect(html).not.toContain("<script");
  });

  it("is in the loader data of a client-side navigation, with the same rows", async () => {
    const response = await app.get(`/compare?${query}&_data=${encodeURIComponent("routes/compare._index")}`);
    expect(response.status).toBe(200);
    const data = (await response.json()) as { matrix: { key: string; html: string }[] | null };
    const html = (data.matrix ?? []).map((s) => s.html).join("");
    expect(html.match(/<tr[^>]* id="item-c1"/g)).toHaveLength(1);
    expect(html).toContain("方針を定めている");
  });
});
