// 「出典と訂正」 on a template's page (issue 16 items 1 and 2), through the real server: the source document, edition
// and seed of each version, every correction of the source text with its line, the text as found and as used, why,
// and a link to the item it reached; the cybersecurity checklist's two editions side by side, the later the default;
// and, in the browser, the section readable on a phone and free of axe violations.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Template } from "../disclosures/template-schema.js";
import { axeViolations } from "./helpers/axe.js";
import { launchBrowser, screenshotPath } from "./helpers/browser.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const html = async (url: string) => {
  const response = await app.get(url);
  expect(response.status, url).toBe(200);
  return response.text();
};
/** The page's text as a reader sees it: tags gone, React's text separators gone, entities decoded. */
const text = (h: string) =>
  h
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
/** The rows of the corrections table, each as its cells' text and the link in its last cell. */
function errataRows(h: string): { cells: string[]; href: string | null }[] {
  const table = /<table class="data-table errata-table">([\s\S]*?)<\/table>/.exec(h);
  if (!table) return [];
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[1])![1];
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => ({
    cells: [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => text(cell[1]).trim()),
    href: /href="([^"]+)"/.exec(row[1])?.[1] ?? null,
  }));
}
const committed = (file: string) => JSON.parse(readFileSync(path.join(TEMPLATES_DIR, file), "utf8")) as Template;

