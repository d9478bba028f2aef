// Issue 11, H2 and M3 over HTTP: "医療機関のみ" means verified hospitals, and an organisation's
// "2FA required" setting holds wherever a member reads as it or acts for it.
// - a hospital organisation anyone can create reads only public disclosures until an administrator
//   verifies it (recording what was checked), and cannot ask for 申請制 ones; its pages say why;
// - a member without 2FA of an organisation that requires it neither reads as it, nor compares its
//   shortlist, nor asks for access on its behalf;
// - asking for access is for editors and owners.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft } from "../app/models/disclosure.server.js";
import type { Visibility } from "../db/schema.js";
import { loadTemplateFile, walkItems } from "../disclosures/template-loader.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { TEMPLATES_DIR } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";

const cyber = loadTemplateFile(`${TEMPLATES_DIR}/cybersecurity-checklist@1.0.0.json`);
const statusKeys = [...walkItems(cyber)].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
const meta = { ip: "127.0.0.1", userAgent: "test" };
const UNVERIFIED = "まだ運営者による医療機関の確認を受けていません";
const CHECKED = "医療機関コード 1312345678（厚生局の保険医療機関一覧で名称・所在地を照合）";

let app: Awaited<ReturnType<typeof startApp>>;
const clients = {} as Record<"vendor" | "newHospital" | "admin" | "strictOwner" | "no2fa" | "viewer", Client>;
const users = {} as Record<keyof typeof clients, string>;
const orgs = {} as Record<"vendor" | "newHospital" | "strict", string>;
const ids = {} as Record<"open" | "secondOpen" | "hospitalsOnly" | "onRequest", string>;
let shortlistId: string;

async function read(response: Response) {
  const html = (await response.text()).replace(/<!-- -->/g, "");
  const main = html.match(/<main[\s\S]*<\/main>/)?.[0] ?? html;
  return { status: response.status, html, main, text: visibleText(main) };
}

