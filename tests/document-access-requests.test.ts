// Access requests for 申請制 documents (issue 15, item 2; DECISIONS 32), over HTTP: a verified hospital's editor asks
// on /documents/:id/request accepting the vendor's terms, the vendor's owner approves on the document's page, and the
// hospital downloads the file; declined, revoked and expired (the last millisecond of the Japanese day, then the next)
// answer the same 404 as before; viewers, unverified hospitals and terms changed meanwhile are refused with nothing
// stored; another hospital's approval opens nothing; the vendor page and the document page show the reader's status.
// Time is frozen (Date only) so the test does not depend on the hour it runs.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "../db/connection.js";
import { createMigrator, migrations } from "../db/migrator.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";

const UNTIL = "2026-12-01";
// Everything happens 20 minutes before the end of UNTIL in Japan (sessions stay within their 30-minute idle time);
// 23:40 JST is 14:40 UTC, so a rule on the UTC date would give the same day either way and must not be what decides.
const SETUP = Date.parse("2026-12-01T23:40:00+09:00");
const LAST_MS = Date.parse("2026-12-01T23:59:59.999+09:00");
vi.useFakeTimers({ toFake: ["Date"], now: SETUP });

let app: Awaited<ReturnType<typeof startApp>>;
type Member = { client: Client; user: string };
const c = {} as Record<"owner" | "vendorEditor" | "editor" | "viewer" | "other" | "unverified" | "anonymous", Member>;
const orgs = { vendor: "", hospital: "", other: "", unverified: "" };
const docs = { main: "", second: "", public: "" };

/** A minimal one-page PDF; `label` makes each one different. */
function tinyPdf(label: string): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Label (${label}) >>`];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
const FILE = tinyPdf("secret-sla");

async function signUp(name: string): Promise<Member> {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@doc-requests.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  return { client, user: (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id };
}

async function createOrg(member: Member, name: string, kind: "vendor" | "hospital"): Promise<string> {
  const response = await member.client.post("/orgs", { name, kind });
  expect(response.status).toBe(302);
  return response.headers.get("location")!.split("/").pop()!;
}

async function join(owner: Member, org: string, member: Member, role: "editor" | "viewer") {
  const html = await (await owner.client.post(`/orgs/${org}/members`, { intent: "invite", role })).text();
  const link = html.match(/id="invite-link"[^>]*value="([^"]+)"/)![1];
  expect((await member.client.post(new URL(link).pathname, {})).status).toBe(302);
}

async function upload(title: string, visibility: "public" | "request", bytes: Buffer): Promise<string> {
  const form = new FormData();
  for (const [key, value] of Object.entries({ intent: "upload", title, kind: "sla", visibility, createdOn: "2026-11-01", expiresOn: "", note: "", serviceId: "" })) form.set(key, value);
  form.set("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), "sla.pdf");
  const response = await fetch(`${app.base}/orgs/${orgs.vendor}/documents`, { method: "POST", redirect: "manual", headers: { cookie: c.owner.client.cookieHeader(), origin: app.base, "sec-fetch-site": "same-origin" }, body: form });
  expect(response.status, await response.clone().text()).toBe(302);
  return response.headers.get("location")!.split("/").pop()!.split("?")[0];
}

const vendorDocPage = (id: string) => `/orgs/${orgs.vendor}/documents/${id}`;
const requestsOf = (id: string) =>
  app.db.selectFrom("access_request").select(["id", "disclosure_id", "document_id", "organization_id", "requested_by", "status", "expires_at", "terms_version", "message"]).where("document_id", "=", id).orderBy("created_at").orderBy("status").execute();
const auditOf = (action: string, target: string) => app.db.selectFrom("audit_log").select(["organization_id", "actor_user_id", "detail"]).where("action", "=", action).where("target", "=", target).execute();
const ask = (who: Member, id: string, hospitalId: string, fields: Record<string, string> = {}) => who.client.post(`/documents/${id}/request`, { hospitalId, message: "SLA の確認のため", ...fields });
const decide = (who: Member, id: string, requestId: string, intent: "approve" | "decline" | "revoke", expiresOn = "") => who.client.post(vendorDocPage(id), { intent, requestId, expiresOn });
const fileStatus = async (who: Member, id: string) => (await who.client.get(`/documents/${id}/v/1/file`)).status;
async function pageText(who: Member, path: string) {
  const page = await who.client.text(path);
  expect(page.status).toBe(200);
  return { html: page.html, text: visibleText(page.html) };
}
/** The vendor page's entry for a document: whether it is locked, and its words. */
async function vendorEntry(who: Member, id: string) {
  const { html } = await pageText(who, `/vendors/${orgs.vendor}`);
  const start = html.indexOf(`data-document-id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  const body = html.slice(start, html.indexOf("</li>", start));
  return { locked: html.slice(html.lastIndexOf("<li ", start), start).includes("locked-entry"), text: visibleText(body), html: body };
}

