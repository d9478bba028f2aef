// An approval for a 申請制 disclosure "until" a Japanese date D, over HTTP: the vendor approves it on its page, the
// hospital reads the disclosure (page, JSON, directory, comparison) up to 23:59:59.999 JST on D, and from the next
// millisecond gets what anyone without access gets — a 404, no directory entry, a comparison without it — and may
// ask again. Time is frozen (Date only) so the test does not depend on the hour it runs. The reading rule itself is
// tested in-process in tests/access-expiry.test.ts.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDisclosure, getDisclosure, publish, saveDraft } from "../app/models/disclosure.server.js";
import { syncBuiltinTemplates } from "../app/models/template.server.js";
import { canonicalJson } from "../disclosures/canonical-json.js";
import type { ItemResponse } from "../disclosures/disclosure-content.js";
import { Client, STRONG_PASSWORD, visibleText } from "./helpers/client.js";
import { tempDir } from "./helpers/db.js";
import { startApp } from "./helpers/http.js";
import { tinyTemplate } from "./helpers/template-fixture.js";

const meta = { ip: "127.0.0.1", userAgent: "test" };
const UNTIL = "2026-12-01";
// Set up 20 minutes before the end (sessions stay within their 30-minute idle time), then read at its last
// millisecond and at the first one after it. 23:59 JST is 14:59 UTC: a UTC date would say the same day either way.
const SETUP = Date.parse("2026-12-01T23:40:00+09:00");
const LAST_MS = Date.parse("2026-12-01T23:59:59.999+09:00");
vi.useFakeTimers({ toFake: ["Date"], now: SETUP });

let app: Awaited<ReturnType<typeof startApp>>;
let vendor: { client: Client; org: string; user: string };
let hospital: { client: Client; org: string; user: string };
const ids: Record<"open1" | "open2" | "onRequest", string> = { open1: "", open2: "", onRequest: "" };

