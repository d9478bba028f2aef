// The criteria editor reached by client-side navigation: after 「この章に設定」 the page shows exactly what is
// stored (a page without hydration must behave as a fresh load even when React renders it in the browser).
import type { Browser } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./helpers/browser.js";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let org = "";
let profile = "";
const problems: string[] = [];

beforeAll(async () => {
  app = await startApp();
  const hospital = new Client(app.base);
  await hospital.post("/signup", { email: "criteria@hospital.example", displayName: "基準", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
  org = (await hospital.post("/orgs", { name: "基準病院", kind: "hospital" })).headers.get("location")!.split("/").pop()!;
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", org).execute();
  profile = (await hospital.post(`/orgs/${org}/criteria`, { intent: "create", name: "最低限の基準", templateId: "minimum-guideline-checklist" })).headers.get("location")!;
  browser = await launchBrowser();
  await browser.setCookie({ name: "kaiji_session", value: hospital.cookies.get("kaiji_session")!, domain: "127.0.0.1", path: "/" });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("criteria editor in the browser", () => {
  it("shows the stored settings after setting a chapter, reached and submitted without reloads", async () => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(`${app.base}/orgs/${org}/criteria`, { waitUntil: "networkidle0" });
    await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
    await page.click(`main a[href="${profile}"]`);
    await page.waitForSelector("#chapter-organizational select[name=mode]", { timeout: 10_000 });
    const modes = () => page.$$eval('#section-organizational select[name^="mode:"]', (s) => s.map((x) => (x as HTMLSelectElement).value));
    expect(await modes()).toEqual(Array(5).fill("standard"));
    await page.select("#chapter-organizational select[name=mode]", "must");
    await page.click("#chapter-organizational button[type=submit]");
    await page.waitForFunction(() => document.body.textContent?.includes("に設定しました"), { timeout: 10_000 });
    const stored = JSON.parse((await app.db.selectFrom("criteria_profile").select("items").where("id", "=", profile.split("/").pop()!).executeTakeFirstOrThrow()).items) as Record<string, { mode?: string }>;
    expect(Object.values(stored).filter((v) => v.mode === "must")).toHaveLength(5);
    expect(await modes()).toEqual(Array(5).fill("must"));
    expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);
});
