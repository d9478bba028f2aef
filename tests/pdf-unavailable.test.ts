// Without Chromium the PDF routes answer at once with a Japanese page; nothing hangs, and the
// web version stays available.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, publishAllAnswered, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

process.env.CHROMIUM_PATH = "/nonexistent/chromium";
let app: Awaited<ReturnType<typeof startApp>>;
let id = "";

beforeAll(async () => {
  app = await startApp();
  const owner = new Client(app.base);
  await owner.post("/signup", { email: "owner@nochrome.example", displayName: "owner", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  const org = (await owner.post("/orgs", { name: "クロムなし株式会社", kind: "vendor" })).headers.get("location")!;
  id = (await owner.post(`${org}/disclosures`, { template: "cybersecurity-checklist@1.0.0", visibility: "public" })).headers.get("location")!.split("/").at(-2)!;
  await publishAllAnswered(owner, org, id, `${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`, "yes");
});
afterAll(() => app?.close());

describe("PDF without Chromium", () => {
  it("answers quickly with a clear Japanese error page", async () => {
    const started = Date.now();
    const response = await fetch(`${app.base}/disclosures/${id}/v/1.pdf`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const text = visibleText(await response.text());
    expect(text).toContain("PDFを作成できません");
    expect(text).toContain("Chromium");
    expect((await fetch(`${app.base}/disclosures/${id}/v/1`)).status).toBe(200);
  });
});
