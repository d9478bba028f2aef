// Click-through terms for access requests (issue 15, item 3; DECISIONS 31), over HTTP: the vendor's owner writes terms
// on a disclosure's page, a verified hospital reads them on the request page and must tick 「上記の条件に同意します」 for
// the version in force; the request records the version and time, the vendor's list shows them with that version's
// text. Terms changed between page load and post, or turned off, and who may write them.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const HOSTILE = '第1条 <script>alert("terms")</script>\n第2条 <img src=x onerror=alert(1)> 秘密保持 & "引用"';

let app: Awaited<ReturnType<typeof startApp>>;
type Account = { client: Client; org: string; user: string };
let vendor: Account;
let hospital: Account;
let otherVendor: Account;
let editor: { client: Client; user: string };
const ids = { first: "", second: "", third: "" };

async function signUp(name: string, kind?: "vendor" | "hospital") {
  const client = new Client(app.base);
  const email = `${name}@terms.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  if (!kind) return { client, org: "", user };
  const created = await client.post("/orgs", { name: `${name}株式会社`, kind });
  expect(created.status).toBe(302);
  return { client, org: created.headers.get("location")!.split("/").pop()!, user };
}

async function published(service: string) {
  const template = tinyTemplate();
  const actor = { userId: vendor.user, email: "vendor@terms.example" };
  const serviceId = `svc-${service}`;
  await app.db.insertInto("service").values({ id: serviceId, organization_id: vendor.org, name: service, kind: "cloud", description: null, created_at: Date.now() }).execute();
  const id = await createDisclosure(app.db, actor, vendor.org, { templateId: template.id, templateVersion: template.version, serviceId, visibility: "request" }, meta);
  const disclosure = (await getDisclosure(app.db, vendor.org, id))!;
  const done: ItemResponse = { value: { status: "implemented" } };
  await saveDraft(app.db, actor, disclosure, Object.entries({ name: { value: "条件テスト株式会社" }, c1: done, c2: done }).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, actor, disclosure, template, meta);
  return id;
}

const vendorPage = (id: string) => `/orgs/${vendor.org}/disclosures/${id}`;
const requestsOf = (id: string) => app.db.selectFrom("access_request").select(["organization_id", "requested_by", "status", "terms_version", "terms_accepted_at", "created_at"]).where("disclosure_id", "=", id).execute();
const termsRows = () => app.db.selectFrom("access_terms").select(["version", "text", "created_by"]).where("organization_id", "=", vendor.org).orderBy("version").execute();
const auditOf = (action: string, target: string) => app.db.selectFrom("audit_log").select(["organization_id", "detail", "actor_user_id"]).where("action", "=", action).where("target", "=", target).orderBy("organization_id").execute();
const ask = (id: string, fields: Record<string, string> = {}) => hospital.client.post(`/disclosures/${id}/request`, { hospitalId: hospital.org, message: "比較検討のため", ...fields });

beforeAll(async () => {
  app = await startApp();
  const dir = tempDir("kaiji-terms-");
  writeFileSync(path.join(dir, "tiny@1.0.0.json"), canonicalJson(tinyTemplate()));
  await syncBuiltinTemplates(app.db, dir);
  vendor = await signUp("vendor", "vendor");
  hospital = await signUp("hospital", "hospital");
  otherVendor = await signUp("other", "vendor");
  editor = await signUp("editor");
  await app.db.insertInto("membership").values({ organization_id: vendor.org, user_id: editor.user, role: "editor", created_at: Date.now() }).execute();
  // A hospital asks for 申請制 disclosures only once an administrator has verified it (tests/security-hospitals.test.ts).
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", hospital.org).execute();
  ids.first = await published("申請制サービス甲");
  ids.second = await published("申請制サービス乙");
  ids.third = await published("申請制サービス丙");
});
afterAll(async () => {
  await app?.close();
});

describe("terms for access requests", () => {
  it("only the vendor's owners write them: an editor gets 403, others 404, nobody signed in is sent to sign in", async () => {
    const post = { intent: "terms", terms: "第三者に開示しないこと" };
    expect((await editor.client.post(vendorPage(ids.first), post)).status).toBe(403);
    expect((await otherVendor.client.post(vendorPage(ids.first), post)).status).toBe(404);
    expect((await hospital.client.post(vendorPage(ids.first), post)).status).toBe(404);
    expect((await new Client(app.base).post(vendorPage(ids.first), post)).status).toBe(302);
    expect((await editor.client.post(vendorPage(ids.first), { intent: "terms-off" })).status).toBe(403);
    expect(await termsRows()).toEqual([]);
    // The editor sees no form to write them; the owner does.
    expect((await editor.client.text(vendorPage(ids.first))).html).not.toContain('name="terms"');
    expect((await vendor.client.text(vendorPage(ids.first))).html).toContain('name="terms"');
  });

  it("refuses terms over 10,000 characters and stores nothing", async () => {
    const response = await vendor.client.post(vendorPage(ids.first), { intent: "terms", terms: "あ".repeat(10_001) });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("10,000文字以内");
    expect(await termsRows()).toEqual([]);
  });

  it("owner writes terms; the hospital reads them escaped and cannot ask without ticking the box", async () => {
    const saved = await vendor.client.post(vendorPage(ids.first), { intent: "terms", terms: HOSTILE.replace("\n", "\r\n") });
    expect(saved.status).toBe(200);
    expect(visibleText(await saved.text())).toContain("閲覧の条件を第1版として保存しました");
    expect(await termsRows()).toEqual([{ version: 1, text: HOSTILE, created_by: vendor.user }]);
    expect(await app.db.selectFrom("audit_log").select("detail").where("action", "=", "access_terms.changed").where("organization_id", "=", vendor.org).execute()).toEqual([{ detail: JSON.stringify({ version: 1 }) }]);
    // Saving the same text again makes no new version.
    expect(visibleText(await (await vendor.client.post(vendorPage(ids.first), { intent: "terms", terms: HOSTILE })).text())).toContain("閲覧の条件に変更はありません");
    expect(await termsRows()).toHaveLength(1);

    const page = await hospital.client.text(`/disclosures/${ids.first}/request`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain("<script>alert");
    expect(page.html).not.toContain("<img src=x");
    expect(page.html).toContain("&lt;script&gt;alert(&quot;terms&quot;)&lt;/script&gt;");
    expect(page.html).toMatch(/<div class="preserve-lines">第1条 &lt;script&gt;[^<]*\n第2条 &lt;img/);
    expect(visibleText(page.html)).toContain("上記の条件に同意します");
    expect(page.html).toMatch(/name="termsVersion" value="1"/);

    const refused = await ask(ids.first, { termsVersion: "1" });
    expect(refused.status).toBe(400);
    const refusedText = visibleText(await refused.text());
    expect(refusedText).toContain("「上記の条件に同意します」にチェックしてください");
    expect(refusedText).toContain("比較検討のため"); // the message typed is kept
    expect(await requestsOf(ids.first)).toEqual([]);
    expect(await auditOf("access.requested", ids.first)).toEqual([]);

    const before = Date.now();
    const accepted = await ask(ids.first, { termsVersion: "1", acceptTerms: "1" });
    expect(accepted.status).toBe(200);
    expect(visibleText(await accepted.text())).toContain("申請しました");
    const [row] = await requestsOf(ids.first);
    expect(row).toMatchObject({ organization_id: hospital.org, requested_by: hospital.user, status: "pending", terms_version: 1 });
    expect(row.terms_accepted_at).toBe(row.created_at);
    expect(row.terms_accepted_at).toBeGreaterThanOrEqual(before);
    const audited = await auditOf("access.terms_accepted", ids.first);
    expect(audited.map((a) => [a.organization_id, JSON.parse(a.detail!), a.actor_user_id]).sort()).toEqual([[hospital.org, { version: 1 }, hospital.user], [vendor.org, { version: 1 }, hospital.user]].sort());
  });

  it("shows the vendor which version each request accepted, with that version's text escaped", async () => {
    const page = await vendor.client.text(vendorPage(ids.first));
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toMatch(/hospital株式会社[\s\S]*第1版に同意（\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}）/);
    expect(page.html).toMatch(/<details><summary>第1版に同意（[^<]*<\/summary><div class="preserve-lines">第1条 &lt;script&gt;/);
    expect(page.html).not.toContain("<script>alert");
  });

  it("refuses a request for terms that changed after the page was loaded, and shows the new ones", async () => {
    expect((await hospital.client.text(`/disclosures/${ids.second}/request`)).html).toMatch(/name="termsVersion" value="1"/);
    const NEW = "第1条 改定後の秘密保持条項\n第2条 目的外利用の禁止";
    expect((await vendor.client.post(vendorPage(ids.second), { intent: "terms", terms: NEW })).status).toBe(200);
    expect((await termsRows()).map((t) => t.version)).toEqual([1, 2]);

    const stale = await ask(ids.second, { termsVersion: "1", acceptTerms: "1" });
    expect(stale.status).toBe(400);
    const html = await stale.text();
    expect(visibleText(html)).toContain("閲覧の条件が変更されました");
    expect(html).toContain("改定後の秘密保持条項");
    expect(html).not.toContain("&lt;script&gt;");
    expect(html).toMatch(/name="termsVersion" value="2"/);
    expect(await requestsOf(ids.second)).toEqual([]);

    expect((await ask(ids.second, { termsVersion: "2", acceptTerms: "1" })).status).toBe(200);
    expect((await requestsOf(ids.second)).map((r) => r.terms_version)).toEqual([2]);
    const list = (await vendor.client.text(vendorPage(ids.second))).html;
    expect(list).toContain("第2版に同意");
    expect(list).toContain("目的外利用の禁止");
    // Each request keeps the version it accepted: the earlier one still shows version 1's text to the vendor.
    const earlier = (await vendor.client.text(vendorPage(ids.first))).html;
    expect(earlier).toMatch(/<details><summary>第1版に同意（[^<]*<\/summary><div class="preserve-lines">第1条 &lt;script&gt;/);
    expect(earlier).not.toContain("第2版に同意");
  });

  it("turned off, no box is shown or needed and the request records no terms", async () => {
    const off = await vendor.client.post(vendorPage(ids.third), { intent: "terms-off" });
    expect(off.status).toBe(200);
    expect(visibleText(await off.text())).toContain("閲覧の条件をなしにしました");
    expect(await termsRows()).toMatchObject([{ version: 1 }, { version: 2 }, { version: 3, text: "" }]);
    expect(await app.db.selectFrom("audit_log").select("id").where("action", "=", "access_terms.disabled").where("organization_id", "=", vendor.org).execute()).toHaveLength(1);

    const page = await hospital.client.text(`/disclosures/${ids.third}/request`);
    expect(visibleText(page.html)).not.toContain("上記の条件に同意します");
    expect(page.html).not.toContain('name="termsVersion"');
    const asked = await ask(ids.third);
    expect(asked.status).toBe(200);
    expect((await requestsOf(ids.third)).map((r) => [r.terms_version, r.terms_accepted_at])).toEqual([[null, null]]);
    expect(await auditOf("access.terms_accepted", ids.third)).toEqual([]);
    expect(visibleText((await vendor.client.text(vendorPage(ids.third))).html)).toContain("条件なし");
  });

  it("keeps versions immutable in the database", async () => {
    await expect(app.db.updateTable("access_terms").set({ text: "書き換え" }).where("organization_id", "=", vendor.org).where("version", "=", 1).execute()).rejects.toThrow(/immutable/);
  });
});
