// Phones and small windows (issue 19, items 3 and 4), in the browser at 390 px and 768 px: no page wider than the
// window, the header's navigation behind 「メニュー」, the directory's filters behind 「絞り込み」 with the result count,
// and the landing page's search reaching the directory. Screenshots go to data/screenshots/ for people to look at.
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotPath } from "./helpers/browser.js";
import { startApp } from "./helpers/http.js";
import { allImplemented, implemented, publishTiny, registerTinyTemplate, signUpVendor } from "./helpers/tiny-disclosure.js";

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let disclosureId = "";
const others: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  app = await startApp();
  await registerTinyTemplate(app.db);
  const vendor = await signUpVendor(app, "phone@vendor.example", "スマートフォン対応クラウドサービス株式会社");
  // A long note: a page must not grow wider than a phone because of one.
  disclosureId = await publishTiny(app.db, vendor, { responses: { ...allImplemented("スマートフォン対応クラウドサービス株式会社"), c1: { ...implemented, note: "長い備考".repeat(40) } } });
  for (const [i, name] of ["北海道医療クラウド株式会社", "九州ヘルスケアシステムズ株式会社", "関東メディカルデータ株式会社"].entries()) {
    const other = await signUpVendor(app, `phone-${i}@vendor.example`, name);
    others.push(await publishTiny(app.db, other, { responses: allImplemented(name) }));
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function open(width: number, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.setViewport({ width, height: 800 });
  await page.goto(app.base + url, { waitUntil: "networkidle0" });
  return page;
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const visible = (page: Page, selector: string) => page.$eval(selector, (e) => (e as HTMLElement).offsetParent !== null);

describe.each([390, 768])("at %i px", (width) => {
  it("no page is wider than the window", async () => {
    for (const url of ["/", "/directory", `/disclosures/${disclosureId}/v/1`, "/templates"]) {
      const page = await open(width, url);
      expect({ url, width: await pageWidth(page) }).toEqual({ url, width });
      await page.screenshot({ path: screenshotPath(`phone-${width}-${url.split("/")[1] || "landing"}.png`), fullPage: true });
      await page.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it("compares vendors with the overview first and the item column held while the vendors scroll sideways", async () => {
    const page = await open(width, `/compare?${[disclosureId, ...others].map((d) => `d=${d}`).join("&")}`);
    expect(await pageWidth(page)).toBe(width);
    const order = await page.evaluate(() => {
      const overview = document.querySelector(".compare-overview")!;
      const matrix = document.querySelector("#matrix")!;
      return overview.compareDocumentPosition(matrix) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    // Four vendors do not fit beside the items on a phone: the matrix scrolls inside its box, not the page.
    const box = await page.$eval("#matrix", (e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    if (width === 390) expect(box.scroll).toBeGreaterThan(box.client);
    const itemLeft = () => page.$eval(".compare-table tbody tr:not(.section-row) .item-col", (e) => Math.round(e.getBoundingClientRect().left));
    const before = await itemLeft();
    await page.$eval("#matrix", (e) => e.scrollBy({ left: 400 }));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    expect(await itemLeft()).toBe(before);
    expect(await page.$eval("#matrix", (e) => e.scrollLeft)).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath(`phone-${width}-compare.png`), fullPage: false });
    await page.close();
  }, 60_000);

  it("folds the directory's filters behind 「絞り込み」, which opens them", async () => {
    const page = await open(width, "/directory");
    // Both widths are phone-and-tablet widths (≤ 900 px): the filters are folded, the search box is not.
    expect(await visible(page, "#directory-q")).toBe(true);
    expect(await visible(page, "#directory-sort")).toBe(false);
    expect(await page.$eval(".filters-button", (e) => e.textContent)).toMatch(/絞り込み・並び順（4件）/);
    await page.click(".filters-button");
    expect(await visible(page, "#directory-sort")).toBe(true);
    // The toggle has no name: a search never carries it.
    await Promise.all([page.waitForNavigation(), page.click(".directory-facets button[type=submit]")]);
    expect(new URL(page.url()).searchParams.has("filters-toggle")).toBe(false);
    await page.close();
  }, 60_000);
});

describe("the header on a phone", () => {
  it("keeps the navigation behind 「メニュー」 and shows it on a tap", async () => {
    const page = await open(390, "/");
    expect(await visible(page, 'nav[aria-label="サイト"]')).toBe(false);
    await page.click(".menu-button");
    expect(await visible(page, 'nav[aria-label="サイト"]')).toBe(true);
    await Promise.all([page.waitForNavigation({ waitUntil: "networkidle0" }), page.click('nav[aria-label="サイト"] a[href="/directory"]')]);
    expect(new URL(page.url()).pathname).toBe("/directory");
    await page.close();
  }, 60_000);

  it("shows the whole header on a wide window, without the button", async () => {
    const page = await open(1280, "/");
    expect(await visible(page, 'nav[aria-label="サイト"]')).toBe(true);
    expect(await visible(page, ".menu-button")).toBe(false);
    await page.close();
  }, 60_000);
});

describe("the landing page's search", () => {
  it("reaches the directory with the words typed", async () => {
    const page = await open(390, "/");
    await page.type("#landing-q", "スマートフォン");
    await Promise.all([page.waitForNavigation({ waitUntil: "networkidle0" }), page.click(".landing-search button[type=submit]")]);
    expect(new URL(page.url()).pathname).toBe("/directory");
    expect(new URL(page.url()).searchParams.get("q")).toBe("スマートフォン");
    await page.waitForFunction(() => document.body.innerText.includes("スマートフォン対応クラウドサービス株式会社"), { timeout: 10_000 });
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);
});