async function signUp(name: string, kind: "vendor" | "hospital") {
  const client = new Client(app.base);
  const email = `${name}@expiry.example`;
  expect((await client.post("/signup", { email, displayName: name, password: STRONG_PASSWORD, confirm: STRONG_PASSWORD })).status).toBe(302);
  const created = await client.post("/orgs", { name: `${name}株式会社`, kind });
  expect(created.status).toBe(302);
  const org = created.headers.get("location")!.split("/").pop()!;
  const user = (await app.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return { client, org, user };
}

async function published(service: string, visibility: "public" | "request") {
  const template = tinyTemplate();
  const actor = { userId: vendor.user, email: "vendor@expiry.example" };
  const serviceId = `svc-${service}`;
  await app.db.insertInto("service").values({ id: serviceId, organization_id: vendor.org, name: service, kind: "cloud", description: null, created_at: SETUP }).execute();
  const id = await createDisclosure(app.db, actor, vendor.org, { templateId: template.id, templateVersion: template.version, serviceId, visibility }, meta);
  const disclosure = (await getDisclosure(app.db, vendor.org, id))!;
  const done: ItemResponse = { value: { status: "implemented" } };
  await saveDraft(app.db, actor, disclosure, Object.entries({ name: { value: "期限テスト株式会社" }, c1: done, c2: done }).map(([key, response]) => ({ key, baseRevision: 0, response })), meta);
  await publish(app.db, actor, disclosure, template, meta, SETUP - 86_400_000);
  return id;
}

const status = async (client: Client, url: string) => (await client.get(url)).status;
async function directoryLinks(client: Client) {
  const page = await client.text("/directory?template=tiny");
  expect(page.status).toBe(200);
  return [...page.html.matchAll(/href="\/disclosures\/([^"/]+)"/g)].map((m) => decodeURIComponent(m[1])).filter((id) => Object.values(ids).includes(id)).sort();
}
async function comparison(client: Client) {
  const page = await client.text(`/compare?d=${ids.open1}&d=${ids.open2}&d=${ids.onRequest}`);
  expect(page.status).toBe(200);
  return visibleText(page.html);
}

beforeAll(async () => {
  app = await startApp();
  const dir = tempDir("kaiji-expiry-");
  writeFileSync(path.join(dir, "tiny@1.0.0.json"), canonicalJson(tinyTemplate()));
  await syncBuiltinTemplates(app.db, dir);
  vendor = await signUp("vendor", "vendor");
  hospital = await signUp("hospital", "hospital");
  // A hospital reads 申請制 disclosures only once an administrator has verified it (tests/security-hospitals.test.ts).
  await app.db.updateTable("organization").set({ verified_at: SETUP }).where("id", "=", hospital.org).execute();
  ids.open1 = await published("公開サービス甲", "public");
  ids.open2 = await published("公開サービス乙", "public");
  ids.onRequest = await published("申請制サービス丙", "request");

  // The hospital asks; the vendor's owner approves it until D on the disclosure's page.
  expect((await hospital.client.post(`/disclosures/${ids.onRequest}/request`, { hospitalId: hospital.org, message: "比較検討のため" })).status).toBe(200);
  const request = await app.db.selectFrom("access_request").select("id").where("disclosure_id", "=", ids.onRequest).executeTakeFirstOrThrow();
  const approved = await vendor.client.post(`/orgs/${vendor.org}/disclosures/${ids.onRequest}`, { intent: "approve", requestId: request.id, expiresOn: UNTIL });
  expect(approved.status).toBe(200);
  expect(visibleText(await approved.text())).toContain("閲覧を許可しました");
  expect(await app.db.selectFrom("access_request").select(["status", "expires_at"]).where("id", "=", request.id).executeTakeFirstOrThrow()).toEqual({ status: "approved", expires_at: LAST_MS });
});
afterAll(async () => {
  await app?.close();
  vi.useRealTimers();
});

describe("an approval until a Japanese date, over HTTP", () => {
  it("reads the disclosure, in the directory and in a comparison, up to 23:59:59.999 JST on that date", async () => {
    vi.setSystemTime(LAST_MS);
    for (const suffix of ["", "/v/1", "/v/1.json"]) expect(await status(hospital.client, `/disclosures/${ids.onRequest}${suffix}`), suffix).not.toBe(404);
    expect(await status(hospital.client, `/disclosures/${ids.onRequest}/v/1`)).toBe(200);
    expect(await directoryLinks(hospital.client)).toEqual(Object.values(ids).sort());
    const compared = await comparison(hospital.client);
    expect(compared).toContain("申請制サービス丙");
    expect(compared).not.toContain("閲覧する権限がないため比較から除きました");
    const requestPage = visibleText((await hospital.client.text(`/disclosures/${ids.onRequest}/request`)).html);
    expect(requestPage).toContain("開示書を見る");
    expect(requestPage).toContain("2026年12月1日まで");
  });

  it("stops at the next millisecond: 404, gone from the directory and the comparison", async () => {
    vi.setSystemTime(LAST_MS + 1);
    for (const suffix of ["", "/v/1", "/v/1.json"]) expect(await status(hospital.client, `/disclosures/${ids.onRequest}${suffix}`), suffix).toBe(404);
    expect(await directoryLinks(hospital.client)).toEqual([ids.open1, ids.open2].sort());
    const compared = await comparison(hospital.client);
    expect(compared).not.toContain("申請制サービス丙");
    expect(compared).toContain("公開サービス甲");
    expect(compared).toContain("1件の開示書は、見つからないか閲覧する権限がないため比較から除きました。");
    // The vendor still reads its own disclosure.
    expect(await status(vendor.client, `/disclosures/${ids.onRequest}/v/1`)).toBe(200);
  });

  it("shows the approval as expired, without a link, and lets the hospital ask again (a bug this test found)", async () => {
    vi.setSystemTime(LAST_MS + 1);
    const requestPage = visibleText((await hospital.client.text(`/disclosures/${ids.onRequest}/request`)).html);
    expect(requestPage).toContain("許可（期限切れ）");
    expect(requestPage).not.toContain("開示書を見る");
    const again = await hospital.client.post(`/disclosures/${ids.onRequest}/request`, { hospitalId: hospital.org, message: "再申請" });
    expect(again.status).toBe(200);
    expect(visibleText(await again.text())).toContain("申請しました");
    const rows = await app.db.selectFrom("access_request").select(["status", "message"]).where("disclosure_id", "=", ids.onRequest).orderBy("created_at").orderBy("status").execute();
    expect(rows).toEqual([
      { status: "approved", message: "比較検討のため" },
      { status: "pending", message: "再申請" },
    ]);
    // Still nothing to read until the vendor approves again.
    expect(await status(hospital.client, `/disclosures/${ids.onRequest}/v/1`)).toBe(404);
  });
});