describe("the template page's 「出典と訂正」", () => {
  it("lists every correction of the later cybersecurity edition, with its line, both texts, why and a link to its item", async () => {
    const h = await html("/templates/cybersecurity-checklist/1.2.0");
    const t = text(h);
    expect(h).toContain('<h2 id="source-errata-title">出典と訂正</h2>');
    expect(t).toContain("出典の文書 医療機関のサイバーセキュリティ対策チェックリスト");
    expect(t).toContain("版 第5.1版 別添・導入文付きの後の版（2つ目の写し）");
    expect(t).toContain("発行 厚生労働省医政局研究開発振興課");
    expect(t).toContain("元にした資料（文字起こし） 002_73c1d437a4f740cb.txt");
    const template = committed("cybersecurity-checklist@1.2.0.json");
    const rows = errataRows(h);
    expect(rows).toHaveLength(template.errata!.length);
    expect(rows).toHaveLength(20);
    expect(t).toContain("次の 20 か所を訂正して様式にしています。");
    // The reversed meaning of システム管理者 NO 55, as a reader finds it.
    const row55 = rows.find((r) => r.cells[0] === "458")!;
    expect(row55.cells.slice(0, 3)).toEqual(["458", "送受信ができるように", "送受信ができないように"]);
    expect(row55.cells[3]).toMatch(/^OCR による意味の反転: 「できないように」が「できるように」になっている（もう一方の写し 152 行は「送受信ができないように」。/);
    // The item named by its number and the start of its text.
    expect(row55.cells[4]).toBe("55 ルーター等のネットワーク機器は、安全性が確認でき…");
    expect(row55.href).toBe("/templates/cybersecurity-checklist/1.2.0/items/systemAdmin.55");
    // Every row in the file's order; an erratum outside the items (the introduction) says so and links nowhere.
    expect(rows.map((r) => Number(r.cells[0]))).toEqual(template.errata!.map((e) => e.line));
    const intro = rows.find((r) => r.cells[0] === "324")!;
    expect(intro).toEqual({ cells: ["324", "関するガイドラン", "関するガイダンス", expect.stringMatching(/^OCR: /), "（項目以外の文）"], href: null });
    for (const [i, e] of template.errata!.entries()) if (e.item) expect(rows[i].href).toBe(`/templates/cybersecurity-checklist/1.2.0/items/${e.item}`);
  });

  it("lists the first edition's own corrections on its page, and says an archived version has none recorded", async () => {
    const first = errataRows(await html("/templates/cybersecurity-checklist/1.1.0"));
    expect(first.map((r) => r.cells[0])).toEqual(["94", "112", "137", "150", "187", "188", "247", "275", "285"]);
    expect(first.find((r) => r.cells[0] === "150")!.cells.slice(1, 3)).toEqual(["タイミングと一緒に情報交換", "タイミングと一連の情報交換"]);
    const archived = await html("/templates/cybersecurity-checklist/1.0.0");
    expect(errataRows(archived)).toEqual([]);
    expect(text(archived)).toContain("この版は訂正の記録を始める前に作られたため、訂正の一覧はありません。");
    expect(text(archived)).toContain("出典の文書 医療機関のサイバーセキュリティ対策チェックリスト");
  });

  it("shows each correction on its item's page too, with the item reading as the official form", async () => {
    const h = text(await html("/templates/cybersecurity-checklist/1.2.0/items/systemAdmin.55"));
    expect(h).toContain("施設内のルータを経由して異なる施設間を結ぶVPNの間で送受信ができないように経路を設定しているか。");
    expect(h).toContain("原文からの訂正");
    expect(h).toMatch(/資料 458 行の「送受信ができるように」を「送受信ができないように」に訂正: OCR による意味の反転/);
    // The first edition reads the same there, uncorrected because its copy was right.
    const first = text(await html("/templates/cybersecurity-checklist/1.1.0/items/systemAdmin.55"));
    expect(first).toContain("VPNの間で送受信ができないように経路を設定しているか。");
    expect(first).not.toContain("原文からの訂正");
  });

  it("makes the later edition the default and lists what changed since the first, item by item", async () => {
    const redirect = await app.get("/templates/cybersecurity-checklist");
    expect(redirect.headers.get("location")).toBe("/templates/cybersecurity-checklist/1.2.0");
    const t = text(await html("/templates/cybersecurity-checklist/1.2.0"));
    // Every item whose text differs between the editions: 11 reworded, and 7 that differ only in punctuation, notation or
    // spacing (経営層 1 「理念(…)」, システム管理者 16 「／」, 40 「、」, 43 「:」, 62 「27001 の」, 72 「。」, 80 「VPN 等」),
    // which the crosswalk counts as unchanged.
    expect(t).toContain("前の版（第5.1版 別添・令和3年10月20日 事務連絡の別紙（1つ目の写し）・1.1.0）からの変更: 文言 11・番号 0・追加 0・削除 0（変更なし 117、うち句読点・表記だけの違い 7）");
    expect(t).toContain("句読点・表記だけが変わった項目");
    expect(t).toContain("16 アクセスログへのアクセス制限を行い、アクセスログの不当な削除／改ざん／追加等を防止する対策を実施しているか（1.1.0: 16 アクセスログへのアクセス制限を行い、アクセスログの不当な削除 / 改ざん / 追加等を防止する対策を実施しているか）");
    // 経営層 NO 4, a real wording difference between the editions, with the first edition's words beside it.
    expect(t).toContain("4 サイバー攻撃により医療情報が暗号化され、復元のための身代金を請求された医療機関等、公表されているサイバー攻撃の情報を定期的に確認しているか（1.1.0: 4 サイバー攻撃により医療情報が暗号化され、復元のための身代金を請求された医療機関等、公表されているサイバー攻撃の情報を定期的、必要時に確認しているか）");
  });

  it("is readable on a phone and has no axe violation", async () => {
    const url = `${app.base}/templates/cybersecurity-checklist/1.2.0`;
    expect(await axeViolations(browser, url)).toEqual([]);
    expect(await axeViolations(browser, url, { width: 390 })).toEqual([]);
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 390, height: 800 });
      await page.goto(url, { waitUntil: "networkidle0" });
      // No wider than the phone; each correction a card whose cells stack, each named by its column.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      const card = await page.$eval(".errata-table tbody tr", (tr) => ({
        display: getComputedStyle(tr).display,
        width: tr.getBoundingClientRect().width,
        label: getComputedStyle(tr.querySelector("td")!, "::before").content,
      }));
      expect(card.display).toBe("block");
      expect(card.width).toBeLessThanOrEqual(390);
      expect(card.label).toBe('"行"');
      await page.$eval("#source-errata-title", (e) => e.scrollIntoView());
      await page.screenshot({ path: screenshotPath("template-errata-390.png") });
      // On a wide screen, a plain five-column table (a screenshot for people to look at).
      await page.setViewport({ width: 1280, height: 900 });
      expect(await page.$eval(".errata-table tbody tr", (tr) => getComputedStyle(tr).display)).toBe("table-row");
      await page.$eval("#source-errata-title", (e) => e.scrollIntoView());
      await page.screenshot({ path: screenshotPath("template-errata-1280.png") });
    } finally {
      await page.close();
    }
  }, 60_000);
});