beforeAll(async () => {
  app = await startApp();
  c.anonymous = { client: new Client(app.base), user: "" };
  for (const name of ["owner", "vendorEditor", "editor", "viewer", "other", "unverified"] as const) c[name] = await signUp(name);
  orgs.vendor = await createOrg(c.owner, "資料申請テスト株式会社", "vendor");
  orgs.hospital = await createOrg(c.editor, "申請する病院", "hospital");
  orgs.other = await createOrg(c.other, "別の病院", "hospital");
  orgs.unverified = await createOrg(c.unverified, "未確認の病院", "hospital");
  // Only hospitals verified by an administrator ask for and read 申請制 items (DECISIONS 16).
  await app.db.updateTable("organization").set({ verified_at: SETUP }).where("id", "in", [orgs.hospital, orgs.other]).execute();
  await join(c.owner, orgs.vendor, c.vendorEditor, "editor");
  await join(c.editor, orgs.hospital, c.viewer, "viewer");
  docs.main = await upload("SLA 2026年版", "request", FILE);
  docs.second = await upload("運用手順書", "request", tinyPdf("second"));
  docs.public = await upload("公開の SLA", "public", tinyPdf("public"));
});
afterAll(async () => {
  await app?.close();
  vi.useRealTimers();
});

describe("access requests for 申請制 documents", () => {
  it("before any request: locked for hospitals, the file a 404, 「閲覧を申請」 on the document page and the vendor page", async () => {
    expect(await fileStatus(c.editor, docs.main)).toBe(404);
    const { text, html } = await pageText(c.editor, `/documents/${docs.main}`);
    expect(text).toContain("申請制の資料です");
    expect(html).toContain(`href="/documents/${docs.main}/request"`);
    expect(text).toContain("閲覧を申請");
    expect(html).not.toContain("/v/1/file");
    const entry = await vendorEntry(c.editor, docs.main);
    expect(entry.locked).toBe(true);
    expect(entry.html).toContain(`href="/documents/${docs.main}/request"`);
    expect(entry.text).toContain("閲覧を申請");
    // Anonymous readers are sent to sign in first, to the request page.
    expect((await vendorEntry(c.anonymous, docs.main)).html).toContain(`/login?redirectTo=${encodeURIComponent(`/documents/${docs.main}/request`)}`);
    // A document that is not 申請制 has no request page.
    expect((await c.editor.client.get(`/documents/${docs.public}/request`)).status).toBe(404);
  });

  it("a verified hospital's editor asks with the vendor's terms; the owner approves until a date; the hospital downloads the file", async () => {
    // The owner writes the terms on the document's page (the same terms as for its disclosures).
    const saved = await c.owner.client.post(vendorDocPage(docs.main), { intent: "terms", terms: "第1条 資料を第三者に開示しないこと" });
    expect(saved.status).toBe(200);
    expect(visibleText(await saved.text())).toContain("閲覧の条件を第1版として保存しました");

    const form = await pageText(c.editor, `/documents/${docs.main}/request`);
    expect(form.text).toContain("資料「SLA 2026年版」");
    expect(form.text).toContain("第1条 資料を第三者に開示しないこと");
    expect(form.html).toMatch(/name="termsVersion" value="1"/);

    // Not ticking the box stores nothing.
    const unticked = await ask(c.editor, docs.main, orgs.hospital, { termsVersion: "1" });
    expect(unticked.status).toBe(400);
    expect(visibleText(await unticked.text())).toContain("「上記の条件に同意します」にチェックしてください");
    expect(await requestsOf(docs.main)).toEqual([]);

    const asked = await ask(c.editor, docs.main, orgs.hospital, { termsVersion: "1", acceptTerms: "1" });
    expect(asked.status).toBe(200);
    expect(visibleText(await asked.text())).toContain("申請しました");
    const [request] = await requestsOf(docs.main);
    expect(request).toMatchObject({ disclosure_id: null, document_id: docs.main, organization_id: orgs.hospital, requested_by: c.editor.user, status: "pending", terms_version: 1, message: "SLA の確認のため" });
    for (const action of ["access.requested", "access.terms_accepted"]) expect((await auditOf(action, docs.main)).map((a) => a.organization_id).sort()).toEqual([orgs.vendor, orgs.hospital].sort());
    // One open request at a time.
    const again = await ask(c.editor, docs.main, orgs.hospital, { termsVersion: "1", acceptTerms: "1" });
    expect(again.status).toBe(400);
    expect(visibleText(await again.text())).toContain("この資料にはすでに申請中です");
    expect(await requestsOf(docs.main)).toHaveLength(1);

    // Pending: still locked, and the status shows where the hospital looks.
    expect(await fileStatus(c.editor, docs.main)).toBe(404);
    expect((await pageText(c.editor, `/documents/${docs.main}`)).text).toMatch(/閲覧申請の状況 申請する病院: 申請中/);
    expect((await vendorEntry(c.editor, docs.main)).text).toContain("あなたの申請: 申請中（申請する病院・2026年12月1日）");

    // The vendor's list: the terms version accepted with its text; only owners get the controls, only owners decide.
    const list = await pageText(c.vendorEditor, vendorDocPage(docs.main));
    expect(list.text).toMatch(/閲覧申請[\s\S]*申請する病院\s*editor\s*（\s*2026\/12\/01 23:40\s*）[\s\S]*SLA の確認のため[\s\S]*第1版に同意（2026\/12\/01 23:40）/);
    expect(list.html).toMatch(/<details><summary>第1版に同意（[^<]*<\/summary><div class="preserve-lines">第1条 資料を第三者に開示しないこと<\/div>/);
    expect(list.html).not.toContain('value="approve"');
    expect((await decide(c.vendorEditor, docs.main, request.id, "approve")).status).toBe(403);
    expect((await requestsOf(docs.main))[0].status).toBe("pending");
    expect((await pageText(c.owner, vendorDocPage(docs.main))).html).toContain('value="approve"');
    // The request belongs to this document: deciding it through another document's page changes nothing.
    const elsewhere = await decide(c.owner, docs.second, request.id, "approve");
    expect(elsewhere.status).toBe(400);
    expect(visibleText(await elsewhere.text())).toContain("この申請は処理できません");
    expect((await requestsOf(docs.main))[0].status).toBe("pending");
    // The documents list counts it.
    expect((await pageText(c.owner, `/orgs/${orgs.vendor}/documents`)).html).toMatch(new RegExp(`data-document-id="${docs.main}"[\\s\\S]*?<strong>1件</strong>`));

    const approved = await decide(c.owner, docs.main, request.id, "approve", UNTIL);
    expect(approved.status).toBe(200);
    expect(visibleText(await approved.text())).toContain("閲覧を許可しました");
    expect(await requestsOf(docs.main)).toMatchObject([{ status: "approved", expires_at: LAST_MS }]);
    expect((await auditOf("access.approved", docs.main)).map((a) => [a.organization_id, a.actor_user_id]).sort()).toEqual([[orgs.vendor, c.owner.user], [orgs.hospital, c.owner.user]].sort());

    // The hospital reads it — its editor and its viewer alike: approval is for the organisation.
    for (const who of [c.editor, c.viewer]) {
      const file = await who.client.get(`/documents/${docs.main}/v/1/file`);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(FILE)).toBe(true);
      expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
    }
    const shown = await pageText(c.editor, `/documents/${docs.main}`);
    expect(shown.html).toContain(`/documents/${docs.main}/v/1/file`);
    expect(shown.text).toContain("申請する病院: 許可（2026/12/01 23:40） 2026年12月1日まで");
    expect(shown.text).not.toContain("申請制の資料です");
    expect((await vendorEntry(c.editor, docs.main)).locked).toBe(false);
  });

  it("another hospital's approval opens nothing for a hospital that was not approved", async () => {
    expect(await fileStatus(c.other, docs.main)).toBe(404);
    const { text } = await pageText(c.other, `/documents/${docs.main}`);
    expect(text).toContain("申請制の資料です");
    expect(text).not.toContain("閲覧申請の状況");
    expect((await vendorEntry(c.other, docs.main)).locked).toBe(true);
    expect(await fileStatus(c.anonymous, docs.main)).toBe(404);
  });

  it("refuses a viewer of a verified hospital, and an unverified hospital's owner, and stores nothing", async () => {
    const viewerPage = await pageText(c.viewer, `/documents/${docs.second}/request`);
    expect(viewerPage.text).toContain("「申請する病院」でのあなたの役割は閲覧者です");
    expect(viewerPage.html).not.toContain('name="hospitalId"');
    const byViewer = await ask(c.viewer, docs.second, orgs.hospital, { termsVersion: "1", acceptTerms: "1" });
    expect(byViewer.status).toBe(403);

    const unverifiedPage = await pageText(c.unverified, `/documents/${docs.second}/request`);
    expect(unverifiedPage.text).toContain("「未確認の病院」は、まだ運営者による医療機関の確認を受けていません");
    expect(unverifiedPage.html).not.toContain('name="hospitalId"');
    expect((await ask(c.unverified, docs.second, orgs.unverified, { termsVersion: "1", acceptTerms: "1" })).status).toBe(403);
    // A vendor's member has no hospital to ask for.
    expect((await c.vendorEditor.client.get(`/documents/${docs.second}/request`)).status).toBe(403);

    expect(await requestsOf(docs.second)).toEqual([]);
    expect(await auditOf("access.requested", docs.second)).toEqual([]);
  });

  it("refuses a request for terms changed after the page was shown, stores nothing, and shows the new terms", async () => {
    expect((await pageText(c.other, `/documents/${docs.second}/request`)).html).toMatch(/name="termsVersion" value="1"/);
    // Written on a document's page, they are the vendor's terms: the same for all its 申請制 documents.
    expect((await c.owner.client.post(vendorDocPage(docs.main), { intent: "terms", terms: "第1条 改定後の秘密保持条項" })).status).toBe(200);
    const stale = await ask(c.other, docs.second, orgs.other, { termsVersion: "1", acceptTerms: "1" });
    expect(stale.status).toBe(400);
    const html = await stale.text();
    expect(visibleText(html)).toContain("閲覧の条件が変更されました");
    expect(html).toContain("改定後の秘密保持条項");
    expect(html).toMatch(/name="termsVersion" value="2"/);
    expect(visibleText(html)).toContain("SLA の確認のため"); // the message typed is kept
    expect(await requestsOf(docs.second)).toEqual([]);
    expect(await auditOf("access.requested", docs.second)).toEqual([]);

    expect((await ask(c.other, docs.second, orgs.other, { termsVersion: "2", acceptTerms: "1" })).status).toBe(200);
    expect(await requestsOf(docs.second)).toMatchObject([{ organization_id: orgs.other, status: "pending", terms_version: 2 }]);
  });

  it("declined: still a 404, shown as 却下 on the document page and the vendor page", async () => {
    const [request] = await requestsOf(docs.second);
    const declined = await decide(c.owner, docs.second, request.id, "decline");
    expect(declined.status).toBe(200);
    expect(visibleText(await declined.text())).toContain("申請を却下しました");
    expect(await fileStatus(c.other, docs.second)).toBe(404);
    expect((await pageText(c.other, `/documents/${docs.second}`)).text).toContain("別の病院: 却下");
    expect((await vendorEntry(c.other, docs.second)).text).toContain("あなたの申請: 却下（別の病院・2026年12月1日）");
    // A declined request can be followed by a new one.
    expect((await ask(c.other, docs.second, orgs.other, { termsVersion: "2", acceptTerms: "1" })).status).toBe(200);
  });

  it("revoked: the file is a 404 again, shown as 取消", async () => {
    expect(await fileStatus(c.editor, docs.main)).toBe(200);
    const [request] = await requestsOf(docs.main);
    expect((await decide(c.vendorEditor, docs.main, request.id, "revoke")).status).toBe(403);
    const revoked = await decide(c.owner, docs.main, request.id, "revoke");
    expect(revoked.status).toBe(200);
    expect(visibleText(await revoked.text())).toContain("閲覧許可を取り消しました");
    expect((await auditOf("access.revoked", docs.main)).map((a) => a.organization_id).sort()).toEqual([orgs.vendor, orgs.hospital].sort());
    expect(await fileStatus(c.editor, docs.main)).toBe(404);
    expect(await fileStatus(c.viewer, docs.main)).toBe(404);
    expect((await pageText(c.editor, `/documents/${docs.main}`)).text).toContain("申請する病院: 取消");
    const entry = await vendorEntry(c.editor, docs.main);
    expect(entry.locked).toBe(true);
    expect(entry.text).toContain("あなたの申請: 取消（申請する病院・2026年12月1日）");
  });

  it("approved until a Japanese date: read up to its last millisecond, a 404 from the next one, shown as expired, and asked again", async () => {
    // A minute later (the pages show each hospital's newest request first).
    vi.setSystemTime(SETUP + 60_000);
    expect((await ask(c.editor, docs.main, orgs.hospital, { message: "再申請", termsVersion: "2", acceptTerms: "1" })).status).toBe(200);
    const pending = (await requestsOf(docs.main)).find((r) => r.status === "pending")!;
    // A last day already past in Japan is refused.
    expect((await decide(c.owner, docs.main, pending.id, "approve", "2026-11-30")).status).toBe(400);
    expect((await decide(c.owner, docs.main, pending.id, "approve", UNTIL)).status).toBe(200);

    vi.setSystemTime(LAST_MS);
    expect(await fileStatus(c.editor, docs.main)).toBe(200);
    expect((await pageText(c.editor, `/documents/${docs.main}`)).html).toContain(`/documents/${docs.main}/v/1/file`);

    vi.setSystemTime(LAST_MS + 1);
    expect(await fileStatus(c.editor, docs.main)).toBe(404);
    const page = await pageText(c.editor, `/documents/${docs.main}`);
    expect(page.html).not.toContain("/v/1/file");
    expect(page.text).toContain("申請する病院: 許可（期限切れ）");
    expect((await vendorEntry(c.editor, docs.main)).text).toContain("あなたの申請: 許可（期限切れ）");
    const requestPage = await pageText(c.editor, `/documents/${docs.main}/request`);
    expect(requestPage.text).toContain("許可（期限切れ）");
    expect(requestPage.text).not.toContain("資料を見る");
    // An expired approval no longer counts as open: the hospital may ask again.
    expect((await ask(c.editor, docs.main, orgs.hospital, { message: "再々申請", termsVersion: "2", acceptTerms: "1" })).status).toBe(200);
    expect((await requestsOf(docs.main)).map((r) => r.status).sort()).toEqual(["approved", "pending", "revoked"]);
    // The vendor's own members always read it.
    expect(await fileStatus(c.vendorEditor, docs.main)).toBe(200);
  });

  it("keeps a request about exactly one thing in the database", async () => {
    const row = { organization_id: orgs.hospital, requested_by: c.editor.user, message: null, status: "pending" as const, created_at: SETUP, decided_at: null, decided_by: null, expires_at: null, terms_version: null, terms_accepted_at: null };
    await expect(app.db.insertInto("access_request").values({ id: "both", disclosure_id: null, document_id: null, ...row }).execute()).rejects.toThrow(/CHECK constraint failed|violates check constraint/);
  });
});

