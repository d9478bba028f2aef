// A person in a real browser: sign up, create an organisation, enrol TOTP from the manual key on
// the page, sign out, sign in again with a recovery code — with the CSP on and JavaScript running.
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotPath } from "./helpers/browser.js";
import { STRONG_PASSWORD, totpCode } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage();
  // Any CSP violation or script error means hydration or a page is broken.
  // (A 400 answer to the deliberately weak password is expected; Chromium logs it as a failed load.)
  page.on("console", (m) => m.type() === "error" && !/status of 400/.test(m.text()) && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("request", (r) => !r.url().startsWith(app.base) && !r.url().startsWith("data:") && problems.push(`request outside the app: ${r.url()}`));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const text = () => page.$eval("main", (m) => (m as HTMLElement).innerText);
// Client-side navigation changes the URL before the next route renders: wait for what a person waits for.
const waitForText = (needle: string) => page.waitForFunction((n) => document.querySelector("main")?.textContent?.includes(n), { timeout: 10_000 }, needle);
async function submit(selector = "main form button[type=submit]") {
  await Promise.all([page.waitForNavigation({ waitUntil: "networkidle0" }).catch(() => undefined), page.click(selector)]);
  await page.waitForNetworkIdle();
}

describe("account in the browser", () => {
  it("signs up, enrols two-factor authentication and signs in with a recovery code", async () => {
    await page.goto(`${app.base}/signup`, { waitUntil: "networkidle0" });
    await page.type("#field-email", "browser@example.jp");
    await page.type("#field-displayName", "ブラウザ 太郎");
    await page.type("#field-password", "short");
    await page.type("#field-confirm", "short");
    await submit();
    await waitForText("パスワードは13文字以上にしてください");

    await page.$eval("#field-password", (el) => ((el as HTMLInputElement).value = ""));
    await page.$eval("#field-confirm", (el) => ((el as HTMLInputElement).value = ""));
    await page.type("#field-password", STRONG_PASSWORD);
    await page.type("#field-confirm", STRONG_PASSWORD);
    await submit();
    await page.waitForSelector("#field-name");
    expect(new URL(page.url()).pathname).toBe("/orgs");

    await page.type("#field-name", "ブラウザ医療株式会社");
    await submit("main section form button[type=submit]");
    await waitForText("あなたの役割");
    expect(await page.$eval("h1", (h) => h.textContent)).toContain("ブラウザ医療株式会社");

    await page.goto(`${app.base}/account/2fa`, { waitUntil: "networkidle0" });
    await submit();
    await page.waitForSelector(".secret");
    const key = (await page.$eval(".secret", (s) => s.textContent!)).replace(/\s/g, "");
    expect(await page.$eval("img.qr", (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.type("#field-code", totpCode(key));
    await submit();
    await waitForText("二要素認証を有効にしました");
    const codes = await page.$$eval(".codes li", (items) => items.map((i) => i.textContent!));
    expect(codes).toHaveLength(10);

    await submit("header form button[type=submit]");
    await page.waitForSelector("header a[href='/login']");
    await page.goto(`${app.base}/login`, { waitUntil: "networkidle0" });
    await page.type("#field-email", "browser@example.jp");
    await page.type("#field-password", STRONG_PASSWORD);
    await submit();
    await page.waitForSelector("#field-code");
    expect(new URL(page.url()).pathname).toBe("/login/2fa");
    await page.type("#field-code", codes[0]);
    await submit();
    await waitForText("ブラウザ医療株式会社");
    expect(new URL(page.url()).pathname).toBe("/orgs");
    await page.screenshot({ path: screenshotPath("browser-orgs.png") });

    expect(problems).toEqual([]);
  }, 60_000);
});