async function signUp(name: keyof typeof clients) {
  const client = new Client(app.base);
  const email = `${name.toLowerCase()}@security-hospitals.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  clients[name] = client;
  users[name] = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

async function createOrg(owner: keyof typeof clients, name: string, kind: "vendor" | "hospital") {
  const created = await clients[owner].post("/orgs", { name, kind });
  expect(created.status).toBe(302);
  return created.headers.get("location")!.split("/").pop()!;
}

async function join(owner: keyof typeof clients, orgId: string, member: keyof typeof clients, role: string) {
  const html = await (await clients[owner].post(`/orgs/${orgId}/members`, { intent: "invite", role })).text();
  const link = html.match(/id="invite-link"[^>]*value="([^"]+)"/)![1];
  expect((await clients[member].post(new URL(link).pathname, {})).status).toBe(302);
}

async function published(serviceName: string, visibility: Visibility) {
  const actor = { userId: users.vendor, email: "vendor@security-hospitals.example" };
  const serviceId = `svc-${serviceName}`;
  await app.db.insertInto("service").values({ id: serviceId, organization_id: orgs.vendor, name: serviceName, kind: "cloud", description: null, created_at: Date.now() }).execute();
  const id = await createDisclosure(app.db, actor, orgs.vendor, { templateId: cyber.id, templateVersion: cyber.version, serviceId, visibility }, meta);
  const disclosure = (await getDisclosure(app.db, orgs.vendor, id))!;
  await saveDraft(app.db, actor, disclosure, statusKeys.map((key) => ({ key, baseRevision: 0, response: { value: { status: "yes" } } })), meta);
  await publish(app.db, actor, disclosure, cyber, meta);
  return id;
}

const requestsOf = (organizationId: string) => app.db.selectFrom("access_request").select(["disclosure_id", "status"]).where("organization_id", "=", organizationId).execute();

beforeAll(async () => {
  app = await startApp();
  for (const name of ["vendor", "newHospital", "admin", "strictOwner", "no2fa", "viewer"] as const) await signUp(name);
  await app.db.updateTable("user").set({ is_admin: 1 }).where("id", "=", users.admin).execute();
  orgs.vendor = await createOrg("vendor", "セキュリティテスト事業者", "vendor");
  orgs.newHospital = await createOrg("newHospital", "名乗るだけ病院", "hospital");
  orgs.strict = await createOrg("strictOwner", "二要素必須病院", "hospital");
  await join("strictOwner", orgs.strict, "no2fa", "editor");
  ids.open = await published("公開サービスOpen", "public");
  ids.secondOpen = await published("公開サービスSecond", "public");
  ids.hospitalsOnly = await published("医療機関限定サービスLimited", "hospitals");
  ids.onRequest = await published("申請制サービスAsk", "request");

  // The strict hospital: verified, with a shortlist and a note, then 2FA becomes required (its members have none).
  await app.db.updateTable("organization").set({ verified_at: Date.now() }).where("id", "=", orgs.strict).execute();
  shortlistId = "sl-security-strict";
  await app.db.insertInto("shortlist").values({ id: shortlistId, organization_id: orgs.strict, name: "二要素必須の候補", created_by: users.strictOwner, created_at: Date.now(), updated_at: Date.now() }).execute();
  await app.db
    .insertInto("shortlist_entry")
    .values([
      { shortlist_id: shortlistId, disclosure_id: ids.open, note: "内部メモ：価格交渉中", added_by: users.strictOwner, added_at: Date.now() },
      { shortlist_id: shortlistId, disclosure_id: ids.secondOpen, note: null, added_by: users.strictOwner, added_at: Date.now() + 1 },
    ])
    .execute();
  await app.db.updateTable("organization").set({ require_two_factor: 1 }).where("id", "=", orgs.strict).execute();
});
afterAll(() => app?.close());

describe("an unverified hospital organisation", () => {
  it("gets 404 for a hospitals-only disclosure, its page, its latest link and its JSON, and is told why on the page", async () => {
    for (const path of ["", "/v/1", "/v/1.json"]) {
      expect((await clients.newHospital.get(`/disclosures/${ids.hospitalsOnly}${path}`)).status, path).toBe(404);
    }
    // Public ones as before.
    expect((await clients.newHospital.get(`/disclosures/${ids.open}/v/1`)).status).toBe(200);
    // The 404 says why a hospital like this one may not read some disclosures, exactly as for a disclosure that does not exist.
    const restricted = await read(await clients.newHospital.get(`/disclosures/${ids.hospitalsOnly}/v/1`));
    const missing = await read(await clients.newHospital.get("/disclosures/00000000-0000-0000-0000-000000000000/v/1"));
    expect(restricted.text).toContain(UNVERIFIED);
    expect(restricted.text).toContain("名乗るだけ病院");
    expect(restricted.main).toBe(missing.main);
    expect(restricted.html).not.toContain("医療機関限定サービスLimited");
  });

  it("does not find it in the directory, and the directory says why", async () => {
    const page = await read(await clients.newHospital.get("/directory"));
    expect(page.status).toBe(200);
    expect(page.html).toContain(ids.open);
    expect(page.html).not.toContain(ids.hospitalsOnly);
    expect(page.html).not.toContain("医療機関限定サービスLimited");
    expect(page.text).toContain(UNVERIFIED);
  });

  it("cannot ask for an on-request disclosure, and sees why and how to get verified", async () => {
    const form = await read(await clients.newHospital.get(`/disclosures/${ids.onRequest}/request`));
    expect(form.status).toBe(200);
    expect(form.text).toContain(UNVERIFIED);
    expect(form.html).toContain(`href="/orgs/${orgs.newHospital}"`);
    expect(form.html).not.toContain('name="hospitalId"');
    const refused = await read(await clients.newHospital.post(`/disclosures/${ids.onRequest}/request`, { hospitalId: orgs.newHospital, message: "見せてください" }));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(UNVERIFIED);
    expect(await requestsOf(orgs.newHospital)).toEqual([]);
  });

  it("says on its page why it reads only public disclosures, and lets its owner ask to be verified", async () => {
    const page = await read(await clients.newHospital.get(`/orgs/${orgs.newHospital}`));
    expect(page.text).toContain(UNVERIFIED);
    expect(page.text).toContain("医療機関コード");
    expect((await clients.newHospital.post(`/orgs/${orgs.newHospital}`, { intent: "request-verification", reference: " " })).status).toBe(400);
    const asked = await read(await clients.newHospital.post(`/orgs/${orgs.newHospital}`, { intent: "request-verification", reference: "医療機関コード 1312345678" }));
    expect(asked.status).toBe(200);
    expect(asked.text).toContain("確認を依頼しました");
    const log = await app.db.selectFrom("audit_log").select(["action", "detail"]).where("organization_id", "=", orgs.newHospital).where("action", "=", "organization.verification_requested").execute();
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0].detail!)).toEqual({ reference: "医療機関コード 1312345678" });
  });
});

describe("verification by an administrator", () => {
  it("lists the organisations waiting for verification, hospitals first, with what their owner sent", async () => {
    const page = await read(await clients.admin.get("/admin"));
    expect(page.status).toBe(200);
    const queue = page.html.match(/<section[^>]*id="verification-queue"[\s\S]*?<\/section>/)?.[0] ?? "";
    const text = visibleText(queue);
    expect(text).toContain("名乗るだけ病院");
    expect(text).toContain("医療機関コード 1312345678");
    expect(text).toContain("セキュリティテスト事業者");
    expect(text.indexOf("名乗るだけ病院")).toBeLessThan(text.indexOf("セキュリティテスト事業者"));
    // Verified organisations are not waiting.
    expect(text).not.toContain("二要素必須病院");
  });

  it("requires what was checked for a hospital, records it and who verified in the audit log; then the hospital reads and asks", async () => {
    const empty = await read(await clients.admin.post("/admin", { intent: "verify", organizationId: orgs.newHospital, checked: "  " }));
    expect(empty.status).toBe(400);
    expect(empty.text).toContain("確認した内容");
    const before = await app.db.selectFrom("organization").select("verified_at").where("id", "=", orgs.newHospital).executeTakeFirstOrThrow();
    expect(before.verified_at).toBeNull();

    const verified = await clients.admin.post("/admin", { intent: "verify", organizationId: orgs.newHospital, checked: CHECKED });
    expect(verified.status).toBe(200);
    const log = await app.db
      .selectFrom("audit_log")
      .select(["actor_user_id", "actor_email", "detail"])
      .where("organization_id", "=", orgs.newHospital)
      .where("action", "=", "organization.verified")
      .execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor_user_id: users.admin, actor_email: "admin@security-hospitals.example" });
    expect(JSON.parse(log[0].detail!)).toEqual({ checked: CHECKED });
    // The administrators' log shows it in words.
    expect(visibleText(await (await clients.admin.get("/admin/audit")).text())).toContain(CHECKED);

    // From now on the hospital reads hospitals-only disclosures and asks for on-request ones.
    for (const path of ["/v/1", "/v/1.json"]) expect((await clients.newHospital.get(`/disclosures/${ids.hospitalsOnly}${path}`)).status, path).toBe(200);
    const page = await read(await clients.newHospital.get("/directory"));
    expect(page.html).toContain(ids.hospitalsOnly);
    expect(page.text).not.toContain(UNVERIFIED);
    const form = await read(await clients.newHospital.get(`/disclosures/${ids.onRequest}/request`));
    expect(form.html).toContain('name="hospitalId"');
    const asked = await clients.newHospital.post(`/disclosures/${ids.onRequest}/request`, { hospitalId: orgs.newHospital, message: "比較検討のため" });
    expect(asked.status).toBe(200);
    expect(await requestsOf(orgs.newHospital)).toEqual([{ disclosure_id: ids.onRequest, status: "pending" }]);
  });
});

describe("an organisation that requires 2FA, and a member without it", () => {
  it("cannot read hospitals-only disclosures as that organisation", async () => {
    for (const path of ["", "/v/1", "/v/1.json"]) expect((await clients.no2fa.get(`/disclosures/${ids.hospitalsOnly}${path}`)).status, path).toBe(404);
    expect((await read(await clients.no2fa.get("/directory"))).html).not.toContain(ids.hospitalsOnly);
  });

  it("cannot see the organisation's shortlist in a comparison", async () => {
    const compared = await read(await clients.no2fa.get(`/compare?shortlist=${shortlistId}`));
    expect(compared.status).toBe(404);
    expect(compared.html).not.toContain("内部メモ：価格交渉中");
    expect(compared.html).not.toContain("二要素必須の候補");
    for (const format of ["csv", "xlsx"]) expect((await clients.no2fa.get(`/compare.${format}?shortlist=${shortlistId}`)).status, format).toBe(404);
  });

  it("cannot ask for access on the organisation's behalf, and is told to turn on 2FA", async () => {
    const form = await read(await clients.no2fa.get(`/disclosures/${ids.onRequest}/request`));
    expect(form.text).toContain("二要素認証を設定するまで");
    expect(form.html).toContain('href="/account/2fa"');
    expect(form.html).not.toContain('name="hospitalId"');
    expect((await clients.no2fa.post(`/disclosures/${ids.onRequest}/request`, { hospitalId: orgs.strict })).status).toBe(403);
    expect(await requestsOf(orgs.strict)).toEqual([]);
  });

  it("is refused all of it until the member has 2FA, and then allowed", async () => {
    expect((await clients.no2fa.get(`/compare?shortlist=${shortlistId}`)).status).toBe(404);
    // Enrolled (the secret's value does not matter here: the session is already a full one).
    await app.db.updateTable("user").set({ totp_secret: "JBSWY3DPEHPK3PXP" }).where("id", "=", users.no2fa).execute();
    expect((await clients.no2fa.get(`/disclosures/${ids.hospitalsOnly}/v/1`)).status).toBe(200);
    const compared = await read(await clients.no2fa.get(`/compare?shortlist=${shortlistId}`));
    expect(compared.status).toBe(200);
    expect(compared.html).toContain("内部メモ：価格交渉中");
    expect((await clients.no2fa.post(`/disclosures/${ids.onRequest}/request`, { hospitalId: orgs.strict })).status).toBe(200);
    expect(await requestsOf(orgs.strict)).toHaveLength(1);
  });
});

describe("who may ask for access", () => {
  it("refuses a viewer of a verified hospital, and says who may", async () => {
    await join("newHospital", orgs.newHospital, "viewer", "viewer");
    const form = await read(await clients.viewer.get(`/disclosures/${ids.onRequest}/request`));
    expect(form.status).toBe(200);
    expect(form.text).toContain("閲覧の申請は、組織の編集者またはオーナーが行えます");
    expect(form.html).not.toContain('name="hospitalId"');
    const before = (await requestsOf(orgs.newHospital)).length;
    expect((await clients.viewer.post(`/disclosures/${ids.onRequest}/request`, { hospitalId: orgs.newHospital })).status).toBe(403);
    expect(await requestsOf(orgs.newHospital)).toHaveLength(before);
  });
});