describe("the migration to one table for both targets", () => {
  it("keeps every disclosure request with its terms; down drops only the document requests", async () => {
    const db = openDatabase(":memory:");
    const migrator = createMigrator(db);
    const names = Object.keys(migrations);
    const mine = "2026-12-04T0700-document-access-requests";
    expect((await migrator.migrateTo(names[names.indexOf(mine) - 1])).error).toBeUndefined();
    // Rows for the foreign keys, without a template (not this test's concern): keys checked again from the migration on.
    await sql`pragma foreign_keys = off`.execute(db);
    await sql`insert into user (id, email, display_name, password_hash, created_at, password_changed_at) values ('u', 'u@example.jp', 'u', 'x', 1, 1)`.execute(db);
    await sql`insert into organization (id, name, kind, created_at) values ('v', 'V', 'vendor', 1), ('h', 'H', 'hospital', 1)`.execute(db);
    await sql`insert into disclosure (id, organization_id, template_id, template_version, visibility, created_at, created_by) values ('d', 'v', 't', '1.0.0', 'request', 1, 'u')`.execute(db);
    await sql`insert into document (id, organization_id, kind, title, visibility, created_at) values ('doc', 'v', 'sla', 'SLA', 'request', 1)`.execute(db);
    await sql`insert into access_request (id, disclosure_id, organization_id, requested_by, message, status, created_at, decided_at, decided_by, expires_at, terms_version, terms_accepted_at) values ('r', 'd', 'h', 'u', 'msg', 'approved', 2, 3, 'u', 4, 1, 2)`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
    const before = await sql`select * from access_request`.execute(db);

    expect((await migrator.migrateTo(mine)).error).toBeUndefined();
    const after = await sql<Record<string, unknown>>`select * from access_request`.execute(db);
    expect(after.rows).toEqual([{ ...(before.rows[0] as object), document_id: null }]);
    const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'access_request' and name not like 'sqlite_%' order by name`.execute(db);
    expect(indexes.rows.map((r) => r.name)).toEqual(["access_request_disclosure_org", "access_request_document_org"]);
    await sql`insert into access_request (id, document_id, organization_id, requested_by, status, created_at) values ('r2', 'doc', 'h', 'u', 'pending', 5)`.execute(db);
    await expect(sql`insert into access_request (id, disclosure_id, document_id, organization_id, requested_by, status, created_at) values ('r3', 'd', 'doc', 'h', 'u', 'pending', 5)`.execute(db)).rejects.toThrow(/CHECK constraint failed/);
    await expect(sql`insert into access_request (id, document_id, organization_id, requested_by, status, created_at) values ('r4', 'nope', 'h', 'u', 'pending', 5)`.execute(db)).rejects.toThrow(/FOREIGN KEY/);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await sql`select * from access_request`.execute(db)).rows).toEqual(before.rows);
    await db.destroy();
  });
});
