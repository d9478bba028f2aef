// The public template pages, through the real server (Express middleware + built Remix app).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "./helpers/http.js";

let app: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const page = async (url: string) => {
  const response = await app.get(url);
  return { status: response.status, headers: response.headers, html: await response.text() };
};
const itemCount = (html: string) => (html.match(/<article class="item"/g) ?? []).length;

describe("template catalog", () => {
  it("lists every template with its counts", async () => {
    const { status, html } = await page("/templates");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain("<title>様式・チェックリスト一覧 | Kaiji</title>");
    // Each form links to its latest version (the corrected 1.1.0; the cybersecurity checklist's second edition 1.2.0).
    for (const id of ["hispro-checksheet", "agency-disclosure", "minimum-guideline-checklist", "responsibility-checklist"]) {
      expect(html).toContain(`href="/templates/${id}/1.1.0"`);
    }
    expect(html).toContain(`href="/templates/cybersecurity-checklist/1.2.0"`);
  });

  it("redirects an unversioned template URL to its latest version, keeping the query", async () => {
    const response = await app.get("/templates/hispro-checksheet?level=required");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/templates/hispro-checksheet/1.1.0?level=required");
  });

  it("shows a template's sections, items, levels, references and check points", async () => {
    const { status, html } = await page("/templates/hispro-checksheet/1.0.0");
    expect(status).toBe(200);
    expect(html).toContain("経営陣は、情報セキュリティに関する組織的取組についての基本的な方針を定めた文書を作成すること。");
    expect(html).toContain('<span class="badge badge-required">必須</span>');
    expect(html).toContain('<span class="badge badge-recommended">推奨</span>');
    expect(html).toContain("確認項目");
    expect(html).toMatch(/総務省 ?ASP-GL/);
    expect(itemCount(html)).toBeGreaterThan(400);
  });

  it("filters by level", async () => {
    const all = itemCount((await page("/templates/hispro-checksheet/1.0.0")).html);
    const required = await page("/templates/hispro-checksheet/1.0.0?level=required");
    const recommended = await page("/templates/hispro-checksheet/1.0.0?level=recommended");
    expect(required.html).not.toContain('<span class="badge badge-recommended">');
    expect(recommended.html).not.toContain('<span class="badge badge-required">');
    expect(itemCount(required.html) + itemCount(recommended.html)).toBe(all);
    expect(recommended.html).toContain(`${all}項目中 ${itemCount(recommended.html)}項目が該当`);
  });

  it("searches item text, ignoring full-width/half-width differences", async () => {
    const { html } = await page(`/templates/hispro-checksheet/1.0.0?q=${encodeURIComponent("ＩＳＭＳ 適用範囲")}`);
    const n = itemCount(html);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(20);
    expect(html).toContain("ISMS");
    const none = await page(`/templates/hispro-checksheet/1.0.0?q=${encodeURIComponent("存在しない語句ｘｙｚ")}`);
    expect(none.html).toContain("条件に該当する項目はありません。");
  });

  it("falls back to no filter on a malformed level", async () => {
    const { status, html } = await page("/templates/hispro-checksheet/1.0.0?level=%3Cscript%3E");
    expect(status).toBe(200);
    expect(html).not.toContain("<script>alert");
    expect(itemCount(html)).toBeGreaterThan(400);
  });

  it("gives every item a stable URL of its own with its notes", async () => {
    const listing = await page("/templates/agency-disclosure/1.0.0");
    const href = listing.html.match(/href="(\/templates\/agency-disclosure\/1\.0\.0\/items\/[^"]+)"/)![1];
    const item = await page(href);
    expect(item.status).toBe(200);
    expect(item.html).toContain("注1");
    expect(item.html).toContain("rel=\"next\"");
  });

  it("shows the derived result rule of the 代行機関 form", async () => {
    const { html } = await page("/templates/agency-disclosure/1.0.0");
    expect(html).toContain("自動判定");
    expect(html).toContain("最低限のガイドラインを遵守済");
  });

  it("answers unknown templates, versions and items with a Japanese 404", async () => {
    for (const url of ["/templates/no-such-template", "/templates/hispro-checksheet/9.9.9", "/templates/hispro-checksheet/1.0.0/items/no-such-item", "/no/such/page"]) {
      const { status, html } = await page(url);
      expect(status, url).toBe(404);
      expect(html, url).toContain("ページが見つかりません");
    }
  });

  it("sends security headers with a nonce-based Content-Security-Policy", async () => {
    const { headers, html } = await page("/templates");
    const csp = headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    expect(html).toContain(`nonce="${nonce}"`);
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-powered-by")).toBeNull();
  });

  it("refuses a state-changing request from another site", async () => {
    const response = await app.get("/templates", { method: "POST", headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" }, body: "x=1" });
    expect(response.status).toBe(403);
  });

  it("reports health", async () => {
    expect(await (await app.get("/healthz")).text()).toBe("ok");
  });
});
